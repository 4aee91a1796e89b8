"""The process tricks, in one place, and DOSSIER_SAFE_MODE=1, which turns every optional one off for debugging.

Optional (speed or memory only; safe mode turns each off, and the output stays byte for byte the same):
- the cyclic garbage collector disabled during builds and serve's updates (build/stages.py without_cyclic_gc);
- gc.freeze() of serve's kept build (serve/incremental.py);
- malloc_trim(0) through ctypes, handing freed heap back before workers fork (build/stages.py);
- render workers: a multiprocessing pool (fork on Linux, spawn elsewhere), prctl(PR_SET_PDEATHSIG) in each
  worker, the job in a module global per worker (render/pages.py); safe mode renders in one process;
- os.fork() in the server to settle the search index and exports in a child (serve/background.py);
- os._exit() at the console entry point, skipping the teardown of a large build's objects (cli.py);
- Jinja's compiled templates cached on disk in ~/.cache/dossier-builder/jinja (render/pages.py);
- serve's incremental updates and the build cache: source records' class swapped to one that notes reads
  (render/reads.py), serve's pieces kept by record (render/parts.py Memo); safe mode makes every change a full rebuild
  with plain records, and builds without the cache (build/cache.py).
Kept in safe mode (correctness, not speed): the output swapped in by renameat2(RENAME_EXCHANGE) / renamex_np
(build/write.py), and the output lock (flock).
"""

from __future__ import annotations

import os


def safe_mode() -> bool:
    """Whether DOSSIER_SAFE_MODE=1 asks for every optional trick off (read at each use: tests switch it)."""
    return os.environ.get("DOSSIER_SAFE_MODE") == "1"

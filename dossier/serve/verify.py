"""serve checked against a clean build run in another process: what DOSSIER_VERIFY=1 and the tests' oracle compare.

The clean build runs in a fresh interpreter, so nothing a long-running serve holds (module globals, caches, objects
kept across updates) can reach it: an oracle built in serve's own process would share them and miss what they hide.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from dossier.build.options import READ
from dossier.build.record import RECORD_ENV, encode
from dossier.build.write import MARKER

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent  # the folder holding this dossier package
_HEADER = ("fingerprint: ", "output: ")  # marker lines that say who wrote the folder, not what it holds


def clean_build(
    project: Path, out: Path, base_url: str | None = None, strict: bool = False, record: Path | None = None
) -> subprocess.CompletedProcess:
    """`python -m dossier build --no-cache` of the project into `out`, in a new process running this same package."""
    command = [sys.executable, "-m", "dossier", "build", "--no-cache", "--project", str(project), "--out", str(out)]
    if base_url is not None:
        command += ["--base-url", base_url]
    if strict:
        command.append("--strict")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("DOSSIER_VERIFY", None)  # the reference build never verifies itself
    if record is not None:  # the published record serve compares with (build/record.py), not the scratch output's
        env[RECORD_ENV] = str(record)
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=str(project), timeout=600)


def files(folder: Path) -> dict[str, bytes]:
    """Every file under a folder by relative path; the marker without the lines naming who wrote it."""
    found = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    if MARKER in found:
        lines = found[MARKER].decode("utf-8", "replace").splitlines(keepends=True)[1:]
        found[MARKER] = "".join(line for line in lines if not line.startswith(_HEADER)).encode()
    return found


def differences(served: Path, clean: Path) -> list[str]:
    """The output paths whose bytes differ between two folders, or that only one holds (the marker by its contents)."""
    got, wanted = files(served), files(clean)
    return sorted(path for path in got.keys() | wanted.keys() if got.get(path) != wanted.get(path))


def verify(project: Path, served: Path, base_url: str | None = None, strict: bool = False, baseline: Any = READ) -> list[str]:
    """What differs between serve's output and a clean build of the same inputs in another process ([] if nothing).

    A clean build that fails is a difference too (serve showed pages where a build refuses)."""
    with tempfile.TemporaryDirectory(prefix="dossier-verify-") as scratch:
        clean = Path(scratch) / "output"
        given = None
        if baseline != READ:  # serve's session compares with the record published before it: so does the clean build
            given = Path(scratch) / "baseline.json"
            if baseline is not None:
                given.write_bytes(encode(baseline))
        done = clean_build(project, clean, base_url, strict, given)
        if done.returncode != 0:
            return [f"the clean build failed (exit {done.returncode}): {done.stdout.strip()} {done.stderr.strip()}"]
        return differences(served, clean)

#!/usr/bin/env python3
"""The build cache's figures: cold without it, cold filling it, warm after one source's summary edit, warm with output deleted.

    python bench/cache_bench.py [--sources 1000] [--runs 3] [--work DIR]

Each build is `build.py` in a fresh process, timed for wall and CPU (user + sys, its workers included); the four cases
alternate within each run, and the table gives the median of each.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one build in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def edit_summary(project: Path, n: int) -> None:
    """Change one source's summary (a different one each time), as an editor would."""
    files = sorted((project / "content" / "sources").glob("*.yaml"))
    path = files[n % len(files)]
    text = path.read_text(encoding="utf-8")
    new = re.sub(r"^summary: (.*)$", lambda m: f"summary: {m.group(1)} Edited {n}.", text, count=1, flags=re.M)
    if new == text:
        new = text + f"summary: Edited {n}.\n"
    path.write_text(new, encoding="utf-8")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sources", type=int, default=1000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--work", type=Path, default=ROOT / "bench" / "work" / "cache")
    args = p.parse_args(argv)
    project = args.work / f"synth-{args.sources}"
    shutil.rmtree(project, ignore_errors=True)
    actors = min(300, max(15, args.sources // 3))
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "synth.py"), "--sources", str(args.sources), "--actors", str(actors), "--out", str(project)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    cache, out = project / ".dossier" / "cache", project / "output"
    results: dict[str, list[tuple[float, float]]] = {}
    timed(["--no-cache"], project)  # a first build, whose record of what it published the curator commits (README)
    shutil.copy(out / "published.json", project / "published.json")
    for run in range(args.runs):
        shutil.rmtree(out, ignore_errors=True)
        results.setdefault("cold, --no-cache", []).append(timed(["--no-cache"], project))
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        results.setdefault("cold, empty cache", []).append(timed([], project))
        edit_summary(project, run)
        results.setdefault("warm, one summary edited", []).append(timed([], project))
        shutil.rmtree(out, ignore_errors=True)
        results.setdefault("warm, nothing changed, output deleted", []).append(timed([], project))
    print(f"| {args.sources:,} sources, {os.cpu_count()} cores, median of {args.runs} | wall s | CPU s |")
    print("|---|---:|---:|")
    for case, pairs in results.items():
        print(f"| {case} | {statistics.median(w for w, _ in pairs):.2f} | {statistics.median(c for _, c in pairs):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

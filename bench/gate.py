#!/usr/bin/env python3
"""The speed gate: HEAD against the engine of the last budget, 300 synthetic sources, runs alternating.

    python bench/gate.py                    # HEAD against BASELINE (below), 5 runs each, alternating
    python bench/gate.py --base 8097078 --head HEAD --runs 7 --sources 300

Prints each engine's median CPU (user + system of the build's process tree) and their ratio. Above LIMIT
it also times every stage of one single-process build with each engine and names the stages that grew,
so the change that costs is found before it compounds. Every issue that touches the build runs this
before it is resolved and gives the ratio in its closing note (docs/benchmarks.md, "The gate").
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402

# The engine the budget table at the top of docs/benchmarks.md was measured on: move it only with that table.
BASELINE = "8097078"
LIMIT = 1.10  # CPU ratio HEAD / baseline above which the gate fails and names the stages that grew
SOURCES = 300
GROWTH_FLOOR_S = 0.02  # stage changes smaller than this are noise at 300 sources


def grown_stages(base: dict[str, float], head: dict[str, float], limit: float = LIMIT) -> list[tuple[str, float, float]]:
    """Stages (name, baseline s, head s) that grew past `limit` and by more than the noise floor, largest growth first."""
    rows = []
    for name in sorted(set(base) | set(head)):
        before, after = base.get(name, 0.0), head.get(name, 0.0)
        if after - before > GROWTH_FLOOR_S and (before == 0.0 or after / before > limit):
            rows.append((name, before, after))
    return sorted(rows, key=lambda r: r[1] - r[2])


def gate_input(base: str, sources: int) -> Path:
    """The synthetic dossier both engines build: made by the baseline's own bench/synth.py, which every later engine
    reads (HEAD's synth writes fields, such as a dispute position's `answer`, that the baseline's schema refuses)."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", base], cwd=bench.ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    folder = bench.WORK / "gate" / commit / str(sources)
    if not (folder / ".done").exists():
        folder.mkdir(parents=True, exist_ok=True)
        synth = subprocess.run(["git", "show", f"{commit}:bench/synth.py"], cwd=bench.ROOT, capture_output=True, check=True).stdout
        (folder / "synth.py").write_bytes(synth)
        shutil.rmtree(folder / "dossier", ignore_errors=True)
        subprocess.run(
            [sys.executable, str(folder / "synth.py"), "--sources", str(sources), "--actors", str(bench.actors_for(sources))]
            + ["--out", str(folder / "dossier")],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (folder / ".done").write_text("ok\n")
    return folder


def stage_seconds(engine: Path, data: Path) -> dict[str, float]:
    """CPU seconds by stage and template of one single-process build of data/dossier with `engine`, in a fresh interpreter."""
    code = (
        "import json, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "import bench\n"
        "from pathlib import Path\n"
        "from dossier.render import pages\n"
        "pages.PARALLEL_FROM = 10**9  # one process: the stopwatch sees every render\n"
        "total, spent, _ = bench.stage_times(Path(sys.argv[3]), strict=False)\n"
        "print(json.dumps({'total': total, **spent}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(engine), str(bench.BENCH), str(data)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base", default=BASELINE, help=f"the engine of the last budget (default {BASELINE})")
    p.add_argument("--head", default="HEAD", help="the engine to judge (a commit; default HEAD)")
    p.add_argument("--runs", type=int, default=5, help="cold builds per engine, alternating (default 5)")
    p.add_argument("--sources", type=int, default=SOURCES, help=f"synthetic sources (default {SOURCES})")
    args = p.parse_args(argv)
    engines = [bench.pin(args.base), bench.pin(args.head)]
    data = gate_input(args.base, args.sources)
    results = bench.run_engines("ours-lax", data, args.runs, engines)
    for engine in engines:
        r = results[engine]
        if "error" in r:
            print(f"{engine.name}: {r['error']}")
            return 1
        print(f"{engine.name:>10}: CPU {r['cpu']:.2f} s, wall {r['wall']:.2f} s (medians of {args.runs}; load {max(r['load']):.1f})")
    ratio = results[engines[1]]["cpu"] / results[engines[0]]["cpu"]
    print(f"gate: CPU ratio {engines[1].name}/{engines[0].name} = {ratio:.3f} (limit {LIMIT:.2f})")
    if ratio <= LIMIT:
        return 0
    base, head = (stage_seconds(e, data) for e in engines)
    print("stages that grew (single-process build, CPU seconds):")
    for name, before, after in grown_stages(base, head):
        print(f"  {name:<40} {before:7.2f} -> {after:7.2f}")
    return 1


if __name__ == "__main__":
    sys.exit(main())

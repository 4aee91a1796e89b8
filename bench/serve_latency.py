#!/usr/bin/env python3
"""Edit-to-visible latency of `build.py serve` on the synthetic dossier, measured as a browser would see it.

    python bench/serve_latency.py --sizes 1000,5000 --runs 20
    python bench/serve_latency.py --sizes 1000 --runs 20 --override partials/claim.html

For each size: a scratch copy of bench/work/sizes/N/dossier (made by bench.py) is served; a LiveReload
client connects to the websocket as livereload.js does. Each run saves one edit to one record and times
(1) the server's own rebuild, from its log line, (2) the save until the reload message reaches the client,
and (3) the save until the edited page, fetched over HTTP, carries the new text. The edits cycle through
every kind of record a curator edits (a source's summary, the same file again, a claim's text, a title,
a perspective; an actor's summary; a theme's synthesis; an event's title), so the p90 over the runs is
the figure the preview issue's budget names (docs/benchmarks.md). `--override NAME` first copies that
built-in template into the project, unchanged (serve then cannot know what the page reads from it).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tornado import ioloop
from tornado.websocket import websocket_connect

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"

# kind -> (the records edited, a pattern in the file, its replacement with {mark}, the page that shows it)
EDITS = {
    "source summary": ("content/sources/*.yaml", r"^summary: ", "summary: {mark}. ", "sources/{stem}.html"),
    "source summary, same file again": ("", r"^summary: ", "summary: {mark}. ", "sources/{stem}.html"),
    "claim text": ("content/sources/*.yaml", r"^- text: '", "- text: '{mark}. ", "sources/{stem}.html"),
    "source title": ("content/sources/*.yaml", r"^title: (.*)$", r"title: \1 {mark}", "sources/{stem}.html"),
    "source perspective": ("content/sources/*.yaml", r"^perspective: ", "perspective: {mark} ", "sources/{stem}.html"),
    "actor summary": ("content/actors/*.yaml", r"^summary: ", "summary: {mark}. ", "actors/{stem}.html"),
    "theme synthesis": ("content/themes/*.yaml", r"^synthesis: ", "synthesis: {mark}. ", "themes/{stem}.html"),
    "event title": ("content/events.yaml", r"^  title: '", "  title: '{mark} ", "timeline.html"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def measure(n: int, runs: int, override: str = "") -> dict:
    """Serve a copy of the size-n dossier and time `runs` edits, cycling through the kinds of EDITS."""
    source = WORK / "sizes" / str(n) / "dossier"
    if not source.is_dir():
        sys.exit(f"{source} is missing: run bench/bench.py --sizes {n} first")
    project = WORK / "serve" / str(n)
    shutil.rmtree(project.parent, ignore_errors=True)
    shutil.copytree(source, project)
    if override:
        (project / "templates" / override).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "templates" / override, project / "templates" / override)
    port = free_port()
    log = open(project.parent / f"serve-{n}.log", "w+", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--project", str(project), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        started = time.perf_counter()
        while "Serving http" not in Path(log.name).read_text(encoding="utf-8"):
            if proc.poll() is not None:
                sys.exit(Path(log.name).read_text(encoding="utf-8"))
            time.sleep(0.1)
        first = time.perf_counter() - started
        ws = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        ws.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        await ws.read_message()
        ws.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/", "plugins": {}}))
        results: dict = {kind: [] for kind in EDITS}
        last: Path | None = None
        kinds = list(EDITS)
        for i in range(runs):
            kind = kinds[i % len(kinds)]
            files, pattern, replacement, shows = EDITS[kind]
            if files:
                records = sorted(project.glob(files))
                record = records[(i * 7 + 13) % len(records)]
            else:  # the file saved just before, once more
                record = last or sorted(project.glob("content/sources/*.yaml"))[0]
            last = record
            page = f"http://127.0.0.1:{port}/" + shows.format(stem=record.stem)
            mark = f"Edit{i}x"
            text = record.read_text(encoding="utf-8")
            edited = re.sub(pattern, replacement.format(mark=mark), text, count=1, flags=re.M)
            assert edited != text, (kind, record)
            lines_before = Path(log.name).read_text(encoding="utf-8").count("\n")
            await _quiet(PAUSE_S)
            saved = time.perf_counter()
            record.write_text(edited, encoding="utf-8")
            message = json.loads(await ws.read_message())
            reloaded = time.perf_counter() - saved
            assert message["command"] == "reload", message
            html = urllib.request.urlopen(page, timeout=30).read().decode("utf-8")
            visible = time.perf_counter() - saved
            assert mark in html, f"{page} does not show {mark}"
            logged = Path(log.name).read_text(encoding="utf-8").splitlines()[lines_before:]
            rebuilt = next((float(m.group(1)) for line in logged if (m := re.search(r"Rebuilt .* in ([\d.]+) s", line))), None)
            results[kind].append({"rebuild": rebuilt, "reload": reloaded, "visible": visible})
        ws.close()
        return {"first_build": first, "edits": results, "memory_mb": _memory_mb(proc.pid), "override": override}
    finally:
        proc.terminate()
        proc.wait(timeout=60)  # a settle in progress finishes first
        log.close()


def _memory_mb(pid: int) -> dict:
    """The server's resident memory now and at its peak (Linux: /proc/PID/status)."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    kb = {m.group(1): int(m.group(2)) for m in re.finditer(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M)}
    return {"now": kb.get("VmRSS", 0) / 1024, "peak": kb.get("VmHWM", 0) / 1024}


PAUSE_S = 2.5  # serve writes the search index and marker 1 s after the last save; a pause between saves lets that pass


async def _quiet(seconds: float) -> None:
    """Let the previous reload and the settling pass, as an editor's pause between saves would."""
    import asyncio

    await asyncio.sleep(seconds)


def p90(values: list[float]) -> float:
    """The 90th percentile (nearest rank) of `values`."""
    ranked = sorted(values)
    return ranked[max(0, -(-len(ranked) * 9 // 10) - 1)]


def summary(results: dict) -> str:
    lines = [
        "| sources | edit | runs | rebuild (server) ms, median | save → page with the edit ms, median | worst |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for n, r in results.items():
        every = []
        for kind, rows in r["edits"].items():
            if not rows:
                continue
            every += [row["visible"] for row in rows]
            rebuilds = [row["rebuild"] for row in rows if row["rebuild"] is not None]
            rebuild = f"{statistics.median(rebuilds) * 1000:.0f}" if rebuilds else "-"
            visible = statistics.median(row["visible"] for row in rows) * 1000
            worst = max(row["visible"] for row in rows) * 1000
            lines.append(f"| {n:,} | {kind} | {len(rows)} | {rebuild} | {visible:.0f} | {worst:.0f} |")
        override = f", {r['override']} overridden" if r.get("override") else ""
        lines.append(f"| {n:,} | **p90 of all {len(every)} edits{override}** | | | **{p90(every) * 1000:.0f}** | |")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,5000")
    p.add_argument("--runs", type=int, default=20, help="edits per size, cycling through every kind")
    p.add_argument("--override", default="", help="a built-in template to copy into the project first (partials/claim.html)")
    p.add_argument("--json", type=Path, default=WORK / "serve-latency.json")
    args = p.parse_args(argv)
    results = {}
    for n in [int(s) for s in args.sizes.split(",") if s]:
        results[n] = ioloop.IOLoop.current().run_sync(lambda n=n: measure(n, args.runs, args.override), timeout=1800)
        memory = results[n]["memory_mb"]
        print(
            f"{n:,} sources: first build {results[n]['first_build']:.1f} s; server memory {memory['now']:.0f} MB, peak {memory['peak']:.0f} MB",
            flush=True,
        )
    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(summary(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

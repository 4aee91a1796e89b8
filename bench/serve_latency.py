#!/usr/bin/env python3
"""Edit-to-visible latency of `build.py serve` on the synthetic dossier, measured as a browser would see it.

    python bench/serve_latency.py --sizes 1000,5000 --runs 5

For each size: a scratch copy of bench/work/sizes/N/dossier (made by bench.py) is served; a LiveReload
client connects to the websocket as livereload.js does. Each run saves one edit to one source's YAML and
times (1) the server's own rebuild, from its log line, (2) the save until the reload message reaches the
client, and (3) the save until the edited page, fetched over HTTP, carries the new text. Three kinds of
edit: the summary (read by the source page alone; once in a file not saved before, once in a file saved a
moment ago, which serve re-checks on every poll), a claim's text (also its actors' and themes' pages) and
the title (every page that names the source).
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

EDITS = {  # kind -> (pattern in the YAML, replacement with {mark})
    "summary": (r"^summary: ", "summary: {mark}. "),
    "summary, same file again": (r"^summary: ", "summary: {mark}. "),  # what an editor does most: save, look, save again
    "claim text": (r"^- text: '", "- text: '{mark}. "),
    "title": (r"^title: (.*)$", r"title: \1 {mark}"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def measure(n: int, runs: int) -> dict:
    """Serve a copy of the size-n dossier and time every kind of edit `runs` times."""
    source = WORK / "sizes" / str(n) / "dossier"
    if not source.is_dir():
        sys.exit(f"{source} is missing: run bench/bench.py --sizes {n} first")
    project = WORK / "serve" / str(n)
    shutil.rmtree(project.parent, ignore_errors=True)
    shutil.copytree(source, project)
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
        records = sorted((project / "content" / "sources").glob("*.yaml"))
        results: dict = {}
        used: dict = {}  # kind -> the record each run edited
        for kind, (pattern, replacement) in EDITS.items():
            rows = []
            for i in range(runs):
                record = records[(i * 7 + len(rows) * 13 + len(results) * 101) % len(records)]
                if kind.endswith("same file again"):
                    record = used["summary"][i]
                used.setdefault(kind, []).append(record)
                page = f"http://127.0.0.1:{port}/sources/{record.stem}.html"
                mark = f"Edit{len(results)}x{i}"
                text = record.read_text(encoding="utf-8")
                edited = re.sub(pattern, replacement.format(mark=mark), text, count=1, flags=re.M)
                assert edited != text
                lines_before = Path(log.name).read_text(encoding="utf-8").count("\n")
                await _quiet(PAUSE_S)
                saved = time.perf_counter()
                record.write_text(edited, encoding="utf-8")
                message = json.loads(await ws.read_message())
                reloaded = time.perf_counter() - saved
                assert message["command"] == "reload", message
                html = urllib.request.urlopen(page, timeout=10).read().decode("utf-8")
                visible = time.perf_counter() - saved
                assert mark in html, f"{page} does not show {mark}"
                logged = Path(log.name).read_text(encoding="utf-8").splitlines()[lines_before:]
                rebuilt = next((float(m.group(1)) for line in logged if (m := re.search(r"Rebuilt source .* in ([\d.]+) s", line))), None)
                rows.append({"rebuild": rebuilt, "reload": reloaded, "visible": visible})
            results[kind] = rows
        ws.close()
        return {"first_build": first, "edits": results, "memory_mb": _memory_mb(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
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


def summary(results: dict) -> str:
    lines = [
        "| sources | edit | runs | rebuild (server) ms | save → reload message ms | save → page with the edit ms |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for n, r in results.items():
        for kind, rows in r["edits"].items():
            med = {k: statistics.median(row[k] for row in rows if row[k] is not None) * 1000 for k in ("rebuild", "reload", "visible")}
            worst = max(row["visible"] for row in rows) * 1000
            lines.append(
                f"| {n:,} | {kind} | {len(rows)} | {med['rebuild']:.0f} | {med['reload']:.0f} | {med['visible']:.0f} (worst {worst:.0f}) |"
            )
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,5000")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--json", type=Path, default=WORK / "serve-latency.json")
    args = p.parse_args(argv)
    results = {}
    for n in [int(s) for s in args.sizes.split(",") if s]:
        results[n] = ioloop.IOLoop.current().run_sync(lambda n=n: measure(n, args.runs), timeout=1800)
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

#!/usr/bin/env python3
"""The split search index in Chromium: what the search page loads, what a query downloads, how fast, how much heap.

    python bench/search_bench.py OUTPUT_DIR [OUTPUT_DIR ...]     # built sites, e.g. of bench/synth.py dossiers

For each site, from disk (file://) and over HTTP (a local server), it opens search.html and measures its own load
(HTML, scripts, styles), then runs the 20 most frequent words, the heaviest two-letter prefix and a three-word
phrase from a paragraph, each in a fresh page: bytes of index pieces downloaded, time from the last piece's
arrival to the results on screen, and the JavaScript heap after the query (Chrome DevTools' Runtime.getHeapUsage).
Prints a Markdown table per site. Debian's Chromium is driven through Playwright (never `playwright install`).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import sys
import threading
from collections import Counter
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PIECE = re.compile(rb'^DOSSIER_SEARCH_PIECE\("[a-z]\d+",(.*)\);\n$', re.S)


def queries(out: Path) -> list[tuple[str, str]]:
    """(label, query): the 20 most frequent words, the heaviest two-letter prefix, a three-word phrase."""
    df: Counter = Counter()
    for piece in sorted((out / "assets" / "search").glob("t[0-9]*.js")):
        for term, (n, _, _) in json.loads(PIECE.match(piece.read_bytes()).group(1)).items():
            df[term] = n
    frequent = [t for t, _ in df.most_common(20)]
    prefixes: Counter = Counter()
    for term, n in df.items():
        if len(term) >= 2 and term[:2].isalpha():
            prefixes[term[:2]] += n
    prefix = prefixes.most_common(1)[0][0]
    doc = json.loads(PIECE.match((out / "assets" / "search" / "d1.js").read_bytes()).group(1))
    words = [w for w in next(d for d in doc if d[0] == "paragraph" and len(d[4].split()) > 30)[4].split() if w.isalpha()]
    phrase = " ".join(words[10:13])
    return [(f"word “{w}”", w) for w in frequent] + [(f"prefix “{prefix}”", prefix), (f"phrase “{phrase}”", phrase)]


def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    quiet = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
    handler = functools.partial(quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/", httpd


def loaded_bytes(page, out: Path) -> dict[str, int]:
    """Every file the page loaded from the site, with its size on disk (file:// reports no transfer sizes)."""
    names = page.evaluate(
        "[...document.scripts].map(s => s.src).concat([...document.querySelectorAll('link[rel=stylesheet], link[rel=icon]')]"
        ".map(l => l.href), [location.href])"
    )
    sizes = {}
    for name in names:
        m = re.search(r"/((?:assets/)[^?#]+|search\.html)", name)
        if m and (out / m.group(1)).is_file():
            sizes[m.group(1)] = (out / m.group(1)).stat().st_size
    return sizes


def measure(browser, base: str, out: Path) -> dict:
    page = browser.new_page()
    page.goto(base + "search.html", wait_until="load")
    own = loaded_bytes(page, out)
    page.close()
    rows = []
    for label, q in queries(out):
        page = browser.new_page()
        page.goto(base + "search.html", wait_until="load")
        before = set(loaded_bytes(page, out))
        cdp = page.context.new_cdp_session(page)
        page.evaluate("performance.clearMarks()")
        page.fill("#search-q", q)
        page.wait_for_function("q => document.documentElement.getAttribute('data-search-ready') === q", arg=q, timeout=60000)
        after = loaded_bytes(page, out)
        pieces = sum(size for name, size in after.items() if name not in before)
        marks = page.evaluate("Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, m.startTime]))")
        shown = marks.get("dossier-results-shown")
        rank_ms = (marks["dossier-ranked"] - marks["dossier-terms-arrived"]) if shown else None
        show_ms = (shown - marks["dossier-docs-arrived"]) if shown else None
        cdp.send("HeapProfiler.collectGarbage")
        heap = cdp.send("Runtime.getHeapUsage")["usedSize"]
        results = page.locator("#search-results li").count()
        rows.append((label, pieces, rank_ms, show_ms, heap, results))
        page.close()
    return {"own": own, "rows": rows}


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for arg in sys.argv[1:]:
            out = Path(arg).resolve()
            url, httpd = serve(out)
            for where, base in (("disk", out.as_uri() + "/"), ("HTTP", url)):
                got = measure(browser, base, out)
                own = sum(got["own"].values())
                print(f"\n### {out.name}, {where}: search page's own load {own / 1000:.1f} KB ({', '.join(sorted(got['own']))})\n")
                print(
                    "| query | pieces downloaded | ranking, once term pieces arrived | showing, once chunks arrived | JS heap | results |"
                )
                print("|---|---:|---:|---:|---:|---:|")
                for label, pieces, rank_ms, show_ms, heap, results in got["rows"]:
                    fmt = lambda v: "–" if v is None else f"{v:.0f} ms"  # noqa: E731
                    print(f"| {label} | {pieces / 1000:.0f} KB | {fmt(rank_ms)} | {fmt(show_ms)} | {heap / 1e6:.1f} MB | {results} |")
                worst = max(got["rows"], key=lambda r: r[1])
                print(f"\nworst download: {worst[1] / 1000:.0f} KB ({worst[0]}); max heap {max(r[4] for r in got['rows']) / 1e6:.1f} MB")
            httpd.shutdown()
        browser.close()


if __name__ == "__main__":
    main()

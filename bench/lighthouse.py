"""Lighthouse performance (mobile) for every page type of a built site, served locally: the table in docs/benchmarks.md.

    npm install --prefix /tmp/lh lighthouse
    python bench/synth.py --sources 5000 --actors 600 --graded --out /tmp/d5000
    python build.py --project /tmp/d5000 --out /tmp/o5000
    CHROME_PATH=/usr/bin/chromium python bench/lighthouse.py /tmp/o5000 --runs 3 [--only claims-by-kind,theme]

One page of each type of the page plan (dossier/render/pages.py), the largest of its kind; `python -m http.server`
serves the folder (no compression: GitHub Pages gzips, so the bytes here are the worst case). Each run's figures go
to --jsonl as they come (a line each), the table (median and lowest score a page) to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# (page type, template, the files it writes, relative to the output folder): the largest is measured
TYPES: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("home", "index.html", "index.html", ()),
    ("sources list", "sources.html", "sources/index.html", ()),
    ("sources list, a later page", "sources.html", "sources/page-*.html", ()),
    ("source", "source.html", "sources/*.html", ("sources/index.html", "sources/page-")),
    ("actors list", "actors.html", "actors/index.html", ()),
    ("actor", "actor.html", "actors/*.html", ("actors/index.html",)),
    ("thematic index", "themes.html", "themes/index.html", ()),
    ("theme", "theme.html", "themes/*.html", ("themes/index.html", "themes/counts")),
    ("a theme's claims, a later page", "theme-claims.html", "themes/*/claims-*.html", ()),
    ("keyword hits", "counts.html", "themes/counts.html", ()),
    ("keyword hits, a later page", "matrix.html", "themes/counts-*.html", ()),
    ("disputes", "disputes.html", "disputes.html", ()),
    ("claims by kind", "claims-by-kind.html", "claims-by-kind.html", ()),
    ("claims by kind, a group's page", "claims-by-kind-page.html", "claims-by-kind/*.html", ()),
    ("judgments (the brief)", "judgments.html", "judgments.html", ()),
    ("timeline", "timeline.html", "timeline.html", ()),
    ("network", "network.html", "network.html", ()),
    ("recorded relations, a later page", "relations.html", "network/relations-*.html", ()),
    ("search", "search.html", "search.html", ()),
    ("changes", "changes.html", "changes.html", ()),
    ("page (about)", "page.html", "pages/*.html", ()),
    ("not found", "404.html", "404.html", ()),
]


def pick(site: Path) -> list[tuple[str, str, str]]:
    """(page type, template, path) for each type the site has, the largest file of the type."""
    out = []
    for label, template, pattern, skip in TYPES:
        found = [p for p in site.glob(pattern) if not str(p.relative_to(site)).startswith(skip or ("\0",))]
        if found:
            largest = max(found, key=lambda p: (p.stat().st_size, str(p)))
            out.append((label, template, largest.relative_to(site).as_posix()))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(lighthouse: str, url: str) -> dict:
    """One Lighthouse run: the score and the figures behind it."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run(
            [
                lighthouse,
                url,
                "--only-categories=performance",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                "--chrome-flags=--headless --no-sandbox",
            ],
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
            check=False,
            timeout=600,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    return {
        "score": round(data["categories"]["performance"]["score"] * 100),
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "dom": audits["dom-size"].get("numericValue"),
        "version": data.get("lighthouseVersion"),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("site", type=Path, help="a built output folder")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--only", default="", help="page types or templates, comma-separated (default: all)")
    p.add_argument("--lighthouse", default="/tmp/lh/node_modules/.bin/lighthouse")
    p.add_argument("--jsonl", type=Path, help="append each run's figures here")
    args = p.parse_args()
    wanted = {w.strip() for w in args.only.split(",") if w.strip()}
    pages = [t for t in pick(args.site) if not wanted or t[0] in wanted or t[1].removesuffix(".html") in wanted]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(args.site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results: dict[str, list[dict]] = {}
    try:
        time.sleep(1)
        for n in range(1, args.runs + 1):  # a round over every page, then the next: the machine's load falls on all
            for label, template, path in pages:
                row = {"type": label, "template": template, "page": path, "run": n, "load": round(os.getloadavg()[0], 2)}
                row |= run(args.lighthouse, f"http://127.0.0.1:{port}/{path}")
                row["html"] = (args.site / path).stat().st_size
                results.setdefault(path, []).append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
                if args.jsonl:
                    with args.jsonl.open("a", encoding="utf-8") as f:
                        f.write(json.dumps(row) + "\n")
    finally:
        server.terminate()
        server.wait()
    print(
        "| page type (page measured) | score median | lowest | runs | FCP s | LCP s | TBT ms | page KiB (HTML) | all bytes KiB | DOM nodes |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, _, path in pages:
        rows = results[path]
        scores = [r["score"] for r in rows]
        fcp, lcp, tbt = ([r[k] for r in rows] for k in ("fcp", "lcp", "tbt"))
        print(
            f"| {label} (`{path}`) | {statistics.median(scores):g} | {min(scores)} | {', '.join(map(str, scores))} "
            f"| {min(fcp):.2f}–{max(fcp):.2f} | {min(lcp):.2f}–{max(lcp):.2f} | {min(tbt):.0f}–{max(tbt):.0f} "
            f"| {rows[0]['html'] / 1024:,.0f} | {rows[0]['bytes'] / 1024:,.0f} | {rows[0]['dom']:,} |"
        )


if __name__ == "__main__":
    main()

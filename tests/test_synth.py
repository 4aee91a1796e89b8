"""The benchmark's synthetic dossier (bench/synth.py) is valid: strict build, no warnings, every link resolves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import ROOT, snapshot

from dossier.build.pipeline import build
from dossier.problems import Report
from dossier.render.linkcheck import check_links, summarise

SYNTH = ROOT / "bench" / "synth.py"


def synth(out: Path, markdown: Path | None = None, sources: int = 20, actors: int = 15) -> None:
    cmd = [sys.executable, str(SYNTH), "--sources", str(sources), "--actors", str(actors), "--out", str(out)]
    if markdown is not None:
        cmd += ["--markdown", str(markdown)]
    subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=60)


def test_synthetic_dossier_builds_strict_with_no_warnings_and_resolving_links(tmp_path):
    project, md = tmp_path / "dossier", tmp_path / "md"
    synth(project, md)
    result = build(project, tmp_path / "site", strict=True)
    assert result.warnings == []
    assert result.pages >= 20 + 15 + 10  # sources, actors, themes, plus the index pages
    files = snapshot(tmp_path / "site")
    pages = {path: summarise(data.decode("utf-8")) for path, data in files.items() if path.endswith(".html")}
    report = Report()
    checked = check_links(pages, set(files), report, skip={"404.html"})
    assert checked > 1000
    assert report.problems == []
    # The peers' Markdown twin: the same twenty articles plus the about page, with a Hugo config.
    assert (md / "hugo.toml").is_file()
    assert len(list((md / "content").glob("source-*.md"))) == 20


def test_synthetic_dossier_is_deterministic(tmp_path):
    synth(tmp_path / "a", sources=5, actors=6)
    synth(tmp_path / "b", sources=5, actors=6)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_large_dossier_pages_stay_bounded_and_every_source_keeps_its_anchor(tmp_path):
    """Past twenty sources, actor and theme pages quote the leading twenty and give the rest a line each."""
    project = tmp_path / "dossier"
    synth(project, sources=60, actors=15)
    result = build(project, tmp_path / "site", strict=True)  # strict: every link and #fragment resolves
    assert result.warnings == []
    site = tmp_path / "site"
    bounded = 0
    for page in sorted((site / "actors").glob("*.html")) + sorted((site / "themes").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        quoted = html.count('<h3 id="in-')
        lines = html.count('<li id="in-')
        if lines:
            bounded += 1
            assert quoted == 20, page.name
            assert "Also named in" in html or "Also in" in html
        # Every source the page covers is reachable by #in-SOURCE exactly once, quoted or listed.
        ids = [part.split('"')[0] for part in html.split(' id="in-')[1:]]
        assert len(ids) == len(set(ids)) == quoted + lines, page.name
    assert bounded >= 5  # the split really happened on several pages
    assert "more on the theme page" in (site / "themes" / "counts.html").read_text(encoding="utf-8")  # the keyword hits

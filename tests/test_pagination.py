"""Long lists run over several pages (sources table, matrix, a theme's claims), every page linked from the first."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml
from helpers import ROOT

from dossier.build.pipeline import build
from dossier.render import pages


def test_long_lists_are_split_and_every_part_is_linked(tmp_path, monkeypatch):
    project = tmp_path / "dossier"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "synth.py"), "--sources", "30", "--actors", "15", "--out", str(project)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    monkeypatch.setattr(pages, "SOURCES_PER_PAGE", 12)
    monkeypatch.setattr(pages, "MATRIX_ROWS", 10)
    monkeypatch.setattr(pages, "THEME_CLAIMS", 4)
    out = tmp_path / "site"
    result = build(project, out, strict=True)  # strict: a broken link between the parts would fail the build
    assert result.warnings == []
    assert [p.name for p in sorted((out / "sources").glob("page-*.html"))] == ["page-2.html", "page-3.html"]
    assert [p.name for p in sorted((out / "themes").glob("counts-*.html"))] == ["counts-2.html", "counts-3.html"]
    first = (out / "sources" / "index.html").read_text()
    assert 'href="page-3.html"' in first and first.count("<tr>\n  <td>") == 12
    assert (out / "sources" / "page-3.html").read_text().count("<tr>\n  <td>") == 30 - 24
    rows = sum(
        (p.read_text().count('<tr><th scope="row">')) for p in [out / "themes" / "counts.html", *(out / "themes").glob("counts-*.html")]
    )
    assert rows == 30, "every source has its row in the matrix, once"
    claim_pages = sorted((out / "themes").glob("*/claims-*.html"))
    assert claim_pages, "no theme had its claims split"
    theme = claim_pages[0].parent.name
    listed = sum(
        len(re.findall(r'<li class="claim"', p.read_text()))
        for p in [out / "themes" / f"{theme}.html", *claim_pages[0].parent.glob("claims-*.html")]
    )
    records = [yaml.safe_load(p.read_text()) for p in (project / "content" / "sources").glob("*.yaml")]
    total = sum(1 for r in records for c in r.get("claims") or [] if theme in (c.get("themes") or []))
    assert listed == total

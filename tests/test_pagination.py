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


def test_recorded_relations_run_over_pages_from_the_network_page(tmp_path, monkeypatch):
    """At 5,000 sources network.html listed 1,200 relations (420 kB, Lighthouse 81): RELATIONS_PER_PAGE a page now."""
    project = tmp_path / "dossier"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "synth.py"), "--sources", "20", "--actors", "15", "--out", str(project)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    monkeypatch.setattr(pages, "RELATIONS_PER_PAGE", 8)
    out = tmp_path / "site"
    assert build(project, out, strict=True).warnings == []  # strict: every link between the parts resolves
    total = sum(len(yaml.safe_load(p.read_text()).get("relations") or []) for p in (project / "content" / "actors").glob("*.yaml"))
    assert total > 16
    later = sorted((out / "network").glob("relations-*.html"), key=lambda p: int(p.stem.split("-")[1]))
    assert [p.name for p in later] == [f"relations-{k}.html" for k in range(2, -(-total // 8) + 1)]
    first = (out / "network.html").read_text()
    listed = [first.split('<ul class="relations">')[1].split("</ul>")[0].count("<li>")]
    listed += [p.read_text().split('<ul class="relations">')[1].split("</ul>")[0].count("<li>") for p in later]
    assert max(listed) == 8 and sum(listed) == total, listed  # every relation once, none past a page's size
    assert 'href="network/relations-2.html"' in first
    assert 'href="../network.html"' in later[-1].read_text() and 'aria-current="page">Network' in later[-1].read_text()

"""The link check fed the faults it exists for: a link to a page not built, to an id a page lacks, on the page itself."""

from __future__ import annotations

import shutil

import pytest

from dossier.build.pipeline import build
from dossier.paths import BUILTIN_TEMPLATES
from dossier.problems import BuildFailed, Report
from dossier.render.linkcheck import SCAN_IDS, check_links, summarise

BROKEN = (
    '<p><a href="nowhere.html">a page not built</a> <a href="#no-such-id">an id not here</a>'
    ' <a href="sources/alpha.html#p9999">a paragraph alpha lacks</a> <a href="sources/alpha.html#p2">one it has</a></p>'
)


def test_a_page_not_built_and_missing_fragments_are_warned_once_each_and_fail_strict(project, tmp_path):
    """A site owner's template linking wrongly: each bad link one warning naming the page and the href."""
    (project / "templates").mkdir(exist_ok=True)
    shutil.copy(BUILTIN_TEMPLATES / "index.html", project / "templates" / "index.html")
    page = project / "templates" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("{% block main %}", "{% block main %}" + BROKEN, 1), encoding="utf-8")
    links = [w for w in build(project, tmp_path / "o").warnings if w.field == "link"]
    assert sorted(w.message for w in links) == [
        "'#no-such-id': no #no-such-id in index.html",
        "'nowhere.html' points to a missing file",
        "'sources/alpha.html#p9999': no #p9999 in sources/alpha.html",
    ]
    assert {w.file for w in links} == {"output/index.html"}
    with pytest.raises(BuildFailed) as failed:
        build(project, tmp_path / "strict", strict=True)
    assert len([p for p in failed.value.problems if p.field == "link"]) == 3


def test_check_links_reads_the_summaries_pages_give():
    """The check on its own: ids are matched per page pointed to, escaped fragments unquoted, skipped pages unread."""
    pages = {
        "a.html": summarise('<a href="b.html#x%20y">1</a> <a href="b.html#z">2</a> <a href="sub/c.html#top">3</a>'),
        "b.html": summarise('<p id="x y">B</p> <p id="zz">B</p> <a href="a.html#gone">4</a>'),
        "sub/c.html": summarise('<h1 id="top">C</h1> <a href="../b.html#z">5</a> <a href="../missing.html">6</a>'),
        "404.html": summarise('<a href="/anything#at-all">7</a>'),
        # A page with many ids (past SCAN_IDS characters of them), linked to: its ids are made a set.
        "big.html": summarise("".join(f'<p id="n{i}">.</p>' for i in range(2_000)) + '<a href="#n1999">8</a> <a href="#n2000">9</a>'),
    }
    assert len(pages["big.html"][0]) > SCAN_IDS
    report = Report()
    checked = check_links(pages, set(pages), report, skip={"404.html"})
    assert checked == 8
    assert sorted((w.file, w.message) for w in report.warnings) == [
        ("output/a.html", "'b.html#z': no #z in b.html"),
        ("output/b.html", "'a.html#gone': no #gone in a.html"),
        ("output/big.html", "'#n2000': no #n2000 in big.html"),
        ("output/sub/c.html", "'../b.html#z': no #z in b.html"),
        ("output/sub/c.html", "'../missing.html' points to a missing file"),
    ]

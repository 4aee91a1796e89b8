"""The reader gets the answer first (issue 25, point 6), checked on the fixture dossier: bottom lines with their
"information as of", short labels in the stance matrix, relations as sentences, key actors by claims or by choice,
editorial plumbing kept off reader pages and out of search snippets."""

import html
import json
import re

import pytest
from helpers import FIXTURE

from dossier.build.pipeline import build


def text(path) -> str:
    """A page's text, tags dropped, white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("answer") / "output"
    build(FIXTURE, folder)
    return folder


def test_theme_page_opens_with_its_bottom_line_and_how_current_it_is(out):
    page = (out / "themes" / "balancing.html").read_text(encoding="utf-8")
    bottom = page.index('class="bottom-line"')
    assert bottom < page.index('id="h-synthesis"') and bottom < page.index('class="toc"')
    # alpha was written by 1 February 2025, beta no earlier than March 2025: beta is the newer of the two it cites
    assert "Information as of its newest source, the" in text(out / "themes" / "balancing.html")
    as_of = re.search(r'<p class="as-of">(.*?)</p>', page[bottom:], re.S).group(1)
    assert "beta.html" in as_of and "written no earlier than March 2025" in as_of, as_of


def test_home_cards_and_matrix_header_carry_the_bottom_lines(out):
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.count('class="bottom-line"') == 2  # both fixture themes have one
    assert 'class="as-of"' in home.split('id="h-themes"')[0]  # and the dossier says how current it is, first
    matrix = (out / "themes" / "index.html").read_text(encoding="utf-8")
    head = matrix[matrix.index("<thead>") : matrix.index("</thead>")]
    assert head.count('class="th-bottom-line"') == 2 and "keeps parallel channels" in head


def test_matrix_rows_are_labelled_by_short_title_with_the_full_title_on_hover(out):
    matrix = (out / "themes" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<th scope="row"><a href="[^"]+" title="([^"]+)">([^<]+)</a>', matrix)
    assert rows, "no row of the matrix is labelled"
    for title, label in rows:
        assert len(label) <= len(title)


def test_relations_read_as_sentences(out):
    for actor in ("anna-berg", "ruritania"):  # its own relation, and the same one seen from its target
        page = (out / "actors" / f"{actor}.html").read_text(encoding="utf-8")
        sentences = " ".join(
            re.sub(r"<[^>]+>", "", html.unescape(s)) for s in re.findall(r'<span class="relation">(.*?)</span>', page, re.S)
        )
        assert "Anna Berg leads Ruritania, as of February 2025." in sentences, (actor, sentences)
    assert 'class="rel"' not in (out / "actors" / "anna-berg.html").read_text(encoding="utf-8")


def key_actors(page) -> list[str]:
    section = page.read_text(encoding="utf-8").split('id="h-actors"')[1].split("</ul>")[0]
    return re.findall(r'href="actors/([a-z0-9-]+)\.html"', section)


def test_key_actors_rank_by_claims_or_follow_the_curator(out, project, tmp_path):
    ranked = key_actors(out / "index.html")
    assert ranked and "ruritania-tv" not in ranked  # an outlet named often but claimed about never is no key actor
    counts = json.loads((out / "exports" / "claims.json").read_text(encoding="utf-8"))
    about = {aid: sum(aid in c["actors"] for c in counts) for aid in ranked}
    assert list(about.values()) == sorted(about.values(), reverse=True), about
    site = project / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "key_actors: [united-states, anna-berg]\n", encoding="utf-8")
    build(project, tmp_path / "chosen")
    assert key_actors(tmp_path / "chosen" / "index.html") == ["united-states", "anna-berg"]


def test_index_terms_are_folded_and_snippets_never_show_them(out):
    page = (out / "themes" / "bases.html").read_text(encoding="utf-8")
    assert "Index terms:" not in page
    assert re.search(r'<details class="index-terms">.*Portus, base', page, re.S)
    chunks = "".join(p.read_text(encoding="utf-8") for p in sorted((out / "assets" / "search").glob("d*.js")))
    assert '"theme","Bases"' in chunks and "Portus, base" not in chunks  # the term list is searched, not shown

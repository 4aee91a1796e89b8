"""What a first reading of the site found (issue 18), each fault fed back as a test a browser can fail."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata

import pytest
import yaml
from conftest import ROOT
from dossier_fixture import STATE
from playwright.sync_api import Page, expect

from dossier.build.pipeline import build

pytestmark = pytest.mark.browser


def wrapped_word(project) -> tuple[str, str, str]:
    """A word that opens a wrapped line of a source's summary in the YAML, the word ending the line before, and the source."""
    for path in sorted((project / "content" / "sources").glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        lines = (record.get("summary") or "").split("\n")
        for line, following in zip(lines, lines[1:]):
            before, after = re.search(r"(\w+)$", line), re.match(r"([A-Za-z]{6,})\b", following)
            if before and after and before.group(1).isalpha():
                return before.group(1), after.group(1), record["id"]
    raise AssertionError("no summary wraps a line between two words")


@pytest.mark.parametrize("where", ["root", "disk"])
def test_search_finds_a_word_at_a_yaml_line_end(page: Page, site, where):
    """A word opening a wrapped line of a summary ("to be\\n  bearing fruit") is found, and snippets are not glued."""
    prefix = {"root": site.root, "disk": site.disk}[where]
    before, word, sid = wrapped_word(site.project)
    page.goto(prefix + f"search.html?q={word}")
    expect(page.locator("#search-results li").first).to_be_visible()
    hrefs = page.locator("#search-results li a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert f"sources/{sid}.html" in hrefs, (word, hrefs)
    snippets = " ".join(page.locator("#search-results .snippet").all_inner_texts())
    assert f"{before} {word}" in snippets and f"{before}{word}" not in snippets, snippets
    page.goto(prefix + f"search.html?q={STATE}")
    expect(page.locator("#search-results li").first).to_be_visible()
    text = " ".join(page.locator("#search-results .snippet").all_inner_texts())
    assert "(p1" not in text and not re.search(r"[a-z][A-Z][a-z]|\d[A-Z][a-z]", text), text  # no words glued together


PHONE = {"width": 390, "height": 844}


def largest(site, section: str) -> str:
    """The biggest record page of a section (the most markup to check): "sources/source-07.html"."""
    records = {p.stem for p in (site.project / "content" / section).glob("*.yaml")}
    pages = [p for p in (site.out / section).glob("*.html") if p.stem in records]
    return max(pages, key=lambda p: (p.stat().st_size, p.name)).relative_to(site.out).as_posix()


def named_times(path) -> int:
    found = re.search(r"Named (\d+) times", path.read_text(encoding="utf-8"))
    return int(found.group(1)) if found else 0


def most_named(site) -> str:
    """The actor page with the most mentions."""
    return max((site.out / "actors").glob("*.html"), key=lambda p: (named_times(p), p.name)).relative_to(site.out).as_posix()


def fullest_actor(site) -> str:
    """The most named actor page with a profile, relations, claims and folded mentions: every part of an actor page."""
    parts = ('id="h-profile"', 'id="h-relations"', 'id="h-claims"', 'id="h-mentions"', "more-mentions")
    full = [p for p in (site.out / "actors").glob("*.html") if all(part in p.read_text(encoding="utf-8") for part in parts)]
    assert full, "the fixture has no actor page with every part"
    return max(full, key=lambda p: (named_times(p), p.name)).relative_to(site.out).as_posix()


def test_no_page_scrolls_sideways_on_a_phone(page: Page, site):
    """At 390 px no page is wider than the screen (the sources table was 463 px)."""
    page.set_viewport_size(PHONE)
    wide = {}
    for path in site.html_files():
        page.goto(site.root + path, wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = width
    assert not wide, f"pages wider than {PHONE['width']} px: {wide}"


def test_sources_table_shows_every_column_on_a_phone(page: Page, site):
    page.set_viewport_size(PHONE)
    page.goto(site.root + "sources/index.html")
    for cell in page.locator("table.sources tbody tr").first.locator("td").all():
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (cell.inner_text(), box)


def test_matrix_says_it_scrolls_on_a_phone(page: Page, site):
    """Only two of the theme columns fit at 390 px: a visible hint says there are more, and the row labels stay put."""
    page.set_viewport_size(PHONE)
    page.goto(site.root + "themes/index.html")
    wrap = page.locator(".matrix-wrap")
    hidden = wrap.evaluate("w => w.scrollWidth > w.clientWidth")
    assert hidden, "the matrix fits: nothing to hint at"
    expect(page.locator(".scroll-hint")).to_be_visible()
    label = page.locator(".matrix tbody th").first
    before = label.bounding_box()["x"]
    wrap.evaluate("w => w.scrollLeft = 300")
    assert abs(label.bounding_box()["x"] - before) < 1, "the source column scrolled away"
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator(".scroll-hint")).to_be_hidden()


def test_home_timeline_titles_line_up(page: Page, site):
    """Dates as long as 'Before December 2024' do not push their event's title out of line."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site.root + "index.html")
    lefts = page.locator(".timeline.compact .event").evaluate_all("es => es.map(e => Math.round(e.getBoundingClientRect().left))")
    assert len(lefts) > 3 and len(set(lefts)) == 1, lefts
    dates = page.locator(".timeline.compact .date").evaluate_all("es => es.map(e => e.getBoundingClientRect().right)")
    assert max(dates) <= lefts[0], "a date runs into its title"


def test_timeline_notes_are_lighter_than_events_and_link_their_paragraphs(page: Page, site):
    page.goto(site.root + "timeline.html")
    items = page.locator("ol.timeline.full > li")
    noted = items.filter(has=page.locator(".date-note"))
    assert noted.count() > 0
    for i in range(noted.count()):
        item = noted.nth(i)
        title, note = item.locator(".event-title"), item.locator(".date-note")
        assert title.bounding_box()["y"] < note.bounding_box()["y"], "the note comes before the event"
        weight = note.evaluate("e => +getComputedStyle(e).fontWeight")
        size = note.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert weight < 600 and size < title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    text = " ".join(page.locator(".date-note").all_inner_texts())
    assert not re.search(r"source-\d+ p\d", text), "raw ids in the notes"
    links = page.locator(".date-note a.cite")
    assert links.count() >= 3
    hrefs = links.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert all(re.fullmatch(r"sources/source-\d+\.html#p\d+", h) for h in hrefs), hrefs


def test_no_doubled_quotation_marks(page: Page, site):
    for path in ("timeline.html", largest(site, "sources"), most_named(site)):
        page.goto(site.root + path)
        body = page.locator("main").inner_text()
        for doubled in ("““", "””", '“"', '"”'):
            assert doubled not in body, (path, doubled)


@pytest.mark.parametrize("missing", ["no-such-page.html", "sources/gone.html", "actors/a/b/deep.html"])
def test_404_links_work_at_depth_without_a_base_url(page: Page, site, missing):
    """A local build (no base URL) published under a subpath: its 404 page, served for a deep address, leads home."""
    page.goto(site.subpath + missing, wait_until="networkidle")
    expect(page.locator("h1")).to_have_text("Page not found")
    for link in page.locator("main a").all():
        target = link.evaluate("a => a.href")
        assert target.startswith(site.subpath), target
        assert page.request.get(target).status == 200, target


def test_index_terms_come_with_their_context(page: Page, site):
    """Each occurrence on the thematic index shows the words around the term, not just 'security brief ¶30'."""
    page.goto(site.root + "themes/counts.html")
    items = page.locator(".term-hits li")
    assert items.count() > 20
    for i in range(0, items.count(), 7):
        item = items.nth(i)
        expect(item.locator("mark")).to_have_count(1)
        context = item.inner_text().replace(item.locator("mark").inner_text(), "").replace(item.locator("a.cite").inner_text(), "")
        assert len(context.split()) >= 3, item.inner_text()
        href = item.locator("a.cite").get_attribute("href")
        assert "#p" in href, href


def test_one_link_per_actor_per_paragraph_and_none_in_headings(page: Page, site):
    page.goto(site.root + largest(site, "sources"))
    counts = page.evaluate(
        """() => {
        const out = {repeats: [], inHeadings: 0, anchors: 0, names: 0};
        document.querySelectorAll('.seed-text [id^="p"]:not([id*="-"])').forEach(block => {
          const seen = new Set();
          block.querySelectorAll('a.mention').forEach(a => {
            const to = a.getAttribute('href');
            if (seen.has(to)) out.repeats.push(block.id + ' ' + to);
            seen.add(to);
          });
        });
        out.inHeadings = document.querySelectorAll('.seed-text h3 a.mention, .seed-text .title a.mention').length;
        out.names = document.querySelectorAll('.seed-text .mention').length;
        out.anchors = document.querySelectorAll('.seed-text .mention[id]').length;
        return out;
    }"""
    )
    assert counts["repeats"] == [], counts["repeats"][:5]
    assert counts["inHeadings"] == 0
    assert counts["names"] > 40 and counts["anchors"] == counts["names"], counts


def test_actor_page_links_land_on_each_mention(page: Page, site):
    """Every ¶ link under 'Every mention' points at an anchor of its own, and the count of mentions is unchanged."""
    page.goto(site.root + most_named(site))
    header = page.locator(".page-head").inner_text()
    hrefs = page.locator("#h-mentions ~ * a.cite, section[aria-labelledby=h-mentions] a.cite").evaluate_all(
        "as => as.map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) > 15 and all("-m" in h.split("#")[1] for h in hrefs), hrefs[:5]
    assert len(hrefs) == len(set(hrefs)), "a sentence listed twice"
    named = int(re.search(r"Named (\d+) times", header).group(1))
    per_source = page.locator("section[aria-labelledby=h-mentions] h3 .count").all_inner_texts()
    assert named > 15 and sum(map(int, per_source)) == named, "every mention still counted"
    page.goto(site.root + "actors/" + hrefs[5])
    target = page.locator(":target")
    expect(target).to_have_count(1)
    expect(target).to_have_class(re.compile(r"\bmention\b"))
    expect(target).to_be_in_viewport()


def test_actor_page_leads_with_the_analysis(page: Page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site.root + fullest_actor(site))
    order = page.locator("main h2[id]").evaluate_all("hs => hs.map(h => h.id)")
    assert order.index("h-profile") < order.index("h-relations") < order.index("h-claims") < order.index("h-mentions"), order
    claims_y = page.locator("#h-claims").bounding_box()["y"]
    assert claims_y < 4000, f"claims start {claims_y} px down"
    toc = page.locator("nav.toc a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert {"#h-profile", "#h-relations", "#h-claims", "#h-mentions"} <= set(toc)
    for href in toc:
        expect(page.locator(href)).to_have_count(1)
    # each two-way relation once
    rows = [" ".join(t.split()) for t in page.locator(".relations li").all_inner_texts()]
    assert rows and len(rows) == len(set(rows)), rows
    # mentions beyond the first few sentences of a source are folded
    assert page.locator("section[aria-labelledby=h-mentions] details.more-mentions").count() >= 1


def test_theme_and_long_source_pages_have_a_table_of_contents(page: Page, site):
    for path in (largest(site, "themes"), largest(site, "sources")):
        page.goto(site.root + path)
        links = page.locator("nav.toc a")
        assert links.count() >= 3, path
        for href in links.evaluate_all("as => as.map(a => a.getAttribute('href'))"):
            expect(page.locator(href)).to_have_count(1)


@pytest.fixture(scope="module")
def synthetic_300(tmp_path_factory):
    """A synthetic dossier with 300 actors (bench/synth.py), built once."""
    folder = tmp_path_factory.mktemp("synth300")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "synth.py"), "--sources", "60", "--actors", "300", "--out", str(folder / "project")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    build(folder / "project", folder / "output")
    return folder / "output"


def label_overlaps(page: Page) -> tuple[int, list]:
    """How many labels the drawing shows, and every pair of them whose boxes intersect."""
    return page.evaluate(
        """() => {
        const boxes = [...document.querySelectorAll('svg.network text')].map(t => [t.textContent, t.getBoundingClientRect()]);
        const hits = [];
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
          const [n, a] = boxes[i], [m, b] = boxes[j];
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) hits.push(n + ' / ' + m);
        }
        return [boxes.length, hits];
    }"""
    )


@pytest.mark.parametrize("which", ["fixture", "synthetic-300"])
@pytest.mark.parametrize("width", [1280, 390])
def test_network_labels_do_not_overlap(page: Page, site, synthetic_300, which, width):
    out = site.out if which == "fixture" else synthetic_300
    page.set_viewport_size({"width": width, "height": 900})
    page.goto((out / "network.html").as_uri())
    shown, hits = label_overlaps(page)
    circles = page.locator("svg.network circle").count()
    assert circles >= 20 and shown >= circles * 0.8, (shown, circles)
    assert hits == [], hits
    size = page.locator("svg.network text").first.evaluate("t => t.getBoundingClientRect().height")
    assert size >= 11, f"labels {size} px tall"
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_network_leaves_out_outlets_and_authors_and_has_a_list(page: Page, site):
    page.set_viewport_size(PHONE)
    page.goto(site.root + "network.html")
    drawn = page.locator("svg.network a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    outlets = [p.stem for p in (site.project / "content" / "actors").glob("*.yaml") if "kind: outlet" in p.read_text(encoding="utf-8")]
    assert outlets
    for outlet in outlets:
        assert f"actors/{outlet}.html" not in drawn
    scripts = page.locator("script").evaluate_all("ss => ss.map(s => s.getAttribute('src'))")
    assert scripts == ["assets/site.js"], f"the network needs no JavaScript of its own: {scripts}"
    listed = page.locator(".network-list > li > a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert sorted(listed) == sorted(drawn)
    assert page.locator(".network-list").bounding_box()["y"] < page.locator("svg.network").bounding_box()["y"], "list first on a phone"


@pytest.fixture(scope="module")
def small_pieces(synthetic_300, tmp_path_factory):
    """The 300-actor dossier built again with a split index cut fine: many term pieces, capped lists, prefix pieces."""
    from dossier.render import search

    saved = (search.PIECE_BYTES, search.POSTINGS_CAP, search.PREFIX_BYTES, search.PREFIX_TOP)
    search.PIECE_BYTES, search.POSTINGS_CAP, search.PREFIX_BYTES, search.PREFIX_TOP = 4_000, 200, 3_000, 100
    try:
        out = tmp_path_factory.mktemp("small-pieces") / "output"
        build(synthetic_300.parent / "project", out)
    finally:
        search.PIECE_BYTES, search.POSTINGS_CAP, search.PREFIX_BYTES, search.PREFIX_TOP = saved
    return out


def test_split_search_loads_few_pieces_and_finds_words_prefixes_and_phrases(page: Page, small_pieces):
    """From disk: a common word, a two-letter prefix (its own piece) and three words of a paragraph each find
    results, and each loads a handful of the many pieces."""
    head = (small_pieces / "assets" / "search" / "terms.js").read_text()
    assert '"prefixes":{"' in head, "the fixture should have prefix pieces"
    pieces = len(list((small_pieces / "assets" / "search").glob("*.js")))
    chunk = (small_pieces / "assets" / "search" / "d3.js").read_text()
    paragraph = max(re.finditer(r'\["paragraph","[^"]*","([^"]*)","[^"]*","([^"]*)"\]', chunk), key=lambda m: len(m.group(2)))
    df = {}
    for piece in (small_pieces / "assets" / "search").glob("t[0-9]*.js"):
        body = re.match(r'DOSSIER_SEARCH_PIECE\("t\d+",(.*)\);\n$', piece.read_text(), re.S).group(1)
        df.update({t: v[0] for t, v in json.loads(body).items()})
    words = sorted(set(re.findall(r"[a-z]{3,}", paragraph.group(2).lower())), key=lambda w: (df.get(w, 0), w))[:3]
    for query in ("the", "re", " ".join(words)):
        page.goto((small_pieces / "search.html").as_uri() + f"?q={query}")
        page.wait_for_function("q => document.documentElement.getAttribute('data-search-ready') === q", arg=query)
        expect(page.locator("#search-results li").first).to_be_visible()
        loaded = page.evaluate("[...document.scripts].filter(s => s.src.includes('/search/')).length")
        assert loaded <= 30 and loaded < pieces / 4, (query, loaded, pieces)
    hrefs = page.locator("#search-results li a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    page_path, _, anchor = paragraph.group(1).partition("#")  # a result's link carries the query for the page it opens
    assert f"{page_path}?hl={'%20'.join(words)}#{anchor}" in hrefs, (words, paragraph.group(1), hrefs[:5])


def accented_word(project) -> str:
    """A word of the seeds with an accented letter ("Türkiye"), for searching it without its accents."""
    for path in sorted((project / "seeds").glob("*.txt")):
        for word in re.findall(r"\b\w+\b", path.read_text(encoding="utf-8")):
            if not word.isascii() and word.isalpha() and len(word) >= 5:
                return word
    raise AssertionError("no accented word in the seeds")


@pytest.mark.parametrize("where", ["root", "disk"])
def test_slash_puts_the_cursor_in_the_search_box_on_any_page(page: Page, site, where):
    """P14: "/" worked on search.html only; now from any page (and a "/" typed into a box stays text)."""
    prefix = {"root": site.root, "disk": site.disk}[where]
    page.goto(prefix + "actors/index.html")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement && document.activeElement.id") == "site-q"
    page.keyboard.type("a/b")
    assert page.locator("#site-q").input_value() == "a/b"


@pytest.mark.parametrize("where", ["root", "disk"])
def test_a_search_result_opens_with_its_words_marked_in_place(page: Page, site, where):
    """P14: the page a result opens marks the searched words in the paragraph it lands on, accents aside, in a colour
    of their own (not the yellow of the targeted paragraph), and nowhere else on the page."""
    prefix = {"root": site.root, "disk": site.disk}[where]
    word = accented_word(site.project)
    folded = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    page.goto(prefix + f"search.html?q={folded.lower()}")
    result = page.locator("#search-results li.result-paragraph a").first
    expect(result).to_be_visible()
    href = result.get_attribute("href")
    assert "?hl=" in href and "#" in href, href
    result.click()
    page.wait_for_load_state("load")
    target = page.url.split("#", 1)[1]
    hits = page.locator(f"[id='{target}'] mark.search-hit")
    expect(hits.first).to_be_visible()
    assert word.lower() in [t.lower() for t in hits.all_inner_texts()], hits.all_inner_texts()
    assert page.locator("mark.search-hit").count() == hits.count()  # only in the place the result named
    colours = page.evaluate(
        "id => [getComputedStyle(document.querySelector('mark.search-hit')).backgroundColor,"
        " getComputedStyle(document.getElementById(id)).backgroundColor]",
        target,
    )
    assert colours[0] != colours[1], colours


def test_snippets_mark_words_from_their_start_only(page: Page, site):
    """Search matches the start of a word ("an" finds "and"), so a snippet must not mark the end of "Iran"."""
    page.goto(site.root + "search.html?q=an")
    page.wait_for_function("() => document.documentElement.getAttribute('data-search-ready') === 'an'")
    marks = page.locator("#search-results .snippet mark")
    expect(marks.first).to_be_visible()
    before = marks.evaluate_all("ms => ms.map(m => (m.previousSibling && m.previousSibling.textContent || ' ').slice(-1))")
    glued = [c for c in before if c.isalnum()]
    assert not glued, f"{len(glued)} of {len(before)} marks start inside a word"

"""What a first reading of the site found (issue 18), each fault fed back as a test a browser can fail."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("where", ["root", "disk"])
def test_search_finds_a_word_at_a_yaml_line_end(page: Page, site, where):
    """'bearing' ends a line of a summary in the YAML ("is said to be\\n  bearing fruit"): it is found, snippets are not glued."""
    prefix = {"root": site.root, "disk": site.disk}[where]
    page.goto(prefix + "search.html?q=bearing")
    results = page.locator("#search-results li")
    expect(results.first).to_be_visible()
    hrefs = page.locator("#search-results li a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert any("sources/sharaa-moscow-washington.html" in h for h in hrefs), hrefs
    snippets = " ".join(page.locator("#search-results .snippet").all_inner_texts())
    assert "bearing fruit" in snippets and "bebearing" not in snippets, snippets
    page.goto(prefix + "search.html?q=Reuters")
    expect(page.locator("#search-results li").first).to_be_visible()
    text = " ".join(page.locator("#search-results .snippet").all_inner_texts())
    for glued in ("Reutersreport", "sanctionslifted", "15October", "(p1"):
        assert glued not in text, glued


PHONE = {"width": 390, "height": 844}


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
    assert "memo-balanced-diplomacy p" not in text and " p2)" not in text, "raw ids in the notes"
    links = page.locator(".date-note a.cite")
    assert links.count() >= 3
    assert "sources/memo-balanced-diplomacy.html#p12" in links.evaluate_all("as => as.map(a => a.getAttribute('href'))")


def test_no_doubled_quotation_marks(page: Page, site):
    for path in ("timeline.html", "sources/sharaa-moscow-washington.html", "actors/russia.html"):
        page.goto(site.root + path)
        body = page.locator("main").inner_text()
        for doubled in ("““", "””", "“\"", "\"”"):
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
    page.goto(site.root + "themes/index.html")
    items = page.locator(".term-hits li")
    assert items.count() > 20
    for i in range(0, items.count(), 7):
        item = items.nth(i)
        expect(item.locator("mark")).to_have_count(1)
        context = item.inner_text().replace(item.locator("mark").inner_text(), "").replace(item.locator("a.cite").inner_text(), "")
        assert len(context.split()) >= 3, item.inner_text()
        href = item.locator("a.cite").get_attribute("href")
        assert "#p" in href, href

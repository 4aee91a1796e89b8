"""A reader's path through the dossier, by clicking: theme → passage → source paragraph → actor → another source.

The same path is walked at a domain root, under a GitHub-Pages-like subpath and straight from disk
(file://): every link is relative, so all three must behave the same.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from dossier_fixture import STATE
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def follow(page: Page, link, expect_fragment: bool = False) -> str:
    """Click a link as a reader would and check the browser lands exactly where its href points."""
    href = link.get_attribute("href")
    assert href and not re.match(r"^(/|[a-z]+:)", href), f"link is not relative: {href!r} on {page.url}"
    expected = urljoin(page.url, href)
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url(expected)
    page.wait_for_load_state("load")
    assert page.url == expected
    fragment = urlsplit(expected).fragment
    if expect_fragment:
        assert fragment, f"expected a link to a paragraph, got {href!r}"
        target = page.locator(":target")
        expect(target).to_have_count(1)
        expect(target).to_have_attribute("id", fragment)
        expect(target).to_be_in_viewport()
    return expected


def source_id(url: str) -> str:
    m = re.search(r"/sources/([^/#?]+)\.html(?:#|$)", url)
    assert m, f"not a source page: {url}"
    return m.group(1)


def walk(page: Page, start: str, prefix: str) -> list[str]:
    """The whole reader's path from the front page; returns the URLs visited."""
    visited = []
    page.goto(start)
    expect(page.locator("h1")).to_be_visible()

    # 1. front page → a theme
    theme_link = page.locator(".cards .card h3 a").first
    theme_title = theme_link.inner_text().strip()
    visited.append(follow(page, theme_link))
    assert re.search(r"/themes/[^/]+\.html$", page.url), page.url
    expect(page.locator("h1")).to_have_text(theme_title)
    theme_url = page.url

    # 2. a passage's ¶ link → the paragraph in its source; it must name an actor that another source names too
    passages = page.locator("ul.passages a.cite")
    assert passages.count() > 0, f"theme page has no passage links: {theme_url}"
    unfold = "document.querySelectorAll('details').forEach(d => d.open = true)"  # a reader opens the folded passages
    page.evaluate(unfold)
    for i in range(min(passages.count(), 60)):
        if page.url != theme_url:
            page.goto(theme_url)
            page.evaluate(unfold)
        para_url = follow(page, page.locator("ul.passages a.cite").nth(i), expect_fragment=True)
        sid = source_id(para_url)
        paragraph = page.locator(":target")
        mentions = paragraph.locator("a.mention:not(.demonym)")
        for j in range(min(mentions.count(), 8)):
            if page.url != para_url:
                page.goto(para_url)
            mention = page.locator(":target").locator("a.mention:not(.demonym)").nth(j)
            actor_name = mention.get_attribute("title")
            # 3. the actor mention → the actor page
            actor_url = follow(page, mention)
            assert re.search(r"/actors/[^/]+\.html$", actor_url), actor_url
            expect(page.locator("h1")).to_have_text(actor_name)
            # 4. a mention of the actor in ANOTHER source
            elsewhere = page.locator(f"h3[id^='in-']:not(#in-{sid}) + ul.mentions a.cite")
            if elsewhere.count() == 0:
                continue
            other_url = follow(page, elsewhere.first, expect_fragment=True)
            assert source_id(other_url) != sid
            actor_file = urlsplit(actor_url).path.rsplit("/", 1)[1]
            # it lands on the name itself (highlighted), in a paragraph that links back to the actor once
            target = page.locator(":target")
            expect(target).to_have_class(re.compile(r"\bmention\b"))
            assert target.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
            paragraph = page.locator(f"[id='{urlsplit(other_url).fragment.split('-m')[0]}']")
            back = paragraph.locator(f"a.mention[href$='actors/{actor_file}']")
            heading = paragraph.evaluate("e => e.matches('h3, .title')")  # headings name actors without linking them
            assert back.count() == (0 if heading else 1), f"the paragraph of {other_url} links back to {actor_url} {back.count()} times"
            visited += [para_url, actor_url, other_url]
            for url in visited:
                assert url.startswith(prefix), f"left the site: {url} (expected under {prefix})"
            return visited
    pytest.fail(f"no passage of {theme_url} leads to an actor named in another source")


@pytest.mark.parametrize("where", ["root", "subpath", "disk"])
def test_reader_path(page: Page, site, where):
    prefix = {"root": site.root, "subpath": site.subpath, "disk": site.disk}[where]
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    visited = walk(page, prefix + "index.html", prefix)
    assert len(visited) == 4
    assert errors == [], f"errors on the way through {visited}: {errors}"


@pytest.mark.parametrize("where", ["root", "subpath", "disk"])
def test_search_from_the_masthead(page: Page, site, where):
    """A reader types a name into the masthead's search box, gets results, and follows one into the dossier."""
    if not (site.out / "search.html").exists():
        return  # a site without search has nothing to check here
    prefix = {"root": site.root, "subpath": site.subpath, "disk": site.disk}[where]
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(prefix + "actors/index.html")
    box = page.locator(".site-search input[type=search]")
    box.fill(STATE)
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(prefix + "search.html") + r"\?q=" + STATE))
    results = page.locator("#search-results li a")
    expect(results.first).to_be_visible()
    expect(page.locator("#search-status")).to_contain_text(STATE)
    follow(page, results.first)
    assert page.url.startswith(prefix), page.url
    expect(page.locator("h1")).to_be_visible()
    assert errors == [], errors

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

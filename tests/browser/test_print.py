"""The print stylesheet: a source page prints as its text, without the site's navigation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_source_page_prints_text_without_navigation(page: Page, site, scheme):
    source = sorted(p for p in site.html_files() if p.startswith("sources/") and p != "sources/index.html")[0]
    page.emulate_media(color_scheme=scheme)
    page.goto(site.root + source)
    expect(page.locator(".masthead nav")).to_be_visible()  # on screen it is there
    page.emulate_media(media="print")
    for screen_only in page.locator(".masthead nav, .site-search, a.skip, a.para").all():
        expect(screen_only).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    paragraphs = page.locator(".seed-text p.block.paragraph")
    assert paragraphs.count() > 3
    for i in (0, paragraphs.count() - 1):
        expect(paragraphs.nth(i)).to_be_visible()
        assert paragraphs.nth(i).inner_text().strip()
    # text prints dark on white, whatever colour scheme the screen uses
    colours = page.locator("main").evaluate(
        "m => [getComputedStyle(document.body).backgroundColor, getComputedStyle(m.querySelector('.seed-text p.block')).color]"
    )
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"], colours
    # a print of the page is a PDF with the text in it (Chromium prints headless)
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000

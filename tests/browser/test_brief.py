"""The judgments page prints as a brief: bottom line on the first A4 page, no site navigation, evidence after."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_judgments_page_prints_as_a_brief(page: Page, site):
    page.goto(site.root + "judgments.html")
    expect(page.locator(".masthead")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".masthead")).to_be_hidden()
    expect(page.locator(".bluf")).to_be_visible()
    assert page.locator("article.judgment").count() >= 1
    styles = page.evaluate(
        """() => [getComputedStyle(document.querySelector('section[aria-labelledby="h-judgments"]')).breakBefore,
                  getComputedStyle(document.body).backgroundColor]"""
    )
    assert styles == ["page", "rgb(255, 255, 255)"], styles
    assert page.locator(".bluf-list li").count() == page.locator("article.judgment").count()  # every judgment on page one

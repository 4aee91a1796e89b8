"""axe-core finds no violation on one page of every kind, in the light and in the dark colour scheme."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from dossier_fixture import STATE
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

AXE = Axe()


def open_everything(page: Page) -> None:
    """Open every <details> so the contrast of what it hides is checked too."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_one_page_of_each_kind(page: Page, site, scheme):
    # every top-level page (search.html and network.html included when the site has them), each section's
    # index and its richest page, and the about page
    pages = sorted(set(site.one_of_each_kind()) | {"pages/about.html"})
    for must in ("index.html", "sources/index.html", "actors/index.html", "themes/index.html", "timeline.html", "404.html"):
        assert must in pages, pages
    for section in ("sources/", "actors/", "themes/"):
        assert any(p.startswith(section) and not p.endswith("index.html") for p in pages), pages
    page.emulate_media(color_scheme=scheme)
    reports = {}
    for path in pages:
        page.goto(site.root + path, wait_until="load")
        if page.locator("script").count():
            page.wait_for_load_state("networkidle")
        open_everything(page)
        results = AXE.run(page)
        if results.violations_count:
            reports[path] = results.generate_report()
    assert not reports, f"axe violations ({scheme}) on {len(reports)} of {len(pages)} pages:\n" + "\n".join(
        f"=== {path}\n{report}" for path, report in reports.items()
    )


def test_axe_search_with_results(page: Page, site):
    """The search page once it shows results (what a reader sees after typing), if the site has one."""
    if not (site.out / "search.html").exists():
        return  # nothing to check on a site without search
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(site.root + f"search.html?q={STATE}", wait_until="load")
        page.wait_for_load_state("networkidle")
        results = AXE.run(page)
        assert results.violations_count == 0, f"({scheme})\n" + results.generate_report()

"""Every page loads cleanly: no console error, no uncaught exception, no failed request, no status >= 400."""

from __future__ import annotations

import pytest
from pagewatch import PageWatch, visit
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def check_all(page: Page, base: str, pages: list[str], allow_404=()) -> None:
    watch = PageWatch(page, allow_404)
    problems = {}
    for path in pages:
        if found := visit(page, base + path, watch):
            problems[path] = found
    assert not problems, "pages with problems:\n" + "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in problems.items())


def test_every_page_at_root(page: Page, site):
    pages = site.html_files()
    assert len(pages) > 20
    # 404.html is served as it is (200) here; the GitHub Pages behaviour is tested below.
    check_all(page, site.root, pages)


def test_every_page_under_subpath(page: Page, site):
    check_all(page, site.subpath, site.html_files())


def test_sample_from_disk(page: Page, site):
    pages = site.one_of_each_kind()
    assert {"index.html", "404.html", "timeline.html"} <= set(pages)
    check_all(page, site.disk, pages)


def test_every_page_as_deployed(page: Page, site):
    """The build the Pages workflow makes (base_url set: canonical links, feed, sitemap), under its subpath."""
    check_all(page, site.pages_url, site.html_files(site.pages_out))


@pytest.mark.parametrize("missing", ["no-such-page.html", "sources/no-such-source.html", "actors/a/b/deep.html"])
def test_404_page_as_github_pages_serves_it(page: Page, site, missing):
    """GitHub Pages answers any missing URL with the site's 404.html: it must find its stylesheet and its
    links must lead back into the site, however deep the missing URL was."""
    watch = PageWatch(page, allow_404=(missing,))
    response = page.goto(site.pages_url + missing, wait_until="load")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    assert watch.take() == []
    # the stylesheet applied: the skip link is moved off screen by it
    assert page.locator("a.skip").evaluate("e => getComputedStyle(e).position") == "absolute"
    for link in page.locator("main a").all():
        target = link.evaluate("a => a.href")
        assert target.startswith(site.pages_url), f"404 page link leaves the site: {target}"
        assert page.request.get(target).status == 200, target

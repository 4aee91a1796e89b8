"""The second round of attacks in a browser (issue 26): search finds a prototype key and words of every script, and the
404 page never points its links at another host."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT
from playwright.sync_api import Page, expect

from dossier.build.pipeline import build

pytestmark = pytest.mark.browser

WORDS = ["constructor", "भारत", "தமிழ்", "مُحَمَّد", "叙利亚的外交政策", "Türkiye’s"]


@pytest.fixture(scope="module")
def scripts_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("scripts") / "project"
    shutil.copytree(ROOT / "tests" / "fixture", project)
    seed = project / "seeds" / "alpha.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n" + " and ".join(WORDS) + " were all written here.\n", encoding="utf-8")
    out = project.parent / "out"
    build(project, out)
    return out


@pytest.mark.parametrize("query", [*WORDS, "भा", "CONSTRUCTOR", "turkiye"])
def test_a_word_of_any_script_or_a_prototype_key_finds_its_paragraph(page: Page, scripts_site, query):
    page.goto((scripts_site / "search.html").as_uri() + "?q=" + query)
    page.wait_for_function("q => document.documentElement.getAttribute('data-search-ready') !== null", arg=query)
    expect(page.locator("#search-results li").first).to_be_visible()
    assert "No results" not in page.locator("#search-status").inner_text()


# ---------------------------------------------------------------- the 404 page's links stay on its origin (W01)


class _Lure(__import__("http.server").server.BaseHTTPRequestHandler):
    """Another origin answering every probe with an icon, readable from anywhere: what W01 pointed the links at."""

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_HEAD(self):
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()

    do_GET = do_HEAD


@pytest.mark.parametrize("path", ["/{lure}/phish/x", "//{lure}/phish/x", "///{lure}/x", "/a//{lure}/b/x"])
def test_the_404_page_never_points_its_links_at_another_host(page: Page, tmp_path_factory, path):
    import http.server
    import threading

    from conftest import serve

    out = tmp_path_factory.mktemp("w01") / "out"
    build(ROOT / "tests" / "fixture", out)
    site = serve(out, ("",))
    lure = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Lure)
    threading.Thread(target=lure.serve_forever, daemon=True).start()
    try:
        origin = site.url.rstrip("/")
        page.goto(origin + path.format(lure=f"127.0.0.1:{lure.server_address[1]}"))
        page.wait_for_function("document.documentElement.hasAttribute('data-root')", timeout=5000)
        hrefs = page.eval_on_selector_all("a[data-root-path]", "as => as.map(a => a.href)")
        assert len(hrefs) == 4 and all(h.startswith(origin + "/") for h in hrefs), hrefs
        assert hrefs[0] == origin + "/index.html"
    finally:
        for server in (site.httpd, lure):
            server.shutdown()
            server.server_close()

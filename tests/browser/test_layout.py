"""The phone masthead and the stance matrix, measured in a browser on the fixture dossier (issue 25, point 6)."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT
from playwright.sync_api import Page, expect

from dossier.build.pipeline import build

pytestmark = pytest.mark.browser
FIXTURE = ROOT / "tests" / "fixture"
PHONE = {"width": 390, "height": 844}
EXTRA = 5  # themes added to the fixture's two: seven columns, as many as a real dossier's matrix


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    """The fixture dossier with seven themes, each with stances, built; its output folder as a file:// URL."""
    scratch = tmp_path_factory.mktemp("layout")
    project = scratch / "project"
    shutil.copytree(FIXTURE, project)
    bases = (project / "content" / "themes" / "bases.yaml").read_text(encoding="utf-8")
    ids = [f"extra-{n}" for n in range(1, EXTRA + 1)]
    for tid in ids:
        text = bases.replace("id: bases", f"id: {tid}").replace("title: Bases", f"title: A longer theme title number {tid[-1]}")
        (project / "content" / "themes" / f"{tid}.yaml").write_text(text, encoding="utf-8")
    site = project / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("themes: [balancing, bases]", f"themes: [balancing, bases, {', '.join(ids)}]"))
    build(project, scratch / "output")
    return (scratch / "output").as_uri() + "/"


def test_phone_masthead_is_one_line_with_a_menu(page: Page, wide):
    page.set_viewport_size(PHONE)
    page.goto(wide + "themes/bases.html")
    head = page.locator(".masthead").bounding_box()
    brand, menu = page.locator(".brand").bounding_box(), page.locator(".menu > summary").bounding_box()
    assert head["height"] <= 64, head  # one line: it was four lines and a search box, 224 px
    assert abs(brand["y"] - menu["y"]) < 12 and brand["height"] < 32, (brand, menu)
    expect(page.locator(".masthead > nav")).to_be_hidden()
    page.locator(".menu > summary").click()
    expect(page.locator(".menu a", has_text="Sources")).to_be_visible()
    expect(page.locator("#menu-q")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_wide_masthead_has_no_menu(page: Page, wide):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(wide + "index.html")
    expect(page.locator(".menu")).to_be_hidden()
    expect(page.locator(".masthead > nav")).to_be_visible()


def matrix(page: Page, wide: str, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(wide + "themes/index.html")
    return page.locator(".matrix-wrap")


@pytest.mark.parametrize("width", [1280, 1440])
def test_matrix_fits_a_desktop_window_using_its_width(page: Page, wide, width):
    wrap = matrix(page, wide, width)
    client, scroll = wrap.evaluate("w => [w.clientWidth, w.scrollWidth]")
    assert scroll <= client, f"clipped at {width}: needs {scroll} px, has {client}"
    box = wrap.bounding_box()
    text = page.locator("main h1").bounding_box()
    assert box["width"] > text["width"] + 100 and box["x"] >= 0 and box["x"] + box["width"] <= width, (box, text)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [992, 390])
def test_matrix_scrolls_visibly_where_it_must(page: Page, wide, width):
    """Too narrow for seven columns: the box scrolls (every column reachable), the source column stays put, nothing
    is cut off at the page's edge, and the box shows an edge shadow (a phone also gets the written hint)."""
    wrap = matrix(page, wide, width)
    client, scroll = wrap.evaluate("w => [w.clientWidth, w.scrollWidth]")
    if scroll <= client:
        pytest.skip(f"seven columns fit at {width} px")
    assert wrap.evaluate("w => getComputedStyle(w).overflowX") in ("auto", "scroll")
    assert "radial-gradient" in wrap.evaluate("w => getComputedStyle(w).backgroundImage")  # the edge shadow
    box = wrap.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    label = page.locator(".matrix tbody th").first
    before = label.bounding_box()["x"]
    wrap.evaluate("w => w.scrollLeft = w.scrollWidth")
    assert abs(label.bounding_box()["x"] - before) < 1, "the source column scrolled away"
    last = page.locator(".matrix thead th").last.bounding_box()
    assert last["x"] + last["width"] <= box["x"] + box["width"] + 1, "the last column cannot be reached"
    if width < 700:
        expect(page.locator(".scroll-hint")).to_be_visible()

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


@pytest.fixture(scope="module")
def long_titles(tmp_path_factory):
    """The fixture dossier with a title and pages as long as a real dossier's (43 characters; "About this dossier",
    "Method and editorial conventions": ten links in the nav), built; its output folder as a file:// URL."""
    scratch = tmp_path_factory.mktemp("masthead")
    project = scratch / "project"
    shutil.copytree(FIXTURE, project)
    site = project / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("title: Fixture dossier", 'title: "Ruritania after the deal: a fixture dossier"')
    )
    pages = project / "content" / "pages"
    about = pages / "about.yaml"
    about.write_text(about.read_text(encoding="utf-8").replace("title: About", "title: About this dossier"))
    (pages / "method.yaml").write_text(
        "id: method\ntitle: Method and editorial conventions\nbody: |\n  How it is made.\n", encoding="utf-8"
    )
    build(project, scratch / "output")
    return (scratch / "output").as_uri() + "/"


def masthead_rows(page: Page) -> list[int]:
    """The lines the masthead's visible parts sit on (the top of each, rounded; within 12 px is one line)."""
    tops = page.evaluate(
        """() => [...document.querySelectorAll('.masthead .brand, .masthead > nav li, .masthead > .site-search, .masthead > .menu')]
                 .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().top)"""
    )
    rows: list[int] = []
    for top in sorted(tops):
        if not rows or top - rows[-1] > 12:
            rows.append(round(top))
    return rows


def test_desktop_masthead_is_two_lines_at_1280(page: Page, long_titles):
    """Title and search box, then the ten links: it was four lines (title, links, the links' overflow, search), 170 px."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(long_titles + "themes/bases.html")
    expect(page.locator(".masthead > nav a", has_text="Method and editorial conventions")).to_be_visible()
    rows = masthead_rows(page)
    head = page.locator(".masthead").bounding_box()
    assert len(rows) <= 2, rows
    assert head["height"] <= 100, head
    search, brand = page.locator("#site-q").bounding_box(), page.locator(".brand").bounding_box()
    assert abs((search["y"] + search["height"] / 2) - (brand["y"] + brand["height"] / 2)) < 12, (brand, search)  # on the title's line
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_phone_masthead_stays_one_line_with_long_titles(page: Page, long_titles):
    page.set_viewport_size(PHONE)
    page.goto(long_titles + "themes/bases.html")
    assert len(masthead_rows(page)) == 1
    assert page.locator(".masthead").bounding_box()["height"] <= 64
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


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

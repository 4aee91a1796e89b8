"""Search in a browser (issue 26, point 5): a prototype key and words of other scripts are found as the index holds them."""

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

"""Information cut-off: site.yaml information_limit, and the one computation behind "information as of"."""

from __future__ import annotations

import re

from dossier.build.pipeline import build
from dossier.build.stages import stale_information
from dossier.text.index import information_as_of, newest_source, older_than


def limit(project, date: str) -> None:
    site = project / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + f'information_limit: "{date}"\n', encoding="utf-8")


def test_a_theme_resting_only_on_older_sources_is_a_warning_and_a_newer_limit_is_not_reached(project):
    limit(project, "2025-03")
    warned = [str(w) for w in build(project, write=False).warnings]
    assert any("theme 'bases' rests only on sources written before 2025-03 (the latest: 2025-02)" in w for w in warned)
    assert not any("theme 'balancing'" in w for w in warned)  # beta, written no earlier than March 2025, is not older


def test_judgments_are_checked_on_their_claims_sources_where_the_dossier_has_them(project):
    limit(project, "2025-03")
    state = build(project, write=False, keep=True).state
    content = state.content
    claim = content.sources["alpha"]["claims"][0]
    claim["id"] = "alpha-met"
    content.judgments = {"judgments": [{"id": "old-news", "statement": "Berg met Putin.", "for": ["alpha-met"]}]}
    warned = [w.message for w in stale_information(content, state.index)]
    assert warned == ["judgment 'old-news' rests only on sources written before 2025-03 (the latest: 2025-02)"]


def test_dates_of_any_precision_compare_by_what_they_say():
    assert older_than("2024-12", "2025-01") and not older_than("2025-01", "2025-01-15") and not older_than("2025", "2025-06")
    sources = [
        {"published": None, "written": {"not_after": "2024-12"}},
        {"published": "2025-02", "written": None},
        {"published": None, "written": None},
    ]
    assert newest_source(sources) is sources[1] and information_as_of(sources) == "2025-02"
    assert information_as_of([sources[2]]) is None


def test_front_and_theme_pages_say_what_their_information_is_as_of_once(project):
    out = project / "output"
    build(project, out)
    front = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="as-of">Information as of the newest source, the <a href="sources/beta.html">' in front
    assert (out / "themes" / "bases.html").read_text(encoding="utf-8").count('class="as-of"') == 1  # its bottom line's
    theme = project / "content" / "themes" / "bases.yaml"
    theme.write_text(re.sub(r"^bottom_line: \|\n(  .*\n)+", "", theme.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    build(project, out)
    bases = (out / "themes" / "bases.html").read_text(encoding="utf-8")  # no bottom line: its claims and stated stances
    assert bases.count('class="as-of"') == 1
    assert 'its claims and positions rest on, the <a href="../sources/alpha.html">' in bases
    assert "written between January 2025 and 1 February 2025" in bases

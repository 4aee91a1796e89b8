"""Computed counts in prose ({sources:word}), and counts typed by hand beside the texts they count."""

from __future__ import annotations

import pytest
from helpers import run_cli

from dossier.model import counts
from dossier.problems import Report


@pytest.mark.parametrize(
    "text, n, shown",
    [
        ("{sources}", 5, "5"),
        ("{sources:word}", 5, "five"),
        ("{sources:Word} analyses", 5, "Five analyses"),
        ("{sources:Word analysis/analyses}", 1, "One analysis"),
        ("{sources:word analysis/analyses}", 21, "twenty-one analyses"),
        ("{sources:word}", 140, "140"),
    ],
)
def test_placeholders_show_the_computed_count(text, n, shown):
    report = Report()
    assert counts.fill(text, {"sources": n}, "site.yaml", 3, "description", report) == shown
    assert report.problems == []


def test_an_unknown_count_is_an_error_with_a_did_you_mean(project):
    site = project / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("description: A tiny dossier for tests.", "description: Made of {sorces} texts.")
    )
    done = run_cli("check", "--project", str(project))
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == "site.yaml:2: error: description: unknown count '{sorces}' (hint: did you mean 'sources'?)"


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("Five analyses of Syria's foreign relations.", ["Five"]),
        ("only two of the five sources name them", ["two", "five"]),
        ("rests on one US-oriented text", ["one"]),
        ("Sanctions appear in the sources in two forms.", []),
        ("{sources:Word} analyses, written in 2025 about one country.", []),
        ("see [the 3 texts](source:a#p3)", ["3"]),
    ],
)
def test_a_number_typed_before_source_analysis_article_or_text_is_found(text, flagged):
    assert [word for _, word in counts.typed_counts(text)] == flagged


def test_a_typed_count_is_a_warning_and_the_computed_one_renders(project, tmp_path):
    site = project / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("description: A tiny dossier for tests.", "description: Two articles, cross-linked.")
    )
    done = run_cli("check", "--project", str(project))
    assert [line for line in done.stderr.splitlines() if "warning" in line] == [
        "site.yaml:2: warning: description: 'Two' is a count typed by hand beside the texts it counts; it goes stale when a source is added "
        "(hint: write {sources} or {sources:word} (the build counts), or say it without a number)"
    ]
    site.write_text(
        site.read_text(encoding="utf-8").replace(
            "description: Two articles, cross-linked.", 'description: "{sources:Word article/articles}, cross-linked."'
        )
    )
    built = run_cli("--strict", "--project", str(project), "--out", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    assert "Two articles, cross-linked." in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")

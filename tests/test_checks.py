"""The curator's checks: each fed its fault, its message pinned; a warning, an error under --strict."""

from __future__ import annotations

import re

import pytest
from helpers import run_cli

PAD = "This sentence pads the fixture's profile to the documented length for the builder's tests, and it says nothing about any invented text beyond what it states."  # fmt: skip


def change(project, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def only_line(project, *args: str) -> str:
    """Run `check`: it passes with exactly one warning; with --strict the same line is an error and it fails."""
    done = run_cli("check", "--project", str(project), *args)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 1, done.stderr
    strict = run_cli("check", "--strict", "--project", str(project), *args)
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [warnings[0].replace(": warning: ", ": error: ", 1), "Check failed: 1 problem."]
    return warnings[0]


CASES = {
    "claim-actor-not-named": (
        lambda p: change(p, "content/sources/beta.yaml", "actors: [ruritania]\n", "actors: [ruritania, vladimir-putin]\n"),
        "content/sources/beta.yaml:19: warning: claims[1].actors[1]: 'vladimir-putin' is not named in the quoted paragraph p2 (by an alias or an adjective) "
        "(hint: tag only the actors that paragraph names, or add the form it uses to the actor's aliases or demonyms)",
    ),
    "claims-empty": (
        lambda p: change(
            p,
            "content/sources/beta.yaml",
            re.search(r"claims:\n.*?(?=written:)", (p / "content/sources/beta.yaml").read_text(), re.S).group(0),
            "claims: []\n",
        ),
        "content/sources/beta.yaml:11: warning: claims: lists no claims "
        "(hint: add at least one: text in your words, a verbatim quote from one paragraph, its actors and themes)",
    ),
    "seed-without-record": (
        lambda p: (p / "seeds" / "gamma.txt").write_text("Gamma\n\nA new article nobody has recorded yet.\n", encoding="utf-8"),
        "seeds/gamma.txt:1: warning: no source record names this seed, so the site leaves it out (hint: run: dossier new-source seeds/gamma.txt)",
    ),
    "source-summary-short": (
        lambda p: change(p, "content/sources/beta.yaml", f" {PAD}" * 5, ""),
        "content/sources/beta.yaml:10: warning: summary: 4 words, outside the documented 120–250 "
        "(hint: say more from the text: what it argues, and on what evidence)",
    ),
    "source-summary-long": (
        lambda p: change(p, "content/sources/beta.yaml", f" {PAD}" * 5, f" {PAD}" * 10),
        "content/sources/beta.yaml:10: warning: summary: 264 words, outside the documented 120–250 (hint: shorten it)",
    ),
    "actor-summary-short": (
        lambda p: change(p, "content/actors/russia.yaml", f" {PAD}" * 3, ""),
        "content/actors/russia.yaml:6: warning: summary: 1 word, outside the documented 60–150 "
        "(hint: say more from the text: what it argues, and on what evidence)",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_each_check_warns_with_its_message_and_fails_under_strict(project, name):
    fault, message = CASES[name]
    fault(project)
    assert only_line(project) == message


def test_a_stub_actor_needs_no_role_or_profile(project):
    (project / "content" / "actors" / "example-news.yaml").write_text("name: Example News\nkind: outlet\naliases: []\n", encoding="utf-8")
    done = run_cli("check", "--strict", "--project", str(project))
    assert (done.returncode, done.stderr) == (0, "")
    built = run_cli("--project", str(project), "--out", str(project.parent / "out"))
    page = (project.parent / "out" / "actors" / "example-news.html").read_text(encoding="utf-8")
    assert built.returncode == 0 and "../sources/alpha.html#p12" in page and "Profile" not in page

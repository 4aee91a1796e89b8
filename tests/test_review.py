"""The review queue: names no alias links, found where editors look (build, check, drafts), with few false alarms."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT, run_cli

from dossier.editor.review import unlinked_names
from dossier.model.yamlfile import Mapping
from dossier.problems import Report
from dossier.text.ingest import ingest
from dossier.text.link import link_mentions
from dossier.text.mentions import build_matcher

ARTICLE = ROOT / "tests" / "articles" / "coastal-bargain.txt"  # written for this test: 18 planted names no alias links
PLANTED = {
    "Andrei Belousov", "Belousov", "Khmeimim", "Marta Kowalczyk", "Kowalczyk", "Mediterranean", "Warsaw", "Libya", "Benghazi",
    "Latakia", "Khalid Haddad", "Syrian Democratic Forces", "Qamishli", "Sergei Lavrov", "Lavrov", "Black Sea Fleet", "Baniyas",
    "Wagner",
}  # fmt: skip


def actor(aid: str, name: str, aliases=(), demonyms=()) -> Mapping:
    record = Mapping({"id": aid, "name": name, "aliases": list(aliases), "demonyms": list(demonyms)})
    record.file = f"content/actors/{aid}.yaml"
    return record


ACTORS = {
    a["id"]: a
    for a in (
        actor("russia", "Russia", ["Moscow", "Kremlin"], ["Russian"]),
        actor("syria", "Syria", ["Damascus"], ["Syrian"]),
        actor("tartus", "Tartus"),
        actor("hmeimim", "Hmeimim", ["Hmeymim"]),
        actor("united-states", "United States", ["Washington"], ["American"]),
        actor("bashar-al-assad", "Bashar al-Assad", ["Assad", "al-Assad"]),
    )
}


def queue_of(text: str, themes: dict | None = None, never=()):
    """The review queue of one article, linked with ACTORS exactly as the build links a seed."""
    seed = ingest(text, [])
    link_mentions(None, {"a": seed}, build_matcher(ACTORS, list(never), Report()))
    return unlinked_names({"a": seed}, ACTORS, themes or {}, never), sum(len(b.text.split()) for b in seed.blocks)


def test_an_unseen_article_yields_at_least_90_percent_of_its_names_and_at_most_one_false_alarm_per_300_words():
    queue, words = queue_of(ARTICLE.read_text(encoding="utf-8"))
    names = {entry.name for entry in queue}
    assert len(names & PLANTED) >= 0.9 * len(PLANTED), sorted(PLANTED - names)
    assert len(names - PLANTED) <= words / 300, sorted(names - PLANTED)


@pytest.mark.parametrize(
    "text, name",
    [
        ("The visit was brief. Russian Defence Minister Andrei Belousov arrived in Damascus.", "Andrei Belousov"),
        ("The Syrian Democratic Forces still hold the town.", "Syrian Democratic Forces"),
        ("It was quiet. Latakia is where the bargain will be tested.", "Latakia"),
        ("It was quiet. Belousov brought engineers to Damascus.", "Belousov"),
        ("Iraqi Prime Minister Mohammed Shia al-Sudani hosted the meeting.", "Mohammed Shia al-Sudani"),
        ("Moscow says that Hayat Tahrir al-Sham controls the town.", "Hayat Tahrir al-Sham"),
    ],
    ids=[
        "after-a-demonym-and-titles",
        "a-demonym-inside-the-name",
        "a-place-opening-a-sentence",
        "a-surname-opening-a-sentence",
        "after-titles",
        "al-particle",
    ],
)
def test_blind_spots_a_name_next_to_a_linked_word_or_opening_a_sentence(text, name):
    queue, _ = queue_of(text)
    assert [entry.name for entry in queue] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "However, the talks went on. Officials said little. Trucks now cross the border. Available figures are poor.",
        "Even so, Well-informed sources spoke of a deal in March. Responsibility lies elsewhere.",
        "Moscow and Damascus met on Tuesday. Washington's envoy came later.",
    ],
)
def test_ordinary_words_opening_sentences_are_not_names(text):
    assert queue_of(text)[0] == []


def test_a_never_link_phrase_is_the_editors_decision_and_leaves_the_queue():
    assert queue_of("The paper Coastal Herald reported it.", never=["Coastal Herald"])[0] == []


def test_a_spelling_one_edit_from_an_alias_or_index_term_is_proposed_with_what_it_is_close_to():
    themes = {"bases": Mapping({"id": "bases", "terms": ["airbase", "garrison"]})}
    queue, _ = queue_of("The Khmeimim base is busy. The garrisson is small. Based in Moscow, it grew.", themes)
    assert [str(e) for e in queue] == [
        "Khmeimim ×1  first at a#p1  (1 edit from 'Hmeimim' (alias of hmeimim))",
        "garrisson ×1  first at a#p1  (1 edit from 'garrison' (index term of bases))",
    ]


def test_every_build_ends_with_the_queue_count_and_check_lists_it(project):
    (project / "seeds" / "alpha.txt").write_text(
        (project / "seeds" / "alpha.txt").read_text(encoding="utf-8") + "\nLatakia is where Marta Kowalczyk works.\n", encoding="utf-8"
    )
    built = run_cli("--project", str(project), "--out", str(project.parent / "out"))
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[-1] == "3 names no alias links: `dossier check` lists them."
    checked = run_cli("check", "--project", str(project))
    lines = checked.stdout.splitlines()
    assert lines[0].startswith("Review queue: 3 names or spellings no alias links")
    assert {re.sub(r" ×.*", "", line.strip()) for line in lines[1:4]} == {"Example News", "Latakia", "Marta Kowalczyk"}


def test_a_new_source_draft_lists_the_names_no_alias_links(project):
    (project / "seeds" / "gamma.txt").write_text(
        "Gamma\n\nBy a correspondent\n\nLatakia is where Marta Kowalczyk met Putin in Moscow.\n", encoding="utf-8"
    )
    done = run_cli("new-source", "seeds/gamma.txt", "--project", str(project), cwd=project)
    assert done.returncode == 0, done.stderr
    draft = (project / "content" / "sources" / "gamma.yaml").read_text(encoding="utf-8")
    assert "# Review queue: 2 names no alias links (give each an actor, a stub will do: name, kind, aliases):" in draft
    assert "#   Latakia ×1  first at gamma#p3" in draft and "#   Marta Kowalczyk ×1  first at gamma#p3" in draft
    assert "\nblock_kinds:\n  p2: byline\n" in draft  # a "By …" line is proposed as the byline it is
    assert draft.startswith("# yaml-language-server: $schema=../../.dossier/schema/source.json\n")


def test_a_new_source_draft_takes_share_and_navigation_lines_for_residue_not_for_the_title(project):
    (project / "seeds" / "gamma.txt").write_text(
        "Skip to main content\n\nShare this article\n\nShare on Facebook\n\nThe Port Deal Stalls\n\nBy a correspondent\n\n"
        "Talks in Moscow ended without a deal on Monday.\n\nBack to top\n",
        encoding="utf-8",
    )
    done = run_cli("new-source", "seeds/gamma.txt", "--project", str(project), cwd=project)
    assert done.returncode == 0, done.stderr
    assert "title “The Port Deal Stalls”" in done.stdout
    draft = (project / "content" / "sources" / "gamma.yaml").read_text(encoding="utf-8")
    assert "\ntitle: The Port Deal Stalls\n" in draft
    for line in ("Skip to main content", "Share this article", "Share on Facebook", "Back to top"):
        assert f"- {line}\n" in draft, line
    assert "# kind: one of analysis, opinion, policy-brief, news-analysis, news-report, interview." in draft


def test_serve_prints_the_queue_after_a_full_build_and_the_edited_sources_after_an_update(project, tmp_path, capsys):
    from dossier.serve.incremental import Session
    from dossier.serve.server import Preview, show_queue

    session = Session(project, tmp_path / "served")
    session.rebuild()
    preview = Preview(project, None)
    show_queue(session, "full", preview)
    assert capsys.readouterr().out.splitlines()[:2] == [
        "Review queue: 1 name or spelling no alias links (a name: add it to an actor's aliases, or a stub actor; a word to leave "
        "unlinked: never_link or review.ignore in site.yaml; a misspelt index term: the theme's terms):",
        "  Example News ×1  first at alpha#p12",
    ]
    assert [entry.name for entry in preview.queue] == ["Example News"]  # and the browser's note lists it
    show_queue(session, "beta", preview)
    assert capsys.readouterr().out == ""  # beta names nobody unlinked: nothing to say
    assert [entry.name for entry in preview.queue] == ["Example News"]  # alpha's entry stays in the browser's list


def test_generic_words_and_compass_words_alone_leave_the_queue_and_capitals_stay_in_it():
    text = (
        "Company accounts were filed. Insurance costs rose. The Norwegian Police Security Service said little. "
        "The Svalbard Treaty holds. East and West met. Arab envoys came. It was quiet. Beijing said nothing. "
        "The Coastal Shipping Company and Marta Kowalczyk disagreed."
    )
    names = [e.name for e in queue_of(text)[0]]
    for word in ("Company", "Insurance", "Service", "Treaty", "East", "West", "Arab"):
        assert word not in names, word
    assert {"Beijing", "Svalbard Treaty", "Coastal Shipping Company", "Marta Kowalczyk"} <= set(names), names


def test_site_yaml_sets_what_the_queue_leaves_out(project):
    seed = project / "seeds" / "alpha.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nEast and West met in Latakia.\n", encoding="utf-8")

    def listed() -> set[str]:
        lines = run_cli("check", "--project", str(project)).stdout.splitlines()
        return {re.sub(r" ×.*", "", line.strip()) for line in lines if line.startswith("  ")}

    assert listed() == {"Example News", "Latakia"}
    site = project / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "review:\n  ignore: [Example News]\n  generic: false\n", encoding="utf-8")
    assert listed() == {"East", "West", "Latakia"}


def test_every_remedy_the_queue_names_clears_its_entry(project):
    """The hint is true: an alias, a never_link phrase and review.ignore each take 'Example News' off the queue."""
    site = project / "site.yaml"
    original = site.read_text(encoding="utf-8")

    def queued() -> bool:
        return "Example News" in run_cli("check", "--project", str(project)).stdout

    assert queued()
    for remedy in ("never_link: [Ruritania TV]", "review: {ignore: [Example News]}"):
        site.write_text(
            original.replace("never_link: [Ruritania TV]", "never_link: [Ruritania TV, Example News]")
            if remedy.startswith("never")
            else original + remedy + "\n",
            encoding="utf-8",
        )
        assert not queued(), remedy
    site.write_text(original, encoding="utf-8")
    (project / "content" / "actors" / "example-news.yaml").write_text("name: Example News\nkind: outlet\naliases: []\n", encoding="utf-8")
    assert not queued()


def test_serves_note_counts_what_check_counts_after_every_save(project, tmp_path):
    """A name two sources share is listed once, with check's count, however often a source is saved."""
    from dossier.serve.incremental import Session
    from dossier.serve.server import Preview, show_queue

    for name in ("alpha", "beta"):
        seed = project / "seeds" / f"{name}.txt"
        seed.write_text(seed.read_text(encoding="utf-8") + "\nThe talks were held in Latakia.\n", encoding="utf-8")
    session = Session(project, tmp_path / "served")
    session.rebuild()
    preview = Preview(project, None)
    show_queue(session, "full", preview)
    record = project / "content" / "sources" / "beta.yaml"
    for n in range(3):
        record.write_text(re.sub(r"^summary: ", f"summary: Edit {n}. ", record.read_text(encoding="utf-8"), count=1, flags=re.M))
        _, how = session.rebuild()
        assert how == "beta"
        show_queue(session, how, preview)
    checked = run_cli("check", "--project", str(project)).stdout.splitlines()
    assert [str(e) for e in preview.queue] == [line.strip() for line in checked if line.startswith("  ")]
    assert [e.name for e in preview.queue].count("Latakia") == 1


def linked(text: str):
    """One seed, its mentions linked with ACTORS as a build links them."""
    seed = ingest(text, [])
    link_mentions(None, {"a": seed}, build_matcher(ACTORS, [], Report()))
    return seed


def test_serves_kept_shares_follow_an_edited_seed_and_give_the_queue_worked_out_afresh():
    """serve keeps each seed's share of the queue across saves: a seed saved with new text is counted again."""
    from dossier.editor.review import Shares

    kept = Shares()
    seeds = {"a": linked("It was quiet. Andrei Belousov arrived in Damascus."), "b": linked("Nothing new in Tartus today.")}
    before = unlinked_names(seeds, ACTORS, {}, kept=kept)
    assert "Khalid Haddad" not in {e.name for e in before}
    seeds["b"] = linked("It was quiet. Khalid Haddad arrived in Tartus. Hmeymin was calm.")
    after = unlinked_names(seeds, ACTORS, {}, kept=kept)
    assert [vars(e) for e in after] == [vars(e) for e in unlinked_names(seeds, ACTORS, {})]
    assert {"Khalid Haddad", "Hmeymin"} <= {e.name for e in after}

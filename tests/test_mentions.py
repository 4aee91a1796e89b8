"""The alias matcher: longest match, possessives, seats of power, never-link phrases, demonyms."""

from dossier.model.yamlfile import parse
from dossier.problems import Report
from dossier.text.mentions import build_matcher


def actor(text):
    record = parse(text)
    record.file = "x.yaml"
    record.setdefault("demonyms", [])
    record.setdefault("aliases", [])
    return record


ACTORS = {
    "sharaa": actor("name: Ahmed al-Sharaa\naliases: [Ahmad al-Sharaa, al-Sharaa, Al-Sharaa, Sharaa, Shara]\n"),
    "russia": actor("name: Russia\naliases: [Moscow, Kremlin]\ndemonyms: [Russian]\n"),
    "us": actor("name: United States\naliases: [U.S., US, Washington, White House]\n"),
    "syria": actor("name: Syria\naliases: [Damascus]\ndemonyms: [Syrian]\n"),
    "syria-tv": actor("name: Syria TV\n"),
}


def found(text, never=()):
    matcher = build_matcher(ACTORS, list(never), Report())
    return [(text[s:e], a, f) for s, e, a, f in matcher.find(text)]


def test_longest_match_wins():
    assert found("Ahmad al-Sharaa and Sharaa and Shara") == [
        ("Ahmad al-Sharaa", "sharaa", "name"),
        ("Sharaa", "sharaa", "name"),
        ("Shara", "sharaa", "name"),
    ]


def test_possessives_with_both_apostrophes():
    assert [m[0] for m in found("Sharaa’s visit and Moscow's bases")] == ["Sharaa", "Moscow"]


def test_seats_of_power_and_dotted_abbreviations():
    assert [(m[0], m[1]) for m in found("the Kremlin, the White House and U.S. forces; U.S./NATO")] == [
        ("Kremlin", "russia"),
        ("White House", "us"),
        ("U.S.", "us"),
        ("U.S.", "us"),
    ]


def test_no_match_inside_words_or_lowercase():
    assert found("Iranian Russians status us usual Sharaas") == []


def test_outlet_is_not_the_state():
    assert [(m[0], m[1]) for m in found("writes in Syria TV about Syria")] == [("Syria TV", "syria-tv"), ("Syria", "syria")]


def test_never_link_shields_the_shorter_alias():
    assert found("The Moscow Times reports from Moscow", never=["The Moscow Times"]) == [("Moscow", "russia", "name")]


def test_demonyms_are_marked_as_such():
    assert found("Russian President") == [("Russian", "russia", "demonym")]


def test_collisions_and_single_letters_are_errors():
    report = Report()
    clash = dict(ACTORS, other=actor("name: Other\naliases: [Moscow, X]\n"))
    build_matcher(clash, [], report)
    messages = [p.message for p in report.errors]
    assert "alias 'Moscow' is also claimed by actor 'russia' (content/actors/russia.yaml:2)" in messages[1] or any(
        "also claimed" in m for m in messages
    )
    assert any("single letter" in m for m in messages)

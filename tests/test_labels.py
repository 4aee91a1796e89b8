"""Labels that say what they are, and text as the seeds hold it (issue 24 points 2 and 3), on the fixture dossier."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from helpers import run_cli
from test_checks import change

from dossier.model.hedges import hedge_classes
from dossier.render.pages import environment
from dossier.render.quotes import quote_marks

BETA = "content/sources/beta.yaml"


def build(project, *args: str):
    out = project.parent / "out"
    done = run_cli("--project", str(project), "--out", str(out), "--strict", *args)
    assert done.returncode == 0, done.stderr
    return out


def text_of(out, page: str) -> str:
    html = (out / page).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        ("Berg called it “a sea of peace.”", "‘Berg called it “a sea of peace.”’"),
        ("Berg called it «une mer de paix»", "‘Berg called it «une mer de paix»’"),
        ('Berg called it "a sea of peace."', '‘Berg called it "a sea of peace."’'),
        ("Berg called it 'a sea of peace.'", "“Berg called it 'a sea of peace.'”"),
        ("“A sea of peace,” Berg said", "“A sea of peace,” Berg said"),
        ("a sea of peace", "“a sea of peace”"),
    ],
)
def test_a_quote_s_own_closing_mark_never_doubles_with_the_page_s(quote, shown):
    rendered = (
        environment(None).from_string('{% from "_macros.html" import quoted %}{{ quoted(q) }}').render(q=quote, quote_marks=quote_marks)
    )
    assert rendered.replace("&#34;", '"').replace("&#39;", "'") == shown
    for doubled in ("””", "»”", '"”', "““", "’’"):
        assert doubled not in shown


def test_a_claim_quote_ending_in_its_own_mark_renders_once_on_every_page(project):
    change(
        project,
        BETA,
        "    confidence: likely\n",
        "    confidence: likely\n  - text: Berg rejects forced choices.\n"
        "    quote: Anna Berg said “no choice is forced on us”\n    actors: [anna-berg]\n    themes: [balancing]\n    kind: fact\n",
    )
    out = build(project)
    for page in ("sources/beta.html", "actors/anna-berg.html", "themes/balancing.html", "claims-by-kind.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "‘Anna Berg said “no choice is forced on us”’" in html, page
        assert "””" not in html, page


def test_an_nfd_seed_is_matched_by_an_nfc_alias_and_quote(project):
    nfd = unicodedata.normalize("NFD", "Malmö")
    assert nfd != "Malmö"
    seed = project / "seeds" / "beta.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("Officials in Washington said", f"Officials in Washington and {nfd} said"),
        encoding="utf-8",
    )
    (project / "content" / "actors" / "malmo.yaml").write_text("name: Malmö\nkind: place\naliases: [Malmö]\n", encoding="utf-8")
    change(
        project,
        BETA,
        '    quote: "Ruritania\'s balancing act worries the U.S."',
        '    quote: "Officials in Washington and Malmö said Ruritania\'s balancing act"',
    )
    done = run_cli("check", "--strict", "--project", str(project))
    assert done.returncode == 0, done.stderr  # the actor is named, the quote found
    out = build(project)
    page = (out / "sources" / "beta.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="mention"[^>]*href="../actors/malmo.html[^"]*"[^>]*>Malmö</a>', page), "the whole word is the link"
    assert nfd not in page  # normalised once, at load: what the reader sees is the seed's characters, composed


def test_feed_carries_real_dates_or_none(project):
    out = build(project, "--base-url", "https://example.org/d/")
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "2000-01-01" not in feed
    atom = "{http://www.w3.org/2005/Atom}"
    entries = {e.findtext(f"{atom}title"): e.findtext(f"{atom}updated") for e in ET.fromstring(feed).findall(f"{atom}entry")}
    assert entries == {"Alpha Title About Moscow": "2025-02-01T00:00:00Z", "Washington and the base question": None}
    assert ET.fromstring(feed).findtext(f"{atom}updated") == "2025-02-01T00:00:00Z"


def berg_meets_dated(project, date: str, qualifier: str) -> str:
    """The fixture's 'Berg meets' event redated with a qualifier; the built timeline's text."""
    events = project / "content" / "events.yaml"
    old, new = '- date: "2025-02"\n  title: Berg meets', f'- date: "{date}"\n  date_qualifier: {qualifier}\n  title: Berg meets'
    events.write_text(events.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return text_of(build(project), "timeline.html")


def test_open_ended_events_sort_after_bounded_ones_and_show_their_bound(project):
    text = berg_meets_dated(project, "2025-01", "after")
    assert text.index("February 2025 Ruritania says") < text.index("Dated only as after a point") < text.index("After January 2025")
    assert "After January 2025, reported by February 2025 Berg meets" in text


def test_an_event_dated_by_a_month_says_by_and_sorts_as_before_it(project):
    """'by' (at the latest in that month) reads as such, not as the stricter 'Before' (fact-check G3)."""
    text = berg_meets_dated(project, "2025-03", "by")
    assert "By March 2025 Berg meets" in text and "Before March 2025" not in text


def test_footer_network_and_exports_say_what_they_are(project):
    change(project, BETA, "    confidence: likely\n", "    confidence: likely\n    hedge_class: likelihood\n")
    out = build(project)
    assert "Every quote is found verbatim in its source" in text_of(out, "index.html")
    # Keyword counts say they are keyword counts, never read as sources that discuss a theme (fact-check G6).
    assert re.search(r"\d+ passages? naming its index terms, in \d+ sources?", text_of(out, "index.html"))
    network = text_of(out, "network.html")
    assert "Named in the same paragraph" in network and "Most often named in the same paragraph" in network
    assert "Anna Berg leads Ruritania · as of February 2025 · Alpha Title About Moscow, ¶4" in network
    claims = list(csv.DictReader(io.StringIO((out / "exports" / "claims.csv").read_text(encoding="utf-8"))))
    assert {c["kind"] for c in claims} == {"reported-fact", "assessment", "forecast"}
    assert [(c["confidence"], c["hedge_class"]) for c in claims if c["confidence"]] == [("likely", "likelihood")]
    disputes = list(csv.DictReader(io.StringIO((out / "exports" / "disputes.csv").read_text(encoding="utf-8"))))
    assert [d["answer"] for d in disputes] == ["no", "yes"]
    card = (out / "sources" / "beta.html").read_text(encoding="utf-8")
    assert 'source’s wording “likely” <span class="hedge-class">(likelihood)</span>' in card


def test_a_stance_not_applicable_is_shown_apart_from_not_discussed(project):
    change(project, "content/themes/bases.yaml", "    discussed: false\n", "    not_applicable: Written before the base existed.\n")
    out = build(project)
    assert '<span class="stance-none stance-na" title="Written before the base existed.">not applicable</span>' in (
        out / "themes" / "index.html"
    ).read_text(encoding="utf-8")
    stances = list(csv.DictReader(io.StringIO((out / "exports" / "stances.csv").read_text(encoding="utf-8"))))
    assert [s["status"] for s in stances if s["theme"] == "bases" and s["source"] == "beta"] == ["not applicable"]


def test_claims_by_kind_count_each_claim_once(project):
    change(project, BETA, "    themes: [balancing]\n    kind: fact", "    themes: [balancing, bases]\n    kind: fact")
    change(
        project,
        "content/themes/bases.yaml",
        "    discussed: false\n    note: Names the base question in its title only.\n",
        "    position: The base question worries Washington\n    quote: Ruritania's balancing act worries the U.S.\n",
    )
    toc = re.search(r'<nav aria-label="Kinds".*?</nav>', (build(project) / "claims-by-kind.html").read_text(encoding="utf-8"), re.S).group(
        0
    )
    assert re.sub(r"<[^>]+>|\s+", " ", toc).split() == ["Reported", "facts", "2", "Assessments", "1", "Forecasts", "1"]


@pytest.mark.parametrize(
    ("wording", "classes"),
    [
        ("Most probable", ["likelihood"]),
        ("Available indications suggest", ["evidential"]),
        ("could easily", ["modal"]),
        ("It is clear", ["emphasis"]),
        ("almost certainly", ["likelihood", "emphasis"]),
        ("by summer", []),
    ],
)
def test_hedge_vocabulary_classes_the_source_s_wording(wording, classes):
    assert hedge_classes(wording) == classes

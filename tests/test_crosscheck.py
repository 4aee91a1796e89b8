"""Checks across sources (issue 24): each fed its fault on the fixture, its message pinned; a warning, an error under --strict."""

from __future__ import annotations

import pytest
from helpers import run_cli
from test_checks import change, only_line

BETA, DISPUTES, BALANCING, ALPHA = (
    "content/sources/beta.yaml",
    "content/disputes.yaml",
    "content/themes/balancing.yaml",
    "content/sources/alpha.yaml",
)

CASES = {
    "plural-one-source": (
        lambda p: change(
            p, BETA, "Washington worries, says [beta](source:beta#p2).", "The sources say Washington worries ([beta](source:beta#p2))."
        ),
        f"{BETA}:10: warning: summary: “The sources” speaks for several sources, but the sentence cites 1 source "
        "(hint: cite a paragraph of each source it speaks for, or name the one source that says it)",
    ),
    "plural-clause-one-source": (  # the second clause's citation does not carry the first's "both texts"
        lambda p: change(
            p,
            BALANCING,
            "synthesis: Both [alpha](source:alpha#p6) and [beta](source:beta#p2) say so.",
            "synthesis: The texts say so ([alpha](source:alpha#p6)); Washington worries ([beta](source:beta#p2)).",
        ),
        f"{BALANCING}:5: warning: synthesis: “The texts” speaks for several sources, but the clause cites 1 source "
        "(hint: cite a paragraph of each source it speaks for, or name the one source that says it)",
    ),
    "dispute-answer-missing": (
        lambda p: change(p, DISPUTES, '      answer: "yes"\n', ""),
        f"{DISPUTES}:10: warning: disputes[0].positions[1].answer: the position gives no short answer to the question "
        "(hint: answer: one of yes, no, partly, unclear (a dispute may list its own options:))",
    ),
    "dispute-answer-unknown": (
        lambda p: change(p, DISPUTES, 'answer: "yes"', "answer: somewhat"),
        f"{DISPUTES}:12: warning: disputes[0].positions[1].answer: 'somewhat' is not an answer this question takes "
        "(hint: one of yes, no, partly, unclear, or add it to the dispute's options:)",
    ),
    "dispute-all-answers-alike": (
        lambda p: change(p, DISPUTES, 'answer: "no"', 'answer: "yes"'),
        f"{DISPUTES}:5: warning: disputes[0].positions: every position answers 'yes': the sources agree on this question "
        "(hint: move the comparison to the theme's agree or differ text, or say what they disagree on)",
    ),
    "dispute-sources-agree-in-theme": (
        lambda p: change(p, BALANCING, "agree: They agree.", "agree: They agree ([alpha](source:alpha#p6), [beta](source:beta#p2))."),
        f"{DISPUTES}:1: warning: disputes[0]: alpha and beta are cited together where theme 'balancing' says the sources agree "
        f"({BALANCING}:6) (hint: if they agree, move the comparison to the theme; if not, correct the theme's agree text)",
    ),
    "claim-tag-not-discussed": (
        lambda p: change(p, BETA, "    themes: [balancing]\n    kind: fact", "    themes: [balancing, bases]\n    kind: fact"),
        f"{BETA}:15: warning: claims[0].themes[1]: tagged 'bases', on which this source's stance says “not discussed” "
        "(content/themes/bases.yaml:10) (hint: untag the claim, or give the source a position on the theme)",
    ),
    "claim-tag-not-applicable": (
        lambda p: (
            change(p, "content/themes/bases.yaml", "    discussed: false\n", "    not_applicable: Written before the base was built.\n"),
            change(p, BETA, "    themes: [balancing]\n    kind: fact", "    themes: [balancing, bases]\n    kind: fact"),
        ),
        f"{BETA}:15: warning: claims[0].themes[1]: tagged 'bases', on which this source's stance says “not applicable” "
        "(content/themes/bases.yaml:10) (hint: untag the claim, or give the source a position on the theme)",
    ),
    "hedge-not-recorded": (
        lambda p: change(p, BETA, "    confidence: likely\n", ""),
        f"{BETA}:18: warning: claims[1].confidence: the quoted sentence says “likely”, and the claim records no hedge "
        "(hint: give the source's wording (confidence: likely), so the reader sees how sure it is; or say in no_hedge why it is none)",
    ),
    "fact-the-source-hedges": (
        lambda p: change(p, BETA, "    kind: forecast\n", "    kind: fact\n"),
        f"{BETA}:21: warning: claims[1].kind: the quoted sentence hedges (“likely”): the source does not report this as fact "
        "(hint: kind: assessment or forecast, or quote the sentence that reports it as fact)",
    ),
    "hedge-class-contradicts-wording": (
        lambda p: change(p, BETA, "    confidence: likely\n", "    confidence: likely\n    hedge_class: emphasis\n"),
        f"{BETA}:23: warning: claims[1].hedge_class: “likely” reads as likelihood, not emphasis "
        "(hint: hedge_class: likelihood, or leave it out and it is worked out from the words)",
    ),
    "hedge-wording-outside-vocabulary": (
        lambda p: change(p, BETA, "    confidence: likely\n", "    confidence: by summer\n"),
        f"{BETA}:22: warning: claims[1].confidence: “by summer” holds no word of the hedge vocabulary "
        "(hint: say what kind of hedge it is: hedge_class: likelihood, evidential, modal or emphasis)",
    ),
    "prose-quote-not-in-source": (
        lambda p: change(
            p,
            ALPHA,
            "Berg met [Putin](actor:vladimir-putin) ([p3](source:alpha#p4)).",
            'Berg met [Putin](actor:vladimir-putin) "to discuss the air base" ([p3](source:alpha#p4)).',
        ),
        f"{ALPHA}:12: warning: summary: the quoted “to discuss the air base” is not found in alpha#p4 "
        "(hint: copy the words exactly from the seed, or cite the paragraph that holds them)",
    ),
    "prose-quote-in-another-paragraph": (
        lambda p: change(p, BALANCING, "differ: They differ.", "differ: Alpha speaks of “parallel channels” ([alpha](source:alpha#p4))."),
        f"{BALANCING}:7: warning: differ: the quoted “parallel channels” is in alpha#p6, not in the paragraph cited (alpha#p4) "
        "(hint: cite source:alpha#p6)",
    ),
    "note-quote-in-no-source": (
        lambda p: change(
            p,
            "content/themes/bases.yaml",
            "note: Names the base question in its title only.",
            "note: Names “the air base” in its title only.",
        ),
        "content/themes/bases.yaml:12: warning: stances[1].note: the quoted “the air base” is not found in any source "
        "(hint: copy the words exactly from the seed, or take the quotation marks away if the words are the editor's)",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_each_cross_check_warns_with_its_message_and_fails_under_strict(project, name):
    fault, message = CASES[name]
    fault(project)
    assert only_line(project) == message


def test_quotes_in_prose_pass_when_verbatim_cut_or_recapitalised(project):
    """An editor's … cut, a capitalised first word and punctuation inside the closing mark are not faults."""
    change(
        project,
        "content/themes/balancing.yaml",
        "differ: They differ.",
        "differ: 'Alpha writes “Ruritania keeps … channels to Moscow,” and beta “Balancing act worries” ([alpha](source:alpha#p6), [beta](source:beta#p2)).'",
    )
    done = run_cli("check", "--strict", "--project", str(project))
    assert done.returncode == 0, done.stderr


def test_check_lists_a_paraphrase_that_drops_the_source_hedge(project):
    change(project, BETA, "Washington worries, says [beta](source:beta#p2).", "A sanctions deal comes by summer ([beta](source:beta#p2)).")
    done = run_cli("check", "--strict", "--project", str(project))
    assert done.returncode == 0, done.stderr  # a review item, not a warning
    assert f"  {BETA}:10 summary: cites beta#p2, which says “likely”; the sentence has no hedge" in done.stdout.splitlines()
    kept = change(project, BETA, "A sanctions deal comes by summer", "A sanctions deal likely comes by summer")
    assert kept is None and "Hedges to re-read" not in run_cli("check", "--project", str(project)).stdout


def test_plural_attribution_passes_an_absence_and_citations_in_one_bracket(project):
    """ "The sources say nothing of X" cannot be cited; a semicolon inside the citations' bracket cuts no clause."""
    change(
        project,
        BALANCING,
        "differ: They differ.",
        "differ: 'The texts worry about balancing ([alpha](source:alpha#p6); [beta](source:beta#p2)). The sources say nothing of Portus.'",
    )
    done = run_cli("check", "--strict", "--project", str(project))
    assert done.returncode == 0, done.stderr


def test_a_modal_in_reported_speech_or_explained_is_no_unrecorded_hedge(project):
    seed = project / "seeds" / "beta.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("A sanctions deal is likely by summer.", "Berg said that a deal would come by summer."),
        encoding="utf-8",
    )
    change(project, BETA, "    quote: A sanctions deal is likely by summer.\n", "    quote: a deal would come by summer\n")
    change(project, BETA, "    confidence: likely\n", "")
    done = run_cli("check", "--strict", "--project", str(project))
    assert done.returncode == 0, done.stderr  # "said that … would": Berg's words, reported
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("Berg said that a deal would", "In Berg's view a deal would"), encoding="utf-8"
    )
    assert "records no hedge" in run_cli("check", "--project", str(project)).stderr
    change(project, BETA, "    kind: forecast\n", "    kind: forecast\n    no_hedge: the editor's test of the explanation\n")
    done = run_cli("check", "--strict", "--project", str(project))
    assert done.returncode == 0, done.stderr

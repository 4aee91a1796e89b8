"""The likelihood yardsticks judgments are worded with, terms and ranges built in (site.yaml: yardstick)."""

from __future__ import annotations

import re

# Each term with its range, least likely first. PHIA: the UK Professional Head of Intelligence Assessment's
# probability yardstick (its gaps between ranges are deliberate). ICD 203: the US Intelligence Community
# Directive 203's table; its two words for each band are both accepted.
YARDSTICKS: dict[str, list[tuple[str, str]]] = {
    "phia": [
        ("remote chance", "≤5%"),
        ("highly unlikely", "10–20%"),
        ("unlikely", "25–35%"),
        ("realistic possibility", "40–50%"),
        ("likely", "55–75%"),
        ("probable", "55–75%"),
        ("highly likely", "80–90%"),
        ("almost certain", "≥95%"),
    ],
    "icd203": [
        ("almost no chance", "1–5%"),
        ("remote", "1–5%"),
        ("very unlikely", "5–20%"),
        ("highly improbable", "5–20%"),
        ("unlikely", "20–45%"),
        ("improbable", "20–45%"),
        ("roughly even chance", "45–55%"),
        ("roughly even odds", "45–55%"),
        ("likely", "55–80%"),
        ("probable", "55–80%"),
        ("very likely", "80–95%"),
        ("highly probable", "80–95%"),
        ("almost certain", "95–99%"),
        ("nearly certain", "95–99%"),
    ],
}
NAMES = {"phia": "UK PHIA probability yardstick", "icd203": "ICD 203 likelihood terms"}
DEFAULT = "phia"
CONFIDENCE = ("low", "moderate", "high")
# Words that hedge without committing to a probability (PHIA: avoid "if x were to occur, then y might happen").
HEDGES = re.compile(r"\b(might|could|may|possibly|perhaps)\b", re.IGNORECASE)
# Any likelihood wording of either yardstick, plus the everyday ones, to keep it out of a judgment's own sentence.
LIKELIHOOD_WORDS = re.compile(
    r"\b("
    + "|".join(
        sorted(
            {re.escape(t) for terms in YARDSTICKS.values() for t, _ in terms} | {"probably", "certainly", "chance"}, key=len, reverse=True
        )
    )
    + r")\b",
    re.IGNORECASE,
)
CONFIDENCE_WORDS = re.compile(r"\b(confidence|confident)\b", re.IGNORECASE)
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def terms(name: str | None) -> list[tuple[str, str]]:
    """A yardstick's (term, range) pairs; the default one when the site names none."""
    return YARDSTICKS[name or DEFAULT]


def band(name: str | None, term: str) -> str:
    """The range a term stands for on a yardstick, or '' if it is not one of its terms."""
    return dict(terms(name)).get(term, "")


def mixed_sentences(text: str) -> list[str]:
    """The sentences of a text that hold both a likelihood word and a confidence word (ICD 203 keeps them apart)."""
    return [s for s in SENTENCE.split(text or "") if LIKELIHOOD_WORDS.search(s) and CONFIDENCE_WORDS.search(s)]

"""The small vocabulary of hedges: the words that say how sure a source is, by class."""

from __future__ import annotations

import re

# A hedge word in a claim's quoted sentence asks for the source's wording to be recorded. Lowercase only: "May" opens
# a date far more often than a sentence that hedges.
HEDGE_WORD = re.compile(r"\b(?:may|might|likely|unlikely|appears?|appeared|seems?|seemed|would|could|probably|possibly|perhaps)\b")

HEDGE_CLASSES = ("likelihood", "evidential", "modal", "emphasis")
# The class of a source's wording: likelihood (how probable an event is), evidential (what the evidence shows), modal
# (what may or could be), emphasis (how firmly it is said). The first class with a word in the wording wins.
VOCABULARY = {
    "likelihood": r"likely|unlikely|probable|probably|improbable|possible|possibly|almost certainly|chance|chances",
    "evidential": r"indicates?|indications?|suggests?|appears?|appeared|seems?|seemed|apparently|reportedly|signals?|points? to",
    "modal": r"could|might|may|would|can|should|perhaps|difficult to say|argued",
    "emphasis": r"clear|clearly|undoubtedly|certainly|indeed|no doubt|obviously|without doubt",
}
_PATTERNS = {name: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for name, words in VOCABULARY.items()}


def hedge_classes(wording: str) -> list[str]:
    """The classes whose words a source's wording holds, the one whose word comes first leading."""
    found = []
    for name, pattern in _PATTERNS.items():
        m = pattern.search(wording)
        if m:
            found.append((m.start(), HEDGE_CLASSES.index(name), name))
    return [name for _, _, name in sorted(found)]

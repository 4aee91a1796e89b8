"""The quotation marks a page puts around a verbatim quote, so they never double with the quote's own."""

from __future__ import annotations

OPENING = "“\"‘'«"
CLOSING_DOUBLE = '”"»'  # a quote ending in one of these ends in a quotation of its own: “… of the High North.”


def quote_marks(text: str) -> tuple[str, str]:
    """(opening, closing) for a quote: none when it opens with its own mark (a quoted headline); single marks when
    it ends with a double one (‘… “High North.”’, the nesting British usage allows); else double marks."""
    text = (text or "").strip()
    if text[:1] in OPENING:
        return "", ""
    if text[-1:] in CLOSING_DOUBLE:
        return "‘", "’"
    return "“", "”"

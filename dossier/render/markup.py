"""Block text -> HTML: the text escaped, and the tags of the paragraph partials (mention links, footnote
references, URLs, quote marks, highlights) woven around their spans in one linear pass."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from html import escape

from dossier.text.ingest import Block, normalise, sentence_spans
from dossier.text.link import url_spans
from dossier.text.publish import MASK, unmask

FOOTNOTE_REF = re.compile(r"\[([ivxlc]+|\d{1,3})\]")


def block_html(block: Block, footnotes: set[str], seen_refs: set[str], tags) -> str:
    """The inner HTML of one block as shown on its source page; `tags` gives each partial's (opening, closing) tags.

    Linear in the block's text: URL links come first, footnote markers and mentions only where no earlier span
    lies (a bisection into the sorted spans, not a scan of them all: one pasted paragraph can hold 80,000 mentions)."""
    text = block.text
    inner: list[tuple[int, int, str, str]] = []
    for start, end, url in url_spans(text):
        inner.append((start, end, *tags.url(url)))
    taken = Taken(inner)
    if block.kind != "footnote":
        for m in FOOTNOTE_REF.finditer(text):
            label = m.group(1)
            if label in footnotes and taken.free(m.start(), m.end()):
                first = label not in seen_refs
                seen_refs.add(label)
                inner.append((m.start(), m.end(), *tags.footnote(label, first)))
    taken = Taken(inner)
    # One link per actor per paragraph, none in a heading: every mention still gets an anchor an actor page can land on.
    linked = set() if block.kind not in ("heading", "title") else {m.actor for m in block.mentions}
    last_end = -1
    for m in sorted(block.mentions, key=lambda m: (m.start, m.end)):
        if m.start < last_end or not taken.free(m.start, m.end) or MASK in text[m.start : m.end]:
            continue  # a name in an unpublished passage is not shown, so it has no link or anchor
        last_end = m.end
        inner.append((m.start, m.end, *tags.mention(m, m.actor not in linked)))
        linked.add(m.actor)
    outer = [quote_span(text, claim["quote"]) + (claim,) for claim in block.claims]
    inner.sort(key=lambda span: (span[0], span[1]))
    return unmask(_weave(text, inner, [o for o in outer if o[0] is not None], tags.quote))


class Taken:
    """Spans already linked (they never overlap one another), asked whether a new span would overlap one."""

    def __init__(self, spans):
        ordered = sorted((s, e) for s, e, *_ in spans)
        self.starts = [s for s, _ in ordered]
        self.ends = [e for _, e in ordered]

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans starting before `end`; the last of them ends latest
        return i == 0 or self.ends[i - 1] <= start


def quote_span(text: str, quote: str) -> tuple[int | None, int | None]:
    """Where a (white-space normalised) quote sits in the raw block text."""
    at = text.find(quote)
    if at >= 0:  # the usual case: the quote's spacing is the seed's
        return at, at + len(quote)
    words = normalise(quote).split(" ")
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else (None, None)


def _weave(text: str, inner: list, outer: list, quote_tags) -> str:
    """Escape text and wrap spans; an inner link crossing a quote's edge widens the quote."""
    for i, (qs, qe, claim) in enumerate(outer):
        for s, e, *_ in inner:
            if s < qs < e:
                qs = s
            if s < qe < e:
                qe = e
        outer[i] = (qs, qe, claim)
    events: dict[int, list[tuple[int, str]]] = {}
    for qs, qe, claim in outer:
        opening, closing = quote_tags(claim)
        # At one position: inner links close, then quotes close, then quotes open, then links open.
        events.setdefault(qs, []).append((2, opening))
        events.setdefault(qe, []).append((1, closing))
    for s, e, opening, closing in inner:
        events.setdefault(s, []).append((3, opening))
        events.setdefault(e, []).append((0, closing))
    out, last = [], 0
    for pos in sorted(events):
        out.append(escape(text[last:pos], quote=False))
        out.extend(tag for _, tag in sorted(events[pos], key=lambda t: t[0]))
        last = pos
    out.append(escape(text[last:], quote=False))
    return "".join(out)


def sentence_index(block: Block) -> tuple[tuple[tuple[int, int], ...], list[int]]:
    """A block's sentences and where each starts, worked out once for all the positions looked up in it."""
    spans = block.sentences
    return spans, [s for s, _ in spans]


def sentence_span(block: Block, start: int, index: tuple | None = None) -> tuple[int, int]:
    """The sentence a position falls in (by bisection, not a scan: a paragraph can hold 20,000 sentences); `index`:
    the block's sentence_index, where the caller looks up several positions in it."""
    spans, starts = index if index is not None else (block.sentences, _sentence_starts(block.text))
    i = bisect.bisect_right(starts, start) - 1
    return spans[i] if i >= 0 and spans[i][0] <= start < spans[i][1] else (0, len(block.text))


def sentence_html(block: Block, start: int, end: int, tags: tuple[str, str], also: tuple = (), span: tuple[int, int] | None = None) -> str:
    """The sentence around a mention, the mention (and `also`, other (start, end) in it) wrapped in `tags`, for actor pages
    (`span`: that sentence, where the caller has found it already)."""
    s, e = span if span is not None else sentence_span(block, start)
    text, out, last = block.text, ["… " if s else ""], s
    for ms, me in sorted({(start, end), *also}):
        out += [escape(text[last:ms], quote=False), tags[0], escape(text[ms:me], quote=False), tags[1]]
        last = me
    out += [escape(text[last:e], quote=False), " …" if e < len(text) else ""]
    return unmask("".join(out))


@lru_cache(maxsize=256)
def _sentence_starts(text: str) -> list[int]:
    return [s for s, _ in sentence_spans(text)]


def term_html(block: Block, pattern: re.Pattern, tags: tuple[str, str]) -> str:
    """A block's text with its index terms (found by `pattern`) wrapped in `tags`, for theme pages."""
    out, last = [], 0
    opening, closing = tags
    for m in pattern.finditer(block.text):
        out += [escape(block.text[last : m.start()], quote=False), opening, escape(m.group(0), quote=False), closing]
        last = m.end()
    out.append(escape(block.text[last:], quote=False))
    return unmask("".join(out))

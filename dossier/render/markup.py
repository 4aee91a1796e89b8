"""Block text -> HTML: actor mentions, footnote markers and URLs linked, claim quotes highlighted."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from html import escape

from dossier import urls
from dossier.text.ingest import Block, normalise, sentence_spans
from dossier.text.link import url_spans

FOOTNOTE_REF = re.compile(r"\[([ivxlc]+|\d{1,3})\]")


def block_html(block: Block, page: str, footnotes: set[str], names: dict[str, str], seen_refs: set[str]) -> str:
    """The inner HTML of one block as shown on its source page.

    Linear in the block's text: URL links come first, footnote markers and mentions only where no earlier span
    lies (a bisection into the sorted spans, not a scan of them all: one pasted paragraph can hold 80,000 mentions)."""
    text = block.text
    inner: list[tuple[int, int, str, str]] = []
    for start, end, url in url_spans(text):
        inner.append((start, end, f'<a class="url" href="{escape(url)}">', "</a>"))
    taken = Taken(inner)
    if block.kind != "footnote":
        for m in FOOTNOTE_REF.finditer(text):
            label = m.group(1)
            if label in footnotes and taken.free(m.start(), m.end()):
                ident = "" if label in seen_refs else f' id="fnref-{label}"'
                seen_refs.add(label)
                inner.append(
                    (m.start(), m.end(), f'<sup class="fnref"><a{ident} href="#fn-{label}" aria-label="Footnote {label}">', "</a></sup>")
                )
    taken = Taken(inner)
    # One link per actor per paragraph, none in a heading: every mention still gets an anchor an actor page can land on.
    linked = set() if block.kind not in ("heading", "title") else set(names)
    last_end = -1
    for m in sorted(block.mentions, key=lambda m: (m.start, m.end)):
        if m.start < last_end or not taken.free(m.start, m.end):
            continue
        last_end = m.end
        cls = "mention" if m.form == "name" else "mention demonym"
        if m.actor in linked:
            inner.append((m.start, m.end, f'<span class="{cls}" id="{mention_id(m)}">', "</span>"))
            continue
        linked.add(m.actor)
        href = urls.relative(page, urls.page_path("actor", m.actor))
        inner.append(
            (m.start, m.end, f'<a class="{cls}" id="{mention_id(m)}" href="{escape(href)}" title="{escape(names[m.actor])}">', "</a>")
        )
    outer = [quote_span(text, claim["quote"]) + (claim["number"],) for claim in block.claims]
    return _weave(text, sorted(inner), [o for o in outer if o[0] is not None])


class Taken:
    """Spans already linked (they never overlap one another), asked whether a new span would overlap one."""

    def __init__(self, spans):
        ordered = sorted((s, e) for s, e, *_ in spans)
        self.starts = [s for s, _ in ordered]
        self.ends = [e for _, e in ordered]

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans starting before `end`; the last of them ends latest
        return i == 0 or self.ends[i - 1] <= start


def mention_id(m) -> str:
    """The anchor of one mention on its source page: its paragraph and where in it the name starts ('p7-m120')."""
    return f"{m.anchor}-m{m.start}"


def quote_span(text: str, quote: str) -> tuple[int | None, int | None]:
    """Where a (white-space normalised) quote sits in the raw block text."""
    at = text.find(quote)
    if at >= 0:  # the usual case: the quote's spacing is the seed's
        return at, at + len(quote)
    words = normalise(quote).split(" ")
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else (None, None)


def _weave(text: str, inner: list, outer: list) -> str:
    """Escape text and wrap spans; an inner link crossing a quote's edge widens the quote."""
    for i, (qs, qe, n) in enumerate(outer):
        for s, e, *_ in inner:
            if s < qs < e:
                qs = s
            if s < qe < e:
                qe = e
        outer[i] = (qs, qe, n)
    events: dict[int, list[tuple[int, str]]] = {}
    for qs, qe, n in outer:
        # At one position: inner links close, then quotes close, then quotes open, then links open.
        events.setdefault(qs, []).append((2, f'<mark class="quote" title="Quoted in claim {n}">'))
        events.setdefault(qe, []).append((1, "</mark>"))
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


def sentence_span(block: Block, start: int) -> tuple[int, int]:
    """The sentence a position falls in (by bisection, not a scan: a paragraph can hold 20,000 sentences)."""
    spans = block.sentences
    i = bisect.bisect_right(_sentence_starts(block.text), start) - 1
    return spans[i] if i >= 0 and spans[i][0] <= start < spans[i][1] else (0, len(block.text))


def sentence_html(block: Block, start: int, end: int, also: tuple = ()) -> str:
    """The sentence around a mention, the mention (and `also`, other (start, end) in it) marked, for actor pages."""
    s, e = sentence_span(block, start)
    text, out, last = block.text, ["… " if s else ""], s
    for ms, me in sorted({(start, end), *also}):
        out += [escape(text[last:ms], quote=False), "<mark>", escape(text[ms:me], quote=False), "</mark>"]
        last = me
    out += [escape(text[last:e], quote=False), " …" if e < len(text) else ""]
    return "".join(out)


@lru_cache(maxsize=256)
def _sentence_starts(text: str) -> list[int]:
    return [s for s, _ in sentence_spans(text)]


@lru_cache(maxsize=1024)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)


def term_html(block: Block, terms: list[str]) -> str:
    """A block's text with its index terms marked, for the thematic index."""
    pattern = _terms_pattern(tuple(terms))
    out, last = [], 0
    for m in pattern.finditer(block.text):
        out += [escape(block.text[last : m.start()], quote=False), "<mark>", escape(m.group(0), quote=False), "</mark>"]
        last = m.end()
    out.append(escape(block.text[last:], quote=False))
    return "".join(out)

"""Excerpt-only publishing: what of each seed the site may show; the rest is masked before anything is rendered.

`site.yaml: publish_text` is `full` (the default), `excerpts` (only the quoted passages, each with a window of
sentences around it) or `none` (no text of the seed at all). Every check runs on the full text first; masking
then replaces each unpublished character by MASK in place, so every offset (mentions, quotes, anchors) stays
valid and no later stage can show what was masked: the renderers turn runs of MASK into a visible gap."""

from __future__ import annotations

import re

from dossier.model.load import Content
from dossier.text.ingest import Seed, normalise, sentence_spans

MASK = "\x1f"  # white space to str.split() and re's \s, so no word, URL or footnote marker runs into a masked span
GAP = "[…]"  # a cut inside a paragraph, as the reader sees it
MASKED_RUN = re.compile(r"\s*\x1f[\x1f\s]*")
DEFAULT_CONTEXT = 1  # sentences shown each side of a quoted passage


def mode(site) -> str:
    """The site's publish_text: full, excerpts or none."""
    return site.get("publish_text") or "full"


def quoted(content: Content) -> dict[tuple[str, str], list[str]]:
    """Every quote placed on a paragraph, by (source, anchor): claims', stances', dispute positions' and events'."""
    found: dict[tuple[str, str], list[str]] = {}
    for sid, source in content.sources.items():
        for claim in source["claims"] or []:
            if isinstance(claim, dict) and claim.get("anchor"):
                # the source's own confidence words are shown with the claim: their sentence is published too
                found.setdefault((sid, claim["anchor"]), []).extend(q for q in (claim["quote"], claim.get("confidence")) if q)
    for theme in content.themes.values():
        for stance in theme["stances"] or []:
            if isinstance(stance, dict) and stance.get("anchor") and stance.get("quote"):
                found.setdefault((stance["source"], stance["anchor"]), []).extend(q for q in (stance["quote"], stance.get("hedge")) if q)
    for dispute in content.disputes:
        for position in dispute["positions"] or []:
            if isinstance(position, dict) and position.get("anchor") and position.get("quote"):
                found.setdefault((position["source"], position["anchor"]), []).append(position["quote"])
    for event in content.events:
        if event.get("quote") and event.get("source") and event.get("anchor"):
            found.setdefault((event["source"], event["anchor"]), []).append(event["quote"])
    return found


def quote_at(text: str, quote: str) -> tuple[int, int] | None:
    """Where a quote (white space normalised) sits in a paragraph's text."""
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    m = re.search(
        r"\s+".join(re.escape(w) for w in normalise(quote).split(" ")), text, re.IGNORECASE
    )  # a hedge or confidence is matched case aside, as the check does
    return (m.start(), m.end()) if m else None


def windows(text: str, quotes: list[str], context: int) -> list[tuple[int, int]]:
    """The spans of a paragraph to publish: each quote's sentences and `context` sentences each side, merged."""
    spans = sentence_spans(text)
    keep: list[tuple[int, int]] = []
    for quote in quotes:
        at = quote_at(text, quote)
        if at is None:
            continue
        inside = [i for i, (s, e) in enumerate(spans) if s < at[1] and e > at[0]] or [0]
        first, last = max(0, inside[0] - context), min(len(spans) - 1, inside[-1] + context)
        keep.append((spans[first][0], spans[last][1]))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(keep):
        if merged and s <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def masked(text: str, keep: list[tuple[int, int]]) -> str:
    """The text with every character outside `keep` replaced by MASK (same length: offsets stay valid)."""
    out, last = [], 0
    for s, e in keep:
        out += [MASK * (s - last), text[s:e]]
        last = e
    out.append(MASK * (len(text) - last))
    return "".join(out)


def redact(content: Content, seeds: dict[str, Seed]) -> None:
    """Mask, in every seed, what the site does not publish (nothing with `full`); the checks have all run on the full text."""
    how = mode(content.site)
    if how == "full":
        return
    context = content.site.get("excerpt_context")
    context = DEFAULT_CONTEXT if context is None else max(0, context)
    quotes = quoted(content) if how == "excerpts" else {}
    for sid, seed in seeds.items():
        for block in seed.blocks:
            # A title line the record repeats is published anyway, as the page's title.
            keep = [(0, len(block.text))] if how == "excerpts" and block.kind == "title" else []
            keep = keep or windows(block.text, quotes.get((sid, block.anchor), []), context)
            at = block.raw.find(block.text)  # the line keeps its list or footnote marker and its length: positions hold
            block.text = masked(block.text, keep)
            block.raw = block.raw[:at] + block.text + block.raw[at + len(block.text) :] if at >= 0 else block.text
        for block, _ in seed.dropped:
            block.text = block.raw = MASK * len(block.text)


def is_masked(text: str) -> bool:
    """Whether nothing of a text is published."""
    return bool(text) and not text.replace(MASK, "").strip()


def unmask(text: str) -> str:
    """Escaped or plain text with each run of masked characters shown as one gap."""
    if MASK not in text:
        return text
    return MASKED_RUN.sub(f" {GAP} ", text).strip()

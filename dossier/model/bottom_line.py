"""A theme's bottom line: a few sentences, each resting on cited paragraphs, its quoted words found in them."""

from __future__ import annotations

import re

from dossier.problems import Report, plural
from dossier.render import markdown
from dossier.text.ingest import Seed, normalise

MAX_SENTENCES = 3  # docs/content-model.md: the answer first, in two or three sentences
QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
# A sentence ends at . ! or ? (a closing quote or bracket may follow) before a space and a capital or an opening quote.
SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[A-Z“\"‘(])")


def check_bottom_lines(content, seeds: dict[str, Seed], report: Report, only: set[str] | None = None) -> None:
    """Every theme's bottom line cites a paragraph, keeps to its length, and quotes only what its cited paragraphs say.

    With `only` (source ids: serve, after a seed changed), just the bottom lines citing one of them."""
    for theme in content.themes.values():
        field = theme["bottom_line"]
        if not field:
            continue
        cited = cited_paragraphs(field)
        if only is not None and not any(sid in only for sid, _anchor in cited):
            continue
        first = theme.line_of("bottom_line")
        start = first + (1 if "\n" in field.text.rstrip("\n") or field.text.endswith("\n") else 0)  # a block scalar starts on the next line
        if not cited:
            report.error(
                theme.file,
                first,
                "bottom_line",
                "cites no paragraph",
                "link each sentence to the paragraphs it rests on: [label, p3](source:ID#p3)",
            )
        sentences = len(SENTENCE_END.split(markdown.plain(field.tokens)))
        if sentences > MAX_SENTENCES:
            report.warn(
                theme.file,
                first,
                "bottom_line",
                f"{plural(sentences, 'sentence')}, more than the documented {MAX_SENTENCES}",
                "keep the answer; the detail belongs in the synthesis",
            )
        texts = [normalise(block.text) for sid, anchor in cited if (block := _block(seeds.get(sid), anchor))]
        for match in QUOTED.finditer(field.text):
            quote = normalise(match.group(1) or match.group(2))
            if cited and not any(quote in text for text in texts):
                report.error(
                    theme.file,
                    start + field.text.count("\n", 0, match.start()),
                    "bottom_line",
                    f"quoted words not found in the paragraphs it cites: “{quote}”",
                    "quote verbatim from a paragraph the bottom line links to, or cite the paragraph that holds the words",
                )


def cited_paragraphs(field) -> list[tuple[str, str]]:
    """The (source id, anchor) pairs a Markdown field links to, in order, once each."""
    found: list[tuple[str, str]] = []
    for target, _line in markdown.link_targets(field.tokens):
        kind, ident, fragment = markdown.split_target(target)
        if kind == "source" and fragment and (ident, fragment) not in found:
            found.append((ident, fragment))
    return found


def _block(seed: Seed | None, anchor: str):
    return seed.by_anchor.get(anchor) if seed else None

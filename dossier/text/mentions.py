"""The alias matcher: one compiled pattern finds every actor mention in a block, longest match first."""

from __future__ import annotations

from dataclasses import dataclass

from dossier.problems import Report
from dossier.text.common import common
from dossier.text.trie import compile_phrases


@dataclass(frozen=True, slots=True)  # hundreds of thousands in a large dossier
class Mention:
    """An actor named in a block: where, by which words, and whether by name or adjective."""

    actor: str
    source: str
    anchor: str
    start: int
    end: int
    surface: str
    form: str  # "name" | "demonym"


class Matcher:
    """Finds actor names, demonyms and never-link phrases in text; never-link phrases win nothing."""

    def __init__(self, table: dict[str, tuple[str | None, str]]):
        self.table = table  # surface form -> (actor id or None for never-link, form)
        # Longest first, so "Ahmad al-Sharaa" beats "al-Sharaa" beats "Sharaa" at the same position.
        # Letters on either side mean we are inside a longer word ("Iran" in "Iranian"); a possessive ’s is
        # fine, and a hyphen separates words: "Iran-Syria" names both, "post-Assad" names Assad.
        self.pattern = compile_phrases(table, r"{}(?!\w)", word_start=True)

    def find(self, text: str):
        """Yield (start, end, actor, form) for each linked mention in text."""
        for m in self.pattern.finditer(text):
            actor, form = self.table[m.group(0)]
            if actor is not None:
                yield m.start(), m.end(), actor, form


def build_matcher(actors: dict, never_link: list[str], report: Report) -> Matcher:
    """Compile every alias; two actors claiming one alias, a one-letter alias, or a common word without
    `allow_common: true`, is an error."""
    table: dict[str, tuple[str | None, str]] = {}
    owner_line: dict[str, tuple[str, int, str]] = {}
    for aid, actor in sorted(actors.items()):
        forms = [("name", actor["name"], actor.line_of("name"), "name")]
        forms += [("name", a, _line(actor, "aliases", i), f"aliases[{i}]") for i, a in enumerate(actor["aliases"] or [])]
        forms += [("demonym", d, _line(actor, "demonyms", i), f"demonyms[{i}]") for i, d in enumerate(actor["demonyms"] or [])]
        for form, surface, line, field in forms:
            if not isinstance(surface, str):
                continue
            surface = surface.strip()
            if len(surface) < 2:
                report.error(
                    actor.file,
                    line,
                    field,
                    f"alias '{surface}' is a single letter and would link everywhere",
                    "use the full name or a longer form",
                )
                continue
            if common(surface) and not actor.get("allow_common"):
                report.error(
                    actor.file,
                    line,
                    field,
                    f"alias '{surface}' is a common word and would link wherever it is written",
                    "use a longer form, or set allow_common: true on the actor if the texts use the word only as this name",
                )
                continue
            if surface in table and table[surface][0] != aid:
                other, other_line, _ = owner_line[surface]
                report.error(
                    actor.file,
                    line,
                    field,
                    f"alias '{surface}' is also claimed by actor '{other}' (content/actors/{other}.yaml:{other_line})",
                    "an alias must name one actor; keep it on one and list a longer form on the other",
                )
                continue
            table[surface] = (aid, form)
            owner_line.setdefault(surface, (aid, line, field))
    for i, phrase in enumerate(never_link):
        if isinstance(phrase, str) and phrase.strip():
            owner = table.get(phrase.strip(), (None,))[0]
            if owner is not None:
                other, other_line, field = owner_line[phrase.strip()]
                report.warn(
                    "site.yaml",
                    never_link.line_of(i) if hasattr(never_link, "line_of") else 0,
                    f"never_link[{i}]",
                    f"'{phrase.strip()}' is also {field} of actor '{other}' (content/actors/{other}.yaml:{other_line}), which it stops from ever linking",
                    "remove it from never_link, or from the actor",
                )
            table[phrase.strip()] = (None, "never")
    return Matcher(table)


def _line(record, key: str, index: int) -> int:
    value = record.get(key)
    return value.line_of(index) if hasattr(value, "line_of") else record.line_of(key)

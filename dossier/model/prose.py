"""Prose about the sources read sentence by sentence: plural attributions, quotes in prose and notes, dropped hedges.

Part of the checks across sources (dossier/model/crosscheck.py); each finding is a warning, an error under --strict."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from dossier.model.hedges import HEDGE_WORD
from dossier.model.yamlfile import Sequence
from dossier.problems import Report, plural
from dossier.render.markdown import split_target
from dossier.text.ingest import Seed, normalise, sentence_spans

# "the sources", "both", "all", "most", "several" speaking for the sources. These are everyday words ("both Moscow and
# Washington", "both sides"): only with a noun for the texts, a verb of saying, or "they both" are they attribution.
TEXTS = r"(?:sources|texts|articles|authors|analyses|pieces)"
PLURAL = re.compile(
    rf"\bthe\s+(?:[\w’'-]+\s+){{0,2}}{TEXTS}\b(?!\s+of\b)"  # "the sources of pressure" are not texts
    rf"|\b(?:both|all|most|several)\s+(?:of\s+(?:the|them|these)\s+)?(?:(?:[\w’'-]+\s+){{0,2}}{TEXTS}\b|(?:agree|say|expect|stress|see|note|describe|argue|treat|read|hold)\b)"
    r"|\b(?:they|these|those)\s+(?:both|all)\b",
    re.IGNORECASE,
)
SENTENCE = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[“\"‘(\[]?[A-Z0-9])")
# "The sources do not say", "none of the sources": an absence, found by reading them all, and not citable.
NEGATION = re.compile(r"\b(?:not|no|none|nothing|never|neither|nor)\b|n[’']t\b", re.IGNORECASE)
QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
BRACKETS = re.compile(r"[()\[\];]")  # what a sentence's clauses are cut by, and the brackets a cut must be outside
DEPTH = {"(": 1, "[": 1, ")": -1, "]": -1}
ELISION = re.compile(r"\s*(?:…|\.\.\.|\[[^\]]*\])\s*")  # an editor's cut or insertion inside a quote


@dataclass
class Sentence:
    """One sentence of a Markdown field as read: its words, its line in the YAML file, the sources it cites."""

    text: str
    line: int
    marks: list[tuple[int, str, str]] = field(default_factory=list)  # (offset in text, source id, anchor or "") per citation
    paragraph_cites: list[tuple[str, str]] = field(default_factory=list)  # those of its whole Markdown paragraph

    @property
    def cites(self) -> list[tuple[str, str]]:
        return [(sid, anchor) for _, sid, anchor in self.marks]

    def clauses(self) -> list[tuple[str, set[str]]]:
        """Its clauses (cut at semicolons outside brackets), each with the sources it cites: "the sources stress X (one
        source); Y". A semicolon between two citations in one bracket ("(op-ed, ¶6; brief, ¶9)") cuts nothing."""
        if ";" not in self.text:  # one clause (most sentences): no walk through its characters
            return [(self.text, {sid for pos, sid, _ in self.marks if 0 <= pos < len(self.text)})]
        cuts, depth = [], 0
        for m in BRACKETS.finditer(self.text):
            char = m.group()
            depth += DEPTH.get(char, 0)
            if char == ";" and depth <= 0:
                cuts.append(m.end())
        out, start = [], 0
        for end in [*cuts, len(self.text)]:
            out.append((self.text[start:end], {sid for pos, sid, _ in self.marks if start <= pos < end}))
            start = end
        return out


@dataclass
class Prose:
    """A Markdown field to check: where it is, and whose text an uncited sentence speaks of."""

    file: str
    field: str
    sentences: list[Sentence]
    own: str = ""  # a source's own fields: an uncited quote is from that source


def sentences(md, first_line: int) -> list[Sentence]:
    """The sentences of a parsed Markdown field, with the citations each holds; `first_line` is the field's first line."""
    out: list[Sentence] = []
    for token in md.tokens if md else []:
        if token.type != "inline":
            continue
        line = first_line + (token.map[0] if token.map else 0)
        text, lines, cites = "", [(0, line)], []
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                text += " "
                line += 1
                lines.append((len(text), line))
            elif child.type in ("text", "code_inline"):
                text += child.content
            elif child.type == "link_open" and (child.attrGet("href") or "").startswith("source:"):
                _, ident, fragment = split_target(child.attrGet("href") or "")
                cites.append((len(text), ident, fragment))
        starts = [0] + [m.end() for m in SENTENCE.finditer(text)]
        ends = starts[1:] + [len(text)]
        whole = [(s, a) for _, s, a in cites]
        for start, end in zip(starts, ends, strict=True):
            at = max(n for pos, n in lines if pos <= start)
            skip = len(text[start:end]) - len(text[start:end].lstrip())
            own = [(pos - start - skip, s, a) for pos, s, a in cites if start <= pos < end]
            out.append(Sentence(text[start:end].strip(), at, own, whole))
    return out


def field_line(record, name: str, value: str, line: int = 0) -> int:
    """The YAML line a Markdown field's text starts on (a block scalar starts on the line after its key)."""
    base = line or record.line_of(name.split("[")[0])
    return base + (1 if "\n" in value.rstrip("\n") or value.endswith("\n") else 0)


def source_prose(source) -> Iterator[Prose]:
    """A source record's Markdown fields."""
    for name in ("summary", "note"):
        md = source[name]
        if md:
            yield Prose(source.file, name, sentences(md, field_line(source, name, md.text)), source["id"])


def dossier_prose(content) -> Iterator[Prose]:
    """The Markdown fields about several sources: actors' profiles, themes' texts, disputes' notes."""
    for actor in content.actors.values():
        if actor["summary"]:
            yield Prose(actor.file, "summary", sentences(actor["summary"], field_line(actor, "summary", actor["summary"].text)))
    for theme in content.themes.values():
        for name in ("synthesis", "agree", "differ"):
            if theme[name]:
                yield Prose(theme.file, name, sentences(theme[name], field_line(theme, name, theme[name].text)))
        questions = theme["open_questions"] or []
        for i, md in enumerate(questions):
            if md:
                line = questions.line_of(i) if isinstance(questions, Sequence) else theme.line
                yield Prose(theme.file, f"open_questions[{i}]", sentences(md, field_line(theme, "", md.text, line)))
    for i, dispute in enumerate(content.disputes):
        if dispute["note"]:
            md = dispute["note"]
            yield Prose(dispute.file, f"disputes[{i}].note", sentences(md, field_line(dispute, "note", md.text)))


def check_prose(prose: Prose, seeds: dict[str, Seed], report: Report) -> None:
    """A plural attribution cites two sources or more; every quoted string is in the paragraphs its sentence cites."""
    for sentence in prose.sentences:
        plural_attribution(prose, sentence, report)
        for q in QUOTED.finditer(sentence.text):
            check_quote(prose, sentence, q.group(1) or q.group(2), seeds, report)


def plural_attribution(prose: Prose, sentence: Sentence, report: Report) -> None:
    """A clause that speaks for several sources cites two or more.

    An uncited clause leans on its sentence's citations, an uncited sentence on its paragraph's (a lead-in to the
    sentences that cite); a clause that cites stands on its own: "the sources" citing one is one source's view made plural."""
    clauses = sentence.clauses()
    for clause, cited in clauses:
        m = PLURAL.search(clause)
        if not m or NEGATION.search(clause):
            continue
        scope = "clause" if cited and len(clauses) > 1 else "sentence" if sentence.marks else "paragraph"
        cited = cited or {sid for sid, _ in sentence.cites or sentence.paragraph_cites}
        if len(cited) < 2:
            report.warn(
                prose.file,
                sentence.line,
                prose.field,
                f"“{m.group(0)}” speaks for several sources, but the {scope} cites {plural(len(cited), 'source')}",
                "cite a paragraph of each source it speaks for, or name the one source that says it",
            )


def check_quote(prose: Prose, sentence: Sentence, quote: str, seeds: dict[str, Seed], report: Report) -> None:
    """A quoted string in prose: in the paragraphs its sentence cites (else its Markdown paragraph's, else its source's)."""
    cites = sentence.cites or sentence.paragraph_cites or ([(prose.own, "")] if prose.own else [(sid, "") for sid in sorted(seeds)])
    texts = [t for sid, anchor in cites for t in block_texts(seeds.get(sid), anchor)]
    if found_in(quote, texts):
        return
    elsewhere = [
        f"{sid}#{b.anchor}"
        for sid in dict.fromkeys(s for s, _ in cites)
        if sid in seeds
        for b in seeds[sid].blocks
        if found_in(quote, block_texts_of(b))
    ]
    cited = ", ".join(f"{sid}#{a}" if a else sid for sid, a in dict.fromkeys(cites))
    short = quote if len(quote) <= 60 else quote[:57] + "…"
    if elsewhere:
        message, hint = f"the quoted “{short}” is in {elsewhere[0]}, not in the paragraph cited ({cited})", f"cite source:{elsewhere[0]}"
    else:
        message, hint = (
            f"the quoted “{short}” is not found in {cited}",
            "copy the words exactly from the seed, or cite the paragraph that holds them",
        )
    report.warn(prose.file, sentence.line, prose.field, message, hint)


def block_texts(seed: Seed | None, anchor: str) -> list[str]:
    """The texts a citation points at: one paragraph, or a whole seed."""
    if seed is None:
        return []
    if anchor:
        block = seed.by_anchor.get(anchor)
        return block_texts_of(block) if block is not None else []
    return [t for b in seed.blocks for t in block_texts_of(b)]


def block_texts_of(block) -> list[str]:
    return [normalise(block.text), normalise(block.raw)]


def found_in(quote: str, texts: list[str]) -> bool:
    """Whether every part of a quote (cut at an editor's … or [insertion]) is in one of the texts, in order."""
    parts = [normalise(p).strip(" ,.;:") for p in ELISION.split(quote)]
    parts = [p for p in parts if p]
    if not parts:
        return True
    for text in texts:
        at = 0
        for part in parts:
            # The editor's sentence may capitalise the quote's first word, or lower it.
            hits = [i for i in (text.find(part, at), text.find(part[0].swapcase() + part[1:], at)) if i >= 0]
            if not hits:
                break
            at = min(hits) + len(part)
        else:
            return True
    return False


BARE_CITE = re.compile(r"\bp(\d+)\b")


def check_note(file: str, where: str, record, own: str, seeds: dict[str, Seed], report: Report) -> None:
    """A quote in a plain-text note (a date note, a stance's or a relation's note): in the paragraphs of its own source it
    names ("p12"), else anywhere in its source; a note may quote another source by its short title, so a quote found in
    any seed passes, and one found in none is flagged."""
    key = where.rpartition(".")[2]
    note = record.get(key)
    if not isinstance(note, str) or not note:
        return
    for q in QUOTED.finditer(note):
        quote = q.group(1) or q.group(2)
        anchors = [f"p{n}" for n in BARE_CITE.findall(note)]
        texts = [t for a in anchors for t in block_texts(seeds.get(own), a)] + block_texts(seeds.get(own), "")
        if found_in(quote, texts) or any(found_in(quote, block_texts(seed, "")) for seed in seeds.values()):
            continue
        short = quote if len(quote) <= 60 else quote[:57] + "…"
        report.warn(
            file,
            record.line_of(key),
            where,
            f"the quoted “{short}” is not found in any source",
            "copy the words exactly from the seed, or take the quotation marks away if the words are the editor's",
        )


def hedge_review(content, seeds: dict[str, Seed]) -> list[str]:
    """Prose sentences that report a hedged sentence of a paragraph they cite, with no hedge of their own: to re-read.

    "Report" is judged by shared words (REPORTS or more of five letters and up), so a sentence that cites a paragraph for
    something else is left alone."""
    out = []
    proses = [p for s in content.sources.values() for p in source_prose(s)] + list(dossier_prose(content))
    for prose in proses:
        for sentence in prose.sentences:
            if HEDGE_WORD.search(sentence.text):
                continue
            words = set(LONG_WORD.findall(sentence.text.lower()))
            for sid, anchor in dict.fromkeys(sentence.cites):
                block = seeds[sid].by_anchor.get(anchor) if sid in seeds and anchor else None
                hit = next((h for h in hedged_sentences(block.text) if len(words & h[1]) >= REPORTS), None) if block else None
                if hit is not None:
                    out.append(
                        f"{prose.file}:{sentence.line} {prose.field}: cites {sid}#{anchor}, which says “{hit[0]}”; the sentence has no hedge"
                    )
                    break
    return sorted(set(out))


REPORTS = 2
LONG_WORD = re.compile(r"\w{5,}")


def hedged_sentences(text: str) -> list[tuple[str, set[str]]]:
    """A paragraph's sentences that hedge: (the first hedge word, the sentence's words of five letters and up)."""
    out = []
    for s, e in sentence_spans(text):
        m = HEDGE_WORD.search(text[s:e])
        if m:
            out.append((m.group(0), set(LONG_WORD.findall(text[s:e].lower()))))
    return out

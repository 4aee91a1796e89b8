"""The ingest stage: seed text -> blocks with stable anchors; declared residue dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

FOOTNOTE_DEF = re.compile(r"^\[([ivxlc]+|\d{1,3})\]\s+")
NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+")
BULLET = re.compile(r"^\s*[•·▪◦‣*-]\s+")
HEADING_MAX_WORDS = 14
SENTENCE_END = tuple('.!?:;,"“”')


@dataclass(slots=True)  # a large dossier holds a hundred thousand blocks: no __dict__ each
class Block:
    """One non-blank line of a seed: its anchor never moves when YAML or residue rules change."""

    anchor: str  # "p7": 7th non-blank line of the seed
    line: int  # line number in the seed file
    kind: str  # title | standfirst | byline | heading | paragraph | note | bullet | numbered | footnote
    text: str  # the line without list or footnote markers, whitespace trimmed
    raw: str  # the line as in the seed
    marker: str = ""  # list number or footnote label
    mentions: list = field(default_factory=list)
    claims: list = field(default_factory=list)
    themes: dict = field(default_factory=dict)  # theme id -> matched terms

    @property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """(start, end) spans of the text's sentences; worked out when a page needs them, not kept."""
        return sentence_spans(self.text)


@dataclass
class Seed:
    """A seed split into kept blocks and the residue that was dropped."""

    blocks: list[Block]
    dropped: list[tuple[Block, str]]  # block, the rule that dropped it
    rule_hits: dict[str, int]
    by_anchor: dict[str, Block]
    offsets: list[int] = field(default_factory=list)  # where each line of the seed starts, in characters (exports' positions)


def normalise(text: str) -> str:
    """Runs of white space (no-break spaces included) count as one space."""
    return " ".join(text.split())  # str.split() and re's \s agree on what is white space; split is the faster of the two


LINE_BREAK = re.compile(r"\r\n|\r|\n")
# What str.splitlines() also breaks at, but editors, grep and a browser's copy-paste do not: a space, inside its line.
ODD_SEPARATORS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def seed_lines(text: str) -> list[str]:
    """A seed's lines as an editor counts them: split at newlines only (LF, CRLF or CR); vertical tabs, form
    feeds, NEL and the Unicode line and paragraph separators become spaces, so they never shift an anchor."""
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return [ODD_SEPARATORS.sub(" ", line) for line in lines] if ODD_SEPARATORS.search(text) else lines


def rule_matches(rule: str, line: str) -> bool:
    """A residue rule matches a whole trimmed line, or its start when it ends in '*'."""
    line = normalise(line)
    if rule.endswith("*"):
        return line.startswith(normalise(rule[:-1]))
    return line == normalise(rule)


def ingest(text: str, rules: list[str], drop_repeats: bool = False, title: str = "", kinds: dict | None = None) -> Seed:
    """Split a seed into blocks, detect their kinds, drop declared residue."""
    kinds = kinds or {}
    blocks, dropped, seen = [], [], set()
    hits = {rule: 0 for rule in rules}
    exact = {normalise(r): r for r in reversed(rules) if not r.endswith("*")}
    prefixes = [(normalise(r[:-1]), r) for r in rules if r.endswith("*")]
    n = 0
    for number, raw in enumerate(seed_lines(text), 1):
        if not raw.strip():
            continue
        n += 1
        block = _classify(f"p{n}", number, raw)
        key = normalise(raw)
        rule = exact.get(key) or next((r for prefix, r in prefixes if key.startswith(prefix)), None)
        if rule is not None:
            hits[rule] += 1
            dropped.append((block, rule))
            continue
        if drop_repeats and key in seen:
            dropped.append((block, "drop_repeats"))
            continue
        seen.add(key)
        blocks.append(block)
    if blocks and title and normalise(blocks[0].text) == normalise(title):
        blocks[0].kind = "title"
    for block in blocks:
        if block.anchor in kinds:
            block.kind = kinds[block.anchor]
    offsets = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
    return Seed(blocks, dropped, hits, {b.anchor: b for b in blocks}, offsets)


def _classify(anchor: str, number: int, raw: str) -> Block:
    """Guess a line's kind from its shape: list markers, footnote labels, short unpunctuated headings."""
    text = raw.strip()
    if m := FOOTNOTE_DEF.match(text):
        return Block(anchor, number, "footnote", text[m.end() :], raw, m.group(1))
    if m := NUMBERED.match(raw):
        return Block(anchor, number, "numbered", raw[m.end() :].strip(), raw, m.group(1))
    if m := BULLET.match(raw):
        return Block(anchor, number, "bullet", raw[m.end() :].strip(), raw)
    words = text.split()
    if len(words) <= HEADING_MAX_WORDS and not text.endswith(SENTENCE_END):
        return Block(anchor, number, "heading", text, raw)
    return Block(anchor, number, "paragraph", text, raw)


# The closing mark is matched, not looked behind for: a pattern opening on a set of characters lets the regex
# engine skip to the next candidate, 40 % faster over a large dossier's text. The break is group 1, the spaces.
SENTENCE_BREAK = re.compile(r"[.!?”\"\]](\s+)(?=[“\"‘(]?[A-Z0-9])")


@lru_cache(maxsize=4096)  # an actor page quotes several mentions from one paragraph
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence boundaries, so a mention can be shown in its own sentence."""
    spans, start = [], 0
    for m in SENTENCE_BREAK.finditer(text):
        spans.append((start, m.start(1)))
        start = m.end(1)
    spans.append((start, len(text)))
    return tuple(spans)


def footnote_labels(seed: Seed) -> set[str]:
    """The labels of footnote definitions in a seed ("i", "ii", "1")."""
    return {b.marker for b in seed.blocks if b.kind == "footnote"}

"""Computed counts in prose: `{sources}` (5), `{sources:word}` (five), `{sources:Word}` (Five), and with a noun
`{sources:word analysis/analyses}` (one analysis, five analyses). The build fills them in, so a text that says how
many sources the dossier has stays true when one is added; a number typed beside "source" is flagged.

They are filled in the site's title and description, page bodies, theme texts and actor profiles: the texts
about the dossier as a whole. A source's own fields describe one article and keep no placeholders."""

from __future__ import annotations

import re

from dossier.problems import Report, did_you_mean

NAMES = ("sources", "actors", "themes", "events")
PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::(word|Word))?(?: ([^{}/\n]+)/([^{}/\n]+))?\}")
WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}
# A typed count: a number beside a word for the dossier's texts.
NOUNS = re.compile(r"^(sources?|analys[ie]s|articles?|texts?)$", re.I)
NUMBER_WORDS = set(WORDS[1:]) | set(TENS.values()) | {"hundred", "dozen", "both"}
TOKEN = re.compile(r"[\w’'-]+")
NEAR = 3  # words between the number and the noun


def computed(content) -> dict[str, int]:
    """The counts a text may show, from what the build loaded."""
    return {"sources": len(content.sources), "actors": len(content.actors), "themes": len(content.themes), "events": len(content.events)}


def in_words(n: int) -> str:
    """A count in words up to ninety-nine ("twenty-one"), digits beyond."""
    if n < len(WORDS):
        return WORDS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return TENS[tens * 10] + (f"-{WORDS[ones]}" if ones else "")
    return str(n)


def fill(text: str, counts: dict[str, int], file: str, line: int, field: str, report: Report) -> str:
    """The text with every placeholder replaced by its count; an unknown one is an error."""

    def one(m: re.Match) -> str:
        name, form, singular, many = m.groups()
        if name not in counts:
            report.error(file, line, field, f"unknown count '{{{name}}}'", did_you_mean(name, counts) or f"known: {', '.join(counts)}")
            return m.group(0)
        n = counts[name]
        number = str(n) if form is None else in_words(n)
        if form == "Word":
            number = number[:1].upper() + number[1:]
        return f"{number} {singular if n == 1 else many}" if singular else number

    return PLACEHOLDER.sub(one, text) if "{" in text else text


def typed_counts(text: str) -> list[tuple[int, str]]:
    """(line offset, word) of each number up to three words before source, analysis, article or text, placeholders aside."""
    text = PLACEHOLDER.sub(" ", re.sub(r"\]\([^)]*\)", "]", text))  # link targets and computed counts are not prose numbers
    found = []
    for offset, line in enumerate(text.split("\n")):
        tokens = TOKEN.findall(line)
        for i, token in enumerate(tokens):
            low = token.lower()
            is_number = low in NUMBER_WORDS or (token.isdigit() and not (len(token) == 4 and token[:2] in ("18", "19", "20")))
            # The number before the noun it counts ("Five analyses", "two of the five sources"): after it, a
            # number counts something else ("the sources in two forms").
            if is_number and any(NOUNS.match(t) for t in tokens[i + 1 : i + NEAR + 2]):
                found.append((offset, token))
    return found


def check_typed(text: str, file: str, line: int, field: str, report: Report) -> None:
    """Warn about each count typed by hand before a word for the dossier's texts."""
    offset = 1 if "\n" in text.rstrip("\n") or text.endswith("\n") else 0  # block scalars start on the next line
    for lineno, word in typed_counts(text):
        report.warn(
            file,
            line + offset + lineno,
            field,
            f"'{word}' is a count typed by hand beside the texts it counts; it goes stale when a source is added",
            "write {sources} or {sources:word} (the build counts), or say it without a number",
        )

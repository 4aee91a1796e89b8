"""Problems found while building: one line each, collected, then reported together."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

# What a terminal would act on or hide rather than show: controls (Cc), format characters (Cf: bidi overrides and
# isolates that reverse a name on screen, Trojan-Source style; zero-width characters; the BOM), line and paragraph
# separators, lone surrogates (an undecodable file name) and the invisible fillers. tests/test_names.py checks the
# set against every character of those categories.
INVISIBLE = (
    "\x00-\x1f\x7f-\x9f\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_CONTROL = re.compile(f"[{INVISIBLE}]")
_CONTROL_KEEP_LINES = re.compile(f"(?!\n)[{INVISIBLE}]")


def visible(text: str) -> str:
    """Text with every control and invisible character written as its escape ('\\u202e'): one line, shown as it is."""
    return _CONTROL.sub(_escape, text)


def visible_lines(text: str) -> str:
    """As `visible`, line feeds kept: for a stream of messages, one a line."""
    return _CONTROL_KEEP_LINES.sub(_escape, text)


def _escape(m: re.Match) -> str:
    char = m.group()
    shown = repr(char)[1:-1]  # Python's own escape ('\\n', '\\x1b', '\\u202e') where it has one
    if shown != char:
        return shown
    code = ord(char)  # an invisible character Python counts as printable (a filler, a variation selector)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning, pinned to a file, a line and a field."""

    file: str
    line: int
    field: str
    message: str
    hint: str = ""
    level: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.level}: {self.field}: {self.message}" if self.field else f"{where}: {self.level}: {self.message}"
        text = f"{text} (hint: {self.hint})" if self.hint else text
        return visible(text)  # a problem is one line, shown as it is, whatever a file name holds


@dataclass
class Report:
    """Collects every problem of a build so all of them are shown at once."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, file: str, line: int, field_: str, message: str, hint: str = "") -> None:
        """Record an error: the build will stop before writing."""
        self.problems.append(Problem(file, line, field_, message, hint, "error"))

    def warn(self, file: str, line: int, field_: str, message: str, hint: str = "") -> None:
        """Record a warning: fatal only in strict mode."""
        self.problems.append(Problem(file, line, field_, message, hint, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return sorted({p for p in self.problems if p.level == "error"})

    @property
    def warnings(self) -> list[Problem]:
        return sorted({p for p in self.problems if p.level == "warning"})

    def raise_if_errors(self) -> None:
        """Stop the pipeline between stages when anything is wrong."""
        if self.errors:
            raise BuildFailed(self.errors)


class BuildFailed(Exception):
    """Raised with every error found; the command line prints them, one a line."""

    def __init__(self, problems: list[Problem]):
        super().__init__(plural(len(problems), "problem"))
        self.problems = problems


def did_you_mean(word: str, choices) -> str:
    """A hint naming the closest known value, or the empty string."""
    # Close spellings first; then an id with the word as one of its hyphenated parts ('putin' for
    # 'vladimir-putin'), the way an editor shortens a long id.
    known = sorted(str(c) for c in choices)
    close = difflib.get_close_matches(str(word), known, n=1, cutoff=0.6)
    if not close:
        parts = set(str(word).lower().split("-"))
        close = [c for c in known if parts and parts <= set(c.split("-"))][:1]
    return f"did you mean '{close[0]}'?" if close else ""


IRREGULAR = {"analysis": "analyses", "index": "indexes", "entry": "entries", "is": "are", "was": "were"}


def plural(n: int, word: str, many: str = "") -> str:
    """'1 source', '2 sources': the count and the word in the form the count needs."""
    return f"{n} {word if n == 1 else many or IRREGULAR.get(word) or word + 's'}"

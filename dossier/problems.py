"""Problems found while building: one line each, collected, then reported together."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


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
        return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)  # a problem is one line, whatever a file name holds


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

"""Whether and where to build: the output guard, the no-op check, then the stages (dossier/stages.py)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .fingerprint import unchanged_since_last_build
from .problems import BuildFailed, Problem
from .write import unsafe_target


@dataclass
class Result:
    """What a build did, for the last line it prints."""

    pages: int
    warnings: list[Problem]
    seconds: float
    review: list = field(default_factory=list)  # capitalised names no alias covers
    unchanged: bool = False  # nothing changed since the build that wrote the output
    state: object = None  # with keep=True: the build kept in memory (stages.Built), for serve


def build(project: Path, out: Path | None = None, base_url: str | None = None, strict: bool = False,
          write: bool = True, review: bool = False, keep: bool = False) -> Result:
    """Build the dossier in `project` into `out`; raises BuildFailed with every problem found."""
    started = time.perf_counter()
    project = project.resolve()
    out = (out or project / "output").resolve()
    if write and (reason := unsafe_target(out, project)):
        raise BuildFailed([Problem("--out", 0, "", f"refusing to write the site there: {reason}", "choose an empty folder or the project's output/")])
    stamp, previous = unchanged_since_last_build(project, out, base_url, strict) if write else ("", None)
    if previous and not keep:
        return Result(*previous, time.perf_counter() - started, unchanged=True)
    # Imported only now: Jinja, YAML and markdown-it take ~0.13 s to import, most of a no-op rebuild.
    from .stages import make_site
    return make_site(project, out, base_url, strict, write, review, stamp, started, keep)

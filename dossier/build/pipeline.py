"""Whether and where to build: the output guard, the no-op check, then the stages (dossier/build/stages.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from dossier.build.fingerprint import unchanged_since_last_build
from dossier.build.options import READ, BuildOptions, Result
from dossier.build.write import output_lock, recover, unsafe_target
from dossier.files import Refused, os_reason
from dossier.problems import BuildFailed, Problem


def build(
    project: Path,
    out: Path | None = None,
    base_url: str | None = None,
    strict: bool = False,
    write: bool = True,
    review: bool = False,
    keep: bool = False,
    previous: Any = READ,
    cache: bool = False,
) -> Result:
    """Build the dossier in `project` into `out`; raises BuildFailed with every problem found."""
    started = time.perf_counter()
    project = project.resolve()
    out = (out or project / "output").resolve()
    options = BuildOptions(project, out, base_url, strict, write, review, keep, cache, previous)
    if write and (reason := unsafe_target(out, project)):
        raise BuildFailed(
            [Problem("--out", 0, "", f"refusing to write the site there: {reason}", "choose an empty folder or the project's output/")]
        )
    if not write:
        return _make(options, "", started)
    try:
        with output_lock(out):
            recover(out)
            stamp, previous = unchanged_since_last_build(project, out, base_url, strict)
            if previous and not keep:
                pages, warnings, unlinked = previous
                return Result(pages, warnings, time.perf_counter() - started, unchanged=True, unlinked=unlinked)
            return _make(options, stamp, started)
    except OSError as exc:  # the output's disk or folder: read-only, full, not ours, busy
        raise BuildFailed([write_problem(exc, out)]) from None
    except Refused as exc:  # a link where the build writes (its lock, its staging)
        raise BuildFailed([Problem(exc.path, 0, "", exc.message, exc.hint)]) from None


def _make(options: BuildOptions, stamp: str, started: float) -> Result:
    # Imported only now: importing Jinja, YAML and markdown-it would be most of a no-op rebuild's time.
    from dossier.build.stages import make_site

    return make_site(options, stamp, started)


def write_problem(exc: OSError, out: Path) -> Problem:
    """An operating-system error met while building as one problem line: on the output if it concerns its folder."""
    reason, hint = os_reason(exc)
    name = str(exc.filename or "")
    if not name or name == str(out.parent) or name.startswith(str(out.parent / f".{out.name}.")) or name.startswith(str(out)):
        return Problem("--out", 0, "", f"cannot write the site to '{out}': {reason}", hint or "choose another folder with --out")
    return Problem(name, 0, "", reason, hint)

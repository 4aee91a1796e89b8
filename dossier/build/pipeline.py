"""Whether and where to build: the output guard, the no-op check, then the stages (dossier/build/stages.py)."""

from __future__ import annotations

import time
from pathlib import Path

from dossier.build.fingerprint import unchanged_since_last_build
from dossier.build.options import BuildOptions, Result
from dossier.build.write import unsafe_target
from dossier.problems import BuildFailed, Problem


def build(
    project: Path,
    out: Path | None = None,
    base_url: str | None = None,
    strict: bool = False,
    write: bool = True,
    review: bool = False,
    keep: bool = False,
) -> Result:
    """Build the dossier in `project` into `out`; raises BuildFailed with every problem found."""
    started = time.perf_counter()
    project = project.resolve()
    out = (out or project / "output").resolve()
    options = BuildOptions(project, out, base_url, strict, write, review, keep)
    if write and (reason := unsafe_target(out, project)):
        raise BuildFailed(
            [Problem("--out", 0, "", f"refusing to write the site there: {reason}", "choose an empty folder or the project's output/")]
        )
    stamp, previous = unchanged_since_last_build(project, out, base_url, strict) if write else ("", None)
    if previous and not keep:
        return Result(*previous, time.perf_counter() - started, unchanged=True)
    # Imported only now: importing Jinja, YAML and markdown-it would be most of a no-op rebuild's time.
    from dossier.build.stages import make_site

    return make_site(options, stamp, started)

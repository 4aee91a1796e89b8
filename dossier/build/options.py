"""What one build is asked to do, and what it reports back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

READ = "read"  # BuildOptions.previous: read the previous published record from disk


@dataclass(frozen=True)
class BuildOptions:
    """Every option of one build, resolved: where from, where to, and how strictly."""

    project: Path
    out: Path
    base_url: str | None = None  # None: site.yaml's; "": none
    strict: bool = False  # warnings are errors
    write: bool = True  # False: check only
    review: bool = False  # collect the review queue
    keep: bool = False  # keep the build in memory for serve's engine
    cache: bool = False  # take pages from the project's .dossier/cache/ and keep them there (build/cache.py)
    previous: Any = READ  # the published record to compare with (build/record.py): READ from the output or project, or given (serve)


@dataclass
class Result:
    """What a build did, for the last line it prints."""

    pages: int
    warnings: list  # Problems; on a no-op rebuild, their lines as the marker recorded them
    seconds: float
    review: list = field(default_factory=list)  # the review queue (editor.review.Entry): names no alias links, near spellings
    unchanged: bool = False  # nothing changed since the build that wrote the output
    unlinked: int = 0  # names in the seeds no alias links (the build's last line)
    hedges: list = field(default_factory=list)  # with review: prose sentences citing a paragraph that hedges, with no hedge
    cached: int = 0  # pages taken from the build cache rather than rendered
    state: Any = None  # with keep=True: the build kept in memory (stages.Built), for serve

"""The build's stages as a table of contents: load, validate, ingest, link, index, render, check, write."""
from __future__ import annotations

import gc
import time
from pathlib import Path

from . import extras
from .fingerprint import marker_text
from .index import build_index
from .ingest import ingest
from .link import link_mentions, link_themes, place_claims, place_events, split_cites
from .linkcheck import check_links
from .load import Content, load
from .mentions import build_matcher
from .pipeline import Result
from .problems import BuildFailed, Problem, Report
from .render import render_site
from .review import unlinked_names
from .validate import validate
from .write import Staging


def make_site(project: Path, out: Path, base_url: str | None, strict: bool, write: bool, review: bool,
              stamp: str, started: float) -> Result:
    """Read and check everything, then render, link-check and write; raises BuildFailed with every problem."""
    # The build makes a million objects that live to its end and few cycles: the cyclic collector
    # would keep re-scanning them for nothing (about 15 % of a large build's CPU).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _stages(project, out, base_url, strict, write, review, stamp, started)
    finally:
        if collecting:
            gc.enable()


def _stages(project: Path, out: Path, base_url: str | None, strict: bool, write: bool, review: bool,
            stamp: str, started: float) -> Result:
    """The stages in order."""
    report = Report()
    content = load(project, report)
    if base_url is not None:
        content.site["base_url"] = base_url or None
    report.raise_if_errors()

    seeds = ingest_seeds(content)
    matcher = build_matcher(content.actors, content.site["never_link"], report)
    validate(content, seeds, report)
    split_cites(content)
    link_mentions(content, seeds, matcher)
    link_themes(content, seeds)
    place_claims(content, seeds, report)
    place_events(content, seeds, report)
    report.raise_if_errors()

    index = build_index(content, seeds)
    audit(content, index, report)
    staging = Staging(out) if write else None
    try:
        pages = render_site(project, content, seeds, index, report, staging)
        report.raise_if_errors()
        others = extras.site_files(project, content, seeds, index)
        check_links(pages, set(pages) | set(others), report, skip={"404.html"})
        if strict and report.warnings:
            raise BuildFailed([Problem(p.file, p.line, p.field, p.message, p.hint, "error") for p in report.warnings])
        if staging is not None:
            for path, data in sorted(others.items()):
                staging.put(path, data)
            staging.commit(marker_text(stamp, len(pages), [str(w) for w in report.warnings]))
    finally:
        if staging is not None:
            staging.discard()
    queue = unlinked_names(seeds) if review else []
    return Result(len(pages), report.warnings, time.perf_counter() - started, queue)


def ingest_seeds(content: Content) -> dict:
    """Every seed split into blocks with its source's residue rules."""
    site_rules = [r for r in content.site["residue"] or [] if isinstance(r, str)]
    return {sid: ingest(content.seeds[sid], site_rules + [r for r in source["residue"] or [] if isinstance(r, str)],
                        bool(source["drop_repeats"]), source["title"] or "", dict(source["block_kinds"] or {}))
            for sid, source in content.sources.items() if sid in content.seeds}


def audit(content: Content, index, report: Report) -> None:
    """Warnings an editor should see: actors the texts never name."""
    for aid, actor in sorted(content.actors.items()):
        if not index.mentions.get(aid):
            report.warn(actor.file, actor.line_of("aliases"), "aliases", f"actor '{aid}' is never named in any seed", "add the form the texts use as an alias, or remove the actor")

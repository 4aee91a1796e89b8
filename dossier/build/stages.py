"""The build's stages as a table of contents: load, ingest, validate, link, index, render, check links, write."""

from __future__ import annotations

import ctypes
import gc
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dossier.build import record
from dossier.build.cache import PageCache
from dossier.build.fingerprint import SERVED, marker_text
from dossier.build.options import READ, BuildOptions, Result
from dossier.build.write import Staging
from dossier.editor.review import Shares, settings, unlinked_names
from dossier.model.assess import assess
from dossier.model.crosscheck import check_across, check_sources_across
from dossier.model.load import Content, load
from dossier.model.prose import hedge_review
from dossier.model.validate import check_site, validate
from dossier.problems import BuildFailed, Problem, Report
from dossier.render import extras, search
from dossier.render.linkcheck import check_links
from dossier.render.pages import plan, render_site
from dossier.render.parts import Memo, own_templates
from dossier.render.reads import track_source
from dossier.text.index import build_index, older_than, theme_sources, written_by
from dossier.text.ingest import ingest
from dossier.text.link import link_mentions, link_themes, place_analysis, place_claims, place_events, split_cites
from dossier.text.mentions import build_matcher
from dossier.text.publish import mode, redact
from dossier.tricks import safe_mode


def make_site(options: BuildOptions, stamp: str, started: float) -> Result:
    """Read and check everything, then render, link-check and write; raises BuildFailed with every problem.

    With `keep`, the result also carries everything read and what each page read (for serve's engine)."""
    with without_cyclic_gc():
        return _stages(options, stamp, started)


@contextmanager
def without_cyclic_gc():
    """The cyclic collector off for the duration.

    A build makes a million objects that live to its end and few cycles: the collector would keep
    re-scanning them for nothing (about 15 % of a large build's CPU). Serve's updates work on that
    same million, kept."""
    collecting = gc.isenabled()
    if safe_mode():
        collecting = False  # left as it is
    else:
        gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _stages(options: BuildOptions, stamp: str, started: float) -> Result:
    """The stages in order."""
    project, keep = options.project, options.keep
    report = Report()
    caching = options.cache and not safe_mode()  # the cache knows what a page read only from records that note it
    content, seeds, matcher, texts = read_and_link(project, options.base_url, report, keep, options.out)
    masking = mode(content.site) != "full"
    shares = Shares(fixed=True)  # each seed's share of the names no alias links: worked out once for the count and the queue
    if masking:  # the names no alias links, and the review queue, counted over the full text before it is masked
        full_names = unlinked_names(seeds, **settings(content.site), kept=shares)
        full_queue = (
            unlinked_names(seeds, content.actors, content.themes, **settings(content.site), kept=shares)
            if options.review or keep
            else full_names
        )
    redact(content, seeds)  # every quote was checked against the full text: from here on, only what is published
    index = build_index(content, seeds)
    check_unique_pages(plan(content, index), report)
    report.raise_if_errors()
    content.published_before = record.read(options.out, project) if options.previous == READ else options.previous
    content.published = record.merge(content.published_before, record.current(content))
    content.published_days = record.dates(content.published)  # every page asks when what it shows last changed
    audits = audit(content, index)
    staging = Staging(options.out) if options.write else None
    try:
        # serve's: pieces kept by record across its updates, so a listing is rendered an item at a time. Only with the
        # builder's own partials, whose items never depend on their place in the list; a project's own listing
        # (`loop.index`, `loop.cycle`) is rendered whole, as a build renders it.
        memo = Memo() if keep and not own_templates(project) and not safe_mode() else None
        # Masked, the names were counted over the full text above: the tail does not count the masked seeds again.
        tail = SiteFiles(project, content, seeds, index, staging, keep, None if masking else shares)
        cache = PageCache(project, content, index, seeds, own_templates(project)) if caching else None
        pages = render_site(project, content, seeds, index, report, staging, track=keep, memo=memo, meanwhile=tail, cache=cache)
        report.raise_if_errors()
        pieces, others, search_files, names = tail.pieces, tail.paths, tail.search_files, tail.names
        links = Report()
        check_links(pages, set(pages) | others, links, skip={"404.html"})
        warnings = sorted(set(report.warnings + audits + links.warnings))
        if options.strict and warnings:
            raise strict_failure(warnings)
        if masking:
            names, queue = full_names, full_queue
        else:
            # `check` adds near spellings to the count every build makes (the last line says so), and lists them.
            queue = (
                unlinked_names(seeds, content.actors, content.themes, **settings(content.site), kept=shares) if options.review else names
            )
        if staging is not None:
            # serve's full builds (`keep`) mark the output as serve's, like its updates: only a build certifies a build.
            staging.commit(marker_text(SERVED if keep else stamp, len(pages), [str(w) for w in warnings], len(names), content.seed_hashes))
            if not keep and options.out == project / "output":  # the project's own site, not a test's or a preview's
                record.keep_committed_copy(project, content.published)
        if cache is not None:
            cache.prune(pages)  # the entries of pages this build does not make go
    finally:
        if staging is not None:
            staging.discard()
    state = (
        Built(
            content,
            seeds,
            matcher,
            index,
            pages,
            set(pages) | others,
            report.warnings,
            audits,
            links.warnings,
            pieces,
            search_files,
            memo,
            len(names),
            texts,
            queue if masking else None,
        )
        if keep
        else None
    )
    hedges = hedge_review(content, seeds) if options.review else []
    cached = cache.hits if cache is not None else 0
    return Result(
        len(pages), warnings, time.perf_counter() - started, queue, state=state, unlinked=len(names), hedges=hedges, cached=cached
    )


@dataclass
class Built:
    """A build kept in memory: what it read, what each page read and links to, its warnings by stage."""

    content: Content
    seeds: dict
    matcher: object
    index: object
    pages: dict  # output path -> (ids, links, reads)
    files: set[str]  # every output path, pages and others
    record_warnings: list[Problem]  # from loading, validating and linking
    audit_warnings: list[Problem]
    link_warnings: list[Problem]
    search: dict | None  # source id -> its search documents, encoded; "" -> the actors' and themes'
    search_files: dict  # the split search index as written: path -> bytes
    memo: Memo | None = None  # pieces of pages kept by the record they show, for re-rendering pages after an edit
    unlinked: int = 0  # names no alias links, as the marker records them
    texts: dict = field(default_factory=dict)  # source id -> its seed's text as read: serve compares a saved seed with it
    review: list | None = None  # the review queue over the full text, when the site publishes less (seeds are masked)


def read_and_link(
    project: Path, base_url: str | None, report: Report, track: bool = False, out: Path | None = None
) -> tuple[Content, dict, object, dict]:
    """Load, ingest, validate, link and assess everything; raises BuildFailed before anything is rendered.

    Returns the seeds' texts too when `track` (serve compares a saved seed with them); templates never see them
    (`content.seeds` is empty in build and serve alike: what a page shows cannot depend on which one made it).
    `out`: the output folder, whose previous build's judgments a moved likelihood or confidence is checked against."""
    content = load(project, report)
    if base_url is not None:
        content.site["base_url"] = base_url or None
    check_site(content.site, report, base_url is not None)
    # A file that could not be read or parsed leaves its records out, and every reference to them would be a false
    # alarm: stop there. Errors in fields leave stand-ins, so references, quotes and anchors are checked too.
    if any(not p.field for p in report.errors):
        report.raise_if_errors()
    try:
        return _read_and_link(content, report, track, out)
    except BuildFailed:
        raise
    except Exception:
        if report.errors:  # a stand-in a later check did not expect: the errors found so far are the answer
            report.raise_if_errors()
        raise


def _read_and_link(content: Content, report: Report, track: bool, out: Path | None) -> tuple[Content, dict, object, dict]:
    """Ingest, validate and link what was loaded."""
    if track and not safe_mode():  # safe mode: serve rebuilds in full on every change, records stay plain
        for sid, source in content.sources.items():
            track_source(sid, source)
    seeds = ingest_seeds(content)
    # The texts live on in their blocks; only serve compares a saved seed with the one it read. A sixth of a
    # large build's memory, and every render worker would carry them too.
    texts = dict(content.seeds) if track else {}
    content.seeds.clear()
    if not track:
        give_back_freed_memory()
    matcher = build_matcher(content.actors, content.site["never_link"], report)
    validate(content, seeds, report)
    split_cites(content)
    link_mentions(content, seeds, matcher)
    link_themes(content, seeds)
    place_claims(content, seeds, report)
    place_events(content, seeds, report)
    place_analysis(content, seeds, report)
    assess(content, report, out)
    report.raise_if_errors()
    check_sources_across(content, seeds, report)
    check_across(content, seeds, report)
    return content, seeds, matcher, texts


class SiteFiles:
    """Everything a build makes besides its pages, worked out while the render workers run (so the parent does not
    idle through rendering and then work alone: on 2 cores that tail was about 2.5 s at 1,000 sources)."""

    def __init__(self, project: Path, content, seeds, index, staging, keep: bool, shares: Shares | None) -> None:
        self.args = (project, content, seeds, index, staging, keep)
        self.shares = shares
        self.pieces: dict | None = None
        self.paths: set[str] = set()
        self.search_files: dict[str, bytes] = {}
        self.names: list = []

    def __call__(self) -> None:
        project, content, seeds, index, staging, keep = self.args
        self.pieces = search.source_pieces(content, seeds, index.source_order) if keep else None
        self.paths, self.search_files = write_site_files(project, content, seeds, index, self.pieces, staging, keep)
        # Every build counts the names no alias links (its last line says so); `check` adds near spellings and lists them.
        if self.shares is not None:
            self.names = unlinked_names(seeds, **settings(content.site), kept=self.shares)


def write_site_files(project: Path, content, seeds, index, pieces, staging, keep: bool) -> tuple[set[str], dict[str, bytes]]:
    """Everything but the pages, staged as it is made rather than held (the search index alone is 55 MB at 5,000
    sources); returns their paths and, for serve (`keep`), the search index's files to compare with after an edit."""
    paths: set[str] = set()
    search_files: dict[str, bytes] = {}
    for path, data in extras.site_files(project, content, seeds, index, pieces):
        paths.add(path)
        if keep and path.startswith(search.SEARCH_DIR + "/"):
            search_files[path] = data
        if staging is not None:
            staging.put(path, data)
    return paths, search_files


def check_unique_pages(pages: list[tuple[str, str, dict]], report: Report) -> None:
    """Two pages of the plan at one path is an error, never one silently replacing the other (theme 'x-2's first page of
    claims by kind and theme 'x's second are both claims-by-kind/fact-x-2.html)."""
    seen: dict[str, str] = {}
    for path, template, _ in pages:
        if path in seen:
            report.error(
                path, 0, "", f"two pages would be written here ({seen[path]} and {template})", "rename one of the records they show"
            )
        seen.setdefault(path, template)


def give_back_freed_memory() -> None:
    """Hand the heap's free pages back to the system (glibc keeps them otherwise): forked render workers count every
    page the parent holds, so what is freed before they start lowers each one's peak (about 80 MB at 5,000 sources)."""
    if sys.platform.startswith("linux") and not safe_mode():
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl has no malloc_trim): the memory is reused, just not returned
            pass


def strict_failure(warnings: list[Problem]) -> BuildFailed:
    """--strict: every warning becomes an error."""
    return BuildFailed([Problem(p.file, p.line, p.field, p.message, p.hint, "error") for p in warnings])


def ingest_seeds(content: Content) -> dict:
    """Every seed split into blocks with its source's residue rules."""
    return {
        sid: ingest(*seed_inputs(content, source, content.seeds[sid])) for sid, source in content.sources.items() if sid in content.seeds
    }


def seed_inputs(content: Content, source, text: str) -> tuple:
    """What a seed's blocks depend on: its text and its source's residue rules, repeat dropping, title and block kinds."""
    rules = [r for r in content.site["residue"] or [] if isinstance(r, str)]
    rules += [r for r in source["residue"] or [] if isinstance(r, str)]
    return text, rules, bool(source["drop_repeats"]), source["title"] or "", dict(source["block_kinds"] or {})


def audit(content: Content, index) -> list[Problem]:
    """Warnings an editor should see: actors the texts never name, overridden templates whose original changed."""
    from dossier.editor.starter import changed_overrides

    report = Report()
    report.problems.extend(changed_overrides(content.root))
    for aid, actor in sorted(content.actors.items()):
        if not index.mentions.get(aid):
            report.warn(
                actor.file,
                actor.line_of("aliases"),
                "aliases",
                f"actor '{aid}' is never named in any seed",
                "add the form the texts use as an alias, or remove the actor",
            )
    return report.warnings + stale_information(content, index)


def stale_information(content: Content, index) -> list[Problem]:
    """Warnings for what rests only on sources written before site.yaml's information_limit.

    Judgments where the dossier has them (their `for` and `against` claims' sources), else each theme (the sources of
    its claims and stated stances). Undated sources are left out: their age is unknown."""
    limit = content.site.get("information_limit")
    report = Report()
    if not limit:
        return []
    judgments = record.judgment_list(content)
    if judgments:
        by_id = {c.get("id"): c for s in content.sources.values() for c in s["claims"] or [] if isinstance(c, dict) and c.get("id")}
        bases = [
            (
                j,
                getattr(j, "file", "content/judgments.yaml"),
                f"judgments[{i}]",
                {by_id[c]["source"] for c in (j.get("for") or []) + (j.get("against") or []) if c in by_id},
            )
            for i, j in enumerate(judgments)
        ]
    else:
        bases = []
        for tid, theme in sorted(content.themes.items()):
            sids = set(theme_sources(content, index, tid))
            bases.append((theme, theme.file, "stances" if theme["stances"] else "terms", sids))
    for basis, file, where, sids in bases:
        dated: list[str] = [d for s in sorted(sids) if s in content.sources and (d := written_by(content.sources[s]))]
        if dated and all(older_than(d, limit) for d in dated):
            report.warn(
                file,
                getattr(basis, "line", 1) if judgments else basis.line_of(where),
                where,
                f"{'judgment' if judgments else 'theme'} '{basis.get('id')}' rests only on sources written before {limit} (the latest: {max(dated)})",
                "add a newer source, or lower site.yaml's information_limit",
            )
    return report.warnings

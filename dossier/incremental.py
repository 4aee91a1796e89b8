"""`serve`'s engine: the last build kept in memory; a saved source re-renders only the pages that read what changed.

A full build records, for every page, which source fields and which Index entries it read (dossier/reads.py).
When the only files saved are one source's record and its seed, that source alone is read, checked and
linked again; the Index views it feeds are recomputed and compared entry by entry; and exactly the pages
that read a changed field or entry are rendered and replaced in the output. Any other change (an actor,
a theme, a template, a file added or removed) rebuilds everything, as `build` would. Either way the
output ends byte-identical to a clean build's (tests/test_incremental.py holds it to that).
"""
from __future__ import annotations

import os
import time
from collections import defaultdict
from dataclasses import fields
from pathlib import Path

from . import extras, search, urls
from .fingerprint import fingerprint, marker_text
from .index import build_index, claim_views, role_view
from .ingest import ingest
from .link import link_mentions, link_themes, locate_claims, place_events
from .linkcheck import check_links
from .load import load_record, read_seed
from .pipeline import Result, build
from .problems import BuildFailed, Report
from .reads import WHOLE, track_source
from .render import render_site
from .stages import audit, seed_inputs, strict_failure
from .validate import check_reference, check_source, parse_markdown
from .write import MARKER, InPlace

WATCHED = ("site.yaml", "content", "seeds", "templates")
SEARCH_FIELDS = {"title", "summary", "claims"}  # what a source's search documents show


def scan(project: Path) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of every input file by project-relative path; editors' dot, swap and backup files left out."""
    found: dict[str, tuple[int, int]] = {}
    stack = [project / name for name in WATCHED]
    while stack:
        path = stack.pop()
        try:
            if path.is_file():
                st = path.stat()
                found[path.relative_to(project).as_posix()] = (st.st_mtime_ns, st.st_size)
                continue
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name.endswith(("~", ".swp", ".swx")):
                continue
            if entry.is_dir():
                stack.append(Path(entry.path))
            else:
                try:
                    st = entry.stat()
                except OSError:
                    continue
                found[Path(entry.path).relative_to(project).as_posix()] = (st.st_mtime_ns, st.st_size)
    return found


class Session:
    """A dossier being served: the last good build, and the input files as that build read them."""

    def __init__(self, project: Path, out: Path, base_url: str | None = None, strict: bool = False):
        self.project, self.out, self.base_url, self.strict = project.resolve(), out.resolve(), base_url, strict
        self.state = None  # stages.Built, or None when the next rebuild must be a full one
        self.files: dict[str, tuple[int, int]] = {}  # the inputs the state was built from
        self.readers: dict[tuple, set[str]] = {}  # (owner, key) -> pages that read it
        self.search: dict[str, bytes] = {}  # source id -> its encoded search documents
        self.search_rest = b""  # the actors' and themes' documents
        self.settled = True  # the output's marker matches the inputs

    def rebuild(self) -> tuple[Result, str]:
        """Bring the output up to date with the files on disk; returns the result and 'full' or the source updated.

        Raises BuildFailed; the output and the kept build then stay as they were."""
        now = scan(self.project)
        changed = {p for p in now.keys() | self.files.keys() if now.get(p) != self.files.get(p)}
        sid = self._single_source(changed, now)
        result = self._update(sid) if sid else self._full()
        self.files, self.settled = now, False
        return result, sid or "full"

    def _single_source(self, changed: set[str], now: dict) -> str | None:
        """The source whose record or seed, and nothing else, changed; None if the change is anything else."""
        if self.state is None or not changed:
            return None
        sources = self.state.content.sources
        owners = set()
        for path in changed:
            if path not in now or path not in self.files:
                return None  # a file added or removed changes what exists: rebuild everything
            if path.startswith("content/sources/") and path.endswith(".yaml") and path.count("/") == 2:
                owners.add(path[len("content/sources/"):-len(".yaml")])
            else:
                owners.update(sid for sid, s in sources.items() if s["seed"] and Path(s["seed"]).as_posix() == path)
                if not owners:
                    return None
        return owners.pop() if len(owners) == 1 and owners <= sources.keys() else None

    # ------------------------------------------------------------------ full

    def _full(self) -> Result:
        """A clean build that keeps what it read, then the reverse map from what pages read to the pages."""
        self.state = None
        result = build(self.project, self.out, self.base_url, self.strict, keep=True)
        state = result.state
        readers: dict[tuple, set[str]] = defaultdict(set)
        for page, (_, _, read) in state.pages.items():
            for key in read:
                readers[key].add(page)
        self.readers = readers
        self.search = {sid: _encode(search.source_documents(state.content, state.seeds, sid)) for sid in state.index.source_order}
        self.search_rest = _encode(search.record_documents(state.content))
        self.state = state
        return result

    # ------------------------------------------------------------ one source

    def _update(self, sid: str) -> Result:
        """Re-read one source and its seed; re-render the pages that read what changed."""
        started = time.perf_counter()
        st, root, report = self.state, self.project, Report()
        content = st.content
        old = content.sources[sid]
        refs: list = []
        record = load_record(root, "sources", root / "content" / "sources" / f"{sid}.yaml", report, refs)
        report.raise_if_errors()
        text = read_seed(root, record, report)
        report.raise_if_errors()
        track_source(sid, record)
        seed, had_seed = st.seeds.get(sid), sid in st.seeds
        new_seed = text is not None and (seed is None or seed_inputs(content, record, text) != seed_inputs(content, old, content.seeds[sid]))
        if new_seed:
            seed = ingest(*seed_inputs(content, record, text))
            link_mentions(content, {sid: seed}, st.matcher)
            link_themes(content, {sid: seed})
        elif text is None:
            seed = None
        seeds = {**st.seeds, sid: seed} if seed is not None else {k: v for k, v in st.seeds.items() if k != sid}

        # Check, touching nothing kept: the new record against the others, other records against the new seed.
        parse_markdown("sources", record, refs)
        kept_refs = [r for r in content.refs if r.file != record.file]
        for ref in refs + (kept_refs if new_seed else []):
            check_reference(ref, content, seeds, report)
        check_source(content, record, seed, report)
        placed = locate_claims(sid, record, seed, report)
        if new_seed:
            place_events(content, seeds, report)
        report.raise_if_errors()

        # Commit: from here on the kept build is the new one; a failure below forces a full rebuild next time.
        self.state = None
        changed = {k for k in old.keys() | record.keys() if dict.get(old, k) != dict.get(record, k)}
        if seed is not None and not new_seed:
            for block in seed.blocks:
                block.claims.clear()
        for claim, block in placed:
            block.claims.append(claim)
        content.sources[sid] = record
        if text is not None:
            content.seeds[sid] = text
        content.refs = kept_refs + refs
        st.seeds = seeds
        reads = {(f"source:{sid}", key) for key in changed}
        if changed:
            reads.add((f"source:{sid}", WHOLE))
        audits = st.audit_warnings
        if new_seed or text is None or "published" in changed:
            index = build_index(content, seeds)
            reads |= changed_entries(st.index, index)
            st.index, audits = index, audit(content, index)
        else:
            by_actor, by_theme = claim_views(content, st.index.source_order)
            new = {"claims_by_actor": by_actor, "claims_by_theme": by_theme, "sources_by_actor": role_view(content, st.index.source_order)}
            for name, view in new.items():
                reads |= _changed_keys(name, getattr(st.index, name), view)
                setattr(st.index, name, view)
        if new_seed or (text is None and had_seed):
            reads.add(("seeds", sid))
        pages = {urls.page_path("source", sid)}
        for key in reads:
            pages |= self.readers.get(key, set())

        written = Collected()
        rendered = render_site(root, content, seeds, st.index, report, written, only=pages, track=True, parallel=False)
        report.raise_if_errors()
        ids_changed = any(rendered[p][0] != st.pages[p][0] for p in rendered)
        for page, summary in rendered.items():
            for key in st.pages[page][2] - summary[2]:
                self.readers.get(key, set()).discard(page)
            for key in summary[2]:
                self.readers.setdefault(key, set()).add(page)
            st.pages[page] = summary
        links = Report()
        check_links(st.pages, st.files, links, skip={"404.html"}, only=None if ids_changed else set(rendered))
        link_warnings = links.warnings if ids_changed else [w for w in st.link_warnings if w.file[len("output/"):] not in rendered] + links.warnings
        record_warnings = [w for w in st.record_warnings if w.file != record.file] + report.warnings
        warnings = sorted(set(record_warnings + audits + link_warnings))
        if self.strict and warnings:
            raise strict_failure(warnings)

        out = InPlace(self.out)
        for page in sorted(written.files):
            out.put(page, written.files[page])
        if reads & {(f"source:{sid}", f) for f in SEARCH_FIELDS} or new_seed or "published" in changed:
            self.search[sid] = _encode(search.source_documents(content, seeds, sid)) if seed is not None else b""
            out.put("assets/search-index.js", self.search_script(st.index.source_order))
        if content.site["base_url"]:
            out.put("feed.xml", extras.feed(content.site, content, st.index).encode())
        st.record_warnings, st.audit_warnings, st.link_warnings = record_warnings, audits, link_warnings
        self.state = st
        return Result(len(st.pages), warnings, time.perf_counter() - started)

    def search_script(self, order: list[str]) -> bytes:
        """The whole search index from the kept pieces, byte for byte what a full build writes."""
        pieces = [self.search[sid] for sid in order if self.search.get(sid)] + ([self.search_rest] if self.search_rest else [])
        return search.SCRIPT_HEAD + b",".join(pieces) + search.SCRIPT_TAIL

    def settle(self) -> None:
        """Write the output's marker for the inputs now on disk, unless they changed meanwhile (then the next rebuild does)."""
        if self.settled or self.state is None:
            return
        stamp = fingerprint(self.project, f"{self.base_url!r} {self.strict}")
        if scan(self.project) != self.files:
            return
        warnings = sorted(set(self.state.record_warnings + self.state.audit_warnings + self.state.link_warnings))
        InPlace(self.out).put(MARKER, marker_text(stamp, len(self.state.pages), [str(w) for w in warnings]).encode())
        self.settled = True


class Collected:
    """Rendered pages held in memory until every check has passed."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def put(self, rel: str, data: bytes) -> None:
        self.files[rel] = data


def _encode(docs) -> bytes:
    return b",".join(search.encode(doc) for doc in docs)


def changed_entries(old, new) -> set[tuple]:
    """Every (view, key) of the Index whose value differs between two builds; (view, '*') for a whole view."""
    changed: set[tuple] = set()
    for f in fields(old):
        before, after = getattr(old, f.name), getattr(new, f.name)
        if isinstance(before, dict):
            changed |= _changed_keys(f.name, before, after)
        elif before != after:
            changed.add((f.name, WHOLE))
    return changed


def _changed_keys(name: str, before: dict, after: dict) -> set[tuple]:
    keys = {(name, k) for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    if keys or list(before) != list(after):
        keys.add((name, WHOLE))  # a page that walked the whole view sees any change, order included
    return keys

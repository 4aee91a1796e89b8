"""`serve`'s engine: the last build kept in memory; a saved source re-renders only the pages that read what changed.

A full build records, for every page, which source fields and which Index entries it read (dossier/reads.py).
When the only files saved are one source's record and its seed, that source alone is read, checked and
linked again; the Index views it feeds are recomputed and compared entry by entry; and exactly the pages
that read a changed field or entry are rendered and replaced in the output. Any other change (an actor,
a theme, a template, a file added or removed) rebuilds everything, as `build` would. Either way the
output ends byte-identical to a clean build's (tests/test_incremental.py and, against a clean build in another
process, tests/test_serve_random.py hold it to that; DOSSIER_VERIFY=1 makes serve check itself after each update).
The output's marker is written as serve's: a build never takes it for its own ("Up to date"), it builds.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dossier import urls
from dossier.build import record
from dossier.build.fingerprint import SERVED, marker_text
from dossier.build.options import Result
from dossier.build.pipeline import build
from dossier.build.stages import audit, seed_inputs, strict_failure, without_cyclic_gc
from dossier.build.write import MARKER, Patch
from dossier.editor.review import Shares, settings, unlinked_names
from dossier.files import INPUTS, input_entries, write_inside
from dossier.model.assess import prefill, reassess, shown
from dossier.model.bottom_line import check_bottom_lines
from dossier.model.crosscheck import check_source_across
from dossier.model.load import load_record, read_seed
from dossier.model.validate import UNRECORDED, check_reference, check_source, parse_markdown, unrecorded_seeds
from dossier.model.yamlfile import Mapping
from dossier.problems import Report
from dossier.render import extras, search
from dossier.render.exports import exports
from dossier.render.linkcheck import check_links
from dossier.render.pages import plan, render_site
from dossier.render.parts import own_templates
from dossier.render.reads import WHOLE, track_source
from dossier.text.index import build_index, count_views, label_view, role_view, theme_order
from dossier.text.index import judgment_groups as judgment_view
from dossier.text.ingest import ingest
from dossier.text.link import analysis_quotes, link_mentions, link_themes, locate_analysis, locate_claims, place_events
from dossier.text.publish import mode
from dossier.tricks import safe_mode

WATCHED = INPUTS  # serve watches exactly what a build reads


def scan(project: Path) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of every input file by project-relative path, as the input walker lists them."""
    root = str(project) + os.sep
    found: dict[str, tuple[int, int]] = {}
    for entry in input_entries(str(project)):
        try:
            if not entry.is_dir(follow_symlinks=False):
                st = entry.stat()
                found[entry.path[len(root) :].replace(os.sep, "/")] = (st.st_mtime_ns, st.st_size)
        except OSError:
            continue
    return found


def folders(project: Path) -> list[str]:
    """The project folder and every watched folder under it, as strings."""
    return [str(project)] + [e.path for e in input_entries(str(project)) if e.is_dir(follow_symlinks=False)]


class Session:
    """A dossier being served: the last good build, and the input files as that build read them."""

    def __init__(self, project: Path, out: Path, base_url: str | None = None, strict: bool = False, cache: bool = False):
        self.project, self.out, self.base_url, self.strict = project.resolve(), out.resolve(), base_url, strict
        self.cache = cache  # full builds take pages from, and keep them in, the project's build cache
        self.state: Any = None  # stages.Built, or None when the next rebuild must be a full one
        self.files: dict[str, tuple[int, int]] = {}  # the inputs the state was built from
        self.readers: dict[tuple, set[str]] = {}  # (owner, key) -> pages that read it
        self.refs: dict[str, list] = {}  # file -> the references it holds, kept current by each update
        self.search: dict[str, bytes] = {}  # source id -> its encoded search documents ("" -> actors' and themes')
        self.search_files: dict[str, bytes] = {}  # the split index on disk, path -> bytes
        self.settled = True  # the output's marker matches the inputs
        self.unlinked_stale = False  # a seed's blocks changed since the kept build counted the unlinked names
        self.search_stale = False  # the search index on disk lags behind self.search
        self.exports_stale = False  # exports/ lags behind the kept build
        self.own_templates = False  # the project's templates differ from the builder's: what a page reads is not known
        # What the site published before this session (build/record.py): every build of the session compares with it,
        # as a clean build would, so changes made while serving are dated once and a full rebuild does not re-date them.
        self.baseline = record.read(self.out, self.project)
        self.generation = 0  # rebuilds so far: a settlement worked out before the latest one is not written
        self.divergences: list[str] = []  # what DOSSIER_VERIFY=1 last found different from a clean build
        self.shares = Shares()  # each seed's share of the review queue, kept by its blocks: an update counts one seed again

    def rebuild(self, now: dict | None = None) -> tuple[Result, str]:
        """Bring the output up to date with the files on disk (as `now`, a scan, saw them); returns the result and 'full' or the source updated.

        Raises BuildFailed; the output and the kept build then stay as they were."""
        now = scan(self.project) if now is None else now
        self.generation += 1
        changed = {path for path, _ in now.items() ^ self.files.items()}
        # An output deleted or emptied meanwhile cannot be patched: only a full build makes it whole again.
        # Safe mode (DOSSIER_SAFE_MODE=1): every change rebuilds in full, as a build would.
        sid = self._single_source(changed, now) if (self.out / MARKER).is_file() and not safe_mode() else None
        result = self._update(sid) if sid else None
        if result is None:  # not one source's edit, or one that adds or removes pages
            sid, result = None, self._full()
        self.files, self.settled = now, False
        # The kept build lives as long as the server: keep the cyclic collector from re-walking it (a full
        # collection of a 1,000-source build pauses the server for about a second).
        if not safe_mode():
            gc.freeze()
        return result, sid or "full"

    def _single_source(self, changed: set[str], now: dict) -> str | None:
        """The source whose record or seed, and nothing else, changed; None if the change is anything else."""
        if self.state is None or not changed:
            return None
        if mode(self.state.content.site) != "full":
            return None  # what a seed publishes depends on every quote of it, wherever recorded: rebuild everything
        sources = self.state.content.sources
        owners: set[str] = set()
        for path in changed:
            if path not in now or path not in self.files:
                return None  # a file added or removed changes what exists: rebuild everything
            if path.startswith("content/sources/") and path.endswith(".yaml") and path.count("/") == 2:
                found = {path[len("content/sources/") : -len(".yaml")]}
            else:
                found = {sid for sid, s in sources.items() if s["seed"] and Path(s["seed"]).as_posix() == path}
            if not found:
                return None  # an actor, a theme, a template, site.yaml...
            owners |= found
        return owners.pop() if len(owners) == 1 and owners <= sources.keys() else None

    # ------------------------------------------------------------------ full

    def _full(self) -> Result:
        """A clean build that keeps what it read, then the reverse map from what pages read to the pages."""
        self.state, self.unlinked_stale = None, False  # a full build counts the unlinked names itself
        gc.unfreeze()  # the previous build is garbage now: let the collector see it again
        self.own_templates = own_templates(self.project)
        result = build(self.project, self.out, self.base_url, self.strict, keep=True, previous=self.baseline, cache=self.cache)
        state = result.state
        readers: dict[tuple, set[str]] = defaultdict(set)
        for page, (_, _, read) in state.pages.items():
            for key in read:
                readers[key].add(page)
        self.readers = readers
        self.refs = defaultdict(list)
        for ref in state.content.refs:
            self.refs[ref.file].append(ref)
        self.search = state.search
        self.search_files = state.search_files
        self.state = state
        return result

    # ------------------------------------------------------------ one source

    def _update(self, sid: str) -> Result | None:
        """Re-read one source and its seed; re-render the pages that read what changed. None if pages come or go."""
        with without_cyclic_gc():
            return self._update_source(sid)

    def _update_source(self, sid: str) -> Result | None:
        """Read and check the source, commit it to the kept build, then render, check and write what it changed."""
        started = time.perf_counter()
        edit = self._read(sid)
        self.state, st = None, self.state  # a failure from here on forces a full rebuild next time
        before, given = shown(st.content), prefill(st.content, sid, edit.record)
        reads = self._commit(st, edit)
        if not reassess(st.content, before, sid, given):
            return None  # grades or corroboration moved beyond this source's pages, or a lint of the layer speaks
        if st.memo is not None:
            st.memo.forget(reads)
        # One source's record changed: its items worked out again, the others' as the kept build has them.
        items = {k: v for k, v in st.content.published["items"].items() if not record.of_source(k, edit.sid)}
        items.update(record.source_items(st.content, edit.sid) if edit.sid in st.content.sources else {})
        now = record.merge(st.content.published_before, dict(sorted(items.items())))
        if dated(now) != dated(st.content.published):
            return None  # a change the record dates: pages say when they changed, changes.html lists it; rebuild everything
        st.content.published = now  # new hashes only: published.json is written by settle()
        if {path for path, _, _ in plan(st.content, st.index)} != st.pages.keys():
            return None  # pages come or go (a judgments group, a list crossing a page boundary): the full build that follows writes and removes them
        if self.own_templates:
            # A template of the project's may read any field, through paths the read tracking does not see:
            # every page is rendered again, and nothing kept by the built-in partials' keys is reused.
            pages, memo = set(st.pages), None
        else:
            pages, memo = {urls.page_path("source", sid)}, st.memo
            for key in reads:
                pages |= self.readers.get(key, set())
        patch = Patch(self.out)
        try:
            rendered = render_site(self.project, st.content, st.seeds, st.index, edit.report, patch, only=pages, track=True, memo=memo)
            edit.report.raise_if_errors()
            warnings = self._take_in(st, rendered, edit)
            if self.strict and warnings:
                raise strict_failure(warnings)
            if st.content.site["base_url"]:
                patch.put("feed.xml", extras.feed(self.project, st.content, st.index).encode())
            self.exports_stale = True  # claims, titles, windows, badges or anchors may have changed: written by settle()
            patch.commit()
        finally:
            patch.discard()
        if reads & ({(f"source:{sid}", f) for f in search.SOURCE_FIELDS} | {("seeds", sid), ("source_order", WHOLE)}):
            self.search[sid] = search.encoded(search.source_documents(st.content, st.seeds, sid)) if sid in st.seeds else b""
            self.search_stale = True  # written by settle(): the index is large; the pages come first
        self.state = st
        return Result(len(st.pages), warnings, time.perf_counter() - started)

    def _read(self, sid: str) -> Edit:
        """The source's record and seed read, ingested, linked and checked, touching nothing kept; raises BuildFailed."""
        st, root, report = self.state, self.project, Report()
        content = st.content
        old = content.sources[sid]
        refs: list = []
        record = load_record(root, "sources", root / "content" / "sources" / f"{sid}.yaml", report, refs)
        report.raise_if_errors()
        assert record is not None  # an unreadable record was reported, and raised just above
        hashes: dict[str, str] = {}
        text = read_seed(root, record, report, hashes)
        report.raise_if_errors()
        content.seed_hashes.update(hashes)  # the file as it now is, whatever the rest of the edit holds
        track_source(sid, record)
        seed, checked = st.seeds.get(sid), None
        new_seed = text is not None and (
            seed is None or seed_inputs(content, record, text or "") != seed_inputs(content, old, st.texts[sid])
        )
        kinds: dict[str, str] | None = {}
        if new_seed and text is not None:
            fresh = ingest(*seed_inputs(content, record, text))
            if seed is not None and _shape(fresh) == _shape(seed):
                new_seed = False  # a new title or rule that splits the text as before: keep the linked blocks
            elif seed is not None and (kinds := _new_kinds(seed, fresh)) is not None:
                new_seed, checked = False, fresh  # a title edited away from (or onto) the first line: only kinds move
            else:
                seed = fresh
                link_mentions(content, {sid: seed}, st.matcher)
                link_themes(content, {sid: seed})
        elif text is None:
            seed = None
        seeds = {**st.seeds, sid: seed} if seed is not None else {k: v for k, v in st.seeds.items() if k != sid}
        # The new record against the others; if the seed changed, every citation of it against the new one. Checked
        # against the content as it will be (the new record in it), so messages name what a clean build names.
        parse_markdown("sources", record, refs)
        content = replace(content, sources={**content.sources, sid: record})
        others = [r for file, kept in self.refs.items() if file != record.file for r in kept] if new_seed else []
        for ref in refs + others:
            check_reference(ref, content, seeds, report)
        check_source(content, record, checked or seed, report)
        if new_seed:  # the bottom lines' quotes are checked against the paragraphs they cite, as a clean build does
            check_bottom_lines(content, seeds, report, only={sid})
        placed = locate_claims(sid, record, seed, report)
        quoted = None  # stances' and dispute positions' quotes in this source, placed again on a new seed
        if new_seed:
            place_events(content, seeds, report)  # writes the events' anchors in place: a failure from here on
            quoted = locate_analysis(content, seeds, report, only={sid})
            if report.errors:
                self.state = None  # leaves the kept events placed on a seed it does not hold: the next rebuild is full
        report.raise_if_errors()
        check_source_across(content, record, seeds, report)
        return Edit(sid, record, text, seeds, new_seed or (sid in st.seeds) != (sid in seeds), placed, refs, report, kinds or {}, quoted)

    def _commit(self, st, edit: Edit) -> set[tuple]:
        """Put the edit into the kept build and its Index; returns every read whose value changed."""
        sid, content = edit.sid, st.content
        old, record = content.sources[sid], edit.record
        changed = {k for k in old.keys() | record.keys() if dict.get(old, k) != dict.get(record, k)}
        edit.seed_moved = "seed" in changed
        seed = edit.seeds.get(sid)
        if seed is not None and not edit.new_seed:
            for block in seed.blocks:
                block.claims.clear()
            for anchor, kind in edit.kinds.items():
                seed.by_anchor[anchor].kind = kind  # shown on the source's own page alone, which is always re-rendered
        for claim, block in edit.placed:
            block.claims.append(claim)
        if edit.quoted is not None:
            for quoted, *_ in analysis_quotes(content):
                if quoted["source"] == sid:
                    quoted["anchor"] = None
            for quoted, anchor in edit.quoted:
                quoted["anchor"] = anchor
        content.sources[sid] = record
        if edit.text is not None:
            st.texts[sid] = edit.text
        self.refs[record.file], st.seeds = edit.refs, edit.seeds
        # Templates may read content.refs: the list a clean build makes, file by file (validate sorts it so).
        content.refs = [ref for file in sorted(self.refs) for ref in self.refs[file]]
        reads = {(f"source:{sid}", key) for key in changed | ({WHOLE} if changed else set())}
        if edit.new_seed:
            reads.add(("seeds", sid))
        if edit.new_seed or edit.kinds:
            self.unlinked_stale = True
        if edit.new_seed or changed & {"published", "written"}:  # blocks or source order: every view may move
            index = build_index(content, edit.seeds)
            reads |= changed_entries(st.index, index)
            st.index, edit.audits = index, audit(content, index)
            return reads
        edit.audits = st.audit_warnings
        views = {}
        if "claims" in changed:
            placed = [claim for claim, _ in edit.placed]
            views["claims_by_actor"] = _respliced(st.index.claims_by_actor, "actors", sid, old["claims"], placed, st.index.source_order)
            views["claims_by_theme"] = _respliced(st.index.claims_by_theme, "themes", sid, old["claims"], placed, st.index.source_order)
        if changed & {"title", "short_title"}:  # editors' notes on any page may cite the source by its label
            views["labels"] = label_view(content)
        if changed & {"author", "outlet", "translator"}:
            views["sources_by_actor"] = role_view(content, st.index.source_order)
        if "claims" in changed:
            views["claim_counts"], views["theme_counts"] = count_views(content, replace(st.index, **views))
            views["judgments"] = judgment_view(content, st.index.source_order)
        for name, view in views.items():
            reads |= _changed_keys(name, getattr(st.index, name), view)
            setattr(st.index, name, view)
        return reads

    def _take_in(self, st, rendered: dict, edit: Edit) -> list:
        """Keep the re-rendered pages' reads and links, check their links; returns the whole site's warnings now."""
        ids_changed = any(rendered[p][0] != st.pages[p][0] for p in rendered)
        # A page's links check as before if they are the same links, to the same files, with the same ids.
        relinked = {p for p in rendered if rendered[p][1] != st.pages[p][1]}
        for page, summary in rendered.items():
            if summary[2] != st.pages[page][2]:
                for key in st.pages[page][2] - summary[2]:
                    self.readers.get(key, set()).discard(page)
                for key in summary[2] - st.pages[page][2]:
                    self.readers.setdefault(key, set()).add(page)
            st.pages[page] = summary
        links = Report()
        # Pages keep their ids unless blocks moved: then links into them from anywhere may break, so check all.
        check_links(st.pages, st.files, links, skip={"404.html"}, only=None if ids_changed else relinked)
        st.link_warnings = (
            links.warnings if ids_changed else [w for w in st.link_warnings if w.file[len("output/") :] not in relinked] + links.warnings
        )
        # Warnings about this record are new; so are those about seeds no record names, if it now names another seed.
        kept = [w for w in st.record_warnings if w.file != edit.record.file]
        if edit.seed_moved:
            seeds = Report()
            unrecorded_seeds(st.content, seeds)
            kept = [w for w in kept if w.message != UNRECORDED] + seeds.warnings
        st.record_warnings = kept + edit.report.warnings
        st.audit_warnings = edit.audits
        return sorted(set(st.record_warnings + st.audit_warnings + st.link_warnings))

    def pending(self) -> bool:
        """Whether settle() has anything to do."""
        return self.state is not None and not (self.settled and not self.search_stale and not self.exports_stale)

    def settle(self) -> None:
        """Finish what waits for a pause in the edits, here and now (serve does the heavy part in a child process)."""
        if self.pending():
            self.apply(self.settlement())

    def settlement(self) -> Settlement:
        """The search pieces and exports that changed, and the unlinked names' count, worked out from the kept build.

        Reads the session and changes nothing, so serve can run it in a forked child while the server goes on."""
        st = self.state
        written: dict[str, bytes] = {}
        search_paths = None
        if self.search_stale:
            files = search.split_index(search.docs_from_pieces(self.search, st.index.source_order))
            written = {path: data for path, data in files.items() if self.search_files.get(path) != data}  # most are unchanged
            search_paths = sorted(files)
        if self.exports_stale:
            written.update(exports(st.content, st.index, theme_order(st.content), st.seeds))
            written[record.NAME] = record.encode(st.content.published)
        unlinked = None
        if self.unlinked_stale:  # counted again only once a seed's blocks changed (a second or more on a big dossier)
            unlinked = len(unlinked_names(st.seeds, **settings(st.content.site), kept=self.shares))
        return Settlement(self.generation, written, search_paths, unlinked)

    def apply(self, done: Settlement) -> bool:
        """Write a settlement, then the output's marker (serve's: no build trusts it); False if a rebuild came since it was worked out.

        The marker is left alone if the inputs changed meanwhile: the next rebuild will write it."""
        if done.generation != self.generation or self.state is None:
            return False
        patch = Patch(self.out)
        try:
            for path, data in done.files.items():
                patch.put(path, data)
            marker = None
            if done.unlinked is not None:
                self.state.unlinked, self.unlinked_stale = done.unlinked, False
            if scan(self.project) == self.files:
                st = self.state
                warnings = sorted(set(st.record_warnings + st.audit_warnings + st.link_warnings))
                marker = marker_text(SERVED, len(st.pages), [str(w) for w in warnings], st.unlinked, st.content.seed_hashes)
            patch.commit()
            if done.search_paths is not None:
                kept = set(done.search_paths)
                for path in [path for path in self.search_files if path not in kept]:
                    (self.out / path).unlink(missing_ok=True)  # fewer pieces than before: a clean build would not have these
                    del self.search_files[path]
                self.search_files.update((path, data) for path, data in done.files.items() if path.startswith(search.SEARCH_DIR))
            if marker is not None:  # last; no digest of the output: serve's fingerprint matches no build, so none would read it
                write_inside(self.out, MARKER, marker.encode("utf-8"))  # a temporary file renamed over it, no link followed
                self.settled = True
            self.search_stale = self.exports_stale = False
        finally:
            patch.discard()
        if self.settled and os.environ.get("DOSSIER_VERIFY") == "1":
            self.verify()
        return True

    def verify(self) -> list[str]:
        """DOSSIER_VERIFY=1: the settled output against a clean build in another process; a difference is shouted."""
        from dossier.serve.verify import verify

        differ = verify(self.project, self.out, self.base_url, self.strict, self.baseline)
        self.divergences = differ
        if differ:
            shown = ", ".join(differ[:10]) + (f" and {len(differ) - 10} more" if len(differ) > 10 else "")
            print(f"dossier serve: DOSSIER_VERIFY: the output DIFFERS from a clean build in {len(differ)} files: {shown}", file=sys.stderr)
        else:
            print("dossier serve: DOSSIER_VERIFY: the output equals a clean build's", file=sys.stderr)
        return differ


@dataclass
class Settlement:
    """What settle() writes, worked out from one generation of the kept build."""

    generation: int  # the rebuild it follows: a later rebuild makes it stale
    files: dict[str, bytes]  # output path -> bytes: the search pieces that changed, the exports
    search_paths: list[str] | None  # every search piece, when the index was worked out again
    unlinked: int | None  # the unlinked names' count, when a seed's blocks changed


@dataclass
class Edit:
    """One source re-read and checked, not yet committed."""

    sid: str
    record: Mapping
    text: str | None
    seeds: dict  # every seed, this source's new one included
    new_seed: bool  # its blocks changed (or it gained or lost its seed)
    placed: list  # (claim, block)
    refs: list  # the source's references (schema and Markdown links)
    report: Report
    kinds: dict  # anchor -> its block's new kind, when kinds alone moved
    quoted: list | None = None  # (stance or dispute position, anchor) in this source, when its seed changed
    audits: list = field(default_factory=list)
    seed_moved: bool = False  # the record names another seed: which seeds no record names may change


def dated(published: dict) -> tuple:
    """What pages show of the published record: each item's days, and the log."""
    days = {k: (v.get("added"), v.get("changed")) for k, v in published["items"].items() if v.get("added") or v.get("changed")}
    return days, published["log"]


def _respliced(view: dict, key: str, sid: str, before: list, after: list, order: list[str]) -> dict:
    """A claims-by-actor or by-theme view with one source's claims replaced: what index.claim_views gives, for less.

    Only the entries the source's claims name, before or after, are rebuilt, not the whole view."""
    touched = {name for claim in [*(before or []), *after] if isinstance(claim, dict) for name in claim.get(key) or []}
    rank = {s: i for i, s in enumerate(order)}
    out = dict(view)
    for name in touched:
        entry = [c for c in view.get(name, []) if c["source"] != sid]
        entry += [c for c in after for named in c[key] or [] if named == name]
        entry.sort(key=lambda c: (rank[c["source"]], c["number"]))  # stable: a claim naming an actor twice stays twice
        if entry:
            out[name] = entry
        else:
            out.pop(name, None)
    # Keys in the order claim_views meets them (its first claim's source, number, place in the list), so a page
    # that walks the view sees what a clean build gives.
    first = {name: (rank[entry[0]["source"]], entry[0]["number"], list(entry[0][key]).index(name)) for name, entry in out.items()}
    return {name: out[name] for name in sorted(out, key=first.__getitem__)}


def _new_kinds(kept, fresh) -> dict[str, str] | None:
    """The blocks whose kind alone changed (a title no longer the first line's), or None if anything else did.

    A footnote's kind decides how it is quoted and cited, so a change to or from one counts as more."""
    if _shape(kept, kinds=False) != _shape(fresh, kinds=False):
        return None
    moved = {b.anchor: (b.kind, f.kind) for b, f in zip(kept.blocks, fresh.blocks) if b.kind != f.kind}
    if any("footnote" in pair for pair in moved.values()):
        return None
    return {anchor: new for anchor, (_, new) in moved.items()}


def _shape(seed, kinds: bool = True) -> tuple:
    """A seed's blocks and residue as ingest made them, before any linking."""

    def block(b):
        return b.anchor, b.line, b.kind if kinds else "", b.text, b.raw, b.marker

    return [block(b) for b in seed.blocks], [(block(b), rule) for b, rule in seed.dropped], seed.rule_hits


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

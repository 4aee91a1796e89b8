"""serve's engine (dossier/incremental.py): after every kind of edit, the output equals a clean build's, byte for byte."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import sys
import time
from dataclasses import fields
from pathlib import Path

import pytest
from helpers import ROOT, free_port, snapshot, start_serve
from overrides import override_every_partial
from test_synth import synth

from dossier.build.pipeline import build
from dossier.problems import BuildFailed, Report
from dossier.render import pages as render
from dossier.render.pages import render_site
from dossier.serve.background import Forked
from dossier.serve.incremental import Session, Settlement
from dossier.serve.verify import files
from dossier.tricks import safe_mode

FORKS = sys.platform.startswith("linux")  # where serve settles in a child process


def settled_in_child(session: Session) -> Settlement:
    """What serve's forked child works out from the session, brought back through the pipe as serve does."""

    async def run():
        answer = asyncio.get_running_loop().create_future()
        Forked(session.settlement, lambda ok, value: answer.set_result((ok, value)))
        return await answer

    ok, value = asyncio.run(run())
    assert ok, value
    return value


class Editing:
    """A served copy of a dossier: edit its files, rebuild incrementally, compare with a clean build."""

    def __init__(self, project: Path, scratch: Path):
        self.project, self.scratch = project, scratch
        self.session = Session(project, scratch / "served")
        result, how = self.session.rebuild()
        assert how == "full"

    def edit(self, rel: str, change) -> None:
        path = self.project / rel
        before = path.read_text(encoding="utf-8")
        after = change(before)
        assert after != before, f"the edit to {rel} changed nothing"
        path.write_text(after, encoding="utf-8")

    def rebuild(self, expect: str) -> None:
        """Rebuild; it must take the `expect` path ('full' or a source id) and end as a clean build does."""
        served = self.session.out
        before = snapshot(served)
        clean = self.scratch / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        try:
            wanted = build(self.project, clean)  # untracked: serve's memo carries on as if serve ran alone
        except BuildFailed as exc:
            wanted = exc
        try:
            result, how = self.session.rebuild()
        except BuildFailed as exc:
            assert isinstance(wanted, BuildFailed), f"serve failed where a clean build passed: {exc.problems}"
            assert sorted(map(str, exc.problems)) == sorted(map(str, wanted.problems))
            assert snapshot(served) == before, "a failed rebuild touched the output"
            return
        assert not isinstance(wanted, BuildFailed), f"serve passed where a clean build failed: {wanted.problems}"
        assert how == ("full" if safe_mode() else expect)  # safe mode: every change rebuilds in full
        assert sorted(map(str, result.warnings)) == sorted(map(str, wanted.warnings))
        if FORKS and self.session.pending():  # as serve settles: worked out in a child, written here
            assert self.session.apply(settled_in_child(self.session))
        else:
            self.session.settle()
        got, clean_files = files(served), files(clean)  # the marker by what it records: serve's never certifies a build
        assert sorted(got) == sorted(clean_files)
        differ = [path for path in clean_files if got[path] != clean_files[path]]
        assert differ == []
        # The kept Index equals a clean build's, key order included: a template walking any view sees the same.
        kept, fresh = self.session.state.index, build(self.project, write=False, keep=True).state.index
        for view in fields(kept):
            assert getattr(kept, view.name) == getattr(fresh, view.name), view.name
            if isinstance(getattr(kept, view.name), dict):
                assert list(getattr(kept, view.name)) == list(getattr(fresh, view.name)), view.name


def sub(pattern: str, replacement: str, count: int = 1):
    return lambda text: re.sub(pattern, replacement, text, count=count, flags=re.M)


@pytest.fixture(params=["built-in templates", "every partial overridden"])
def synthetic(tmp_path, request) -> Editing:
    """A served synthetic dossier; overridden, its partials also show fields the built-in ones never read
    (a passage's claims, a claim's source's summary), which serve must then re-render too."""
    project = tmp_path / "dossier"
    synth(project, sources=24, actors=10)  # past twenty sources, so pages split quoted sources from listed ones
    if request.param == "every partial overridden":
        override_every_partial(project, extra=True)
    return Editing(project, tmp_path)


def test_every_kind_of_source_edit_ends_as_a_clean_build(synthetic):
    s, rec, _seed = synthetic, "content/sources/source-04.yaml", "seeds/source-04.txt"
    s.edit(rec, sub(r"^summary: ", "summary: An edited opening. "))
    s.rebuild("source-04")
    s.edit(rec, sub(r"^(title: .*)$", r"\1, retitled"))  # also warns: the title is no longer the seed's first line
    s.rebuild("source-04")
    s.edit(rec, sub(r"^(title: .*), retitled$", r"\1"))  # the first line is the title again
    s.rebuild("source-04")
    s.edit(rec, sub(r"^(title: .*)$", r"\1, retitled"))
    s.rebuild("source-04")
    s.edit(rec, sub(r"^(title: .*)$", "\\1\nshort_title: Port brief"))
    s.rebuild("source-04")
    s.edit(rec, sub(r"^published: .*$", "published: '2019-02'"))  # first in source order now
    s.rebuild("source-04")
    s.edit(rec, sub(r"^- text: '", "- text: 'Edited claim. "))
    s.rebuild("source-04")
    s.edit(rec, sub(r"^  actors:\n", "  actors:\n  - grirekrek-council\n"))  # a claim gains an actor
    s.rebuild("source-04")
    s.edit(rec, sub(r"^  themes:\n  - [\w-]+", "  themes:\n  - energy"))  # and changes theme
    s.rebuild("source-04")
    s.edit(
        rec, sub(r"^- text: [^\n]*\n  quote: [^\n]*\n  actors:\n(  - [^\n]*\n)+  themes:\n(  - [^\n]*\n)+(  kind: [^\n]*\n)?", "")
    )  # drop a claim
    s.rebuild("source-04")
    s.edit(rec, sub(r"^outlet: .*$", "outlet: karust-herald"))
    s.edit(rec, sub(r"^author: .*$", "author: mira-phacal"))
    s.rebuild("source-04")


@pytest.mark.skipif(safe_mode(), reason="DOSSIER_SAFE_MODE=1: no workers, no kept pieces")
def test_edits_after_a_build_on_every_core_take_the_workers_fragments_and_end_as_a_clean_build(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)  # the first build renders in forked workers, as at 400 pages and more
    project = tmp_path / "dossier"
    synth(project, sources=24, actors=10)
    s = Editing(project, tmp_path)
    assert len(s.session.state.memo) > 24, "the workers' pieces did not reach serve's memo"
    rec = "content/sources/source-07.yaml"
    s.edit(rec, sub(r"^(title: .*)$", r"\1, retitled"))  # every list that names it: kept rows, lines and sections
    s.rebuild("source-07")
    s.edit(rec, sub(r"^- text: '", "- text: 'Edited claim. "))
    s.rebuild("source-07")
    s.edit(
        "seeds/source-07.txt", lambda t: t.replace("Share this article\n\n", "Share this article\n\nKarust Herald met Wendel Mothu.\n\n", 1)
    )
    s.rebuild("source-07")  # new mentions: the actors' sections of this source are built again


def test_seed_edits_relink_the_source_and_end_as_a_clean_build(synthetic):
    s, rec, seed = synthetic, "content/sources/source-04.yaml", "seeds/source-04.txt"
    s.edit(seed, lambda t: t.replace("Share this article\n\n", "Share this article\n\nKarust Herald and Wendel Mothu met again.\n\n", 1))
    s.rebuild("source-04")  # new paragraph: anchors shift, new mentions, new co-occurrence
    s.edit(rec, sub(r"^(seed: .*)$", "\\1\nresidue:\n- Share this article"))
    s.rebuild("source-04")
    quote = re.search(r"^\s+quote: (.*)$", (s.project / rec).read_text(encoding="utf-8"), re.M).group(1).strip("'\"")
    broken = quote.replace(" ", " no longer ", 1)
    s.edit(seed, lambda t: t.replace(quote, broken, 1))
    s.rebuild("source-04")  # a claim's quote is no longer in the seed: an error, the output untouched
    s.edit(seed, lambda t: t.replace(broken, quote, 1))
    s.rebuild("source-04")


def test_broken_records_fail_without_touching_the_output_and_other_changes_rebuild_everything(synthetic):
    s, rec = synthetic, "content/sources/source-04.yaml"
    s.edit(rec, sub(r"^title: ", "title: : broken: "))  # not YAML
    s.rebuild("source-04")
    s.edit(rec, sub(r"^title: : broken: ", "title: "))
    s.rebuild("source-04")
    s.edit(rec, sub(r"^outlet: .*$", "outlet: nobody-we-know"))  # an unknown reference
    s.rebuild("source-04")
    s.edit(rec, sub(r"^outlet: .*$", "outlet: callinsul-herald"))
    s.rebuild("source-04")
    s.edit("content/actors/karust-herald.yaml", sub(r"^name: .*$", "name: The Karust Herald"))
    s.rebuild("full")
    shutil.copy(s.project / rec, s.project / "content/sources/source-99.yaml")
    s.edit("content/sources/source-99.yaml", sub(r"^id: .*$", "id: source-99"))
    s.rebuild("full")
    s.edit(rec, sub(r"^summary: ", "summary: Once more. "))
    s.edit("content/sources/source-05.yaml", sub(r"^summary: ", "summary: Twice more. "))
    s.rebuild("full")  # two sources at once
    s.edit(rec, sub(r"^summary: ", "summary: Thrice. "))
    s.edit("content/actors/karust-herald.yaml", sub(r"^name: .*$", "name: Karust Herald"))
    s.rebuild("full")  # a source and an actor at once


def test_the_real_dossier_served_ends_as_a_clean_build(tmp_path):
    project = tmp_path / "dossier"
    project.mkdir()
    for name in ("site.yaml", "content", "seeds", "templates"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, project / name)
    s = Editing(project, tmp_path)
    records = sorted((project / "content" / "sources").glob("*.yaml"))
    assert records
    for record in records:
        rel = record.relative_to(project).as_posix()
        s.edit(rel, sub(r"^summary: ([>|][-+]?\n\s+)?", lambda m: (m.group(0) or "") + "Edited. "))
        s.rebuild(record.stem)
        s.edit(rel, sub(r"^(  - )?text: ", r"\1text: Edited: "))  # the first claim's own words
        s.rebuild(record.stem)
    # Insert a paragraph at the top of a seed: every anchor below it moves, so citations of it must be rechecked.
    seed_rel = re.search(r"^seed: (.*)$", records[0].read_text(encoding="utf-8"), re.M).group(1).strip()
    s.edit(seed_rel, lambda t: t.replace("\n\n", "\n\nAn inserted paragraph.\n\n", 1))
    s.rebuild(records[0].stem)


@pytest.mark.skipif(safe_mode(), reason="DOSSIER_SAFE_MODE=1: no kept pieces")
@pytest.mark.parametrize("parallel_from", [10_000, 1], ids=["one process", "forked workers"])
def test_pages_rendered_again_from_kept_fragments_read_and_show_what_they_did(tmp_path, monkeypatch, parallel_from):
    monkeypatch.setattr(render, "PARALLEL_FROM", parallel_from)  # with workers, the memo is what they sent home
    project = tmp_path / "dossier"
    synth(project, sources=24, actors=10)
    state = build(project, write=False, keep=True).state  # renders every page once, keeping their pieces
    assert len(state.memo) > 24, "serve's build kept no pieces"
    pages = {p for p in state.pages if p.startswith(("actors/", "themes/", "sources/index"))}
    again = render_site(project, state.content, state.seeds, state.index, Report(), only=pages, track=True, memo=state.memo)
    assert again == {p: state.pages[p] for p in pages}  # same ids, links and reads, every fragment taken from the memo


def test_a_list_crossing_a_page_boundary_rebuilds_in_full(tmp_path, monkeypatch):
    """An edit that makes a paged list need fewer (or more) pages: serve builds in full, removing the page that went."""
    monkeypatch.setattr(render, "THEME_CLAIMS", 2)  # theme claims two a page, so a source's claims span pages
    project = tmp_path / "dossier"
    synth(project, sources=24, actors=10)
    s = Editing(project, tmp_path)
    paged = {p for p in s.session.state.pages if re.search(r"^themes/[\w-]+/claims-\d+\.html$", p)}
    assert paged

    def without_claims(text: str) -> str:
        lines, out, skipping = text.splitlines(keepends=True), [], False
        for line in lines:
            if line.startswith("claims:"):
                out.append("claims: []\n")
                skipping = True
            elif skipping and line.startswith(("- ", "  ")):
                continue
            else:
                skipping = False
                out.append(line)
        return "".join(out)

    s.edit("content/sources/source-04.yaml", without_claims)
    s.rebuild("full")
    assert {p for p in s.session.state.pages if re.search(r"^themes/[\w-]+/claims-\d+\.html$", p)} != paged


def test_a_seed_edit_naming_someone_new_updates_the_markers_count_of_unlinked_names(project, tmp_path):
    """The marker records how many names no alias links; serve counts them again once a seed's text changed."""
    s = Editing(project, tmp_path)
    s.session.settle()
    marker = s.session.out / ".dossier-output"
    before = re.search(r"^unlinked: (\d+)$", marker.read_text(), re.M)
    s.edit("seeds/beta.txt", lambda text: text + "\nThe talks were hosted by Zorbani Quelt in the capital.\n")
    s.rebuild("beta")  # settles, then compares every byte, the marker included, with a clean build
    after = re.search(r"^unlinked: (\d+)$", marker.read_text(), re.M)
    assert after and int(after.group(1)) == (int(before.group(1)) if before else 0) + 1


def test_a_settlement_worked_out_before_a_later_rebuild_is_not_written(project, tmp_path):
    """serve settles in a child while it goes on rebuilding: an answer about an older build must not overwrite a newer one."""
    s = Editing(project, tmp_path)
    s.session.settle()
    s.edit("content/sources/beta.yaml", sub(r"^summary: ", "summary: First edit. "))
    s.session.rebuild()
    stale = settled_in_child(s.session) if FORKS else s.session.settlement()
    assert any(path.startswith("assets/search/") for path in stale.files), "the summary edit changes the search index"
    s.edit("content/sources/beta.yaml", sub(r"^summary: First edit\. ", "summary: Second edit. "))
    s.session.rebuild()
    written = snapshot(s.session.out)
    assert s.session.apply(stale) is False
    assert snapshot(s.session.out) == written
    s.edit("content/sources/beta.yaml", sub(r"^summary: Second edit\. ", "summary: Third edit. "))
    s.rebuild("beta")  # rebuilt and settled as serve does: a clean build's output again


def test_the_running_server_settles_after_an_edit_into_a_clean_builds_output(project, tmp_path):
    """serve end to end: after a save, the pages at once, then (worked out in a child on Linux) the search index,
    exports and marker, until the output is byte for byte what a clean build writes."""
    port = free_port()
    proc = start_serve(project, port)
    try:
        served = project / "output"
        deadline = time.time() + 30
        while time.time() < deadline and not (served / ".dossier-output").is_file():
            time.sleep(0.1)
        record = project / "content" / "sources" / "beta.yaml"
        record.write_text(re.sub(r"^summary: ", "summary: Zanzibarquux talks. ", record.read_text(encoding="utf-8"), count=1, flags=re.M))
        build(project, tmp_path / "clean")
        wanted = files(tmp_path / "clean")
        deadline = time.time() + 30
        while time.time() < deadline and files(served) != wanted:
            time.sleep(0.2)
        got = files(served)
        assert b"zanzibarquux" in b"".join(data for path, data in got.items() if path.startswith("assets/search/"))
        assert sorted(got) == sorted(wanted)
        assert [path for path in wanted if got[path] != wanted[path]] == []
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)

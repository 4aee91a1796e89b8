"""What serve shows is what a build publishes: the divergences E1-E6 of the architecture review, each pinned, every
one compared with a clean build run in ANOTHER process (an oracle in serve's own process shares its globals)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURE, ROOT

from dossier.problems import BuildFailed
from dossier.serve.incremental import Session
from dossier.serve.verify import clean_build, verify
from dossier.tricks import safe_mode


class Served:
    """A copy of the fixture served by serve's engine, settled after every rebuild as the server settles it."""

    def __init__(self, tmp_path: Path, prepare=None):
        self.project = tmp_path / "project"
        shutil.copytree(FIXTURE, self.project)
        if prepare:
            prepare(self)
        self.session = Session(self.project, tmp_path / "served")
        self.rebuild()

    def write(self, rel: str, text: str) -> None:
        path = self.project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, rel: str, pattern: str, replacement: str) -> None:
        before = (self.project / rel).read_text(encoding="utf-8")
        after = re.sub(pattern, replacement, before, count=1, flags=re.M)
        assert after != before, f"the edit to {rel} changed nothing"
        self.write(rel, after)

    def rebuild(self) -> str:
        _, how = self.session.rebuild()
        self.session.settle()
        return how

    def differences(self) -> list[str]:
        return verify(self.project, self.session.out)

    def page(self, rel: str) -> str:
        return (self.session.out / rel).read_text(encoding="utf-8")


def one(sid: str) -> str:
    """How serve rebuilds after one source's edit: that source alone, or in full in safe mode."""
    return "full" if safe_mode() else sid


def override(served: Served, name: str, old: str, new: str) -> None:
    """The project's own copy of a built-in template (as `dossier template` makes it), with one change."""
    text = (ROOT / "templates" / name).read_text(encoding="utf-8")
    assert old in text, f"{name} no longer holds {old!r}"
    served.write(f"templates/{name}", text.replace(old, new, 1))


def test_e1_a_new_short_title_relabels_the_notes_that_cite_it_on_other_pages(tmp_path):
    """Built-in templates: another source's date_note linking "Memo p4" must stop linking once Memo is renamed."""

    def prepare(s: Served) -> None:
        s.edit("content/sources/alpha.yaml", r"^(title: .*)$", "\\1\nshort_title: Memo")
        s.edit("content/sources/beta.yaml", r"^date_note: .*$", "date_note: The text gives no date; Memo p4 reports the visit.")

    s = Served(tmp_path, prepare)
    assert 'href="alpha.html#p4"' in s.page("sources/beta.html")
    s.edit("content/sources/alpha.yaml", r"^short_title: Memo$", "short_title: Brief")
    assert s.rebuild() == one("alpha")
    assert 'href="alpha.html#p4"' not in s.page("sources/beta.html")
    assert s.differences() == []


@pytest.mark.parametrize(
    "old, new",
    [("<tr>\n  <td>", "<tr>\n  <td>{{ loop.index }}) "), ("<tr>", "<tr class=\"{{ loop.cycle('odd', 'even') }}\">")],
    ids=["loop.index", "loop.cycle"],
)
def test_e2_an_overridden_listing_is_rendered_whole_under_serve_as_in_a_build(tmp_path, old, new):
    s = Served(tmp_path, lambda s: override(s, "partials/source_rows.html", old, new))
    assert s.differences() == []  # the first build: every row numbered 1) under serve before
    s.edit("content/sources/beta.yaml", r"^summary: ", "summary: Edited. ")
    s.rebuild()
    s.edit("templates/partials/source_rows.html", r"^<tr", "\n<tr")  # saving the override itself: a full rebuild
    assert s.rebuild() == "full"
    assert s.differences() == []


def test_e4_a_template_reading_content_refs_sees_the_references_of_now(tmp_path):
    cited = (
        '{% block main %}\n<p class="cited">Cited from: {% for ref in content.refs %}'
        "{% if ref.value in (actor.id, 'actor:' ~ actor.id) %}{{ ref.file }} {% endif %}{% endfor %}</p>\n"
    )
    s = Served(tmp_path, lambda s: override(s, "actor.html", "{% block main %}\n", cited))
    assert "alpha.yaml" not in s.page("actors/united-states.html").split('class="cited"')[1].split("</p>")[0]
    s.edit("content/sources/alpha.yaml", r"^summary: \|\n  ", "summary: |\n  [Washington](actor:united-states) ")
    assert s.rebuild() == one("alpha")
    assert "content/sources/alpha.yaml" in s.page("actors/united-states.html").split('class="cited"')[1].split("</p>")[0]
    assert s.differences() == []


def test_e5_a_source_pointed_at_a_corrected_seed_moves_the_orphaned_seed_warning(tmp_path):
    def prepare(s: Served) -> None:
        text = (s.project / "seeds" / "beta.txt").read_text(encoding="utf-8")
        s.write("seeds/beta-v2.txt", text.replace("Helpful keywords", "Helpful keywords, corrected"))

    s = Served(tmp_path, prepare)
    assert any("seeds/beta-v2.txt" in str(w) for w in s.session.state.record_warnings)
    s.edit("content/sources/beta.yaml", r"^seed: .*$", "seed: seeds/beta-v2.txt")
    assert s.rebuild() == one("beta")
    warnings = [str(w) for w in s.session.state.record_warnings]
    assert not any("beta-v2.txt" in w for w in warnings) and any("seeds/beta.txt" in w for w in warnings)
    assert s.differences() == []  # the marker's warnings included


def test_e6_content_seeds_is_the_same_under_serve_as_in_a_build(tmp_path):
    shown = "{% block main %}\n<p class=\"words\">{{ (content.seeds.get(source.id) or '') | wordcount }} words</p>\n"
    s = Served(tmp_path, lambda s: override(s, "source.html", "{% block main %}\n", shown))
    assert s.differences() == []
    s.edit("seeds/beta.txt", r"^Helpful keywords$", "Helpful keywords and more")
    s.rebuild()
    assert s.differences() == []


def test_a_build_after_serve_never_says_up_to_date_on_serves_word(tmp_path):
    """serve never certifies its own output: the next build builds, and ends as a clean build in another process."""
    s = Served(tmp_path)
    s.edit("content/sources/beta.yaml", r"^summary: ", "summary: Edited. ")
    s.rebuild()
    done = clean_build(s.project, s.session.out)
    assert done.returncode == 0 and "Up to date" not in done.stdout, done.stdout
    again = clean_build(s.project, s.session.out)  # the build's own marker is trusted
    assert "Up to date" in again.stdout, again.stdout


def test_serve_then_build_after_the_e1_edit_publishes_a_clean_builds_output(tmp_path):
    """The review's workflow end to end with the real server: serve, save the E1 edit, stop serve, build."""
    from helpers import free_port, start_serve

    s_project = tmp_path / "project"
    shutil.copytree(FIXTURE, s_project)
    alpha, beta = s_project / "content/sources/alpha.yaml", s_project / "content/sources/beta.yaml"
    alpha.write_text(re.sub(r"^(title: .*)$", "\\1\nshort_title: Memo", alpha.read_text(), count=1, flags=re.M))
    beta.write_text(re.sub(r"^date_note: .*$", "date_note: Memo p4 reports the visit.", beta.read_text(), count=1, flags=re.M))
    proc = start_serve(s_project, free_port())
    try:
        marker = s_project / "output" / ".dossier-output"
        _wait(lambda: marker.is_file())
        alpha.write_text(alpha.read_text().replace("short_title: Memo", "short_title: Brief"))
        _wait(lambda: marker.stat().st_mtime > alpha.stat().st_mtime)  # rebuilt and settled
        assert 'href="alpha.html#p4"' not in (s_project / "output/sources/beta.html").read_text()
    finally:
        import os
        import signal

        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    done = clean_build(s_project, s_project / "output")
    assert done.returncode == 0 and "Up to date" not in done.stdout, done.stdout
    assert verify(s_project, s_project / "output") == []


def _wait(condition, timeout: float = 30) -> None:
    import time

    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_the_oracle_sees_a_difference_and_a_failing_build(tmp_path):
    """The oracle itself: a changed byte is a difference; so is a clean build that fails where serve showed pages."""
    s = Served(tmp_path)
    page = s.session.out / "sources" / "beta.html"
    page.write_text(page.read_text() + " ")
    assert s.differences() == ["sources/beta.html"]
    (s.project / "content/sources/beta.yaml").write_text("title: : broken\n")
    assert s.differences()[0].startswith("the clean build failed")
    with pytest.raises(BuildFailed):
        s.session.rebuild()


def test_an_edit_search_does_not_show_leaves_the_search_index_alone_and_one_it_shows_does_not(tmp_path):
    """serve's search shortcut is used (it was dead code: `reads & A | B` is `(reads & A) | B`), and stays right."""
    s = Served(tmp_path)
    kept = dict(s.session.search)
    s.edit("content/sources/beta.yaml", r"^perspective: .*$", "perspective: A perspective search never shows.")
    s.session.rebuild()
    assert safe_mode() or (not s.session.search_stale and s.session.search == kept)
    s.session.settle()
    assert s.differences() == []
    s.edit("content/sources/beta.yaml", r"^summary: ", "summary: Zanzibarquux. ")
    s.session.rebuild()
    assert safe_mode() or (s.session.search_stale and s.session.search["beta"] != kept["beta"])
    s.session.settle()
    assert s.differences() == []


def test_dossier_verify_makes_serve_compare_itself_after_every_update(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DOSSIER_VERIFY", "1")
    s = Served(tmp_path)
    assert "equals a clean build's" in capsys.readouterr().err
    s.edit("content/sources/beta.yaml", r"^summary: ", "summary: Edited. ")
    s.rebuild()
    assert "equals a clean build's" in capsys.readouterr().err and s.session.divergences == []
    page = s.session.out / "sources" / "alpha.html"
    page.write_text(page.read_text() + "<!-- gone wrong -->")  # what a stale update would leave
    s.session.verify()
    assert s.session.divergences == ["sources/alpha.html"]
    assert "DIFFERS from a clean build in 1 files: sources/alpha.html" in capsys.readouterr().err


def test_a_kept_piece_is_dropped_once_anything_it_read_changes():
    """serve's memo reuses a piece while what it read is unchanged, not merely while its record is the same object."""
    from dossier.render import reads
    from dossier.render.parts import Memo

    memo, record, made = Memo(), {"id": "alpha"}, []

    def make(label: str):
        def build() -> str:
            reads.current().add(("labels", "memo"))
            made.append(label)
            return label

        return build

    page: set = set()
    reads.recording(page)
    try:
        assert memo.get(record, "k", make("first")) == "first"
        assert memo.get(record, "k", make("second")) == "first"  # kept
        memo.forget({("labels", "brief")})
        assert memo.get(record, "k", make("third")) == "first"  # it did not read that
        memo.forget({("labels", "memo")})
        assert memo.get(record, "k", make("fourth")) == "fourth"
    finally:
        reads.recording(None)
    assert made == ["first", "fourth"] and ("labels", "memo") in page

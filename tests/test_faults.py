"""Faults and attacks (issue 19): what the bad-input table cannot express as one broken file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, run_cli, snapshot

from dossier.render import markup
from dossier.text.ingest import Block
from dossier.text.mentions import Mention


def test_a_mention_link_escapes_its_href_whatever_the_id_holds():
    evil = 'x" onmouseover="alert(1)'
    block = Block("p1", 1, "paragraph", "Moscow said so.", "Moscow said so.")
    block.mentions.append(Mention(evil, "alpha", "p1", 0, 6, "Moscow", "name"))
    html = markup.block_html(block, "sources/alpha.html", set(), {evil: "Evil"}, set())
    assert 'onmouseover="' not in html and ("&#34;" in html or "&quot;" in html)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a mode-000 file")
def test_an_unreadable_record_is_one_line(project, tmp_path):
    (project / "content" / "pages" / "about.yaml").chmod(0)
    done = run_cli("--project", str(project), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "content/pages/about.yaml: error: cannot read it (permission denied) (hint: check the file's permissions)" in done.stderr


def test_a_new_source_from_a_non_latin_file_name_asks_for_a_latin_one(project):
    (project / "seeds" / "سوريا-روسيا.txt").write_text("A title\n\nSome text here that is long enough.\n", encoding="utf-8")
    done = run_cli("--project", str(project), "new-source", str(project / "seeds" / "سوريا-روسيا.txt"))
    assert done.returncode == 1
    assert "no id can be made from this file name" in done.stderr
    assert not (project / "content" / "sources" / ".yaml").exists()


# ---------------------------------------------------------------- the output swap


def _build(project, out, *extra):
    return run_cli("--project", str(project), "--out", str(out), *extra)


def _debris(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_what_a_killed_build_left_is_removed_by_the_next(project, tmp_path):
    out = tmp_path / "output"
    assert _build(project, out).returncode == 0
    (tmp_path / ".output.new-1").mkdir()  # a killed build in a container (PID 1), and a killed fallback swap
    (tmp_path / ".output.new-1" / "index.html").write_text("half")
    (tmp_path / ".output.old-ab12").mkdir()
    (project / "content" / "pages" / "about.yaml").write_text("title: About\nbody: Changed.\n")
    done = _build(project, out)
    assert done.returncode == 0, done.stderr
    assert _debris(tmp_path) == []


def test_a_crash_between_the_fallback_renames_gets_the_previous_output_back(project, tmp_path):
    out = tmp_path / "output"
    assert _build(project, out).returncode == 0
    pages = sorted(p.relative_to(out) for p in out.rglob("*"))
    (tmp_path / ".output.old-ab12").mkdir()
    out.rename(tmp_path / ".output.old-ab12" / "site")  # the output renamed aside, the fresh one never renamed in
    done = _build(project, out)
    assert done.returncode == 0 and done.stdout.startswith("Up to date"), done.stdout
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == pages and _debris(tmp_path) == []


def test_the_fallback_swap_and_the_exchange_give_the_same_output(project, tmp_path, monkeypatch):
    from dossier.build import write
    from dossier.build.pipeline import build

    build(project, tmp_path / "a")
    build(project, tmp_path / "b")
    (project / "content" / "pages" / "about.yaml").write_text("title: About\nbody: Changed.\n")
    build(project, tmp_path / "a")  # renameat2 on Linux
    monkeypatch.setattr(write, "_EXCHANGE", [None])
    build(project, tmp_path / "b")  # two renames
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert "Changed." in (tmp_path / "b" / "pages" / "about.html").read_text()
    assert _debris(tmp_path) == []


@pytest.mark.parametrize("damage", ["remove-output", "remove-page", "deface-page"])
def test_a_no_op_build_notices_a_damaged_output(project, tmp_path, damage):
    out = tmp_path / "output"
    assert _build(project, out).returncode == 0
    whole = snapshot(out)
    if damage == "remove-output":
        shutil.rmtree(out)
    elif damage == "remove-page":
        (out / "index.html").unlink()
    else:
        (out / "pages" / "about.html").write_text("defaced\n")
    done = _build(project, out)
    assert done.returncode == 0 and done.stdout.startswith("Built "), done.stdout
    assert snapshot(out) == whole


def test_two_builds_of_one_output_take_turns(project, tmp_path):
    from dossier.build.write import output_lock

    out = tmp_path / "output"
    with output_lock(out):
        waiting = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--project", str(project), "--out", str(out)], stdout=subprocess.PIPE, text=True
        )
        time.sleep(1.5)
        assert waiting.poll() is None and not out.exists()  # it waits for the lock, writing nothing
    assert waiting.wait(timeout=60) == 0 and (out / "index.html").is_file()
    assert _debris(tmp_path) == []


@pytest.mark.parametrize("target", ["/var/tmp", "/dev/shm", "/usr/local/src", "/var/mail", "/run/lock/x", "/usr/lib/python3/x"])
def test_system_folders_are_never_an_output(target, project):
    from dossier.build.write import unsafe_target

    assert "system" in unsafe_target(Path(target), project)


def test_a_shared_sticky_folder_is_never_an_output(project, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    done = _build(project, shared)
    assert done.returncode == 1
    assert f"--out: error: refusing to write the site there: '{shared}' is a shared folder (sticky bit), not a site's" in done.stderr


def test_project_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    done = run_cli("--project", str(tmp_path / "file"))
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        == f"--project: error: '{tmp_path / 'file'}' is not a folder (hint: give the dossier's folder, the one holding site.yaml)"
    )


def test_an_unwritable_output_folder_is_one_line(project, tmp_path, monkeypatch):
    from dossier.build import write
    from dossier.build.pipeline import build
    from dossier.problems import BuildFailed

    def full(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "_write", full)
    with pytest.raises(BuildFailed) as failed:
        build(project, tmp_path / "output")
    assert [str(p) for p in failed.value.problems] == [
        f"--out: error: cannot write the site to '{tmp_path / 'output'}': no space left on the device (hint: free some space or choose another disk)"
    ]
    assert _debris(tmp_path) == [] and not (tmp_path / "output").exists()

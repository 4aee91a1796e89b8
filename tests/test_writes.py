"""Every write stays in its folder (issue 26, point 4): one helper for build, schema, new-source, init and template,
refusing names and links that lead out; template names confined to the theme; the lock and staging the build's own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import run_cli

from dossier.build.write import STAGING
from dossier.files import Refused, write_inside


def _one_line_error(done) -> str:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


@pytest.mark.parametrize("name", ["../x", "/tmp/x", "", "a//b", "a/./b", "a/../../b", "a\\..\\b", "nul\0", "a/"])
def test_the_write_helper_refuses_names_that_leave_the_folder(tmp_path, name):
    with pytest.raises(Refused):
        write_inside(tmp_path / "in", name, b"x")
    assert not (tmp_path / "x").exists()


def test_the_write_helper_refuses_a_link_at_any_level_and_replaces_a_hard_link(tmp_path):
    root, victim = tmp_path / "root", tmp_path / "victim.txt"
    root.mkdir()
    victim.write_text("keep")
    (root / "folder").symlink_to(tmp_path)
    (root / "file.json").symlink_to(victim)
    (root / "dangling.json").symlink_to(tmp_path / "created.txt")
    for rel in ("folder/victim.txt", "file.json", "dangling.json", "folder/new/deep.txt"):
        with pytest.raises(Refused):
            write_inside(root, rel, b"overwritten")
    os.link(victim, root / "hard.json")
    write_inside(root, "hard.json", b"new")
    assert victim.read_text() == "keep" and (root / "hard.json").read_bytes() == b"new"
    assert not (tmp_path / "created.txt").exists() and not (tmp_path / "new").exists()
    write_inside(root, "a/b/c.txt", b"deep")
    assert (root / "a" / "b" / "c.txt").read_bytes() == b"deep"
    with pytest.raises(FileExistsError):
        write_inside(root, "a/b/c.txt", b"again", exclusive=True)


# ---------------------------------------------------------------- schema, new-source, init (M09, M10)


@pytest.mark.parametrize("link", [".dossier/schema/source.json", ".dossier/schema", ".dossier"])
def test_schema_refuses_a_planted_link_in_its_folder(project, tmp_path, link):
    victim = tmp_path / "victim-rc.txt"
    victim.write_text("keep")
    planted = project / link
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.symlink_to(victim if link.endswith(".json") else tmp_path)
    for command in (["schema"], ["new-source", str(project / "seeds" / "beta.txt")]):
        if command[0] == "new-source":
            (project / "content" / "sources" / "beta.yaml").unlink()
        done = run_cli("--project", str(project), *command)
        line = _one_line_error(done)
        assert "a link" in line and ": error: .dossier" in line, line
    assert victim.read_text() == "keep" and not (tmp_path / "source.json").exists() and not (tmp_path / "schema").exists()


def test_new_source_refuses_a_linked_sources_folder(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (project / "content" / "sources" / "beta.yaml").unlink()
    (project / "content" / "sources").rename(elsewhere)
    (project / "content" / "sources").symlink_to(elsewhere)
    before = sorted(p.name for p in elsewhere.iterdir())
    done = run_cli("--project", str(project), "new-source", str(project / "seeds" / "beta.txt"))
    assert "content/sources: a link" in _one_line_error(done)
    assert sorted(p.name for p in elsewhere.iterdir()) == before


def test_init_writes_through_the_helper(tmp_path):
    done = run_cli("init", str(tmp_path / "new"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "new" / ".dossier" / "schema" / "source.json").is_file() and (tmp_path / "new" / ".github").is_dir()


# ---------------------------------------------------------------- template names (M12-M15)


@pytest.mark.parametrize(
    "name",
    [
        "../README.md",
        "/etc/hostname",
        "partials/../../dossier/cli.py",
        "./actor.html",
        "templates/../README.md",
        "assets/../../build.py",
        "actor.html/",
    ],
)
@pytest.mark.parametrize("how", ["--show", "--accept", None])
def test_template_names_are_confined_to_the_theme(project, tmp_path, name, how):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    if name == "/etc/hostname":
        name = str(victim)
    done = run_cli("--project", str(project), "template", name, *([how] if how else []))
    assert "has no template" in _one_line_error(done)
    assert done.stdout == "" and victim.read_text() == "keep"
    assert not (project / "templates").exists() or not any((project / "templates").rglob("*"))


def test_template_names_of_the_theme_still_work(project):
    for name in ("actor.html", "partials/cite.html", "assets/style.css", "assets/search.js", "feed.xml"):
        done = run_cli("--project", str(project), "template", name)
        assert done.returncode == 0, done.stderr
        assert run_cli("--project", str(project), "template", name, "--accept").returncode == 0
    assert run_cli("--project", str(project), "template", "actor.html", "--show").stdout.startswith("{%")


def test_template_refuses_a_linked_templates_folder_or_copy(project, tmp_path):
    victim = tmp_path / "victim.html"
    victim.write_text("keep")
    (project / "templates").mkdir()
    (project / "templates" / "actor.html").symlink_to(victim)
    assert "templates/actor.html" in _one_line_error(run_cli("--project", str(project), "template", "actor.html", "--accept"))
    (project / "templates" / "actor.html").unlink()
    (project / "templates").rmdir()
    (project / "templates").symlink_to(tmp_path)
    assert "templates: a link" in _one_line_error(run_cli("--project", str(project), "template", "theme.html"))
    assert victim.read_text() == "keep" and not (tmp_path / "theme.html").exists()


# ---------------------------------------------------------------- lock and staging (N73, N74)


def test_recover_removes_only_the_builds_own_staging(project, tmp_path):
    out = tmp_path / "output"
    assert run_cli("--project", str(project), "--out", str(out)).returncode == 0
    foreign = [".output.old-backup-2024", ".output.new-draft", ".output.old-0123456789abc", ".output.new-01234567"]
    for name in foreign:
        (tmp_path / name).mkdir()
        (tmp_path / name / "notes.txt").write_text("mine")
    unmarked = tmp_path / ".output.new-0123456789ab"  # our name, but not our mark
    unmarked.mkdir()
    (unmarked / "notes.txt").write_text("mine")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / STAGING).write_text("")
    (tmp_path / ".output.old-abcdefabcdef").symlink_to(elsewhere)
    ours = tmp_path / ".output.new-fedcba987654"
    ours.mkdir()
    (ours / STAGING).write_text("")
    (project / "content" / "pages" / "about.yaml").write_text("title: About\nbody: Changed.\n")
    done = run_cli("--project", str(project), "--out", str(out))
    assert done.returncode == 0, done.stderr
    for name in [*foreign, unmarked.name]:
        assert (tmp_path / name / "notes.txt").read_text() == "mine", name
    assert (elsewhere / STAGING).exists() and (tmp_path / ".output.old-abcdefabcdef").is_symlink()
    assert not ours.exists()


@pytest.mark.parametrize("target", ["created-through-lock.txt", "existing.txt", "a-folder"])
def test_a_planted_lock_link_is_refused_and_never_followed(project, tmp_path, target):
    (tmp_path / "existing.txt").write_text("keep")
    (tmp_path / "a-folder").mkdir()
    (tmp_path / ".output.lock").symlink_to(tmp_path / target)
    done = run_cli("--project", str(project), "--out", str(tmp_path / "output"))
    assert done.returncode == 1 and ".output.lock: error: a link where the build keeps its lock" in done.stderr.splitlines()[0], done.stderr
    assert not (tmp_path / "created-through-lock.txt").exists() and (tmp_path / "existing.txt").read_text() == "keep"
    assert not (tmp_path / "output").exists()


def test_a_lock_that_is_not_a_file_is_refused(project, tmp_path):
    os.mkfifo(tmp_path / ".output.lock")
    done = run_cli("--project", str(project), "--out", str(tmp_path / "output"))
    assert done.returncode == 1 and "not a plain file where the build keeps its lock" in done.stderr
    assert Path(tmp_path / ".output.lock").exists()


def test_the_write_helper_leaves_no_descriptor_open(tmp_path):
    before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    for i in range(200):
        write_inside(tmp_path, f"a/b{i % 3}/c/f{i}.html", b"x", exclusive=True)
    kept: dict[str, int] = {}
    for i in range(200):
        write_inside(tmp_path, f"d/b{i % 3}/f{i}.html", b"x", exclusive=True, folders=kept)
    assert len(kept) == 3
    for fd in kept.values():
        os.close(fd)
    if before is not None:
        assert len(os.listdir("/proc/self/fd")) == before


def test_serves_patch_never_moves_a_file_through_a_link_in_the_output(tmp_path):
    from dossier.build.write import MARKER, Patch

    out, elsewhere = tmp_path / "output", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / MARKER).write_text("")
    (out / "actors").symlink_to(elsewhere)
    patch = Patch(out)
    try:
        patch.put("actors/russia.html", b"patched")
        patch.put("index.html", b"fine")
        with pytest.raises(Refused):
            patch.commit()
    finally:
        patch.discard()
    assert list(elsewhere.iterdir()) == []

"""Whole builds of the fixture dossier: output shape, determinism, atomic swap, guards, CLI."""

import re

import pytest
from helpers import run_cli, snapshot

from dossier.build.pipeline import build
from dossier.build.write import MARKER, unsafe_target
from dossier.problems import BuildFailed


def test_builds_every_page_kind(project, tmp_path):
    out = tmp_path / "site"
    result = build(project, out)
    files = set(snapshot(out))
    for page in (
        "index.html",
        "404.html",
        "timeline.html",
        "sources/index.html",
        "sources/alpha.html",
        "actors/index.html",
        "actors/anna-berg.html",
        "themes/index.html",
        "themes/bases.html",
        "pages/about.html",
        "assets/style.css",
        "assets/favicon.svg",
        ".nojekyll",
        MARKER,
    ):
        assert page in files, page
    assert result.warnings == []


def test_two_builds_are_byte_identical(project, tmp_path):
    build(project, tmp_path / "one")
    build(project, tmp_path / "two")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_stale_files_disappear(project, tmp_path):
    out = tmp_path / "site"
    build(project, out)
    (project / "content" / "actors" / "portus.yaml").unlink()
    build(project, out)
    assert not (out / "actors" / "portus.html").exists()


def test_failed_build_leaves_output_as_it_was(project, tmp_path):
    out = tmp_path / "site"
    build(project, out)
    before = snapshot(out)
    (project / "content" / "actors" / "russia.yaml").write_text("name: [unclosed\n")
    with pytest.raises(BuildFailed):
        build(project, out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]  # no temporary folders left


def test_guard_refuses_system_home_and_project_paths(project, tmp_path):
    # Only the guard is exercised here: no build ever runs against these paths.
    from pathlib import Path

    for target in (Path("/"), Path("/usr"), Path("/etc"), Path.home(), project, project / "content", project.parent):
        assert unsafe_target(target, project), target
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    assert "did not write" in unsafe_target(foreign, project)
    assert unsafe_target(tmp_path / "fresh", project) == ""


def test_cli_last_line_and_project_without_templates(project, tmp_path):
    assert not (project / "templates").exists()  # the fixture uses the builder's own templates
    done = run_cli("--project", str(project), "--out", str(tmp_path / "o"))
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(
        r"Built \d+ pages, 0 warnings, in \d+\.\d\d s\.\n1 name no alias links: `dossier check` lists them\.\n", done.stdout
    )


def test_cli_error_is_one_line_per_problem_no_traceback(project, tmp_path):
    (project / "content" / "sources" / "beta.yaml").write_text(
        (project / "content" / "sources" / "beta.yaml").read_text().replace("united-states, ruritania", "united-state, ruritania")
    )
    done = run_cli("--project", str(project), "--out", str(tmp_path / "o"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "content/sources/beta.yaml:14: error: claims[0].actors[0]: unknown actor 'united-state' (hint: did you mean 'united-states'?)",
        "Build failed: 1 problem; output/ left as it was.",
    ]


def test_project_templates_override_the_builtin_ones(project, tmp_path):
    (project / "templates").mkdir()
    (project / "templates" / "page.html").write_text("{% extends 'base.html' %}{% block main %}CUSTOM {{ doc.title }}{% endblock %}")
    build(project, tmp_path / "o")
    assert "CUSTOM About" in (tmp_path / "o" / "pages" / "about.html").read_text()


def test_noop_rebuild_is_skipped_and_any_change_rebuilds(project, tmp_path):
    out = tmp_path / "o"
    first = run_cli("--project", str(project), "--out", str(out))
    again = run_cli("--project", str(project), "--out", str(out))
    assert re.fullmatch(
        r"Up to date: \d+ pages unchanged, 0 warnings, in \d+\.\d\d s\.\n1 name no alias links: `dossier check` lists them\.\n",
        again.stdout,
    ), again.stdout
    seed = project / "seeds" / "beta.txt"
    seed.write_text(seed.read_text().replace("in March", "in April"))
    changed = run_cli("--project", str(project), "--out", str(out))
    assert changed.stdout.startswith("Built ") and "in April" in (out / "sources" / "beta.html").read_text()
    assert first.stdout.startswith("Built ")

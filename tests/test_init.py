"""`dossier init`: a new dossier that builds with no warnings, passes its own checks, and knows how to upgrade."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers import run_cli
from test_workflow import actionlint

from dossier import __version__
from dossier.editor import starter

KINDS = {"site.yaml": "site", "content/events.yaml": "events"}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """`dossier init x` in a scratch folder, once."""
    where = tmp_path_factory.mktemp("init")
    done = run_cli("init", "x", cwd=where)
    assert done.returncode == 0, done.stderr
    return where / "x"


def test_a_new_dossier_builds_with_no_warnings_and_passes_its_own_strict_check(fresh):
    built = run_cli("build", "--strict", cwd=fresh)
    assert (built.returncode, built.stderr) == (0, ""), built.stderr
    assert re.match(
        r"Built 18 pages, 0 warnings, in ", built.stdout
    )  # with thematic counts, disputes, claims by kind, judgments and changes
    checked = run_cli("check", "--strict", cwd=fresh)
    assert (checked.returncode, checked.stderr) == (0, "")
    assert "Check passed: 18 pages, 0 warnings." in checked.stdout


def test_a_new_dossier_has_one_of_each_record_a_workflow_a_readme_and_a_pinned_builder(fresh):
    for rel in (
        "site.yaml",
        "seeds/example.txt",
        "content/events.yaml",
        ".github/workflows/pages.yml",
        ".github/dependabot.yml",
        ".gitignore",
    ):
        assert (fresh / rel).is_file(), rel
    for kind in ("sources", "actors", "themes", "pages"):
        assert list((fresh / "content" / kind).glob("*.yaml")), kind
    # From a checkout the pin is this folder (test_deploy.py tries a release's pin end to end); never a bare name.
    assert (fresh / "requirements.txt").read_text().splitlines()[-1].startswith("dossier-builder @ file:")
    readme = (fresh / "README.md").read_text()
    assert "## Upgrading the builder" in readme and "dossier template NAME --show" in readme
    done = subprocess.run(
        [actionlint(), "-no-color", ".github/workflows/pages.yml"], cwd=fresh, capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_every_record_names_its_schema_and_the_schemas_accept_it(fresh):
    settings = json.loads((fresh / ".vscode" / "settings.json").read_text())["yaml.schemas"]
    records = [fresh / "site.yaml", fresh / "content" / "events.yaml", *sorted((fresh / "content").glob("*/*.yaml"))]
    for path in records:
        rel = path.relative_to(fresh).as_posix()
        kind = KINDS.get(rel) or path.parent.name.removesuffix("s")
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=") and first.endswith(f".dossier/schema/{kind}.json"), rel
        assert (path.parent / first.split("=", 1)[1]).resolve() == (fresh / ".dossier" / "schema" / f"{kind}.json").resolve()
        assert any(path.match(glob) or rel == glob for schema, glob in settings.items() if schema.endswith(f"/{kind}.json")), rel
        jsonschema.validate(yaml.safe_load(path.read_text()), json.loads((fresh / ".dossier" / "schema" / f"{kind}.json").read_text()))


def test_init_refuses_a_folder_that_holds_files(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("mine")
    done = run_cli("init", "x", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == "init: x: not an empty folder; nothing written (hint: name a new folder)\n"
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["notes.txt"]


def test_an_overridden_template_whose_original_changed_is_a_warning_until_accepted(fresh, tmp_path, monkeypatch):
    import shutil

    project = tmp_path / "d"
    shutil.copytree(fresh, project)
    assert run_cli("template", "actor.html", cwd=project).returncode == 0
    copy = project / "templates" / "actor.html"
    assert starter.HEADER.search(copy.read_text().splitlines()[0])
    assert run_cli("check", "--strict", cwd=project).returncode == 0  # a fresh copy: nothing to report
    copy.write_text(
        re.sub(r"sha256 [0-9a-f]{16}", "sha256 0000000000000000", copy.read_text(), count=1)
    )  # as if copied from an older builder
    checked = run_cli("check", cwd=project)
    assert (
        f"templates/actor.html:1: warning: the builder's actor.html changed since dossier-builder {__version__}, which this copy overrides "
        "(hint: compare with `dossier template actor.html --show`, merge, then run `dossier template actor.html --accept`)"
    ) in checked.stderr.splitlines()
    assert run_cli("template", "actor.html", "--accept", cwd=project).returncode == 0
    assert run_cli("check", "--strict", cwd=project).returncode == 0
    shown = run_cli("template", "actor.html", "--show", cwd=project)
    assert shown.stdout == (starter.BUILTIN_TEMPLATES / "actor.html").read_text()


def test_the_editor_schemas_follow_the_records_check_says_when_they_are_stale_and_a_build_refreshes_them(fresh, tmp_path):
    import shutil

    project = tmp_path / "d"
    shutil.copytree(fresh, project)

    def actor_enum() -> list:
        return json.loads((project / ".dossier" / "schema" / "source.json").read_text())["properties"]["author"]["anyOf"][0]["enum"]

    assert "port-authority" not in actor_enum()
    (project / "content" / "actors" / "port-authority.yaml").write_text("name: Port Authority\nkind: organisation\naliases: []\n")
    checked = run_cli("check", cwd=project)
    assert (
        "The editor schemas in .dossier/schema/ are stale: the records' ids changed (`dossier schema` or a build refreshes them)."
        in checked.stdout
    )
    built = run_cli("build", cwd=project)
    assert "Refreshed the editor schemas in .dossier/schema/: the records' ids changed." in built.stdout
    assert "port-authority" in actor_enum()
    again = run_cli("check", cwd=project)
    assert "stale" not in again.stdout and "Refreshed" not in run_cli("build", cwd=project).stdout

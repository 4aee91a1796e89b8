"""The builder as a package: installed (not editable) and run from another folder, and who is blamed for an error."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers import FIXTURE, ROOT, snapshot

import dossier
from dossier import cli
from dossier.render import pages


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """`pip install .` (a regular, non-editable install) into a folder of its own."""
    target = tmp_path_factory.mktemp("installed")
    # Built from a copy of what the wheel is made of: setuptools writes build/ and *.egg-info beside its input.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("dossier", "templates"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    # No build isolation: the test venv already has setuptools, and nothing needs downloading.
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target", str(target), str(source)],
        check=True,
        capture_output=True,
        cwd=tmp_path_factory.mktemp("pip-cwd"),
        timeout=300,
    )
    return target


def run_installed(installed: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The installed `dossier` console script, with only the install on the path (never this checkout)."""
    env = {**os.environ, "PYTHONPATH": str(installed)}
    return subprocess.run(
        [sys.executable, str(installed / "bin" / "dossier"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_installed_command_reports_its_version_and_uses_its_own_code(installed, tmp_path):
    done = run_installed(installed, "--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"dossier {dossier.__version__}"
    where = subprocess.run(
        [sys.executable, "-c", "import dossier, dossier.paths as p; print(dossier.__file__); print(p.BUILTIN_TEMPLATES)"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where[0].startswith(str(installed)) and where[1] == str(installed / "dossier" / "theme")
    assert (installed / "dossier" / "theme" / "base.html").is_file() and (
        installed / "dossier" / "theme" / "assets" / "search.js"
    ).is_file()


def test_installed_init_then_build_works_from_the_wheel_alone(installed, tmp_path):
    """`pip install .` then `dossier init x && cd x && dossier build`: the starter ships inside the package."""
    made = run_installed(installed, "init", "x", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "x" / ".github" / "workflows" / "pages.yml").is_file() and (tmp_path / "x" / ".vscode" / "settings.json").is_file()
    built = run_installed(installed, "build", "--strict", cwd=tmp_path / "x")
    assert (built.returncode, built.stderr) == (0, "")
    assert re.match(r"Built \d+ pages, 0 warnings", built.stdout)


def test_installed_build_from_another_folder_matches_build_py(installed, tmp_path):
    """`dossier build` in a dossier's folder (its --project defaults to there) equals `python build.py --project`."""
    project = tmp_path / "dossier"
    shutil.copytree(FIXTURE, project)
    done = run_installed(installed, "build", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Built ")
    reference = tmp_path / "reference"
    subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--no-cache", "--project", str(FIXTURE), "--out", str(reference)],
        check=True,
        capture_output=True,
    )
    ours, theirs = snapshot(project / "output"), snapshot(reference)
    ours.pop(".dossier-output"), theirs.pop(".dossier-output")  # the marker's fingerprint covers the code's own paths
    assert ours == theirs


def test_python_dash_m_runs_the_same_command_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "dossier", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == f"dossier {dossier.__version__}"


def test_project_defaults_to_the_current_folder(tmp_path):
    project = tmp_path / "dossier"
    shutil.copytree(FIXTURE, project)
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "check"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (project / "site.yaml").write_text("title: [\n")  # broken here, so a check of any other folder would pass
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "check"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr.startswith("site.yaml:")


def test_metadata_declares_python_version_license_and_entry_point():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert meta["requires-python"] == ">=3.11" and sys.version_info >= (3, 11)
    assert meta["scripts"]["dossier"] == "dossier.cli:entry"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License") and (ROOT / "CHANGELOG.md").read_text().count(dossier.__version__) >= 1


def run_main(argv):
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def test_an_error_in_a_built_in_template_is_the_builders(tmp_path, monkeypatch):
    """A project with no templates of its own: the same TypeError is an internal error, exit 2, not the project's fault."""
    theme = tmp_path / "theme"
    shutil.copytree(pages.BUILTIN_TEMPLATES, theme)
    (theme / "page.html").write_text("{% extends 'base.html' %}\n{% block main %}\n{{ site.title + 1 }}\n{% endblock %}\n")
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    assert not (project / "templates").exists()
    monkeypatch.setattr(pages, "BUILTIN_TEMPLATES", theme)
    pages.environment.cache_clear()
    try:
        code, _, err = run_main(["--project", str(project), "--out", str(tmp_path / "out")])
    finally:
        pages.environment.cache_clear()
    assert code == 2
    assert err.startswith("dossier: internal error: TypeError: can only concatenate str") and "Traceback" not in err


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_started_either_way_write_the_same_site(method, tmp_path, monkeypatch):
    """macOS and Windows start workers by spawn (fork is unsafe there): the same pages, byte for byte."""
    from dossier.build.pipeline import build

    single = tmp_path / "single"
    build(FIXTURE, single)
    monkeypatch.setenv("DOSSIER_START_METHOD", method)
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    several = tmp_path / method
    result = build(FIXTURE, several)
    assert result.pages > 2
    assert snapshot(several) == snapshot(single)


def test_two_builds_in_one_process_do_not_interfere(tmp_path):
    """No state outlives a build: a different dossier built in between leaves the next build of the first unchanged."""
    from dossier.build.pipeline import build

    build(FIXTURE, tmp_path / "first")
    other = tmp_path / "other"
    shutil.copytree(FIXTURE, other)
    for path in (other / "content").rglob("*.yaml"):  # every title, name and summary different, links the same
        path.write_text(path.read_text(encoding="utf-8").replace("Portus", "Harbour").replace("Kremlin", "Palace"), encoding="utf-8")
    for path in (other / "seeds").glob("*.txt"):
        path.write_text(path.read_text(encoding="utf-8").replace("Portus", "Harbour").replace("Kremlin", "Palace"), encoding="utf-8")
    build(other, tmp_path / "between")
    assert snapshot(tmp_path / "between") != snapshot(tmp_path / "first")
    build(FIXTURE, tmp_path / "again")
    assert snapshot(tmp_path / "again") == snapshot(tmp_path / "first")


def test_rendering_markdown_never_changes_the_cached_tokens():
    from dossier.render import markdown
    from dossier.render.helpers import xref_tags
    from dossier.render.parts import Parts

    tokens = markdown.parse("See [Russia](actor:russia) and [p2](source:alpha#p2).")
    before = repr(tokens)
    deep = markdown.render(tokens, "sources/alpha.html", xref_tags(Parts(pages.environment(None), {}), "sources/alpha.html"))
    top = markdown.render(tokens, "index.html", xref_tags(Parts(pages.environment(None), {}), "index.html"))
    assert 'href="../actors/russia.html"' in deep and 'href="actors/russia.html"' in top
    assert repr(tokens) == before and markdown.parse("See [Russia](actor:russia) and [p2](source:alpha#p2).") is tokens

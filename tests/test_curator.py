"""A curator's round trip on a copy of this repository: a new article, its record and a stub actor, then the
Pages workflow's own steps (the content job, then the Pages build) must pass: the builder's tests do not weld it
to the shipped articles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from helpers import ROOT

ARTICLE = ROOT / "tests" / "articles" / "coastal-bargain.txt"  # written for the tests; its events are invented
SKIP = {".git", ".venv", "output", "__pycache__", "work", ".pytest_cache", ".dossier"}

NAME = "Khalid Haddad"  # an invented governor, named in p6 of the article
QUOTE = "Governor Khalid Haddad told reporters that the city would welcome investment"


def record_fields(actor: str, theme: str, graded: bool) -> dict[str, str]:
    """What the curator types into the draft: each empty field, filled from the text alone (graded, as the README
    says, only once the dossier grades its sources)."""
    grade = "\nreliability: {grade: F, basis: Written for the tests; no author or outlet stated.}" if graded else ""
    return {
        "perspective: ''": "perspective: A test article written for the builder's tests; it reports nothing.",
        "summary: ''": "summary: |\n  " + " ".join(["The article describes a visit to Damascus and talks on the coastal bases."] * 12),
        "kind: null": "kind: news-analysis" + grade,
        "claims: []": (
            "claims:\n"
            "  - text: The city's governor would welcome investment but not new barracks.\n"
            f"    quote: {QUOTE}\n"
            "    kind: fact\n"
            f"    actors: [{actor}]\n"
            f"    themes: [{theme}]\n"
        ),
    }


def free(folder: Path, stem: str, suffix: str) -> str:
    """A file stem no file in the folder has yet: the round trip adds, whatever the dossier already holds."""
    n, name = 1, stem
    while (folder / f"{name}{suffix}").exists():
        n, name = n + 1, f"{stem}-{n + 1}"
    return name


def actor_naming(repo: Path, name: str) -> str | None:
    """The id of an actor that already claims this name, if any."""
    for path in sorted((repo / "content" / "actors").glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if name == record.get("name") or name in (record.get("aliases") or []):
            return path.stem
    return None


def copy_repository(dest: Path) -> Path:
    """The repository as a clone has it: sources, content, tests and the workflow; no venv, output or caches."""
    shutil.copytree(ROOT, dest, ignore=lambda folder, names: [n for n in names if n in SKIP])
    return dest


def python_shim(folder: Path) -> dict:
    """An environment where `python` is this interpreter (its packages stand in for the workflow's Install step)."""
    folder.mkdir()
    shim = folder / "python"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}", "PYTHONDONTWRITEBYTECODE": "1"}


def workflow_steps(jobs: list[str]) -> list[dict]:
    """The `run` steps of the named jobs of the Pages workflow, Install steps left out."""
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    return [s for job in jobs for s in flow["jobs"][job]["steps"] if "run" in s and s.get("name") != "Install"]


def test_a_new_article_added_as_the_readme_says_passes_the_pages_workflow(tmp_path):
    repo = copy_repository(tmp_path / "repo")
    env = python_shim(tmp_path / "bin")
    sid = free(repo / "seeds", "curator-round-trip", ".txt")
    shutil.copy(ARTICLE, repo / "seeds" / f"{sid}.txt")
    drafted = subprocess.run(
        ["python", "-m", "dossier", "new-source", f"seeds/{sid}.txt"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert drafted.returncode == 0, drafted.stderr
    actor = actor_naming(repo, NAME)
    if actor is None:  # a stub: name, kind, aliases
        actor = free(repo / "content" / "actors", "khalid-haddad", ".yaml")
        (repo / "content" / "actors" / f"{actor}.yaml").write_text(f"name: {NAME}\nkind: person\naliases: [Haddad]\n", encoding="utf-8")
    theme = yaml.safe_load((repo / "site.yaml").read_text(encoding="utf-8"))["themes"][0]
    record = repo / "content" / "sources" / f"{sid}.yaml"
    text = record.read_text(encoding="utf-8")
    graded = any(
        (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("reliability") for p in (repo / "content" / "sources").glob("*.yaml")
    )
    for empty, filled in record_fields(actor, theme, graded).items():
        assert empty in text, empty
        text = text.replace(empty, filled)
    record.write_text(text, encoding="utf-8")
    steps = workflow_steps(["content", "build"])
    assert [s["name"] for s in steps] == ["Check the content strictly", "Invariants every dossier keeps", "Build with the Pages base URL"]
    for step in steps:
        step_env = {**env, **{k: "https://owner.github.io/repo" for k in step.get("env", {})}}
        done = subprocess.run(["bash", "-c", step["run"]], cwd=repo, env=step_env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (step["name"], done.stdout[-3000:], done.stderr[-3000:])
    page = (repo / "output" / "actors" / f"{actor}.html").read_text(encoding="utf-8")
    assert f"../sources/{sid}.html#p6" in page
    assert (repo / "output" / "sources" / f"{sid}.html").is_file()

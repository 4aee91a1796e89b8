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

RECORD_FIELDS = {
    "perspective: ''": "perspective: A test article written for the builder's tests; it reports nothing.",
    "summary: ''": "summary: |\n  " + " ".join(["The article describes a visit to Damascus and talks on the bases at Tartus."] * 12),
    "kind: null": "kind: news-analysis",
    "claims: []": (
        "claims:\n"
        "  - text: Russia's defence minister visits Damascus to discuss the bases.\n"
        "    quote: arrived in Damascus on a Tuesday\n"
        "    kind: fact\n"
        "    actors: [andrei-belousov, syria]\n"
        "    themes: [bases]\n"
    ),
}
STUB_ACTOR = "name: Andrei Belousov\nkind: person\naliases: [Belousov]\n"


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
    shutil.copy(ARTICLE, repo / "seeds" / ARTICLE.name)
    drafted = subprocess.run(
        ["python", "-m", "dossier", "new-source", f"seeds/{ARTICLE.name}"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert drafted.returncode == 0, drafted.stderr
    record = repo / "content" / "sources" / "coastal-bargain.yaml"
    text = record.read_text(encoding="utf-8")
    for empty, filled in RECORD_FIELDS.items():
        assert empty in text, empty
        text = text.replace(empty, filled)
    record.write_text(text, encoding="utf-8")
    (repo / "content" / "actors" / "andrei-belousov.yaml").write_text(STUB_ACTOR, encoding="utf-8")
    steps = workflow_steps(["content", "build"])
    assert [s["name"] for s in steps] == ["Check the content strictly", "Invariants every dossier keeps", "Build with the Pages base URL"]
    for step in steps:
        step_env = {**env, **{k: "https://owner.github.io/repo" for k in step.get("env", {})}}
        done = subprocess.run(["bash", "-c", step["run"]], cwd=repo, env=step_env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (step["name"], done.stdout[-3000:], done.stderr[-3000:])
    stub = (repo / "output" / "actors" / "andrei-belousov.html").read_text(encoding="utf-8")
    assert "../sources/coastal-bargain.html#p4" in stub
    assert (repo / "output" / "sources" / "coastal-bargain.html").is_file()

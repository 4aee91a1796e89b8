"""The Pages workflow: actionlint clean, pinned, tests every tier, uploads and deploys only from main."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
RELEASE = ROOT / ".github" / "workflows" / "release.yml"
MAIN_ONLY = "github.ref == 'refs/heads/main' && github.event_name != 'pull_request'"


def actionlint() -> str:
    """The actionlint executable the test requirements install: beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    assert found, "actionlint is not installed: pip install -r requirements-dev.txt"
    return found


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_pages_workflow_passes_actionlint():
    assert WORKFLOW.is_file()
    done = subprocess.run(
        [actionlint(), "-no-color", str(WORKFLOW.relative_to(ROOT))], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_runs_on_pull_requests_and_pushes_and_tests_every_tier():
    flow = workflow()
    assert {"push", "pull_request"} <= set(flow[True])  # YAML 1.1 reads the key `on` as true
    jobs = flow["jobs"]
    assert jobs["test"]["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    runs = {name: [s.get("run", "") for s in job["steps"]] for name, job in jobs.items()}
    assert "bash scripts/test.sh --fast" in runs["test"]
    assert "bash scripts/test.sh --browser" in runs["browser"]
    assert ".venv/bin/python -m pytest -m swap -p no:xdist" in runs["browser"]  # the suite on another dossier (test_swap.py)
    assert "python -m dossier check --strict" in runs["content"] and "python -m pytest -m content" in runs["content"]


def test_only_main_uploads_or_deploys_and_only_after_every_check():
    jobs = workflow()["jobs"]
    for name, job in jobs.items():
        publishes = any(re.search(r"upload|deploy", s.get("uses", "")) for s in job["steps"])
        assert publishes == (name in ("build", "deploy")), name
        if publishes:
            assert job["if"] == MAIN_ONLY, name
    assert sorted(jobs["build"]["needs"]) == ["browser", "content", "test"] and jobs["deploy"]["needs"] == "build"
    build = [s.get("run", "") for s in jobs["build"]["steps"]]
    assert any("dossier build --strict --base-url" in r for r in build)
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow()["permissions"] == {"contents": "read"}


def test_every_action_is_pinned_by_commit_and_every_job_has_a_timeout_and_a_pip_cache():
    jobs = workflow()["jobs"]
    for name, job in jobs.items():
        assert 0 < job["timeout-minutes"] <= 30, name
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert step["with"]["cache"] == "pip", name
    text = WORKFLOW.read_text(encoding="utf-8")
    assert all(re.search(r"@[0-9a-f]{40} # v\d", line) for line in text.splitlines() if "uses:" in line)
    bot = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {"github-actions", "pip"} <= {u["package-ecosystem"] for u in bot["updates"]}


def test_release_workflow_passes_actionlint_and_attaches_a_stamped_wheel_and_sdist_after_the_tests():
    done = subprocess.run(
        [actionlint(), "-no-color", str(RELEASE.relative_to(ROOT))], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
    flow = yaml.safe_load(RELEASE.read_text(encoding="utf-8"))
    assert flow[True] == {"push": {"tags": ["v*"]}} and flow["permissions"] == {"contents": "read"}
    jobs = flow["jobs"]
    assert jobs["release"]["needs"] == "test" and jobs["release"]["permissions"] == {"contents": "write"}
    runs = {name: "\n".join(s.get("run", "") for s in job["steps"]) for name, job in jobs.items()}
    assert 'scripts/release.py check "$GITHUB_REF_NAME"' in runs["test"] and "bash scripts/test.sh --fast" in runs["test"]
    release = runs["release"]
    order = [release.index(s) for s in ("scripts/release.py stamp", "python -m build", "dossier init", "gh release create")]
    assert order == sorted(order)
    for name, job in jobs.items():
        assert 0 < job["timeout-minutes"] <= 30, name
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]

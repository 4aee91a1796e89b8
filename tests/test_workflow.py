"""The Pages workflow passes actionlint (syntax, expressions, action inputs, permissions, shell)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def actionlint() -> str:
    """The actionlint executable the test requirements install: beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    assert found, "actionlint is not installed: pip install -r requirements-dev.txt"
    return found


def test_pages_workflow_passes_actionlint():
    assert WORKFLOW.is_file()
    done = subprocess.run(
        [actionlint(), "-no-color", str(WORKFLOW.relative_to(ROOT))], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_pages_workflow_builds_what_it_tested():
    """The deploy follows the full test run and publishes output/ built with the Pages base URL."""
    text = WORKFLOW.read_text(encoding="utf-8")
    assert text.index("bash scripts/test.sh") < text.index("build.py --base-url") < text.index("upload-pages-artifact")
    assert "steps.pages.outputs.base_url" in text and "path: output" in text
    assert "pages: write" in text and "id-token: write" in text and "name: github-pages" in text

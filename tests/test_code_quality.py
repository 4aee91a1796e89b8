"""The code checks configured in pyproject.toml run with the suite: ruff's lint and format, and mypy."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import ROOT

CHECKED = ["dossier", "tests", "bench", "build.py"]


@pytest.mark.parametrize("command", [["check", *CHECKED], ["format", "--check", *CHECKED]], ids=["lint", "format"])
def test_ruff_is_clean(command):
    done = subprocess.run([sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean():
    """mypy with check_untyped_defs over the package, as pyproject.toml configures it."""
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr

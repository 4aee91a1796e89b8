"""The builder's tests belong to the builder: with this repository's dossier swapped for another, they pass.

A copy of the repository gets a dossier from `dossier init` (with a second source) in place of its own
`site.yaml`, `content/` and `seeds/`, and runs every test but the browser tier there (content tests included:
they hold for any dossier, and this repository's own records, like seeds/PROVENANCE.md, are skipped where absent).
Marked `swap`: it runs the fast tier once more, so `scripts/test.sh --fast` leaves it out and the full run keeps it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_cli
from test_curator import copy_repository
from test_deploy import SECOND_RECORD, SECOND_SEED

pytestmark = pytest.mark.swap


def other_dossier(where: Path) -> Path:
    """A dossier on another subject: `dossier init`, plus a second source."""
    done = run_cli("init", "other", cwd=where)
    assert done.returncode == 0, done.stderr
    other = where / "other"
    (other / "seeds" / "islanders.txt").write_text(SECOND_SEED, encoding="utf-8")
    (other / "content" / "sources" / "islanders.yaml").write_text(SECOND_RECORD, encoding="utf-8")
    return other


def test_the_suite_passes_with_this_repositorys_dossier_swapped_for_another(tmp_path):
    repo = copy_repository(tmp_path / "repo")
    other = other_dossier(tmp_path)
    for name in ("content", "seeds"):
        shutil.rmtree(repo / name)
        shutil.copytree(other / name, repo / name)
    shutil.copy(other / "site.yaml", repo / "site.yaml")
    assert run_cli("check", "--strict", "--project", str(repo)).returncode == 0
    workers = ["-n", "2"] if os.cpu_count() and os.cpu_count() > 1 else []
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "not browser and not swap", *workers, "-p", "no:cacheprovider"],
        cwd=repo,
        # Not the full tier's long runs: they build fixtures only, so swapping the repository's dossier cannot change
        # them, and running them twice more than doubled the suite's time (707 s of 21 min under load).
        env={**{k: v for k, v in os.environ.items() if k != "DOSSIER_FULL"}, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stderr

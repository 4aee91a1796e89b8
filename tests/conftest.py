"""Shared fixtures: the fixture dossier in a scratch copy, and the real dossier built once."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixture"
sys.path.insert(0, str(ROOT))

from dossier.pipeline import build  # noqa: E402


@pytest.fixture
def project(tmp_path) -> Path:
    """A scratch copy of the fixture dossier a test may break as it likes."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURE, dest)
    return dest


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run build.py as a user would; returns the finished process."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, for byte-for-byte comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real dossier, built once in strict mode into a scratch folder."""
    out = tmp_path_factory.mktemp("real") / "output"
    build(ROOT, out, strict=True)
    return out

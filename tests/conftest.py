"""Shared fixtures: the fixture dossier in a scratch copy, and the real dossier built once."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import FIXTURE, ROOT  # noqa: E402

from dossier.build.pipeline import build  # noqa: E402


@pytest.fixture
def project(tmp_path) -> Path:
    """A scratch copy of the fixture dossier a test may break as it likes."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURE, dest)
    return dest


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real dossier, built once in strict mode into a scratch folder."""
    out = tmp_path_factory.mktemp("real") / "output"
    build(ROOT, out, strict=True)
    return out


def pytest_collection_modifyitems(config, items):
    """Tests marked `full` (hundreds of random serve edits) run only in the full suite, never in the fast tier."""
    import os

    if os.environ.get("DOSSIER_FULL") == "1" or "full" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="full tier only: DOSSIER_FULL=1 (scripts/test.sh) or -m full")
    for item in items:
        if "full" in item.keywords:
            item.add_marker(skip)

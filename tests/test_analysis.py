"""The analytic layer (issue 14): claim kinds, writing windows, badges, stances, disputes, judgments and exports."""

from __future__ import annotations

from helpers import ROOT

from dossier.build.pipeline import build

OLD_MODEL = ROOT / "tests" / "fixture_v1"  # the fixture as it was before the analytic layer: none of its fields


def test_a_dossier_written_for_the_old_model_still_builds_strict_clean(tmp_path):
    result = build(OLD_MODEL, tmp_path / "out", strict=True)
    assert result.warnings == []
    assert (tmp_path / "out" / "sources" / "alpha.html").is_file()

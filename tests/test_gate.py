"""The speed gate (bench/gate.py) names the stages that grew, and only those."""

from __future__ import annotations

import sys

from helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import gate  # noqa: E402


def test_gate_names_only_stages_that_grew_past_the_limit_largest_first():
    base = {"render_site": 1.00, "build_index": 0.50, "validate": 0.010, "write_site": 0.30}
    head = {"render_site": 1.30, "build_index": 0.52, "validate": 0.025, "write_site": 0.20, "site_files": 0.40}
    grown = gate.grown_stages(base, head)
    assert [name for name, _, _ in grown] == ["site_files", "render_site"]
    assert grown[1] == ("render_site", 1.00, 1.30)


def test_gate_lets_through_growth_within_the_limit_or_below_the_noise_floor():
    assert gate.grown_stages({"render_site": 1.0, "audit": 0.001}, {"render_site": 1.09, "audit": 0.015}) == []

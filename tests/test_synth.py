"""The benchmark's synthetic dossier (bench/synth.py) is valid: strict build, no warnings, every link resolves."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import ROOT, snapshot
from dossier.linkcheck import check_links, summarise
from dossier.pipeline import build
from dossier.problems import Report

SYNTH = ROOT / "bench" / "synth.py"


def synth(out: Path, markdown: Path | None = None, sources: int = 20, actors: int = 15) -> None:
    cmd = [sys.executable, str(SYNTH), "--sources", str(sources), "--actors", str(actors), "--out", str(out)]
    if markdown is not None:
        cmd += ["--markdown", str(markdown)]
    subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=60)


def test_synthetic_dossier_builds_strict_with_no_warnings_and_resolving_links(tmp_path):
    project, md = tmp_path / "dossier", tmp_path / "md"
    synth(project, md)
    result = build(project, tmp_path / "site", strict=True)
    assert result.warnings == []
    assert result.pages >= 20 + 15 + 10  # sources, actors, themes, plus the index pages
    files = snapshot(tmp_path / "site")
    pages = {path: summarise(data.decode("utf-8")) for path, data in files.items() if path.endswith(".html")}
    report = Report()
    checked = check_links(pages, set(files), report, skip={"404.html"})
    assert checked > 1000
    assert report.problems == []
    # The peers' Markdown twin: the same twenty articles plus the about page, with a Hugo config.
    assert (md / "hugo.toml").is_file()
    assert len(list((md / "content").glob("source-*.md"))) == 20


def test_synthetic_dossier_is_deterministic(tmp_path):
    synth(tmp_path / "a", sources=5, actors=6)
    synth(tmp_path / "b", sources=5, actors=6)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")

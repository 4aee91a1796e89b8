"""The browser tier's dossier: invented, never this repository's own, so the tier passes whatever dossier it holds.

bench/synth.py writes it (deterministic: the same arguments give the same files), graded and with judgments so the
brief and the grading legend are tested too; a few touches add what the
reader tests look at and synth does not write: a summary wrapped over YAML lines, a word with an accent, and
events whose date notes cite paragraphs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCES, ACTORS = 12, 60
PLACE = "Port Karrek"  # a place the fixture's texts name, to search for
STATE = "Orivenoriia"  # a state they name often


class _Literal(yaml.SafeDumper):
    """Multi-line text as a literal block (`summary: |`), as an editor writes it."""


_Literal.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None))


def make(project: Path) -> Path:
    """Write the browser fixture dossier into `project` (a folder that does not exist yet)."""
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "synth.py"),
            "--sources",
            str(SOURCES),
            "--actors",
            str(ACTORS),
            "--out",
            str(project),
            "--graded",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    wrap_a_summary(project / "content" / "sources" / "source-01.yaml")
    for seed in sorted((project / "seeds").glob("*.txt")):
        # synth's actors are mostly named in one text; a reader's path goes from a theme's passage to an actor
        # named in another source too (test_clickthrough.py), and one word carries an accent (search folds it).
        closing = f"{STATE} and {PLACE} came back to naval access at the end of the talks."
        if seed.name == "source-02.txt":
            closing += " Observers in Türkiye followed them closely."
        seed.write_text(seed.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{closing}\n", encoding="utf-8")
    note_event_dates(project / "content" / "events.yaml")
    return project


def wrap_a_summary(path: Path) -> None:
    """Break the summary's text over lines before a word of six letters or more (search must find it: issue 18)."""
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    words = record["summary"].split(" ")
    lines, line = [], []
    for word in words:
        if line and len(" ".join(line)) > 70 and word.isalpha() and len(word) >= 6 and line[-1].isalpha():
            lines.append(" ".join(line))
            line = []
        line.append(word)
    record["summary"] = "\n".join([*lines, " ".join(line)]) + "\n"
    path.write_text(yaml.dump(record, Dumper=_Literal, sort_keys=False, allow_unicode=True, width=100000), encoding="utf-8")


def note_event_dates(path: Path) -> None:
    """The first three events say where their date comes from, citing paragraphs as editors do ("source-03 p4")."""
    events = yaml.safe_load(path.read_text(encoding="utf-8"))
    for event in events[:3]:
        sid, _, anchor = event["cite"].removeprefix("source:").partition("#")
        event["date_note"] = f"The year is the one {sid} {anchor} gives; the month is the editor's inference."
    path.write_text(yaml.safe_dump(events, sort_keys=False, allow_unicode=True, width=100000), encoding="utf-8")

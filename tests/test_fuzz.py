"""Fuzzing the inputs (issue 19): wrong types and odd strings in every record field, and random seed text.

Each example must end in exit 0 or 1, never a traceback or an internal error, with the output complete after a
build and untouched after a failure. A few dozen examples run in the fast tier; DOSSIER_FUZZ=long runs thousands."""

from __future__ import annotations

import contextlib
import io
import os
import shutil

import pytest
import yaml
from helpers import FIXTURE, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.cli import main
from dossier.model import schema

LONG = os.environ.get("DOSSIER_FUZZ") == "long"
EXAMPLES = 2000 if LONG else 30
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ODD = [
    "",
    " ",
    "\u00a0",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0c",
    "\t",
    "\r\n",
    '"><script>alert(1)</script>',
    "javascript:alert(1)",
    "../../etc/passwd",
    "source:alpha#p99",
    "actor:nobody",
    "{{ 7*7 }}",
    "{% raw %}",
    "2025-02-31",
    "9999-99-99",
    "x" * 3000,
    "Moscow " * 200,
    "سوريا",
    "👩🏽‍🚀",
    "\u202e",
    "\ufeff",
]
odd_text = st.one_of(st.sampled_from(ODD), st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), odd_text)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3), max_leaves=6)

RECORDS = {  # fixture file -> its kind's fields
    "content/actors/russia.yaml": schema.ACTOR,
    "content/sources/alpha.yaml": schema.SOURCE,
    "content/themes/bases.yaml": schema.THEME,
    "content/pages/about.yaml": schema.PAGE,
    "site.yaml": schema.SITE,
}


def run(argv: list[str]) -> tuple[int, str]:
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(argv)
    return code, err.getvalue()


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """The fixture and a good build of it, copied afresh for each example."""
    base = tmp_path_factory.mktemp("fuzz-good")
    assert run(["--project", str(FIXTURE), "--out", str(base / "output")])[0] == 0
    return base / "output"


def check(project, out, before) -> None:
    """One build of a fuzzed project: exit 0 with a complete output, or exit 1 with one-line problems and the output untouched."""
    code, err = run(["--project", str(project), "--out", str(out)])
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err, err
    if code == 1:
        lines = err.splitlines()
        assert lines[-1].startswith("Build failed: ")
        assert all(": error: " in line or ": warning: " in line for line in lines[:-1]), lines
        assert snapshot(out) == before
    else:
        assert (out / "index.html").is_file() and (out / ".dossier-output").is_file()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no staging left


def fresh(tmp_path_factory, good):
    base = tmp_path_factory.mktemp("fuzz")
    project, out = base / "project", base / "output"
    shutil.copytree(FIXTURE, project)
    shutil.copytree(good, out)
    return project, out, snapshot(out)


@FUZZ
@given(data=st.data(), rel=st.sampled_from(sorted(RECORDS)))
def test_wrong_types_and_odd_strings_in_any_record_field(data, rel, tmp_path_factory, good):
    project, out, before = fresh(tmp_path_factory, good)
    record = yaml.safe_load((project / rel).read_text(encoding="utf-8"))
    fields = sorted(RECORDS[rel]) + ["x-unknown"]
    for name in data.draw(st.lists(st.sampled_from(fields), min_size=1, max_size=4, unique=True), label="fields"):
        record[name] = data.draw(values, label=name)
    try:
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return
    (project / rel).write_text(text, encoding="utf-8")
    check(project, out, before)


separators = st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1e", "\n\n", " \u00a0\n"])
lines = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200),
    st.sampled_from(["Moscow and the Kremlin met Washington.", "[1] A footnote.", "• a bullet", "1. a numbered line", "Search"]),
    st.builds(lambda word, n: word * n, st.sampled_from(["Moscow ", "Kremlin, ", "x"]), st.integers(1, 40_000 if LONG else 4_000)),
)


@FUZZ
@given(parts=st.lists(st.tuples(lines, separators), max_size=12), bom=st.booleans())
def test_random_seed_text_with_separators_and_huge_lines(parts, bom, tmp_path_factory, good):
    project, out, before = fresh(tmp_path_factory, good)
    text = ("\ufeff" if bom else "") + "".join(line + sep for line, sep in parts)
    (project / "seeds" / "beta.txt").write_text(text, encoding="utf-8")
    check(project, out, before)

"""Fuzzing the inputs (issue 19): wrong types and odd strings in every record field, and random seed text.

Each example must end in exit 0 or 1, never a traceback or an internal error, with the output complete after a
build and untouched after a failure. Issue 26 added random ids against the table of generated outputs, CSV-hostile
prefixes in exported text and random scripts in search queries. A few dozen examples run in the fast tier;
the full run (scripts/test.sh without --fast: DOSSIER_FULL=1, or DOSSIER_FUZZ=full) runs a few hundred, DOSSIER_FUZZ=long thousands."""

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

from dossier import urls
from dossier.cli import main
from dossier.model import schema

LONG = os.environ.get("DOSSIER_FUZZ") == "long"
FULL = LONG or os.environ.get("DOSSIER_FUZZ") == "full" or os.environ.get("DOSSIER_FULL") == "1"
EXAMPLES = 2000 if LONG else 200 if FULL else 30


def sized(small: int, full: int, long: int):
    """Hypothesis settings for a property: `small` examples in the fast tier, more in the full suite and the long run."""
    return settings(
        max_examples=long if LONG else full if FULL else small,
        deadline=None,
        derandomize=not LONG,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


FUZZ = sized(30, 200, 2000)

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
    assert run(["--no-cache", "--project", str(FIXTURE), "--out", str(base / "output")])[0] == 0
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


# ---------------------------------------------------------------- issue 26: ids, exports, search


def _reserved_ids() -> list[tuple[str, str]]:
    """(kind, id) for every row of the table of generated outputs a record's page could land on, page numbers random."""
    rows = []
    for row, _ in urls.GENERATED:
        kind = urls.record_page(row.replace("{n}", "2"))
        if kind and "{id}" not in row and "*" not in row:
            rows.append((kind, row.rpartition("/")[2].removesuffix(".html")))
    return rows


ids = st.one_of(
    st.builds(lambda row, n: (row[0], row[1].replace("{n}", str(n))), st.sampled_from(_reserved_ids()), st.integers(0, 10**6)),
    st.tuples(st.sampled_from(sorted(urls.SECTIONS)), st.from_regex(r"\A[a-z0-9]+(-[a-z0-9]+){0,3}\Z", fullmatch=True)),
    st.tuples(
        st.sampled_from(sorted(urls.SECTIONS)),
        st.sampled_from(["index", "counts", "page-1", "page-02", "counts-0", "claims-2", "search", "404", "assets", "exports"]),
    ),
)


@sized(200, 2000, 20000)
@given(kind_id=ids)
def test_a_random_id_is_refused_exactly_when_its_page_is_generated(kind_id):
    """The check against the table, on stub records: an error naming the id exactly when the table owns its page."""
    from dossier.model.load import Content
    from dossier.model.validate import check_page_paths
    from dossier.model.yamlfile import Mapping
    from dossier.problems import Report

    kind, rid = kind_id
    content = Content(root=FIXTURE, site=Mapping())
    getattr(content, urls.SECTIONS[kind])[rid] = Mapping()
    report = Report()
    check_page_paths(content, report)
    path = urls.page_path(kind, rid)
    assert bool(report.errors) == bool(urls.generated(path))
    assert all(f"'{rid}' would write {path}" in p.message for p in report.errors)


@sized(8, 60, 400)
@given(kind_id=ids)
def test_a_random_id_in_a_build_never_replaces_a_generated_page(kind_id, tmp_path_factory, good):
    kind, rid = kind_id
    project, out, before = fresh(tmp_path_factory, good)
    section = urls.SECTIONS[kind]
    model = {"source": "alpha", "actor": "anna-berg", "theme": "bases", "page": "about"}[kind]
    text = (project / "content" / section / f"{model}.yaml").read_text(encoding="utf-8")
    (project / "content" / section / f"{model}.yaml").unlink()
    (project / "content" / section / f"{rid}.yaml").write_text(text.replace(f"id: {model}", f"id: {rid}"), encoding="utf-8")
    if kind == "theme":
        site = project / "site.yaml"
        site.write_text(
            site.read_text(encoding="utf-8").replace("themes: [balancing, bases]", f"themes: [balancing, {rid}]"), encoding="utf-8"
        )
    code, err = run(["--project", str(project), "--out", str(out)])
    assert code in (0, 1) and "internal error" not in err, err
    if urls.generated(urls.page_path(kind, rid)):
        assert code == 1 and f"would write {urls.page_path(kind, rid)}" in err
    elif code == 0:
        assert (out / urls.page_path(kind, rid)).is_file() and (out / "actors" / "index.html").is_file()


hostile_cells = st.builds(
    lambda pad, start, rest: pad + start + rest,
    st.sampled_from(["", " ", "  ", "\u00a0", "\n", "\u3000"]),
    st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\r\n", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\u2212", "'", "", "a"]),
    st.text(max_size=40),
)


@sized(300, 3000, 30000)
@given(rows=st.lists(st.fixed_dictionaries({"a": hostile_cells, "b": st.lists(hostile_cells, max_size=3)}), max_size=6))
def test_random_csv_hostile_prefixes_never_reach_a_cell_and_json_stays_exact(rows):
    import csv
    import io
    import json

    from dossier.render.exports import FORMULA_STARTS, to_csv, to_json

    data = to_csv(["a", "b"], rows).decode("utf-8")
    cells = [value for row in csv.reader(io.StringIO(data, newline="")) for value in row]
    assert not [c for c in cells if c.lstrip(" \u00a0\n\u3000").startswith(FORMULA_STARTS)]
    assert len(cells) == 2 * (len(rows) + 1)  # a CR inside a cell never starts a row
    assert json.loads(to_json(rows)) == rows


scripts = st.text(
    alphabet=st.characters(
        whitelist_categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Po", "Zs", "Cf"),
        max_codepoint=0x2FFFF,
    ),
    max_size=40,
)
words_of = st.one_of(
    scripts,
    st.sampled_from(["भारत", "தமிழ்", "مُحَمَّد", "叙利亚", "ガザ", "시리아", "Türkiye’s", "constructor", "İstanbul", "ΟΔΥΣΣΕΥΣ"]),
)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
@sized(3, 20, 200)
@given(texts=st.lists(words_of, min_size=1, max_size=40))
def test_random_scripts_tokenise_the_same_in_python_and_search_js(texts):
    """A query in any script splits as the index does (one node run per example, for many texts)."""
    import json
    import subprocess

    from test_search_tokens import function

    from dossier.render.search import tokens

    body = function("tokens") + "console.log(JSON.stringify(JSON.parse(process.argv[1]).map(tokens)));"
    done = subprocess.run(["node", "-e", body, json.dumps(texts)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [tokens(t) for t in texts]


@sized(100, 1000, 10000)
@given(text=words_of)
def test_a_random_text_s_words_are_found_again_as_a_query(text):
    """Every indexed word of a text, typed as a query, tokenises to itself: the index and the query agree."""
    from dossier.render.search import tokens

    for word in tokens(text):
        assert tokens(word) == [word]


@sized(200, 2000, 20000)
@given(parts=st.lists(st.one_of(st.sampled_from(["a", "..", ".", "", "link", "b\\c", "~", "/", "x y"]), odd_text), min_size=1, max_size=5))
def test_random_names_never_lead_a_write_out_of_its_folder(parts, tmp_path_factory):
    """The write helper with any name, a link planted in the folder: either refused, or a file inside the folder."""
    from dossier.files import Refused, write_inside

    base = tmp_path_factory.mktemp("names")
    root = base / "root"
    root.mkdir()
    (root / "link").symlink_to(base)
    rel = "/".join(parts)
    try:
        written = write_inside(root, rel, b"x")
    except (Refused, OSError, ValueError, UnicodeEncodeError):
        written = None
    outside = [p for p in base.iterdir() if p.name != "root"]
    assert outside == [], (rel, outside)
    if written is not None:
        assert os.path.realpath(written).startswith(str(root.resolve()) + os.sep) and written.read_bytes() == b"x"

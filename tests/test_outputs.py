"""One table owns every generated output path (issue 26, point 1): no record's page can replace a generated one."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from helpers import run_cli

from dossier import urls
from dossier.build.pipeline import build
from dossier.render import pages


def _record_rows() -> list[tuple[str, str, str]]:
    """(kind, id, path) for every row of the table that a record's page could land on, a page number made 2."""
    rows = []
    for row, _ in urls.GENERATED:
        path = row.replace("{n}", "2")
        kind = urls.record_page(path) if "{id}" not in path and "*" not in path else None
        if kind:
            rows.append((kind, path.rpartition("/")[2].removesuffix(".html"), path))
    return rows


def test_the_table_reserves_every_list_page_of_a_record_section():
    ids = {(kind, rid) for kind, rid, _ in _record_rows()}
    assert {
        ("source", "index"),
        ("source", "page-2"),
        ("actor", "index"),
        ("theme", "index"),
        ("theme", "counts"),
        ("theme", "counts-2"),
    } <= ids


def test_every_file_a_build_writes_is_a_record_page_or_owned_by_the_table(project, tmp_path, monkeypatch):
    """Walks a build that makes every kind of page (lists cut to one item a page) against the table, both ways:
    a page added without its row fails here, and so does a row no build writes any more."""
    site = yaml.safe_load((project / "site.yaml").read_text(encoding="utf-8"))
    site.update(base_url="https://example.org/d/", cname="example.org")
    (project / "site.yaml").write_text(yaml.safe_dump(site), encoding="utf-8")
    russia = project / "content" / "actors" / "russia.yaml"  # a second relation: the list then runs over two pages
    russia.write_text(
        russia.read_text(encoding="utf-8") + "relations:\n  - type: supports\n    target: ruritania\n    cite: source:alpha#p4\n"
    )
    for name, value in {
        "SOURCES_PER_PAGE": 1,
        "MATRIX_ROWS": 1,
        "THEME_CLAIMS": 1,
        "JUDGMENTS_INLINE": 0,
        "JUDGMENTS_PER_PAGE": 1,
        "RELATIONS_PER_PAGE": 1,
    }.items():
        monkeypatch.setattr(pages, name, value)
    out = tmp_path / "out"
    build(project, out)
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    records = {kind: {p.stem for p in (project / "content" / section).glob("*.yaml")} for kind, section in urls.SECTIONS.items()}
    used = set()
    for path in written:
        owner = urls.generated(path)
        kind = urls.record_page(path)
        is_record = kind is not None and path.rpartition("/")[2].removesuffix(".html") in records[kind]
        assert bool(owner) != is_record, f"{path}: owned by {owner} and a record's page: {is_record}"
        if owner:
            used.add(owner[0])
    assert used == {row for row, _ in urls.GENERATED}


@pytest.mark.parametrize(("kind", "rid", "path"), _record_rows(), ids=lambda v: str(v))
def test_a_record_whose_page_is_a_generated_one_is_an_error_naming_id_and_page(project, tmp_path, kind, rid, path):
    section = urls.SECTIONS[kind]
    folder = project / "content" / section
    model = {"source": "alpha", "actor": "russia", "theme": "bases", "page": "about"}[kind]
    text = (folder / f"{model}.yaml").read_text(encoding="utf-8")
    (folder / f"{rid}.yaml").write_text(re.sub(r"(?m)^id: .*$", f"id: {rid}", text), encoding="utf-8")
    if kind == "theme":
        site = (project / "site.yaml").read_text(encoding="utf-8")
        (project / "site.yaml").write_text(
            site.replace("themes: [balancing, bases]", f"themes: [balancing, bases, {rid}]"), encoding="utf-8"
        )
    done = run_cli("--project", str(project), "--out", str(tmp_path / "out"))
    assert done.returncode == 1, done.stdout + done.stderr
    what = urls.generated(path)
    assert what is not None
    line = f"content/{section}/{rid}.yaml: error: id: {kind} id '{rid}' would write {path}, which is {what[1]}"
    assert line in done.stderr, done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("rid", ["index-2", "pages", "counts-x", "page", "indexes", "claims-2"])
def test_neighbouring_ids_are_still_fine(project, tmp_path, rid):
    folder = project / "content" / "actors"
    shutil.copy(folder / "anna-berg.yaml", folder / f"{rid}.yaml")
    text = (folder / f"{rid}.yaml").read_text(encoding="utf-8")
    (folder / f"{rid}.yaml").write_text(re.sub(r"(?m)^id: .*$", f"id: {rid}", text), encoding="utf-8")
    done = run_cli("--project", str(project), "--out", str(tmp_path / "out"))
    assert "would write" not in done.stderr, done.stderr


def test_two_pages_of_the_plan_at_one_path_are_an_error_not_a_replacement(project, tmp_path, monkeypatch):
    """Theme 'bases-2's first page of claims by kind and theme 'bases's second would both be claims-by-kind/KIND-bases-2.html."""
    from dossier.problems import BuildFailed

    real = pages.plan

    def doubled(content, index):
        planned = real(content, index)
        return [
            *planned,
            ("claims-by-kind/fact-bases-2.html", "claims-by-kind-page.html", {}),
            ("claims-by-kind/fact-bases-2.html", "x.html", {}),
        ]

    monkeypatch.setattr("dossier.build.stages.plan", doubled)
    with pytest.raises(BuildFailed) as failed:
        build(project, tmp_path / "out")
    assert [str(p) for p in failed.value.problems] == [
        "claims-by-kind/fact-bases-2.html: error: two pages would be written here (claims-by-kind-page.html and x.html) (hint: rename one of the records they show)"
    ]
    assert not (tmp_path / "out").exists()


def test_a_project_asset_named_like_a_search_piece_is_an_error_not_a_replacement(project, tmp_path):
    (project / "templates" / "assets" / "search").mkdir(parents=True)
    (project / "templates" / "assets" / "search" / "t0.js").write_text("window.x = 1;\n", encoding="utf-8")
    done = run_cli("--project", str(project), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0].startswith("assets/search/t0.js: error: two of the build's files would be written here"), done.stderr
    assert not (tmp_path / "out").exists()

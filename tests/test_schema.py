"""`dossier schema`: JSON Schemas generated from the content model; the docs' tables and the shipped content agree."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml
from helpers import FIXTURE, ROOT, run_cli

from dossier.editor.json_schema import KINDS, project_ids, schemas
from dossier.model import schema

DOCS = ROOT / "docs" / "content-model.md"
# Each table of docs/content-model.md, named by the heading or the bold label before it, and the spec it documents.
TABLES = {
    "site.yaml": schema.SITE,
    "content/sources/ID.yaml": schema.SOURCE,
    "claim": schema.CLAIM,
    "content/actors/ID.yaml": schema.ACTOR,
    "relation": schema.RELATION,
    "content/themes/ID.yaml": schema.THEME,
    "stance": schema.STANCE,
    "content/events.yaml": schema.EVENT,
    "content/disputes.yaml": schema.DISPUTE,
    "attribution": schema.ATTRIBUTION,
    "reliability": schema.RELIABILITY,
    "cited": schema.CITED,
    "sub_question": schema.SUB_QUESTION,
    "content/judgments.yaml": schema.JUDGMENTS,
    "judgment": schema.JUDGMENT,
    "indicator": schema.INDICATOR,
}


def doc_tables() -> dict[str, list[tuple[str, str]]]:
    """Every `| key | type | meaning |` table of the docs: its label and its (key, type) rows."""
    tables, label = {}, ""
    for block in re.split(r"\n(?=\| key \| type \| meaning \|)", DOCS.read_text(encoding="utf-8")):
        rows = re.findall(r"^\| `([a-z_]+)` \| ([^|]*) \|", block.split("\n\n")[0], re.M) if block.startswith("| key") else []
        if rows:
            tables[label] = rows
        for line in block.splitlines():
            if m := re.match(r"^## `([^`]+)`|^An? \*\*(\w+)\*\*", line):
                label = m.group(1) or m.group(2)
    return tables


def test_the_content_model_docs_list_every_field_of_every_record_and_which_are_required():
    tables = doc_tables()
    assert sorted(tables) == sorted(TABLES)
    for label, rows in tables.items():
        spec = TABLES[label]
        assert sorted(k for k, _ in rows) == sorted(spec), label  # every field, no other
        for key, kind in rows:
            assert ("required" in kind) == spec[key].required, (label, key, kind)


@pytest.mark.parametrize("project", [FIXTURE, pytest.param(ROOT, marks=pytest.mark.content)], ids=["fixture", "shipped"])
def test_every_record_validates_against_its_generated_schema(project):
    generated = schemas(project_ids(project))
    for kind, (_, files) in KINDS.items():
        paths = sorted(project.glob(files))
        for path in paths:
            jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), generated[kind])


def test_the_schemas_carry_the_projects_ids_and_refuse_a_mistyped_one():
    ids = project_ids(FIXTURE)
    source = schemas(ids)["source"]
    actor_enum = source["properties"]["claims"]["items"]["properties"]["actors"]["anyOf"][0]["items"]["enum"]
    assert actor_enum == ids["actor"] == sorted(p.stem for p in (FIXTURE / "content" / "actors").glob("*.yaml"))
    record = yaml.safe_load((FIXTURE / "content" / "sources" / "alpha.yaml").read_text(encoding="utf-8"))
    record["claims"][0]["actors"] = ["rusia"]
    with pytest.raises(jsonschema.ValidationError, match="'rusia' is not one of"):
        jsonschema.validate(record, source)
    record["claims"][0]["actors"] = ["russia"]
    record["sumary"] = "typo"
    with pytest.raises(jsonschema.ValidationError, match="Additional properties are not allowed"):
        jsonschema.validate(record, source)


def test_dossier_schema_writes_one_file_per_kind_for_the_vscode_mapping(project):
    done = run_cli("schema", "--project", str(project))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Wrote 8 schemas to .dossier/schema/ (2 sources, 6 actors, 2 themes as enums; run again after adding one).\n"
    written = sorted(p.name for p in (project / ".dossier" / "schema").glob("*.json"))
    assert written == sorted(f"{kind}.json" for kind in KINDS)
    mapping = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert mapping == {f".dossier/schema/{kind}.json": files.replace("ID", "*") for kind, (_, files) in KINDS.items()}

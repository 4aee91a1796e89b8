"""Exports others read, validated against the public schemas vendored in tests/schemas/: claims as W3C Web
Annotations (the W3C test suite's MUST assertions and its TextQuote and TextPosition selector assertions), sources as
CSL-JSON (the CSL project's csl-data.json), claims as schema.org JSON-LD on their pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from dossier.build.pipeline import build

SCHEMAS = Path(__file__).parent / "schemas"
ANNO = SCHEMAS / "web-annotation"


def w3c_registry() -> Registry:
    """The W3C suite's definitions, by the ids their $refs use ('annotations.json', 'id.json', ...)."""
    resources = []
    for path in sorted((ANNO / "definitions").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


def w3c_assertions() -> list[tuple[str, dict]]:
    """Every MUST assertion of the suite (annotationMusts.test), and the two selector assertions."""
    names = json.loads((ANNO / "annotations" / "annotationMusts.test").read_text(encoding="utf-8"))["assertions"]
    names += ["annotations/specificResource/4.2.4-textQuoteSelector.json", "annotations/specificResource/4.2.5-textPositionSelector.json"]
    return [(name, json.loads((ANNO / name).read_text(encoding="utf-8"))) for name in names]


def passes(schema: dict, instance, registry: Registry) -> bool:
    validator = jsonschema.Draft4Validator(schema, registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    return validator.is_valid(instance)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture, given a url, an access date and an archive copy for one source, built with a base URL."""
    import shutil

    from helpers import FIXTURE

    project = tmp_path_factory.mktemp("standards") / "project"
    shutil.copytree(FIXTURE, project)
    record = project / "content" / "sources" / "alpha.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            "drop_repeats: true",
            'drop_repeats: true\nurl: "https://example.org/news/alpha"\naccessed: "2025-02-03"\n'
            'archive_url: "https://web.archive.org/web/2025/https://example.org/news/alpha"',
        ),
        encoding="utf-8",
    )
    build(project, project / "output", base_url="https://example.org/dossier/")
    return project


def test_claims_are_web_annotations_that_meet_every_must_of_the_w3c_suite(site):
    data = json.loads((site / "output" / "exports" / "annotations.json").read_text(encoding="utf-8"))
    items = data["first"]["items"]
    assert data["type"] == "AnnotationCollection" and data["total"] == len(items) == 4
    registry = w3c_registry()
    for name, assertion in w3c_assertions():
        expected = assertion.get("expectedResult", "valid") == "valid"
        for item in items:
            assert passes(assertion, item, registry) == expected, f"{name}: {item['id']}"
    # The suite's "format": "uri" needs a checker jsonschema does not ship (rfc3987): absolute IRIs checked here.
    for item in items:
        for value in (item["id"], item["target"]["source"]):
            assert re.match(r"^[a-z][a-z0-9+.-]*:[^\s]+$", value), value


def test_annotation_selectors_find_the_quote_in_the_seed_at_its_position(site):
    items = json.loads((site / "output" / "exports" / "annotations.json").read_text(encoding="utf-8"))["first"]["items"]
    first = items[0]
    assert first["target"]["source"] == "https://example.org/news/alpha"  # the original, where an annotation client shows it
    quote, position = first["target"]["selector"]
    text = (site / "seeds" / "alpha.txt").read_text(encoding="utf-8")
    assert text[position["start"] : position["end"]] == quote["exact"]
    assert text[: position["start"]].endswith(quote["prefix"]) and text[position["end"] :].startswith(quote["suffix"])
    beta = [i for i in items if "/beta.html" in i["id"]][0]
    assert beta["target"]["source"].startswith("ni:///sha-256;")  # no url recorded: the seed's bytes, named by their hash


def test_an_annotation_that_breaks_a_must_fails_the_suite(site):
    """The validation is not vacuous: an annotation without @context or with a bad selector fails."""
    item = json.loads((site / "output" / "exports" / "annotations.json").read_text(encoding="utf-8"))["first"]["items"][0]
    registry = w3c_registry()
    broken = {k: v for k, v in item.items() if k != "@context"}
    assert not all(passes(a, broken, registry) for _, a in w3c_assertions())
    bad = json.loads(json.dumps(item))
    bad["target"]["selector"][0] = {"type": "TextQuoteSelector", "prefix": "no exact"}
    assert not all(passes(a, bad, registry) for _, a in w3c_assertions())


def test_sources_are_csl_json_with_their_provenance(site):
    schema = json.loads((SCHEMAS / "csl" / "csl-data.json").read_text(encoding="utf-8"))
    items = json.loads((site / "output" / "exports" / "sources.csl.json").read_text(encoding="utf-8"))
    jsonschema.validate(items, schema, cls=jsonschema.Draft7Validator)
    alpha = {i["id"]: i for i in items}["alpha"]
    assert alpha["URL"] == "https://example.org/news/alpha"
    assert alpha["accessed"] == {"date-parts": [[2025, 2, 3]]} and alpha["issued"] == {"date-parts": [[2025, 2]]}
    assert re.fullmatch(r"[0-9a-f]{64}", alpha["custom"]["sha256"])
    assert alpha["custom"]["archive_url"].startswith("https://web.archive.org/")
    with pytest.raises(jsonschema.ValidationError):  # the schema is strict: an unknown field fails
        jsonschema.validate([{**alpha, "sha256": "x"}], schema, cls=jsonschema.Draft7Validator)


SCHEMA_ORG = {  # the schema.org types and properties the pages use (https://schema.org/Claim, /CreativeWork, /Thing)
    "Claim": {"@id", "@type", "text", "appearance", "about", "additionalType", "author"},
    "CreativeWork": {"@type", "name", "url", "datePublished", "text"},
    "Thing": {"@type", "name"},
    "Organization": {"@type", "name"},
}


def nodes(value):
    if isinstance(value, dict):
        if "@type" in value:
            yield value
        for v in value.values():
            yield from nodes(v)
    elif isinstance(value, list):
        for v in value:
            yield from nodes(v)


@pytest.mark.parametrize("page", ["sources/alpha.html"])
def test_pages_carry_their_claims_as_schema_org_json_ld(site, page):
    html = (site / "output" / page).read_text(encoding="utf-8")
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    doc = json.loads(found[0])
    assert doc["@context"] == "https://schema.org" and doc["@graph"]
    for node in nodes(doc["@graph"]):
        assert node["@type"] in SCHEMA_ORG, node["@type"]
        assert set(node) <= SCHEMA_ORG[node["@type"]], set(node) - SCHEMA_ORG[node["@type"]]
    claims = [n for n in doc["@graph"] if n["@type"] == "Claim"]
    assert all(c["text"] and c["appearance"]["text"] for c in claims)


def test_provenance_shows_on_the_source_page_and_in_the_marker(site):
    html = (site / "output" / "sources" / "alpha.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/news/alpha"' in html and "archived copy" in html
    import hashlib

    digest = hashlib.sha256((site / "seeds" / "alpha.txt").read_bytes()).hexdigest()
    assert digest in html
    assert f"seed-sha256 alpha: {digest}" in (site / "output" / ".dossier-output").read_text(encoding="utf-8")


def ld_claims(html: str) -> list[dict]:
    """The Claim nodes of a page's JSON-LD block (none without one)."""
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) <= 1
    return [n for n in json.loads(found[0])["@graph"] if n["@type"] == "Claim"] if found else []


def test_judgments_json_ld_holds_what_the_page_shows_not_every_claim(tmp_path):
    """At 5,000 sources every claim of the dossier sat in the head of judgments.html and of claims-by-kind.html as
    JSON-LD: 8 MB a page (Lighthouse 89 and below). A claim's JSON-LD is on its source's page; judgments.html carries
    the dossier's judgments and the claims they cite; the claims-by-kind pages, which show samples and pages of
    them, carry none."""
    import subprocess
    import sys

    import yaml
    from helpers import ROOT

    project, out = tmp_path / "dossier", tmp_path / "site"
    cmd = [sys.executable, str(ROOT / "bench" / "synth.py"), "--sources", "30", "--actors", "15", "--graded", "--out", str(project)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    build(project, out)
    records = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((project / "content" / "sources").glob("*.yaml"))]
    total = sum(len(r.get("claims") or []) for r in records)

    plan = yaml.safe_load((project / "content" / "judgments.yaml").read_text(encoding="utf-8"))["judgments"]
    cited = {cid for j in plan for part in ("for", "against") for cid in j.get(part) or []}
    nodes = ld_claims((out / "judgments.html").read_text(encoding="utf-8"))
    judged = [n for n in nodes if "author" in n]  # the dossier's own; a source's claim has an appearance instead
    assert len(judged) == len(plan) > 0
    assert len(nodes) - len(judged) == len(cited) < total
    assert ld_claims((out / "claims-by-kind.html").read_text(encoding="utf-8")) == []
    on_sources = sum(len(ld_claims((out / "sources" / f"{r['id']}.html").read_text(encoding="utf-8"))) for r in records)
    assert on_sources == total  # every claim still has its JSON-LD, once, on its source's page


def test_json_ld_joined_from_its_items_is_json_dumps_of_the_document():
    """standards.json_ld encodes each claim once and joins the items: the same bytes as encoding the whole document,
    '</' escaped so no text closes the <script> it sits in, with or without a place to keep the items."""
    from types import SimpleNamespace

    from dossier.render import standards

    content = SimpleNamespace(
        site={"base_url": None, "title": "Dossier </script>"},
        sources={"a": {"title": "A “title” </b>", "url": "", "published": "2025-01"}, "b": {"title": "B", "url": "x", "published": None}},
        actors={"x": {"name": "Ex"}},
    )
    claims = [
        {"source": "a", "number": 1, "anchor": "p1", "text": "says </script><b>", "quote": "q", "actors": ["x"], "kind": "fact"},
        {"source": "b", "number": 2, "anchor": "p2", "text": "ünï", "quote": "q2", "actors": []},
        {"source": "b", "number": 3, "anchor": None, "text": "unplaced", "quote": "q3", "actors": []},
    ]
    judgments = [{"id": "j1", "statement": "likely </p>"}, {"statement": "no id"}]
    expected = json.dumps(
        {
            "@context": "https://schema.org",
            "@graph": [standards.claim_ld(content, c) for c in claims[:2]]
            + [
                {
                    "@type": "Claim",
                    "@id": standards.page_uri(content, "judgments.html", "j-j1"),
                    "text": "likely </p>",
                    "author": {"@type": "Organization", "name": "Dossier </script>"},
                }
            ],
        },
        ensure_ascii=False,
        sort_keys=True,
    ).replace("</", "<\\/")
    kept: dict = {}
    assert standards.json_ld(content, claims, judgments) == expected
    assert standards.json_ld(content, claims, judgments, lambda c, make: kept.setdefault(c["number"], make())) == expected
    assert standards.json_ld(content, claims, judgments, lambda c, make: kept[c["number"]]) == expected
    assert standards.json_ld(content, [], None) == json.dumps({"@context": "https://schema.org", "@graph": []})


def test_a_stable_uuid_is_uuid5_of_its_name():
    """standards._uuid spells uuid.uuid5(NAMESPACE_URL, 'dossier:' + parts) without a UUID object: the same text."""
    import random
    import uuid

    from dossier.render import standards

    rnd = random.Random(1)
    for _ in range(2000):
        parts = ["".join(rnd.choice("abcé/#:- 12ü") for _ in range(rnd.randint(0, 12))) for _ in range(rnd.randint(1, 3))]
        assert standards._uuid(*parts) == str(uuid.uuid5(uuid.NAMESPACE_URL, "dossier:" + ":".join(parts)))

"""`dossier schema`: JSON Schemas for every record kind, generated from the content model in code.

The project's own source, actor and theme ids become enums, so an editor's YAML language server completes them
and flags a mistyped id while typing. Written to .dossier/schema/ (a generated folder, not committed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from dossier.model import schema
from dossier.model.schema import Field

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = ".dossier/schema"
# Record kind -> (its spec, the files it describes), in the order `dossier schema` reports them.
KINDS = {
    "site": (schema.SITE, "site.yaml"),
    "source": (schema.SOURCE, "content/sources/*.yaml"),
    "actor": (schema.ACTOR, "content/actors/*.yaml"),
    "theme": (schema.THEME, "content/themes/*.yaml"),
    "page": (schema.PAGE, "content/pages/*.yaml"),
    "events": (schema.EVENTS, "content/events.yaml"),
    "disputes": (schema.DISPUTES, "content/disputes.yaml"),
    "judgments": (schema.JUDGMENTS, "content/judgments.yaml"),
}


def schemas(ids: dict[str, list[str]]) -> dict[str, dict]:
    """Every kind's JSON Schema; `ids` maps actor, theme and source to the project's ids (sorted)."""
    out = {}
    for kind, (spec, files) in KINDS.items():
        body = _value(spec, ids) if isinstance(spec, Field) else _record(spec, ids)
        out[kind] = {"$schema": DRAFT, "title": f"dossier {kind} ({files})", **body}
    return out


def project_ids(project: Path) -> dict[str, list[str]]:
    """The ids a project's records may refer to: file names, and the badge ids site.yaml declares."""
    import yaml

    folder = project / "content"
    ids = {
        kind: sorted(p.stem for p in (folder / f"{kind}s").glob("*.yaml") if not p.name.startswith("."))
        for kind in ("actor", "theme", "source")
    }
    try:
        site = yaml.safe_load((project / "site.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        site = {}  # the build reports it; the schemas do without badge ids
    badges = site.get("badges") if isinstance(site, dict) else None
    ids["badge"] = sorted(str(k) for k in badges) if isinstance(badges, dict) else []
    kinds = site.get("source_kinds") if isinstance(site, dict) else None
    ids["source-kind"] = [str(k) for k in kinds] if isinstance(kinds, list) and kinds else list(schema.SOURCE_KINDS)
    return ids


def rendered(project: Path) -> dict[str, str]:
    """The text of every kind's schema file, for this project's ids as they are now."""
    return {
        kind: json.dumps(body, indent=2, ensure_ascii=False, sort_keys=True) + "\n" for kind, body in schemas(project_ids(project)).items()
    }


def write_schemas(project: Path) -> list[Path]:
    """Write one .json per kind under PROJECT/.dossier/schema/; returns the files written.

    Through the one write helper: a link in .dossier/ (a hostile clone's) is refused, never written through."""
    from dossier.files import write_inside

    written = []
    for kind, text in rendered(project).items():
        written.append(write_inside(project, f"{FOLDER}/{kind}.json", text.encode("utf-8")))
    return written


def stale(project: Path) -> bool:
    """Whether the project has schemas (`dossier schema` or `init` wrote them) that no longer match its records' ids."""
    target = project / FOLDER
    if not target.is_dir():
        return False  # never asked for: nothing to keep fresh
    for kind, text in rendered(project).items():
        try:
            if (target / f"{kind}.json").read_text(encoding="utf-8") != text:
                return True
        except (OSError, UnicodeDecodeError):
            return True
    return False


def refresh(project: Path) -> bool:
    """Rewrite stale schemas (a build or serve after records were added, removed or renamed); True if it did."""
    if not stale(project):
        return False
    write_schemas(project)
    return True


def schema_line(kind: str, depth: int) -> str:
    """The first line of a record file naming its schema for the YAML language server."""
    return f"# yaml-language-server: $schema={'../' * depth}{FOLDER}/{kind}.json\n"


def _record(spec: dict, ids: dict) -> dict:
    props = {key: _optional(_value(rule, ids), rule) for key, rule in spec.items()}
    required = [key for key, rule in spec.items() if rule.required]
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False}


def _optional(body: dict, rule: Field) -> dict:
    """Optional fields may be written empty (`outlet: null`); required ones may not."""
    return body if rule.required else {"anyOf": [body, {"type": "null"}]}


def _value(rule: Field, ids: dict) -> dict:
    kind = rule.kind
    if kind in ("str", "markdown"):
        body: dict = {"type": "string"}
        if rule.choices:
            body["enum"] = list(rule.choices)
        elif rule.required:
            body["pattern"] = r"\S"
        return body
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "int":
        return {"type": "integer", "enum": list(rule.choices)} if rule.choices else {"type": "integer"}
    if kind == "date":
        return {"type": "string", "pattern": schema.DATE.pattern}
    if kind == "id":
        known = ids.get(rule.ref) if rule.ref else None
        return {"enum": known} if known else {"type": "string", "pattern": schema.ID.pattern}
    if kind == "cite":
        sources = ids.get("source") or []
        alternatives = "|".join(re.escape(s) for s in sources) or "[a-z0-9-]+"
        return {"type": "string", "pattern": rf"^source:(?:{alternatives})#p[0-9]+$"}
    if kind == "list":
        body = {"type": "array", "items": _value(rule.items, ids) if rule.items else {}}
        if rule.nonempty:
            body["minItems"] = 1
        return body
    if kind == "map":  # block_kinds (anchor -> kind), or site.yaml's badges (id -> record)
        keys = schema.ID.pattern if rule.items is not None and rule.items.kind == "record" else r"^p[0-9]+$"
        return {"type": "object", "propertyNames": {"pattern": keys}, "additionalProperties": _value(rule.items, ids) if rule.items else {}}
    if kind == "record":
        return _record(rule.record, ids)
    raise ValueError(f"no JSON Schema for field kind {kind!r}")

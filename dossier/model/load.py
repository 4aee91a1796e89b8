"""The load stage: read site.yaml, every YAML record under content/, and every seed they name."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dossier.files import TooBig, Unreadable, inside, read_inside, strange_entries
from dossier.model import schema, yamlfile
from dossier.model.schema import Reference
from dossier.model.yamlfile import Mapping
from dossier.problems import Report, did_you_mean

MAX_SEED_BYTES = 5 * 1024 * 1024  # real articles are ~10 kB; a huge seed is a mistake, not an article
MAX_RECORD_BYTES = 5 * 1024 * 1024  # a record is a few kB of YAML
KINDS = {"sources": schema.SOURCE, "actors": schema.ACTOR, "themes": schema.THEME, "pages": schema.PAGE}


@dataclass
class Content:
    """Everything the build reads, checked against the content model, before any page is made."""

    root: Path
    site: Mapping
    sources: dict[str, Mapping] = field(default_factory=dict)
    actors: dict[str, Mapping] = field(default_factory=dict)
    themes: dict[str, Mapping] = field(default_factory=dict)
    pages: dict[str, Mapping] = field(default_factory=dict)
    events: list[Mapping] = field(default_factory=list)
    disputes: list[Mapping] = field(default_factory=list)  # content/disputes.yaml, in file order
    judgments: Mapping | None = None  # content/judgments.yaml: the dossier's own judgments (dossier/model/assess.py)
    claims_by_id: dict = field(default_factory=dict)  # claim id -> claim, filled by the assess stage
    source_groups: dict = field(default_factory=dict)  # source id -> independence group, filled by the assess stage
    graded: bool = False  # whether sources or claims are graded: pages then show grades and corroboration
    stances_by_source: dict = field(default_factory=dict)  # source id -> [(theme id, stance)], filled when stances are placed
    seeds: dict[str, str] = field(default_factory=dict)  # source id -> seed text
    seed_hashes: dict[str, str] = field(default_factory=dict)  # source id -> SHA-256 of the seed file's bytes
    published_before: dict | None = None  # what the previous build published (build/record.py), if it is known
    published: dict = field(default_factory=dict)  # what this build publishes, with each item's day of change and the log
    published_days: dict = field(default_factory=dict)  # item key -> its day of last change (serve keeps them: a new day rebuilds)
    refs: list[Reference] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # "kind:id" -> project-relative file


def load(root: Path, report: Report) -> Content:
    """Read and schema-check the whole project; problems go to the report."""
    refs: list[Reference] = []
    site_data = read_yaml(root, root / "site.yaml", report)
    # An unreadable site.yaml is one problem, not one per missing field.
    site = schema.check_record(site_data, schema.SITE, "site.yaml", report if site_data is not None else Report(), refs)
    content = Content(root=root, site=site, refs=refs)
    for rel, message, hint in strange_entries(root):
        report.error(rel, 0, "", message, hint)
    for kind in KINDS:
        folder = root / "content" / kind
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            if record_name_ok(root, path, report):
                record = load_record(root, kind, path, report, refs)
                if record is not None:
                    getattr(content, kind)[path.stem] = record
                    content.files[f"{kind}:{path.stem}"] = relpath(root, path)
    for name, spec, records in (("events", schema.EVENTS, content.events), ("disputes", schema.DISPUTES, content.disputes)):
        path = root / "content" / f"{name}.yaml"
        if path.exists():
            data = read_yaml(root, path, report)
            if data is not None:
                for record in schema.check_value(data, spec, f"content/{name}.yaml", 1, name, report, refs) or []:
                    if isinstance(record, Mapping):
                        record.file = f"content/{name}.yaml"
                        records.append(record)
    path = root / "content" / "judgments.yaml"
    if path.exists():
        data = read_yaml(root, path, report)
        if data is not None:
            content.judgments = schema.check_record(data, schema.JUDGMENTS, "content/judgments.yaml", report, refs)
            content.judgments.file = "content/judgments.yaml"
            for judgment in content.judgments["judgments"] or []:
                if isinstance(judgment, Mapping):
                    judgment.file = content.judgments.file
    for sid, source in content.sources.items():
        text = read_seed(root, source, report, content.seed_hashes)
        if text is not None:
            content.seeds[sid] = text
    return content


def record_name_ok(root: Path, path: Path, report: Report) -> bool:
    """Whether a file in a record folder is a record to load; a misnamed one is reported (hidden and other files are not records)."""
    rel = relpath(root, path)
    if path.name.startswith(".") or path.suffix.lower() not in (".yaml", ".yml"):
        return False
    if path.suffix != ".yaml":
        report.error(rel, 0, "", "YAML files here end in .yaml", f"rename to {path.stem}.yaml")
        return False
    if path.is_dir():
        report.error(rel, 0, "", "a folder named like a record", "records are files; rename or remove the folder")
        return False
    if not schema.ID.match(path.stem):
        slug = "-".join(re.findall(r"[a-z0-9]+", path.stem.lower()))
        example = f"e.g. {slug}.yaml" if slug else "in Latin letters"
        report.error(rel, 0, "", "the file name is not a valid id", f"name it with lowercase letters, digits and single hyphens, {example}")
        return False
    return True


def load_record(root: Path, kind: str, path: Path, report: Report, refs: list[Reference]) -> Mapping | None:
    """One record file read and checked against its kind's spec; its id is its file name. None if unreadable."""
    rel = relpath(root, path)
    data = read_yaml(root, path, report)
    if data is None:
        return None
    record = schema.check_record(data, KINDS[kind], rel, report, refs)
    record.file = rel
    if record.get("id") and record["id"] != path.stem:
        report.error(
            rel,
            record.line_of("id"),
            "id",
            f"id '{record['id']}' differs from the file name",
            f"rename the file to {record['id']}.yaml or set id: {path.stem}",
        )
    record["id"] = path.stem
    return record


def read_yaml(root: Path, path: Path, report: Report):
    """Parse one YAML file, reporting a missing file or a syntax error by line."""
    rel = relpath(root, path)
    try:
        text = read_inside(root, path, MAX_RECORD_BYTES, inputs=True).decode("utf-8").removeprefix("\ufeff")
    except TooBig as exc:
        report.error(
            rel,
            0,
            "",
            f"{exc.size // 1024} kB, over the {MAX_RECORD_BYTES // (1024 * 1024)} MB limit for a YAML file",
            "split it or check it is the right file",
        )
        return None
    except Unreadable as exc:
        if exc.message == "not found":
            report.error(rel, 0, "", "file not found", "every project needs site.yaml at its top" if path.name == "site.yaml" else "")
        else:
            report.error(rel, 0, "", exc.message, exc.hint)
        return None
    except UnicodeDecodeError as exc:
        report.error(rel, 0, "", f"not UTF-8 text (byte {exc.start})", "save the file as UTF-8")
        return None
    try:
        data = yamlfile.parse(nfc(text))
    except yaml.YAMLError as exc:
        line, message = yamlfile.describe_error(exc, text)
        unclosed = message.startswith("a quote opened")
        hint = "close the quote on this line" if unclosed else "check indentation, colons and quotes on this line or the one before"
        report.error(rel, line, "", f"YAML syntax: {message}", hint)
        return None
    if data is None:
        report.error(rel, 1, "", "file is empty", "")
    return data


def read_seed(root: Path, source: Mapping, report: Report, hashes: dict | None = None) -> str | None:
    """Read a source's seed, refusing paths outside the project, non-UTF-8, empty and huge files; note its SHA-256."""
    file, line, name = source.file, source.line_of("seed"), source.get("seed")
    if not name:
        return None
    if "\0" in name or len(name) > 4096:
        report.error(file, line, "seed", "not a usable file name", "write the path of a file in seeds/, e.g. seeds/article.txt")
        return None
    path = root / name
    if not _within(root, path):
        report.error(
            file, line, "seed", f"'{name}' lies outside the project", "seeds live in seeds/ inside the project; links out of it are refused"
        )
        return None
    if not _within(root / "seeds", path):
        report.error(file, line, "seed", f"'{name}' is not in seeds/", "seeds live in seeds/; records and settings are not articles")
        return None
    try:
        raw = read_inside(root / "seeds", path, MAX_SEED_BYTES)
    except TooBig as exc:
        report.error(
            file,
            line,
            "seed",
            f"'{name}' is {exc.size // (1024 * 1024)} MB, over the {MAX_SEED_BYTES // (1024 * 1024)} MB limit for one article",
            "split it or check it is the right file",
        )
        return None
    except Unreadable as exc:
        if exc.message == "not found":
            present = sorted(p.name for p in (root / "seeds").glob("*.txt")) if (root / "seeds").is_dir() else []
            report.error(
                file,
                line,
                "seed",
                f"seed file '{name}' not found",
                did_you_mean(Path(name).name, present) or "put the article in seeds/ as a .txt file",
            )
        else:
            report.error(file, line, "seed", f"'{name}': {exc.message}", exc.hint)
        return None
    digest = hashlib.sha256(raw).hexdigest()
    if hashes is not None:
        hashes[source["id"]] = digest
    recorded = source.get("sha256")
    if isinstance(recorded, str) and recorded.strip() and recorded.strip().lower() != digest:
        report.warn(
            file,
            source.line_of("sha256"),
            "sha256",
            f"'{name}' has SHA-256 {digest}, not the {recorded.strip()} recorded: the seed changed since it was received",
            "restore the article as received, or record the new hash if the change is meant",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.error(
            file,
            line,
            "seed",
            f"'{name}' is not UTF-8 (bad byte at offset {exc.start})",
            "re-save the article as UTF-8, e.g. iconv -f windows-1252 -t utf-8",
        )
        return None
    text = nfc(text.removeprefix("\ufeff"))
    if not text.strip():
        report.error(file, line, "seed", f"'{name}' is empty", "paste the article's text into the file")
        return None
    return text


def nfc(text: str) -> str:
    """Text in composed form (NFC), once, at load: an alias typed "ö" then finds a seed's decomposed "o" + "¨".

    Composed and decomposed forms are the same characters to a reader, so pages show the seed's characters."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _within(root: Path, path: Path) -> bool:
    """Whether a path, its links followed as far as they go, stays inside the project."""
    import os

    return inside(os.path.realpath(root), os.path.realpath(path))


def relpath(root: Path, path: Path) -> str:
    """A path as the editor sees it: relative to the project, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)

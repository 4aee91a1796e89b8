"""The load stage: read site.yaml, every YAML record under content/, and every seed they name."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dossier.model import schema, yamlfile
from dossier.model.schema import Reference
from dossier.model.yamlfile import Mapping
from dossier.problems import Report, did_you_mean

MAX_SEED_BYTES = 5 * 1024 * 1024  # real articles are ~10 kB; a huge seed is a mistake, not an article
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
    seeds: dict[str, str] = field(default_factory=dict)  # source id -> seed text
    refs: list[Reference] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # "kind:id" -> project-relative file


def load(root: Path, report: Report) -> Content:
    """Read and schema-check the whole project; problems go to the report."""
    refs: list[Reference] = []
    site_data = read_yaml(root, root / "site.yaml", report)
    # An unreadable site.yaml is one problem, not one per missing field.
    site = schema.check_record(site_data, schema.SITE, "site.yaml", report if site_data is not None else Report(), refs)
    content = Content(root=root, site=site, refs=refs)
    for kind in KINDS:
        folder = root / "content" / kind
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            rel = relpath(root, path)
            if path.suffix == ".yml":
                report.error(rel, 0, "", "YAML files here end in .yaml", f"rename to {path.stem}.yaml")
                continue
            if path.suffix != ".yaml" or path.name.startswith("."):
                continue
            record = load_record(root, kind, path, report, refs)
            if record is not None:
                getattr(content, kind)[path.stem] = record
                content.files[f"{kind}:{path.stem}"] = rel
    events_path = root / "content" / "events.yaml"
    if events_path.exists():
        data = read_yaml(root, events_path, report)
        if data is not None:
            events = schema.check_value(data, schema.EVENTS, "content/events.yaml", 1, "events", report, refs)
            for event in events or []:
                if isinstance(event, Mapping):
                    event.file = "content/events.yaml"
                    content.events.append(event)
    for sid, source in content.sources.items():
        text = read_seed(root, source, report)
        if text is not None:
            content.seeds[sid] = text
    return content


def load_record(root: Path, kind: str, path: Path, report: Report, refs: list[Reference]):
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
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.error(rel, 0, "", "file not found", "every project needs site.yaml at its top" if path.name == "site.yaml" else "")
        return None
    except UnicodeDecodeError as exc:
        report.error(rel, 0, "", f"not UTF-8 text (byte {exc.start})", "save the file as UTF-8")
        return None
    try:
        data = yamlfile.parse(text)
    except yaml.YAMLError as exc:
        line, message = yamlfile.describe_error(exc)
        report.error(rel, line, "", f"YAML syntax: {message}", "check indentation, colons and quotes on this line or the one before")
        return None
    if data is None:
        report.error(rel, 1, "", "file is empty", "")
    return data


def read_seed(root: Path, source: Mapping, report: Report) -> str | None:
    """Read a source's seed, refusing paths outside the project, non-UTF-8, empty and huge files."""
    file, line, name = source.file, source.line_of("seed"), source.get("seed")
    if not name:
        return None
    path = root / name
    try:
        resolved = path.resolve()
        resolved.relative_to(root.resolve())
    except ValueError:
        report.error(
            file, line, "seed", f"'{name}' lies outside the project", "seeds live in seeds/ inside the project; links out of it are refused"
        )
        return None
    if not path.is_file():
        present = sorted(p.name for p in (root / "seeds").glob("*.txt")) if (root / "seeds").is_dir() else []
        report.error(
            file,
            line,
            "seed",
            f"seed file '{name}' not found",
            did_you_mean(Path(name).name, present) or "put the article in seeds/ as a .txt file",
        )
        return None
    size = path.stat().st_size
    if size > MAX_SEED_BYTES:
        report.error(
            file,
            line,
            "seed",
            f"'{name}' is {size // (1024 * 1024)} MB, over the {MAX_SEED_BYTES // (1024 * 1024)} MB limit for one article",
            "split it or check it is the right file",
        )
        return None
    raw = path.read_bytes()
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
    text = text.removeprefix("\ufeff")
    if not text.strip():
        report.error(file, line, "seed", f"'{name}' is empty", "paste the article's text into the file")
        return None
    return text


def relpath(root: Path, path: Path) -> str:
    """A path as the editor sees it: relative to the project, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)

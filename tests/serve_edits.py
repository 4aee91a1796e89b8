"""Random edits a curator might save while serve runs: every record kind, the fields that reach pages, seeds,
site.yaml, templates, renames and deletions. Each edit is a function (rng, project) -> a description, or None when
it does not apply to the project as it stands. Some edits break the content on purpose: serve must then fail
exactly as a build does."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

from dossier.paths import BUILTIN_TEMPLATES

WORDS = ["Moscow", "Washington", "Portus", "base", "sanctions", "talks", "Kremlin", "deal", "Berg", "Putin", "channels", "summer"]
LABELS = ["Memo", "Brief", "Note", "Alpha Title About Moscow", None]


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000), encoding="utf-8")


def words(rng: random.Random, n: int = 3) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def records(project: Path, kind: str) -> list[Path]:
    return sorted((project / "content" / kind).glob("*.yaml"))


def ids(project: Path, kind: str) -> list[str]:
    return [p.stem for p in records(project, kind)]


def anchors(project: Path, seed: str) -> list[str]:
    path = project / seed
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] if path.is_file() else []
    return [f"p{i}" for i in range(1, len(lines) + 1)]


def _record(rng, project, kind):
    paths = records(project, kind)
    return rng.choice(paths) if paths else None


def source_field(rng, project):
    """One field of one source that a page shows."""
    path = _record(rng, project, "sources")
    if path is None:
        return None
    data = load(path)
    actors, field = (
        ids(project, "actors"),
        rng.choice(
            ["title", "short_title", "date_note", "summary", "perspective", "published", "kind", "author", "outlet", "badges", "written"]
        ),
    )
    if field == "title":
        data["title"] = (data.get("title") or "") + " " + rng.choice(WORDS) if rng.random() < 0.7 else words(rng, 4)
    elif field == "short_title":
        data["short_title"] = rng.choice(LABELS)
    elif field == "date_note":
        others = [p.stem for p in records(project, "sources")]
        label = rng.choice([lab for lab in LABELS if lab] + others)
        data["date_note"] = f"{words(rng, 2)}; {label} p{rng.randint(1, 8)} says so."
    elif field == "summary":
        link = rng.choice([f"[{rng.choice(WORDS)}](actor:{rng.choice(actors)})" if actors else "", f"[here](source:{path.stem}#p2)", ""])
        data["summary"] = f"{words(rng)} {link} " + str(data.get("summary") or "")
    elif field == "perspective":
        data["perspective"] = words(rng, 5)
    elif field == "published":
        data["published"] = rng.choice(["2024-12", "2025-01", "2025-03", "2025-02", None])
    elif field == "kind":
        data["kind"] = rng.choice(["analysis", "opinion", "policy-brief", "news-analysis"])
    elif field in ("author", "outlet"):
        data[field] = rng.choice([*actors, None]) if actors else None
    elif field == "badges":
        data["badges"] = [] if data.get("badges") else ["pre-deal"]
    else:
        data["written"] = rng.choice([None, {"not_before": "2025-01", "inferred": True}, {"not_after": "2025-04"}])
    dump(path, data)
    return f"{path.stem}.{field}"


def claim(rng, project):
    """A source's claims: words, kind, confidence, actors, themes; one removed or one added."""
    path = _record(rng, project, "sources")
    if path is None:
        return None
    data = load(path)
    claims = data.get("claims") or []
    what = rng.choice(["text", "kind", "confidence", "actors", "themes", "remove", "add"])
    if what == "add" or not claims:
        seed = project / (data.get("seed") or "")
        lines = [line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if len(line.split()) > 5] if seed.is_file() else []
        if not lines:
            return None
        sentence = rng.choice(lines).split(". ")[0].strip("“”\"'. ")
        claims.append({"text": words(rng, 4), "quote": " ".join(sentence.split()[:6]), "actors": [], "themes": []})
        what = "add"
    else:
        c = rng.choice(claims)
        if what == "text":
            c["text"] = words(rng, 5)
        elif what == "kind":
            c["kind"] = rng.choice(["fact", "assessment", "forecast", "recommendation", None])
        elif what == "confidence":
            c["confidence"] = rng.choice(["likely", None])
        elif what == "actors":
            c["actors"] = rng.sample(ids(project, "actors"), k=min(2, len(ids(project, "actors"))))
        elif what == "themes":
            c["themes"] = rng.sample(ids(project, "themes"), k=1) if ids(project, "themes") else []
        else:
            claims.remove(c)
    data["claims"] = claims
    dump(path, data)
    return f"{path.stem}.claims {what}"


def seed_text(rng, project):
    """A seed's text: a paragraph added (naming someone), one appended, a word changed."""
    seeds = sorted((project / "seeds").glob("*.txt"))
    if not seeds:
        return None
    path = rng.choice(seeds)
    text = path.read_text(encoding="utf-8")
    how = rng.choice(["append", "insert", "word"])
    if how == "append":
        text = text.rstrip("\n") + f"\n\n{words(rng, 6)} met Anna Berg again.\n"
    elif how == "insert":
        parts = text.split("\n\n")
        parts.insert(rng.randint(1, len(parts)), f"An inserted paragraph on {words(rng, 3)}.")
        text = "\n\n".join(parts)
    else:
        text = text.replace("worries", "troubles", 1) if "worries" in text else text.replace("base", "harbour", 1)
    path.write_text(text, encoding="utf-8")
    return f"{path.name} {how}"


def seed_file(rng, project):
    """A seed added (no record names it), removed, or a source pointed at another seed."""
    how = rng.choice(["add", "remove", "point"])
    folder = project / "seeds"
    named = {str(load(p).get("seed")) for p in records(project, "sources")}
    if how == "add":
        original = rng.choice(sorted(folder.glob("*.txt")) or [None])
        if original is None:
            return None
        copy = folder / f"{original.stem}-v{rng.randint(2, 4)}.txt"
        copy.write_text(original.read_text(encoding="utf-8").replace("Moscow", "Moskva", 1), encoding="utf-8")
        return f"add {copy.name}"
    if how == "remove":
        orphans = [p for p in sorted(folder.glob("*.txt")) if f"seeds/{p.name}" not in named]
        if not orphans:
            return None
        victim = rng.choice(orphans)
        victim.unlink()
        return f"remove {victim.name}"
    path = _record(rng, project, "sources")
    choices = sorted(folder.glob("*.txt"))
    if path is None or not choices:
        return None
    data = load(path)
    data["seed"] = f"seeds/{rng.choice(choices).name}"
    dump(path, data)
    return f"{path.stem}.seed = {data['seed']}"


def other_record(rng, project):
    """An actor, theme or page field; events.yaml; disputes.yaml; site.yaml."""
    kind = rng.choice(["actors", "themes", "pages", "events", "disputes", "site"])
    if kind in ("actors", "themes", "pages"):
        path = _record(rng, project, kind)
        if path is None:
            return None
        data = load(path)
        field = {
            "actors": ["name", "role", "summary", "aliases"],
            "themes": ["title", "question", "synthesis", "terms"],
            "pages": ["title", "body"],
        }[kind]
        name = rng.choice(field)
        if name == "aliases":
            data["aliases"] = list(data.get("aliases") or []) + [rng.choice(["Moskva", "the Kremlin", "the harbour", "Berg's team"])]
        elif name == "terms":
            data["terms"] = list(data.get("terms") or []) + [rng.choice(["talks", "deal", "channels"])]
        else:
            data[name] = f"{words(rng, 3)} " + str(data.get(name) or "")
        dump(path, data)
        return f"{kind}/{path.stem}.{name}"
    path = project / ("site.yaml" if kind == "site" else f"content/{kind}.yaml")
    if not path.is_file():
        return None
    data = load(path)
    if kind == "site":
        key = rng.choice(["title", "description"])
        data[key] = f"{words(rng, 2)} {data[key]}"
    elif kind == "events" and data:
        event = rng.choice(data)
        event[rng.choice(["title", "date"])] = rng.choice([words(rng, 3), "2025-01", "2025-03"]) if rng.random() < 0.5 else words(rng, 4)
        if not re.match(r"^\d{4}(-\d\d)?$", str(event["date"])):
            event["date"] = "2025-02"
    elif kind == "disputes" and data:
        rng.choice(data)["question"] = f"{words(rng, 4)}?"
    else:
        return None
    dump(path, data)
    return f"{kind}.yaml"


def rename_or_delete(rng, project):
    """A stub actor added, renamed or deleted; a page renamed; a source renamed (what cites it then breaks)."""
    how = rng.choice(["add actor", "rename actor", "delete actor", "rename page", "rename source"])
    actors = project / "content" / "actors"
    if how == "add actor":
        name = rng.choice(["Zorbani Quelt", "Mira Phacal", "Karust Herald"])
        path = actors / (name.lower().replace(" ", "-") + ".yaml")
        dump(path, {"name": name, "kind": "person", "aliases": [name]})
        return f"add {path.name}"
    stubs = [p for p in records(project, "actors") if p.stem in ("zorbani-quelt", "mira-phacal", "karust-herald", "zq-renamed")]
    if how in ("rename actor", "delete actor"):
        if not stubs:
            return None
        victim = rng.choice(stubs)
        if how == "delete actor":
            victim.unlink()
            return f"delete {victim.name}"
        target = actors / ("zq-renamed.yaml" if victim.stem != "zq-renamed" else "zorbani-quelt.yaml")
        if target.exists():
            return None
        data = load(victim)
        data.pop("id", None)
        victim.unlink()
        dump(target, data)
        return f"rename {victim.name} -> {target.name}"
    kind = "pages" if how == "rename page" else "sources"
    path = _record(rng, project, kind)
    if path is None:
        return None
    target = path.with_name(f"{path.stem}-x.yaml" if not path.stem.endswith("-x") else f"{path.stem[:-2]}.yaml")
    if target.exists():
        return None
    data = load(path)
    if data.get("id"):
        data["id"] = target.stem
    path.unlink()
    dump(target, data)
    return f"rename {path.name} -> {target.name}"


OVERRIDES = {
    "partials/source_rows.html": ("<tr>\n  <td>", "<tr class=\"{{ loop.cycle('odd', 'even') }}\">\n  <td>{{ loop.index }}) "),
    "partials/also_in.html": ("", ""),
    "source.html": (
        "{% block main %}\n",
        "{% block main %}\n<p>{{ content.refs | length }} refs, {{ content.seeds | length }} texts</p>\n",
    ),
    "actor.html": (
        "{% block main %}\n",
        "{% block main %}\n<p>{% for r in content.refs if r.value in (actor.id, 'actor:' ~ actor.id) %}{{ r.file }} {% endfor %}</p>\n",
    ),
}


def template(rng, project):
    """A template overridden (as `dossier template` copies it, then changed), changed again, or the override removed."""
    name = rng.choice(sorted(OVERRIDES))
    path = project / "templates" / name
    if path.exists() and rng.random() < 0.5:
        path.unlink()
        return f"remove templates/{name}"
    old, new = OVERRIDES[name]
    text = (
        path.read_text(encoding="utf-8") if path.exists() else (BUILTIN_TEMPLATES / name).read_text(encoding="utf-8").replace(old, new, 1)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + f"{{# {rng.random()} #}}\n", encoding="utf-8")
    return f"templates/{name}"


# Weighted towards one source's edits: those take serve's incremental path, the rest rebuild in full.
EDITS = [source_field] * 6 + [claim] * 4 + [seed_text] * 2 + [seed_file, other_record, other_record, rename_or_delete, template]


def apply_random_edit(rng: random.Random, project: Path) -> str:
    """One edit that applies, with what it did."""
    for _ in range(50):
        done = rng.choice(EDITS)(rng, project)
        if done:
            return done
    raise AssertionError("no edit applies to the project")


def copy_fixture(fixture: Path, dest: Path) -> Path:
    shutil.copytree(fixture, dest)
    return dest


def edited_project(tmp_path: Path, synthetic: bool, overridden: bool) -> Path:
    """The dossier the random edits work on: the fixture, or a synthetic one past twenty sources; with every partial
    overridden if asked."""
    from helpers import FIXTURE
    from overrides import override_every_partial
    from test_synth import synth

    project = tmp_path / "project"
    if synthetic:
        synth(project, sources=24, actors=10)
    else:
        shutil.copytree(FIXTURE, project)
    if overridden:
        override_every_partial(project, extra=True)
    return project

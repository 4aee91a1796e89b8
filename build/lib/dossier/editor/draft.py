"""`build.py new-source seeds/FILE.txt`: a draft source record an editor completes; never overwrites."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import yaml

from dossier.files import Unreadable, read_inside
from dossier.model.load import MAX_SEED_BYTES, load
from dossier.problems import Report
from dossier.text.ingest import ingest, normalise
from dossier.text.link import theme_pattern
from dossier.text.mentions import build_matcher

UI_WORDS = re.compile(r"^(search|menu|share|print|subscribe|font change|helpful keywords|advertisement|related|tags?|comments?)$", re.I)
PREFIXES = ("Read more:", "Also read:", "Related:", "Sign up", "Follow us")


def new_source(args) -> int:
    """Write content/sources/ID.yaml from what the seed itself shows."""
    project = args.project.resolve()
    seed_path = (args.seed if args.seed.is_absolute() else Path.cwd() / args.seed).resolve()
    if not seed_path.is_file():
        print(f"new-source: {args.seed}: no such file (hint: put the article in seeds/ first)", file=sys.stderr)
        return 1
    try:
        rel = seed_path.relative_to(project).as_posix()
    except ValueError:
        print(f"new-source: {args.seed}: not inside the project (hint: copy it into {project / 'seeds'})", file=sys.stderr)
        return 1
    sid = re.sub(r"[^a-z0-9]+", "-", seed_path.stem.lower()).strip("-")
    if not sid:
        print(
            f"new-source: {args.seed}: no id can be made from this file name (hint: rename the seed with Latin letters, digits and hyphens, e.g. seeds/syria-russia.txt)",
            file=sys.stderr,
        )
        return 1
    target = project / "content" / "sources" / f"{sid}.yaml"
    if target.exists():
        print(
            f"new-source: {target.relative_to(project)} already exists; nothing written (hint: edit it, or rename the seed)",
            file=sys.stderr,
        )
        return 1
    try:
        text = read_inside(project / "seeds", seed_path, MAX_SEED_BYTES).decode("utf-8")
    except Unreadable as exc:
        print(f"new-source: {rel}: {exc.message} (hint: {exc.hint or 'put the article in seeds/ as a .txt file'})", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(f"new-source: {rel}: not UTF-8 (hint: re-save it as UTF-8)", file=sys.stderr)
        return 1
    report = Report()
    content = load(project, report)
    lines = [normalise(l) for l in text.splitlines() if l.strip()]
    residue = sorted(
        {l for l in lines if UI_WORDS.match(l)}
        | {p + " *" if not p.endswith(":") else p + " *" for p in PREFIXES if any(l.startswith(p) for l in lines)}
    )
    repeats = len(lines) != len(set(lines))
    seed = ingest(text, residue, repeats)
    title = next((b.text for b in seed.blocks if b.kind == "heading"), "")
    matcher = build_matcher(content.actors, content.site.get("never_link") or [], Report())
    actors = Counter(a for b in seed.blocks for _, _, a, form in matcher.find(b.text) if form == "name")
    pattern, owners = theme_pattern(content.themes)
    themes = Counter(t for b in seed.blocks for term in (pattern.findall(b.text.lower()) if pattern else []) for t in owners[term])
    draft = {
        "id": sid,
        "seed": rel,
        "title": title,
        "title_note": None,
        "outlet": None,
        "author": None,
        "published": None,
        "date_note": None,
        "kind": "analysis",
        "perspective": "",
        "residue": residue,
        "drop_repeats": repeats,
        "summary": "",
        "claims": [],
    }
    header = (
        f"# Draft written by `build.py new-source {rel}`: check every field against the text.\n"
        f"# Actors named (by existing aliases): {', '.join(f'{a} ({n})' for a, n in actors.most_common()) or 'none'}\n"
        f"# Candidate themes (by index terms): {', '.join(f'{t} ({n})' for t, n in themes.most_common()) or 'none'}\n"
        f"# Anchors for citations: python build.py blocks {sid}\n"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(header + yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=100))
    print(
        f"Wrote {target.relative_to(project)}: title “{title}”, {len(residue)} residue rule(s), {len(actors)} actors, {len(themes)} candidate themes."
    )
    return 0

"""`dossier new-source seeds/FILE.txt`: a draft source record an editor completes; never overwrites."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import yaml

from dossier.editor.json_schema import schema_line, write_schemas
from dossier.editor.review import settings, unlinked_names
from dossier.files import Unreadable, read_inside, write_inside
from dossier.model.load import MAX_SEED_BYTES, load, nfc
from dossier.model.schema import CLAIM_KINDS, EVIDENCE_BASES, RELIABILITY_GRADES
from dossier.model.validate import source_kinds
from dossier.problems import Report, plural
from dossier.text.ingest import ingest, normalise, seed_lines
from dossier.text.link import link_mentions, link_themes
from dossier.text.mentions import build_matcher

# A web page's controls, pasted with the article: proposed as residue, never taken for its title.
UI_WORDS = re.compile(
    r"^(search|menu|share|print|subscribe|font change|helpful keywords|advertisement|related|tags?|comments?"
    r"|(share|print|save|email|listen to) (this )?(article|story|page|post)"
    r"|share (on|via) \w+|skip to (main )?content|sign (in|up)|log ?in|subscribe now|copy link|back to top"
    r"|accept (all )?cookies|cookie (settings|policy)|facebook|twitter|linkedin|whatsapp|email)[.:!]?$",
    re.I,
)
# Share buttons and navigation a page's text keeps when copied: residue, never the title (curator run, friction 5).
UI_LINES = re.compile(
    r"^(?:(share|print|email|save|copy link|listen( to)?|bookmark)( this)?( (article|story|page|post))?|share (on|via|to) \w+"
    r"|(skip|jump) to (the )?(main )?(content|navigation)|back to top|home|close|open menu|toggle navigation)$",
    re.I,
)
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
        text = nfc(read_inside(project / "seeds", seed_path, MAX_SEED_BYTES).decode("utf-8"))
    except Unreadable as exc:
        print(f"new-source: {rel}: {exc.message} (hint: {exc.hint or 'put the article in seeds/ as a .txt file'})", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(f"new-source: {rel}: not UTF-8 (hint: re-save it as UTF-8)", file=sys.stderr)
        return 1
    text = text.removeprefix("\ufeff")
    report = Report()
    content = load(project, report)
    lines = [normalise(l) for l in seed_lines(text) if l.strip()]
    residue = sorted(
        {l for l in lines if UI_WORDS.match(l) or (len(l) < 40 and UI_LINES.match(l.rstrip(" .:")))}
        | {p + " *" if not p.endswith(":") else p + " *" for p in PREFIXES if any(l.startswith(p) for l in lines)}
    )
    repeats = len(lines) != len(set(lines))
    seed = ingest(text, residue, repeats)
    title = next((b.text for b in seed.blocks if b.kind == "heading"), "")
    seed = ingest(text, residue, repeats, title)  # as the build will read it once the title is recorded
    # The same matcher and linking as the build, so the draft's counts are the page's.
    matcher = build_matcher(content.actors, content.site.get("never_link") or [], Report())
    link_mentions(content, {sid: seed}, matcher)
    link_themes(content, {sid: seed})
    actors = Counter(m.actor for b in seed.blocks for m in b.mentions if m.form == "name")
    themes = Counter(t for b in seed.blocks for t in b.themes)
    queue = unlinked_names({sid: seed}, content.actors, content.themes, **settings(content.site))
    # A "By …" line under the title is a byline, though its shape (short, no full stop) reads as a heading.
    bylines = {b.anchor: "byline" for b in seed.blocks[:4] if b.kind == "heading" and re.match(r"^By\s", b.text)}
    draft = {
        "seed": rel,
        "title": title,
        "title_note": None,
        "short_title": None,
        "outlet": None,
        "author": None,
        "published": None,
        "date_note": None,
        "kind": None,
        "perspective": "",
        "residue": residue,
        "drop_repeats": repeats,
        **({"block_kinds": bylines} if bylines else {}),
        "summary": "",
        "claims": [],
    }
    names = [f"#   {entry}" for entry in queue] or ["#   none"]
    header = "\n".join(
        [
            schema_line("source", 2).rstrip("\n"),
            f"# Draft written by `dossier new-source {rel}`: check every field against the text.",
            f"# kind: one of {', '.join(source_kinds(content.site))}. published: only a date the text states (else date_note says why).",
            f"# Actors named (by existing aliases, times by name): {', '.join(f'{a} ({n})' for a, n in actors.most_common()) or 'none'}",
            f"# Candidate themes (paragraphs by index terms): {', '.join(f'{t} ({n})' for t, n in themes.most_common()) or 'none'}",
            f"# Review queue: {plural(len(queue), 'name')} no alias links (give each an actor, a stub will do: name, kind, aliases):",
            *names,
            f"# Paragraphs and anchors to cite: dossier blocks {sid}",
            "# Each claim, under claims (quote from ONE paragraph; tag only actors that paragraph names):",
            f"#   - id: {sid}-1   (stable, unique in the dossier: judgments and corroborates name the claim by it)",
            "#     text: A sentence of your own.",
            '#     quote: "verbatim words from one paragraph"',
            f"#     kind: {' | '.join(CLAIM_KINDS)}   (fact: what the source reports as fact)",
            "#     confidence: the source's own wording of how sure it is, from that paragraph (needed if the quoted sentence",
            "#       says may, might, likely, appears, seems, would, could, probably); else leave it out",
            "#     hedge_class: likelihood | evidential | modal | emphasis   (optional: worked out from the wording)",
            "#     actors: [...]",
            "#     themes: [...]",
            "#     credibility: 1-6, attributed_to: {who, via, unnamed: true}, corroborates: [claim ids]   (optional grading)",
            "# Grading, optional (once one source is graded, --strict asks it of every source):",
            f"#   reliability: {{grade: {'|'.join(RELIABILITY_GRADES)}, basis: one line from what the text shows}}",
            f"#   independence: {draft['outlet'] or sid}   (one group per outlet, owner, wire or author)",
            f"#   evidence_basis: [{' | '.join(EVIDENCE_BASES)}]",
            "#   cites: [{name: what it draws on, actor: ..., source: ..., cite: source:ID#pN}]",
            "# When the text was written, if it says or shows it (else leave it out; inferred: true needs date_note):",
            '#   written: {not_before: "YYYY-MM", not_after: "YYYY-MM", inferred: false}',
        ]
    )
    body = header + "\n" + yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=100)
    # exclusive: never overwrite, even in a race; a linked content/sources (out of the project) is refused
    write_inside(project, f"content/sources/{sid}.yaml", body.encode("utf-8"), exclusive=True)
    write_schemas(project)  # the new source id joins the editor's enums
    print(
        f"Wrote {target.relative_to(project)}: title “{title}”, {plural(len(residue), 'residue rule')}, "
        f"{plural(len(actors), 'actor')} named, {plural(len(themes), 'candidate theme')}, {plural(len(queue), 'name')} no alias links."
    )
    return 0

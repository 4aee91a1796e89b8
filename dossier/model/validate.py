"""The validate stage: every reference, citation and cross-link resolves; residue rules earn their keep."""

from __future__ import annotations

import re
from typing import Any

from dossier import urls
from dossier.model import counts
from dossier.model.analysis import check_analysis, claim_kind_warnings
from dossier.model.bottom_line import check_bottom_lines
from dossier.model.load import Content
from dossier.model.schema import SOURCE_KINDS, Reference
from dossier.model.yamlfile import Sequence
from dossier.problems import Report, did_you_mean, plural
from dossier.render import markdown
from dossier.text.ingest import Seed, normalise

MARKDOWN_FIELDS = {
    "sources": ("summary", "note"),
    "actors": ("summary",),
    "themes": ("bottom_line", "synthesis", "agree", "differ"),
    "pages": ("body",),
}


class Markdown:
    """A Markdown field parsed once; rendered by the templates from whichever page shows it."""

    def __init__(self, text: str):
        self.text = text or ""
        self.tokens = markdown.parse(self.text)

    def __bool__(self) -> bool:
        return bool(self.text.strip())

    def __eq__(self, other) -> bool:  # serve compares a record before and after an edit
        return isinstance(other, Markdown) and other.text == self.text

    __hash__ = None  # type: ignore[assignment]  # equal by text, yet mutable: not hashable


def validate(content: Content, seeds: dict[str, Seed], report: Report) -> None:
    """Resolve references, parse Markdown fields in place, and check curated metadata against the seeds."""
    refs = content.refs  # the Markdown fields' link targets join the references the schema found
    fill_counts(content, report)
    for kind in MARKDOWN_FIELDS:
        for record in getattr(content, kind).values():
            parse_markdown(kind, record, refs)
    for dispute in content.disputes:
        dispute["note"] = _parse(dispute, "note", dispute["note"], refs)
    if content.judgments is not None:
        content.judgments["bottom_line"] = _parse(content.judgments, "bottom_line", content.judgments["bottom_line"], refs)
        for judgment in content.judgments["judgments"] or []:
            if isinstance(judgment, dict):
                judgment["note"] = _parse(judgment, "note", judgment["note"], refs)
    for ref in refs:
        check_reference(ref, content, seeds, report)
    refs.sort(key=by_file)  # by file, each file's in the order it holds them: serve rebuilds this list from files
    for sid, source in content.sources.items():
        check_source(content, source, seeds.get(sid), report)
    for actor in content.actors.values():
        check_length(actor, "summary", ACTOR_SUMMARY_WORDS, report)
    check_analysis(content, report)
    check_bottom_lines(content, seeds, report)
    unrecorded_seeds(content, report)
    check_page_paths(content, report)


def check_page_paths(content: Content, report: Report) -> None:
    """A record whose page would replace a generated one (actor 'index', theme 'counts') is an error naming both."""
    for kind, section in urls.SECTIONS.items():
        for rid, record in sorted(getattr(content, section).items()):
            path = urls.page_path(kind, rid)
            owner = urls.generated(path)
            if owner:
                report.error(
                    getattr(record, "file", "") or f"content/{section}/{rid}.yaml",
                    0,
                    "id",
                    f"{kind} id '{rid}' would write {path}, which is {owner[1]}",
                    "rename the file: that page's name belongs to the builder",
                )


COUNTED = {
    "actors": ("summary",),
    "themes": ("bottom_line", "synthesis", "agree", "differ"),
    "pages": ("body",),
}  # texts about the whole dossier
TYPED_CHECKED = ("themes", "pages")  # and the site's title and description: where a typed count of sources goes stale


def fill_counts(content: Content, report: Report) -> None:
    """Computed counts filled into the texts about the whole dossier; counts typed there by hand flagged."""
    numbers = counts.computed(content)
    site = content.site
    for name in ("title", "description"):
        if isinstance(site[name], str):
            counts.check_typed(site[name], "site.yaml", site.line_of(name), name, report)
            site[name] = counts.fill(site[name], numbers, "site.yaml", site.line_of(name), name, report)
    for kind, names in COUNTED.items():
        for record in getattr(content, kind).values():
            fields: list[tuple[str, Any, Any, int]] = [(name, record, name, record.line_of(name)) for name in names]
            if kind == "themes" and isinstance(record["open_questions"], Sequence):
                questions = record["open_questions"]
                fields += [(f"open_questions[{i}]", questions, i, questions.line_of(i)) for i in range(len(questions))]
            for label, holder, key, line in fields:
                if isinstance(holder[key], str):
                    if kind in TYPED_CHECKED:
                        counts.check_typed(holder[key], record.file, line, label, report)
                    holder[key] = counts.fill(holder[key], numbers, record.file, line, label, report)


SOURCE_SUMMARY_WORDS = (120, 250)  # docs/content-model.md: a source's summary
ACTOR_SUMMARY_WORDS = (60, 150)  # docs/content-model.md: an actor's profile (a stub has none)


def check_length(record, name: str, bounds: tuple[int, int], report: Report) -> None:
    """A summary within the documented length, in words of its text as read (link targets not counted)."""
    value = record[name]
    if not value:
        return
    words = len(markdown.plain(value.tokens).split())
    low, high = bounds
    if not low <= words <= high:
        report.warn(
            record.file,
            record.line_of(name),
            name,
            f"{plural(words, 'word')}, outside the documented {low}–{high}",
            "shorten it" if words > high else "say more from the text: what it argues, and on what evidence",
        )


def by_file(ref) -> str:
    """The sort key of the references' list: their file (the sort is stable: a file's stay in their order)."""
    return ref.file


UNRECORDED = "no source record names this seed, so the site leaves it out"


def unrecorded_seeds(content: Content, report: Report) -> None:
    """A seed in seeds/ that no source record names is an article the site silently leaves out."""
    folder = content.root / "seeds"
    named = {str(s["seed"]).replace("\\", "/").removeprefix("./") for s in content.sources.values() if s["seed"]}
    for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
        rel = f"seeds/{path.name}"
        if rel not in named:
            report.warn(rel, 1, "", UNRECORDED, f"run: dossier new-source {rel}")


BASE_URL = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+(/[^\s\"'<>\\`]*)?$")
HOST_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def check_site(site, report: Report, base_url_given: bool = False) -> None:
    """site.yaml's settings that become addresses: base_url an http(s) URL, cname one host name, themes once each."""
    base = site.get("base_url")
    problem = ""
    if base and not BASE_URL.match(base):
        problem = f"'{base}' is not an http(s) address"
    elif base and ("?" in base or "#" in base):
        # every page's address is the base and a path: after a query or a fragment, the path would not be one
        problem = f"'{base}' has a {'query (?)' if '?' in base else 'fragment (#)'}, which no page address can follow"
    if problem:
        file, line, name = ("--base-url", 0, "") if base_url_given else ("site.yaml", site.line_of("base_url"), "base_url")
        report.error(
            file,
            line,
            name,
            problem,
            "write the address the site is published at, e.g. https://example.org/dossier/, or leave it empty",
        )
    cname = site.get("cname")
    if cname and not (
        len(cname.strip()) <= 253 and "." in cname.strip() and all(HOST_LABEL.match(label) for label in cname.strip().split("."))
    ):
        report.error(
            "site.yaml",
            site.line_of("cname"),
            "cname",
            f"'{cname}' is not one host name",
            "write the domain alone, e.g. dossier.example.org",
        )
    first: dict[str, int] = {}
    for i, tid in enumerate(site.get("themes") or []):
        if isinstance(tid, str) and tid in first:
            report.error(
                "site.yaml",
                site["themes"].line_of(i),
                f"themes[{i}]",
                f"theme '{tid}' is listed twice (also themes[{first[tid]}])",
                "list each theme once",
            )
        first.setdefault(tid, i)


def parse_markdown(kind: str, record, refs: list[Reference]) -> None:
    """Replace a record's Markdown fields by their parsed form; their link targets join `refs`."""
    for name in MARKDOWN_FIELDS[kind]:
        record[name] = _parse(record, name, record[name], refs)
    if kind == "themes":
        questions = record["open_questions"] or Sequence()
        for i, item in enumerate(questions):
            questions[i] = _parse(record, f"open_questions[{i}]", item, refs, questions.line_of(i))


def check_source(content: Content, source, seed: Seed | None, report: Report) -> None:
    """A source's curated metadata against its seed: residue rules that match, the title, outlet, block kinds; claim kinds."""
    claim_kind_warnings(content, source, report)
    check_length(source, "summary", SOURCE_SUMMARY_WORDS, report)
    if isinstance(source["claims"], list) and not source["claims"]:
        report.warn(
            source.file,
            source.line_of("claims"),
            "claims",
            "lists no claims",
            "add at least one: text in your words, a verbatim quote from one paragraph, its actors and themes",
        )
    if seed is None:
        return
    for i, rule in enumerate(source["residue"] or []):
        if seed.rule_hits.get(rule, 0) == 0:
            report.warn(
                source.file,
                source["residue"].line_of(i),
                f"residue[{i}]",
                f"rule '{rule}' matches no line of {source['seed']}",
                "remove it, or copy the line exactly (end with * to match a line's start)",
            )
    if seed.blocks and seed.blocks[0].kind != "title" and not source["title_note"]:
        report.warn(
            source.file,
            source.line_of("title"),
            "title",
            "the title is not the first line of the seed",
            "if the title is the editor's, say so in title_note",
        )
    for field in ("outlet", "author", "translator"):
        actor = content.actors.get(source[field] or "")
        if actor and field == "outlet" and actor["kind"] != "outlet":
            report.warn(
                source.file,
                source.line_of(field),
                field,
                f"'{actor['id']}' is a {actor['kind']}, not an outlet",
                "give the outlet its own actor with kind: outlet",
            )
    for anchor in source["block_kinds"] or {}:
        if anchor not in seed.by_anchor:
            report.error(
                source.file,
                source["block_kinds"].line_of(anchor),
                f"block_kinds.{anchor}",
                f"no block {anchor} in {source['seed']}",
                "run: dossier blocks " + source["id"],
            )


def _parse(record, name: str, value, refs: list[Reference], line: int = 0):
    if not isinstance(value, str):
        return Markdown("")
    md = Markdown(value)
    base = line or record.line_of(name.split("[")[0])
    offset = 1 if "\n" in value.rstrip("\n") or value.endswith("\n") else 0  # block scalars start on the next line
    for target, lineno in markdown.link_targets(md.tokens):
        refs.append(Reference("link", target, record.file, base + offset + lineno, name))
    return md


def source_kinds(site) -> tuple[str, ...]:
    """The kinds a source may have: site.yaml's source_kinds, else the builder's defaults."""
    return tuple(site.get("source_kinds") or ()) or SOURCE_KINDS


def check_reference(ref: Reference, content: Content, seeds: dict[str, Seed], report: Report) -> None:
    """One reference: an actor or theme id, a citation 'source:ID#pN', or a Markdown link target."""
    if ref.kind in ("actor", "theme", "source"):
        known = {"actor": content.actors, "theme": content.themes, "source": content.sources}[ref.kind]
        if ref.value not in known:
            report.error(
                ref.file,
                ref.line,
                ref.field,
                f"unknown {ref.kind} '{ref.value}'",
                did_you_mean(ref.value, known)
                or (
                    f"run: dossier new-source seeds/{ref.value}.txt"
                    if ref.kind == "source"
                    else f"create content/{ref.kind}s/{ref.value}.yaml"
                ),
            )
        return
    if ref.kind == "badge":
        badges = content.site["badges"] or {}
        if ref.value not in badges:
            report.error(
                ref.file,
                ref.line,
                ref.field,
                f"unknown badge '{ref.value}'",
                did_you_mean(ref.value, badges) or f"declare it in site.yaml under badges: {ref.value}: {{label: ...}}",
            )
        return
    if ref.kind == "source-kind":
        kinds = source_kinds(content.site)
        if ref.value not in kinds:
            report.error(
                ref.file,
                ref.line,
                ref.field,
                f"'{ref.value}' is not one of: {', '.join(kinds)}",
                did_you_mean(ref.value, kinds) or "or list the kinds this dossier uses in site.yaml: source_kinds: [...]",
            )
        return
    kind, ident, fragment = markdown.split_target(ref.value)
    if ref.kind == "cite" and kind != "source":
        report.error(ref.file, ref.line, ref.field, f"'{ref.value}' is not a citation", "write source:ID#pN")
        return
    records = {"actor": content.actors, "theme": content.themes, "source": content.sources, "page": content.pages}.get(kind)
    if records is None:
        report.error(
            ref.file,
            ref.line,
            ref.field,
            f"unknown link kind '{kind}:' in '{ref.value}'",
            "use actor:, source:, theme: or page: (or a full https:// address)",
        )
    elif ident not in records:
        report.error(
            ref.file,
            ref.line,
            ref.field,
            f"unknown {kind} '{ident}' in link '{ref.value}'",
            did_you_mean(ident, records)
            or (f"create content/{kind}s/{ident}.yaml" if kind != "source" else f"run: dossier new-source seeds/{ident}.txt"),
        )
    elif fragment and kind != "source":
        report.error(ref.file, ref.line, ref.field, f"'{ref.value}': only source links take a #paragraph", f"write {kind}:{ident}")
    elif fragment:
        seed = seeds.get(ident)
        if seed is not None and fragment not in seed.by_anchor and not fragment.startswith("fn-"):
            dropped = any(b.anchor == fragment for b, _ in seed.dropped)
            report.error(
                ref.file,
                ref.line,
                ref.field,
                f"'{ref.value}': {fragment} was dropped as residue"
                if dropped
                else f"'{ref.value}': no paragraph {fragment} in that source",
                f"run: dossier blocks {ident}",
            )
    elif ref.kind == "cite":
        report.error(ref.file, ref.line, ref.field, f"citation '{ref.value}' names no paragraph", "write source:ID#pN")


def locate_quote(quote: str, seed: Seed):
    """The kept block holding a quote (white space normalised), or None."""
    for block in seed.blocks:  # fast path: the quote as typed
        if quote and quote in block.text:
            return block
    needle = normalise(quote)
    for block in seed.blocks:
        if needle and needle in normalise(block.text if block.kind != "footnote" else block.raw):
            return block
    return None


def quote_problem(quote: str, seed: Seed, seed_name: str) -> tuple[str, str]:
    """Message and hint for a quote its seed does not hold within one paragraph."""
    spans = spanning(quote, seed)
    if spans:
        first, second = spans
        return (
            f"the quote runs across {first} and {second} of {seed_name}",
            f"a quote stays within one paragraph (the claim is placed on it): quote from {first} or from {second}, or make two",
        )
    return f"quote not found in {seed_name}", quote_hint(quote, seed)


def spanning(quote: str, seed: Seed) -> tuple[str, str] | None:
    """The two neighbouring paragraphs a quote runs across (the end of one, the start of the next), or None."""
    needle = normalise(quote)
    blocks = [normalise(b.text) for b in seed.blocks]
    for i in range(len(blocks) - 1):
        if needle in f"{blocks[i]} {blocks[i + 1]}" and needle not in blocks[i] and needle not in blocks[i + 1]:
            return seed.blocks[i].anchor, seed.blocks[i + 1].anchor
    return None


def quote_hint(quote: str, seed: Seed) -> str:
    """Point at the closest text in the seed, so a typo in a quote is quick to fix."""
    import difflib

    needle = normalise(quote)
    best, best_block, best_match = 0, None, None
    for block, _ in [(b, None) for b in seed.blocks] + list(seed.dropped):
        text = normalise(block.text)
        match = difflib.SequenceMatcher(None, needle, text, autojunk=False).find_longest_match(0, len(needle), 0, len(text))
        if match.size > best:
            best, best_block, best_match = match.size, block, (text, match)
    if best_block is None or best_match is None or best < 12:
        return "copy the words exactly from the seed"
    text, match = best_match
    start = max(0, match.b - match.a)
    excerpt = text[start : start + len(needle)]
    dropped = " (a line dropped as residue)" if any(b is best_block for b, _ in seed.dropped) else ""
    return f"closest text is in {best_block.anchor}{dropped}: “{excerpt[:90]}”"

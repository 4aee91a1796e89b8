"""What templates call: helpers that take a record (`claims(actor)`, `mentions(actor)`) and hand back what the
partials in templates/partials/ make of it. No markup here: the helpers choose data, the partials write it."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from dossier import urls
from dossier.build import record
from dossier.model.bottom_line import cited_paragraphs
from dossier.render import markdown, markup, reads, standards
from dossier.text.index import newest_source, theme_sources
from dossier.text.publish import MASK, is_masked, unmask

LIST_KINDS = ("bullet", "numbered", "footnote")
ALSO_IN_LINES = 100  # "Also in" lines on a theme or actor page; the keyword-hit matrix and search reach every other source
IDENT = "\x01ident\x01"  # a mention's anchor while its partial is rendered once for all its mentions  # consecutive blocks of these kinds are shown as one list

# Partials a template may call by name, as macros of templates/partials/NAME.html seen from the page's folder.
CALLABLE = ("cite", "chips", "term_hits", "source_line", "bottom_line", "relation")


def _partial(name: str):
    @jinja2.pass_context
    def call(ctx, *args, **kwargs):
        return ctx["partials"].macro(name, ctx["page"])(*args, **kwargs)

    call.__name__ = name
    return call


def mention_id(m) -> str:
    """The anchor of one mention on its source page: its paragraph and where in it the name starts ('p7-m120')."""
    return f"{m.anchor}-m{m.start}"


def kind_of(content, record) -> str:
    """'actor', 'theme' or 'source': which of the content's records this is."""
    ident = dict.get(record, "id")
    for kind, records in (("actor", content.actors), ("theme", content.themes), ("source", content.sources)):
        if records.get(ident) is record:
            return kind
    raise TypeError(f"not an actor, theme or source record: {ident!r}")


@jinja2.pass_context
def claims(ctx, record) -> Markup:
    """The claim cards about an actor, on a theme, of a source (on its own page: targets linking to their paragraphs),
    or of a list of claims (judgments)."""
    parts, page, content, ix = ctx["partials"], ctx["page"], ctx["content"], ctx["ix"]
    claim = parts.macro("claim", page)
    if isinstance(record, list):
        found = record
    elif (kind := kind_of(content, record)) == "source":  # its own page is re-rendered only when it changes: nothing to keep
        return Markup("".join(claim(c, own_page=True) for c in record["claims"] or []))
    else:
        found = (ix.claims_by_actor if kind == "actor" else ix.claims_by_theme).get(record["id"], [])
    folder, sources = urls.folder(page), content.sources

    # A claim is kept while its record is unchanged, but a retitled (or re-badged) source's citations read differently: key on both.
    # Read past the tracking: the piece's own reads, noted when it was built, already include them.
    def key(c) -> tuple:
        source = sources[dict.__getitem__(c, "source")]
        return "claim", folder, dict.get(source, "title"), dict.get(source, "short_title"), tuple(dict.get(source, "badges") or ())

    def card(c) -> str:
        # Rendered once per claim for every folder (its source and number name it in this pass), links made relative here.
        number = dict.get(c, "number")
        placed = parts.placed((dict.__getitem__(c, "source"), number), "claim", page, c) if number is not None else None
        return placed if placed is not None else parts.piece(c, key(c), claim, c, reuse=True)

    return Markup("".join(map(card, found)))


@jinja2.pass_context
def mentions(ctx, actor) -> Markup:
    """An actor's mentions in each source quoted in full on its page (the others: also_in)."""
    parts, page, content, ix = ctx["partials"], ctx["page"], ctx["content"], ctx["ix"]
    by_source = ix.mentions.get(actor["id"], {})
    shown = ix.mention_split.get(actor["id"], ([], []))[0]
    seeds, highlight = ctx["seeds"], parts.tags("highlight", (), page)
    folder, sources = urls.folder(page), content.sources

    def sentences(by_anchor: dict, found: list) -> list[tuple]:
        """(first mention, its anchor id, the sentence) per sentence: a sentence naming the actor twice is one item."""
        grouped: dict[tuple, list] = {}
        index: dict[str, tuple] = {}  # anchor -> its block's sentences, split once for all the mentions in it
        for m in found:
            at = index.get(m.anchor) or index.setdefault(m.anchor, markup.sentence_index(by_anchor[m.anchor]))
            grouped.setdefault((m.anchor, markup.sentence_span(by_anchor[m.anchor], m.start, at)), []).append(m)
        return [
            (
                first,
                mention_id(first),
                Markup(
                    markup.sentence_html(
                        by_anchor[first.anchor], first.start, first.end, highlight, tuple((m.start, m.end) for m in rest), span
                    )
                ),
            )
            if MASK not in by_anchor[first.anchor].text[first.start : first.end]
            else (first, first.anchor, Markup(""))  # not published: the paragraph's number alone, linked to the paragraph
            for (_, span), (first, *rest) in grouped.items()
        ]

    def section(sid: str, found: list) -> tuple:
        by_anchor = seeds[sid].by_anchor
        names = [m for m in found if m.form == "name"]
        adjectives = [m for m in found if m.form == "demonym"]
        return sources[sid], names, sentences(by_anchor, names), adjectives, sentences(by_anchor, adjectives)

    # Kept by the Index's list of mentions, new whenever the seed is linked again; the title is the only other input.
    keys = [("mentions", folder, dict.get(sources[sid], "title")) for sid in shown]
    return Markup(parts.listing("mentions", page, [(by_source[sid], key, section, sid, by_source[sid]) for sid, key in zip(shown, keys)]))


@jinja2.pass_context
def passages(ctx, theme, source) -> Markup:
    """A theme's passages in one source, with their heading."""
    parts, page = ctx["partials"], ctx["page"]
    highlight, pattern = parts.tags("highlight", (), page), None
    pairs = []
    for block in ctx["ix"].passages[theme["id"]][source["id"]]:
        pattern = parts.terms_pattern(block.themes[theme["id"]])
        pairs.append((block, Markup(markup.term_html(block, pattern, highlight))))
    return parts.macro("passages", page)(theme, source, pairs)


@jinja2.pass_context
def also_in(ctx, record, limit: int | None = None) -> Markup:
    """The sources beyond those quoted in full on an actor's or theme's page: a line each (the first `limit`)."""
    parts, page, content, ix = ctx["partials"], ctx["page"], ctx["content"], ctx["ix"]
    if kind_of(content, record) == "actor":
        by_source, split = ix.mentions.get(record["id"], {}), ix.mention_split
    else:
        by_source, split = ix.passages.get(record["id"], {}), ix.passage_split
    folder, sources = urls.folder(page), content.sources
    lines = []
    for sid in split.get(record["id"], ([], []))[1][:limit]:
        found = by_source[sid]
        anchor, count = found[0].anchor, len(found)
        lines.append((sources[sid], ("line", folder, anchor, count), tuple, (sources[sid], anchor, count)))
    return Markup(parts.listing("also_in", page, lines))


@jinja2.pass_context
def matrix_rows(ctx, order: list[str] | None = None) -> Markup:
    """The sources × themes matrix, a row per source (of `order`, a page's share, else all) in source order.

    A cell links to the source's lines on the theme page; a source the theme page leaves out (past its "Also in"
    lines) is linked to its first passage in the source itself."""
    parts, page, content, ix = ctx["partials"], ctx["page"], ctx["content"], ctx["ix"]
    theme_order, sources = ctx["theme_order"], content.sources
    order = ix.source_order if order is None else order
    folder = urls.folder(page)
    # A source's counts, one per theme, read column by column: a lookup per cell cost 20 ms at 5,000 sources.
    columns = [list(map(ix.matrix[tid].__getitem__, order)) for tid in theme_order]
    listed = {}
    for tid in theme_order:
        shown, others = ix.passage_split.get(tid, ([], []))
        listed[tid] = set(shown) | set(others[:ALSO_IN_LINES])
    rows = []
    for sid, counts in zip(order, zip(*columns) if columns else [()] * len(order)):
        cells = tuple(
            (tid, n, "" if not n or sid in listed[tid] else ix.passages[tid][sid][0].anchor) for tid, n in zip(theme_order, counts)
        )
        rows.append((sources[sid], ("matrix", folder, cells), tuple, (sources[sid], list(cells))))
    return Markup(parts.listing("matrix_rows", page, rows))


@jinja2.pass_context
def source_rows(ctx, order: list[str] | None = None) -> Markup:
    """The sources table, a row per source (of `order`, a page's share, else all) in source order."""
    parts, page, content, ix = ctx["partials"], ctx["page"], ctx["content"], ctx["ix"]
    folder, sources, counts = urls.folder(page), content.sources, ix.claim_counts
    order = ix.source_order if order is None else order
    rows = [(sources[sid], ("row", folder, counts[sid]), tuple, (sources[sid], counts[sid])) for sid in order]
    return Markup(parts.listing("source_rows", page, rows))


@jinja2.pass_context
def claim_label(ctx, kind, confidence, hedge_class=None):
    """_analysis.html's claim_label, rendered once per (kind, the source's wording, its hedge class)."""
    return ctx["partials"].analysis("claim_label", (kind, confidence, hedge_class), kind, confidence, hedge_class)


@jinja2.pass_context
def badges(ctx, ids):
    """_analysis.html's badges for a source's badge ids, rendered once per list of ids."""
    return ctx["partials"].analysis("badges", tuple(ids), list(ids), ctx["site"]["badges"]) if ids else ""


def xref_tags(parts, page: str):
    """A Markdown cross-reference's tags (partials/xref.html), kept by target and folder."""
    return lambda kind, href, title: parts.tags("xref", (kind, href, title), page, kind, href, title)


class Wrappers:
    """The opening and closing tags of the paragraph partials, for markup.block_html to weave."""

    def __init__(self, parts, page: str, actors: dict):
        self.parts, self.page, self.actors = parts, page, actors
        self._mentions: dict[tuple, tuple[str, str]] = {}  # this page's, without the folder in the key

    def mention(self, m, linked: bool) -> tuple[str, str]:
        """A mention's tags: rendered once per actor, form and link, its own anchor (`p7-m120`) put in per mention."""
        found = self._mentions.get((m.actor, m.form, linked))
        if found is None:
            args = (self.actors[m.actor], m.form, IDENT, linked)
            found = self._mentions[(m.actor, m.form, linked)] = self.parts.tags("mention", (m.actor, m.form, linked), self.page, *args)
        return found[0].replace(IDENT, mention_id(m)), found[1]

    def quote(self, claim) -> tuple[str, str]:
        return self.parts.tags("quote_mark", None, self.page, claim)  # one per claim: nothing to keep

    def footnote(self, label: str, first: bool) -> tuple[str, str]:
        return self.parts.tags("footnote_ref", (label, first), self.page, label, first)

    def url(self, href: str) -> tuple[str, str]:
        return self.parts.tags("url_link", None, self.page, href)


@jinja2.pass_context
def blocks(ctx, source) -> list[dict]:
    """A source's text as its page shows it: blocks with their HTML and permalink, consecutive list items and footnotes grouped."""
    seed = ctx["seeds"][source["id"]]
    groups: list[dict] = []
    labels = {b.marker for b in seed.blocks if b.kind == "footnote" and not is_masked(b.text)}  # a reference links to a published note only
    seen: set = set()
    tags = Wrappers(ctx["partials"], ctx["page"], ctx["content"].actors)
    parts, page = ctx["partials"], ctx["page"]
    for block in seed.blocks:
        if is_masked(block.text):  # not published (publish_text): consecutive ones are one gap holding their anchors
            if groups and groups[-1]["kind"] == "gap":
                groups[-1]["items"].append({"block": block})
            else:
                groups.append({"kind": "gap", "list": False, "items": [{"block": block}]})
            continue
        html = Markup(markup.block_html(block, labels, seen, tags))
        item = {"block": block, "html": html, "permalink": parts.rendered("permalink", block.anchor, page, block.anchor)}
        if block.kind in LIST_KINDS and groups and groups[-1]["kind"] == block.kind:
            groups[-1]["items"].append(item)
        else:
            groups.append({"kind": block.kind, "list": block.kind in LIST_KINDS, "items": [item]})
    return groups


def published(text: str) -> str:
    """A seed's text as the site may show it: unpublished passages as one gap each (publish_text)."""
    return unmask(text)


def record_keys(content, ix, kind: str, ident: str = "") -> list[str]:
    """The published record's keys a page of this kind shows (build/record.py), for its day of last change."""
    if kind == "source":
        return [f"source:{ident}", f"claim:{ident}#"] + [f"stance:{tid}/{ident}" for tid, _ in content.stances_by_source.get(ident, [])]
    if kind in ("theme", "actor"):
        found = (ix.claims_by_theme if kind == "theme" else ix.claims_by_actor).get(ident, [])
        keys = [f"claim:{c['source']}#{c['number']}" for c in found]
        return keys + ([f"stance:{ident}/"] if kind == "theme" else [])
    if kind == "judgments":
        return ["claim:", "judgment:"]
    return [""]  # the whole dossier


@jinja2.pass_context
def changed_on(ctx, kind: str, ident: str = "") -> str | None:
    """The day the content a page shows last changed, as the published record dates it; None before any dated change."""
    content = ctx["content"]
    days = content.published_days
    if not dict.__len__(days) and reads.current() is None:  # no dated change yet: nothing to say, nothing to work out
        return None
    keys = record_keys(content, ctx["ix"], kind, ident)
    exact = {k for k in keys if not k.endswith(("#", "/", ":")) and k}
    prefixes = tuple(k for k in keys if k not in exact)
    for key in exact:
        reads.note("published_days", key)
    for prefix in prefixes:
        reads.note("published_days", reads.PREFIX + prefix)
    # The days sorted by key once per render pass, so a page looks up its own keys (a scan of every day per page was
    # pages × dated changes: 20 s at 5,000 sources with every item dated).
    return ctx["partials"].once(("changed_days",), lambda: record.Days(days), tracked=False).latest(exact, prefixes)


@jinja2.pass_context
def changes(ctx) -> list[tuple[str, list[dict]]]:
    """The published record's log, newest day first: (day, entries)."""
    return record.by_day(ctx["content"].published)


def _claim_json(parts):
    """A claim's JSON-LD item, encoded once per render pass by the claim's source and number (standards.json_ld)."""
    return lambda c, make: parts.once(("claim_ld", dict.get(c, "source"), dict.get(c, "number")), make)


@jinja2.pass_context
def claims_ld(ctx, claims, judgments=None) -> Markup:
    """Claims (and judgments) as schema.org JSON-LD, for a <script type="application/ld+json"> in the page's head."""
    return Markup(standards.json_ld(ctx["content"], list(claims or []), judgments, _claim_json(ctx["partials"])))


@jinja2.pass_context
def judgments_ld(ctx) -> Markup:
    """The dossier's own judgments and the claims they rest on (for and against, each once), as JSON-LD: what
    judgments.html shows. Every claim is on its source's page (and in exports/claims.json): at 5,000 sources all of
    them in one page's head were 8 MB."""
    content = ctx["content"]
    items = record.judgment_list(content)
    cited = dict.fromkeys(cid for j in items for part in ("for", "against") for cid in j.get(part) or [])
    claims = [content.claims_by_id[cid] for cid in cited if cid in content.claims_by_id]
    return Markup(standards.json_ld(content, claims, items, _claim_json(ctx["partials"])))


def cited_sources(field) -> list[str]:
    """The ids of the sources a Markdown field cites, in order, once each (a bottom line's evidence)."""
    return list(dict.fromkeys(sid for sid, _anchor in cited_paragraphs(field))) if field else []


@jinja2.pass_context
def newest(ctx, ids) -> dict | None:
    """Of these sources, the one written latest (text/index.py newest_source), for "information as of"; None if none is dated."""
    sources = ctx["content"].sources
    return newest_source(sources[sid] for sid in ids if sid in sources)


@jinja2.pass_context
def theme_basis(ctx, theme) -> list[str]:
    """The sources a theme's claims and stated stances rest on (text/index.py theme_sources)."""
    return theme_sources(ctx["content"], ctx["ix"], theme["id"])


KEY_ACTORS = 16  # on the front page, when the curator names none


@jinja2.pass_context
def key_actors(ctx) -> list[tuple[str, int]]:
    """The front page's key actors with their claim counts: the curator's list (site.yaml key_actors), else the most claimed."""
    counts = {aid: len(found) for aid, found in ctx["ix"].claims_by_actor.items()}
    chosen = ctx["site"]["key_actors"]
    if chosen:
        return [(aid, counts.get(aid, 0)) for aid in chosen]
    names = ctx["names"]
    ranked = sorted((aid for aid, n in counts.items() if n), key=lambda aid: (-counts[aid], names.get(aid, aid)))
    return [(aid, counts[aid]) for aid in ranked[:KEY_ACTORS]]


def plain(field) -> str:
    """A Markdown field's words without its syntax (feeds)."""
    return markdown.plain(field.tokens) if field else ""


def feed_date(source) -> str:
    """A source's date for the feed: published, else the latest its writing window allows; '' when the text gives neither."""
    latest = source["published"] or (source["written"] or {}).get("not_after")
    return atom_date(latest) if latest else ""


def atom_date(date: str) -> str:
    """'2025-11' -> '2025-11-01T00:00:00Z': Atom wants a full timestamp; we pad, never invent a later day."""
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def register(env: jinja2.Environment) -> None:
    """Make the helpers and the callable partials globals of the environment."""
    env.globals.update({name: _partial(name) for name in CALLABLE})
    env.globals.update(
        claims=claims,
        claim_label=claim_label,
        badges=badges,
        mentions=mentions,
        passages=passages,
        also_in=also_in,
        matrix_rows=matrix_rows,
        source_rows=source_rows,
        blocks=blocks,
        changed_on=changed_on,
        claims_ld=claims_ld,
        judgments_ld=judgments_ld,
        newest=newest,
        theme_basis=theme_basis,
        changes=changes,
        cited_sources=cited_sources,
        key_actors=key_actors,
    )
    env.filters["plain"] = plain
    env.filters["published"] = published
    env.filters["atom_date"] = atom_date
    env.filters["feed_date"] = feed_date

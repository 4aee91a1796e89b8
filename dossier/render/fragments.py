"""HTML for the longest repeated lists (mentions, passages, term hits), built in Python.

A dossier of a thousand sources gives an actor hundreds of mentions; a template loop pays Jinja's
call overhead on every one. The markup here is the same the templates would write, escaped the same way.
"""

from __future__ import annotations

from markupsafe import Markup, escape  # escapes as the templates do

from dossier import urls
from dossier.render import markup, reads
from dossier.render.dates import human_date, writing_window


def mention_items(seeds, sid: str, found: list, page: str) -> list[str]:
    """<li> per sentence: the names in it marked, a link to the first mention's own anchor (highlighted there by :target).

    A sentence that names the actor twice, or by two aliases, is one item."""
    href = urls.relative(page, urls.page_path("source", sid))
    by_anchor = seeds[sid].by_anchor
    sentences: dict[tuple, list] = {}
    for m in found:
        sentences.setdefault((m.anchor, markup.sentence_span(by_anchor[m.anchor], m.start)), []).append(m)
    return [
        f"<li>{markup.sentence_html(by_anchor[first.anchor], first.start, first.end, tuple((m.start, m.end) for m in rest))}"
        f' <a class="cite" href="{escape(href)}#{markup.mention_id(first)}">¶{first.anchor[1:]}</a></li>\n'
        for first, *rest in sentences.values()
    ]


class Memo:
    """Fragments kept, while serve runs, by the record they show: a page re-rendered after an edit rebuilds only its own.

    Pages are re-rendered only by serve, and their reads are only noted there: a plain build renders each page once,
    and keeping its fragments cost 27 MB at 5,000 sources for no time saved, so it keeps none.
    One memo serves a build and serve's updates to it (render_site starts a new one for every full build).
    An entry holds its object, so its id cannot be reused while the entry stands, and the reads that building
    it noted, which every page that takes it from here notes too (serve must know all that a page read)."""

    def __init__(self):
        self._kept: dict[tuple, tuple] = {}
        self._reads: dict[frozenset, frozenset] = {}  # one copy of each set of reads: most entries share a few

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, obj, key, make) -> str:
        """The fragment `make()` builds for `obj` under `key`, built once while reads are noted; else just built."""
        noting = reads.current()
        if noting is None:
            return make()
        entry = self._kept.get((id(obj), key))
        if entry is not None and entry[0] is obj:
            noting |= entry[2]
            return entry[1]
        noted: set = set()
        reads.recording(noted)
        try:
            html = make()
        finally:
            reads.recording(noting)
        noting |= noted
        noted = self._reads.setdefault(frozenset(noted), frozenset(noted))
        self._kept[(id(obj), key)] = (obj, html, noted)
        return html

    def entries(self) -> list[tuple]:
        """What is kept, as a forked worker sends it home: (id of the object, key, fragment, reads)."""
        return [(oid, key, html, noted) for (oid, key), (_, html, noted) in self._kept.items()]

    def adopt(self, entries: list[tuple], objects: dict[int, object]) -> None:
        """Keep what a forked worker built for `objects` (by id): a worker's objects from before the fork have the same ids here."""
        for oid, key, html, noted in entries:
            obj = objects.get(oid)
            if obj is not None:
                self._kept[(oid, key)] = (obj, html, self._reads.setdefault(noted, noted))


MEMO = Memo()


def kept_by(content, index):
    """The objects this module keeps fragments by (records, claims, an actor's mentions in a source): what serve adopts from workers."""
    for source in content.sources.values():
        yield source
        yield from (c for c in dict.get(source, "claims") or [] if isinstance(c, dict))
    for by_source in index.mentions.values():
        yield from by_source.values()


def cite(sources: dict, sid: str, anchor: str, page: str) -> str:
    """A citation: the source's short label and paragraph, linked; the full title on hover when the label is shorter."""
    source = sources[sid]
    title, label = source["title"], source_label(source)
    hover = f' title="{escape(title)}"' if label != title else ""
    return f'<a class="cite" href="{escape(urls.relative(page, urls.page_path("source", sid), anchor))}"{hover}>{escape(label)}, ¶{anchor[1:]}</a>'


def actor_links(ids: list[str], names: dict, page: str) -> str:
    """Actors as chips, linked to their pages."""
    return " ".join(
        f'<a class="chip chip-actor" href="{escape(urls.relative(page, urls.page_path("actor", aid)))}">{escape(names[aid])}</a>'
        for aid in ids
    )


def theme_links(ids: list[str], themes: dict, page: str) -> str:
    """Themes as chips, linked to their pages."""
    return " ".join(
        f'<a class="chip chip-theme" href="{escape(urls.relative(page, urls.page_path("theme", tid)))}">{escape(themes[tid]["title"])}</a>'
        for tid in ids
    )


def claim_items(claims: list, sources: dict, names: dict, themes: dict, page: str, show_source: bool = True, labels=None) -> Markup:
    """<li> per claim: its words, its verbatim quote, its kind and confidence, where it is from (with the source's badges)
    and whom and what it concerns.

    On its own source page (show_source false) a claim is a target (#claim-N) linking to its paragraph there.
    `labels` (pages.Labels) renders the kind, confidence and badges from templates/_analysis.html."""

    def item(claim) -> str:
        if show_source:
            opening, where = '<li class="claim">', cite(sources, claim["source"], claim["anchor"], page)
            if labels is not None:
                where += labels.badges(sources[claim["source"]]["badges"])
        else:
            anchor = claim["anchor"]
            opening, where = f'<li class="claim" id="claim-{claim["number"]}">', f'<a class="cite" href="#{anchor}">¶{anchor[1:]}</a>'
        kind = labels.claim(claim.get("kind"), claim.get("confidence")) if labels is not None else ""
        if kind:
            where = f"{kind} · {where}"
        tags = ""
        if claim["actors"]:
            tags += f" · {actor_links(claim['actors'], names, page)}"
        if claim["themes"]:
            tags += f" · {theme_links(claim['themes'], themes, page)}"
        return (
            f'{opening}\n  <p class="claim-text">{escape(claim["text"])}</p>\n'
            f'  <blockquote class="claim-quote"><p>{quoted(claim["quote"])}</p></blockquote>\n'
            f'  <p class="claim-meta">{where}{tags}</p>\n</li>\n'
        )

    if not show_source:  # its own page is re-rendered only when it changes: nothing to keep
        return Markup("".join(map(item, claims)))

    # A claim is kept while its record is unchanged, but a retitled source's citations read differently: key on both.
    # Read past the tracking: the fragment's own reads, noted when it was built, already include them.
    def key(claim) -> tuple:
        source = sources[dict.__getitem__(claim, "source")]
        return "claim", folder, dict.get(source, "title"), dict.get(source, "short_title"), tuple(dict.get(source, "badges") or ())

    folder = urls.folder(page)
    return Markup("".join(MEMO.get(claim, key(claim), lambda: item(claim)) for claim in claims))


def quoted(text: str) -> str:
    """A verbatim quote in quotation marks, unless it opens with its own (no doubled “)."""
    return str(escape(text)) if text[:1] in '“"‘' else f"“{escape(text)}”"


def source_link(sid: str, sources: dict, page: str, anchor: str = "") -> str:
    """A link to a source page (or one of its paragraphs) named by the source's full title."""
    return f'<a href="{escape(urls.relative(page, urls.page_path("source", sid), anchor))}">{escape(sources[sid]["title"])}</a>'


FIRST_MENTIONS = 3  # sentences shown per source on an actor page before the rest fold away


def mention_sections(seeds, sids: list[str], by_source: dict, sources: dict, page: str) -> Markup:
    """Per source: a heading with the count of mentions by name, those mentions, then the adjectival ones folded away."""

    def section(sid: str) -> str:
        names = [m for m in by_source[sid] if m.form == "name"]
        adjectives = [m for m in by_source[sid] if m.form == "demonym"]
        parts = [f'<h3 id="in-{escape(sid)}">{source_link(sid, sources, page)} <span class="count">{len(names)}</span></h3>\n']
        if names:
            items = mention_items(seeds, sid, names, page)
            parts.append(f'<ul class="mentions">\n{"".join(items[:FIRST_MENTIONS])}</ul>\n')
            if items[FIRST_MENTIONS:]:  # the first few show what the source says; the rest fold away
                more = len(items) - FIRST_MENTIONS
                parts.append(
                    f'<details class="more-mentions"><summary>{more} more {"sentence" if more == 1 else "sentences"} in this source</summary>\n'
                    f'<ul class="mentions">\n{"".join(items[FIRST_MENTIONS:])}</ul>\n</details>\n'
                )
        if adjectives:
            noun = "reference" if len(adjectives) == 1 else "references"
            forms = ", ".join(escape(f) for f in dict.fromkeys(m.surface for m in adjectives))
            parts.append(
                f'<details class="adjectival"><summary>{len(adjectives)} adjectival {noun} ({forms})</summary>\n'
                f'<ul class="mentions">\n{"".join(mention_items(seeds, sid, adjectives, page))}</ul>\n</details>\n'
            )
        return "".join(parts)

    # Kept by the Index's list of mentions, new whenever the seed is linked again; the title is the only other input.
    folder = urls.folder(page)
    return Markup(
        "".join(MEMO.get(by_source[sid], ("mentions", folder, dict.get(sources[sid], "title")), lambda: section(sid)) for sid in sids)
    )


def passage_items(blocks: list, tid: str, sid: str, page: str) -> Markup:
    """<li> per passage of a theme: the paragraph with its index terms marked, and its link."""
    href = urls.relative(page, urls.page_path("source", sid))
    return Markup(
        "".join(
            f'<li><p>{markup.term_html(b, b.themes[tid])} <a class="cite" href="{escape(href)}#{b.anchor}">¶{b.anchor[1:]}</a></p></li>\n'
            for b in blocks
        )
    )


def short_title(title: str) -> str:
    """A title cut at a word to about 30 characters, for citations repeated many times on a page."""
    return title if len(title) <= 30 else title[:27].rsplit(" ", 1)[0] + "…"


def source_label(source) -> str:
    """How citations name a source: the editor's short_title, else its title cut short."""
    return source["short_title"] or short_title(source["title"])


def matrix_rows(ix, theme_order: list[str], sources: dict, page: str, order: list[str] | None = None) -> Markup:
    """The sources × themes table body: a row per source (those of `order`, else all), a cell per theme shaded by its passages."""
    theme_hrefs = {tid: escape(urls.relative(page, urls.page_path("theme", tid))) for tid in theme_order}

    def row(sid: str, counts: tuple) -> str:
        cells = []
        for tid, n in zip(theme_order, counts):
            inner = f'<a href="{theme_hrefs[tid]}#in-{escape(sid)}">{n}</a>' if n else '<span class="meta">–</span>'
            cells.append(f'<td class="heat-{min(n, 6)}">{inner}</td>')
        return f'<tr><th scope="row">{source_link(sid, sources, page)}</th>{"".join(cells)}</tr>\n'

    rows, folder, order = [], urls.folder(page), ix.source_order if order is None else order
    # A source's counts, one per theme, read column by column: a lookup per cell in Python cost 20 ms at 5,000 sources.
    columns = [list(map(ix.matrix[tid].__getitem__, order)) for tid in theme_order]
    for sid, counts in zip(order, zip(*columns) if columns else [()] * len(order)):
        rows.append(MEMO.get(sources[sid], ("matrix", folder, counts), lambda: row(sid, counts)))
    return Markup("".join(rows))


def source_rows(order: list[str], sources: dict, names: dict, claim_counts: dict, page: str, labels=None) -> Markup:
    """The sources table body: a row per source with its title and badges, perspective, author, outlet, date and
    writing window, kind and claims."""

    def actor_or(aid: str | None, missing: str) -> str:
        return (
            f'<a href="{escape(urls.relative(page, urls.page_path("actor", aid)))}">{escape(names[aid])}</a>'
            if aid
            else f'<span class="meta">{missing}</span>'
        )

    def row(sid: str, claims: int) -> str:
        s = sources[sid]
        inferred = ' <span class="meta">(inferred)</span>' if s["date_note"] and s["published"] else ""
        window = writing_window(s)
        window = f'<br><span class="meta">{escape(window)}</span>' if window else ""
        badges = labels.badges(s["badges"]) if labels is not None else ""
        return (
            f'<tr>\n  <td>{source_link(sid, sources, page)}{badges}<br><span class="meta">{escape(s["perspective"])}</span></td>\n'
            f"  <td>{actor_or(s['author'], 'author not stated')}<br>{actor_or(s['outlet'], 'outlet not stated')}</td>\n"
            f"  <td>{escape(human_date(s['published']))}{inferred}{window}</td>\n  <td>{escape(s['kind'])}</td>\n  <td>{claims}</td>\n</tr>\n"
        )

    rows, folder = [], urls.folder(page)
    for sid in order:
        claims = claim_counts[sid]
        rows.append(MEMO.get(sources[sid], ("row", folder, claims), lambda: row(sid, claims)))
    return Markup("".join(rows))


def source_lines(sids: list[str], by_source: dict, sources: dict, page: str) -> Markup:
    """<li> per source beyond those shown in full: its title linked to the first entry, and how many there are."""

    def line(sid: str, anchor: str, count: int) -> str:
        return f'<li id="in-{escape(sid)}">{source_link(sid, sources, page, anchor)} <span class="count">{count}</span></li>\n'

    lines, folder = [], urls.folder(page)
    for sid in sids:
        found = by_source[sid]
        anchor, count = found[0].anchor, len(found)
        lines.append(MEMO.get(sources[sid], ("line", folder, anchor, count), lambda: line(sid, anchor, count)))
    return Markup("".join(lines))

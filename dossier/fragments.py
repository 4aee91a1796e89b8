"""HTML for the longest repeated lists (mentions, passages, term hits), built in Python.

A dossier of a thousand sources gives an actor hundreds of mentions; a template loop pays Jinja's
call overhead on every one. The markup here is the same the templates would write, escaped the same way.
"""
from __future__ import annotations

from html import escape

from markupsafe import Markup

from . import markup, urls


def mention_items(seeds, sid: str, found: list, page: str) -> Markup:
    """<li> per mention: its sentence, the name marked, a link to the paragraph."""
    href = urls.relative(page, urls.page_path("source", sid))
    by_anchor = seeds[sid].by_anchor
    return Markup("".join(
        f'<li>{markup.sentence_html(by_anchor[m.anchor], m.start, m.end)} <a class="cite" href="{href}#{m.anchor}">¶{m.anchor[1:]}</a></li>\n'
        for m in found))


def passage_items(blocks: list, tid: str, sid: str, page: str) -> Markup:
    """<li> per passage of a theme: the paragraph with its index terms marked, and its link."""
    href = urls.relative(page, urls.page_path("source", sid))
    return Markup("".join(
        f'<li><p>{markup.term_html(b, b.themes[tid])} <a class="cite" href="{href}#{b.anchor}">¶{b.anchor[1:]}</a></p></li>\n'
        for b in blocks))


def hit_links(hits: list, sources: dict, page: str) -> Markup:
    """Comma-separated links to every paragraph where an index term occurs."""
    links = []
    for sid, block in hits:
        title = sources[sid]["title"]
        short = title if len(title) <= 30 else title[:27].rsplit(" ", 1)[0] + "..."
        href = urls.relative(page, urls.page_path("source", sid), block.anchor)
        links.append(f'<a href="{href}" title="{escape(title)}">{escape(short)} ¶{block.anchor[1:]}</a>')
    return Markup(", ".join(links))

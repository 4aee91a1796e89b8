"""Where each page lives: source path, slug and URL kept apart, links always relative and naming the file."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

SECTIONS = {"source": "sources", "actor": "actors", "theme": "themes", "page": "pages"}

# Every path a build writes that is not a record's page, with what it holds: the one table of generated outputs.
# `{n}` is a page number, `{id}` a record id, `*` any file below. A record whose page would land on one of these is an
# error (an actor 'index' would replace the list of actors); tests/test_outputs.py walks a build against this table,
# so a page added without its row here fails.
GENERATED = (
    ("index.html", "the front page"),
    ("sources/index.html", "the sources table"),
    ("sources/page-{n}.html", "a further page of the sources table"),
    ("actors/index.html", "the list of actors"),
    ("themes/index.html", "the thematic index"),
    ("themes/counts.html", "the keyword-hit matrix"),
    ("themes/counts-{n}.html", "a further page of the keyword-hit matrix"),
    ("themes/{id}/claims-{n}.html", "a further page of a theme's claims"),
    ("disputes.html", "the disputes page"),
    ("claims-by-kind.html", "the claims by kind"),
    ("claims-by-kind/{id}.html", "a page of claims by kind (kind and theme)"),
    ("judgments.html", "the dossier's own judgments (the brief)"),
    ("timeline.html", "the timeline"),
    ("changes.html", "what changed, build by build"),
    ("published.json", "the published record the next build compares with"),
    ("search.html", "the search page"),
    ("network.html", "the actor network"),
    ("network/relations-{n}.html", "a further page of the recorded relations"),
    ("404.html", "the page-not-found page"),
    ("assets/*", "the stylesheet, scripts, icons and search index"),
    ("exports/*", "the CSV and JSON exports, Web Annotations and CSL-JSON"),
    (".nojekyll", "GitHub Pages' switch"),
    ("CNAME", "the custom domain"),
    ("sitemap.xml", "the sitemap"),
    ("feed.xml", "the Atom feed"),
    (".dossier-output", "the builder's marker"),
)
_PARTS = {"{n}": "[0-9]+", "{id}": "[a-z0-9][a-z0-9-]*", "*": ".+"}
_GENERATED = [
    (re.compile("".join(_PARTS.get(bit, re.escape(bit)) for bit in re.split(r"(\{n\}|\{id\}|\*)", path)) + r"\Z"), path, what)
    for path, what in GENERATED
]


def generated(path: str) -> tuple[str, str] | None:
    """The row of the table of generated outputs that owns an output path, as (pattern, what it holds), or None."""
    for pattern, row, what in _GENERATED:
        if pattern.match(path):
            return row, what
    return None


def record_page(path: str) -> str | None:
    """The kind of record whose page this output path would be ('actors/russia.html' -> 'actor'), or None."""
    folder_, _, name = path.partition("/")
    kinds = {v: k for k, v in SECTIONS.items()}
    return kinds.get(folder_) if name.endswith(".html") and "/" not in name else None


def page_path(kind: str, ident: str = "") -> str:
    """The output file of a page, relative to the site root ('actors/russia.html')."""
    if kind in SECTIONS:
        return f"{SECTIONS[kind]}/{ident}.html" if ident else f"{SECTIONS[kind]}/index.html"
    return f"{kind}.html"  # index, timeline, search, network, 404


def part_path(first: str, k: int) -> str:
    """Page k of a list that runs over several pages, the first being `first`: a sources table, the matrix, the
    recorded relations, a theme's claims.

    'sources/index.html' -> 'sources/page-2.html'; 'themes/counts.html' -> 'themes/counts-2.html';
    'network.html' -> 'network/relations-2.html'; 'themes/bases.html' -> 'themes/bases/claims-2.html'."""
    if k == 1:
        return first
    if first == "sources/index.html":
        return f"sources/page-{k}.html"
    if first == "themes/counts.html":
        return f"themes/counts-{k}.html"
    if first == "network.html":
        return f"network/relations-{k}.html"
    return f"{first.removesuffix('.html')}/claims-{k}.html"


def folder(page: str) -> str:
    """The folder of an output file ('' at the root): links from two pages in one folder are the same."""
    return page.rpartition("/")[0]


def relative(from_page: str, to_file: str, fragment: str = "") -> str:
    """A link from one output file to another that works from disk, at a root and under a subpath."""
    href = _relative(folder(from_page), to_file)
    return f"{href}#{fragment}" if fragment else href


@lru_cache(maxsize=65536)
def _relative(base: str, to_file: str) -> str:
    # Called for every link on every page: posixpath.relpath is slow, and most links repeat.
    if not base:
        return to_file
    if posixpath.dirname(to_file) == base:
        return posixpath.basename(to_file)
    return posixpath.relpath(to_file, base)


def absolute(base_url: str, to_file: str) -> str:
    """A full URL for feeds, sitemaps, canonical links and the 404 page."""
    return base_url.rstrip("/") + "/" + (to_file.removesuffix("index.html"))

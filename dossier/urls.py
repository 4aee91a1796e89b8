"""Where each page lives: source path, slug and URL kept apart, links always relative and naming the file."""

from __future__ import annotations

import posixpath
from functools import lru_cache

SECTIONS = {"source": "sources", "actor": "actors", "theme": "themes", "page": "pages"}


def page_path(kind: str, ident: str = "") -> str:
    """The output file of a page, relative to the site root ('actors/russia.html')."""
    if kind in SECTIONS:
        return f"{SECTIONS[kind]}/{ident}.html" if ident else f"{SECTIONS[kind]}/index.html"
    return f"{kind}.html"  # index, timeline, search, network, 404


def part_path(first: str, k: int) -> str:
    """Page k of a list that runs over several pages, the first being `first`: a sources table, the matrix, a theme's claims.

    'sources/index.html' -> 'sources/page-2.html'; 'themes/counts.html' -> 'themes/counts-2.html';
    'themes/bases.html' -> 'themes/bases/claims-2.html'."""
    if k == 1:
        return first
    if first == "sources/index.html":
        return f"sources/page-{k}.html"
    if first == "themes/counts.html":
        return f"themes/counts-{k}.html"
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

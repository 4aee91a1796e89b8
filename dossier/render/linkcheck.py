"""Every internal link and #fragment in the built site must resolve: checked on every build."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from urllib.parse import unquote

from dossier import urls
from dossier.problems import Report

ATTRIBUTE = re.compile(r'\s(href|src|id)="([^"]*)"')  # one pass over the page for both: half the time of two
# The same after a plain space, as every template writes it: a literal first character lets the regex engine
# skip ahead, four times faster on the big pages of a large dossier.
SPACED = re.compile(r' (href|src|id)="([^"]*)"')
EXTERNAL = ("http://", "https://", "mailto:", "data:", "//")


SCAN_IDS = 4_096  # a page's ids up to this many characters are searched as text; past it made a set, once


def summarise(html: str) -> tuple[str, str]:
    """What the link check needs of a page: its ids and its distinct links (not the whole text).

    Each is kept as one string, in the order the page gives them: the ids each between newlines, the links joined
    by them. A set of a few hundred short strings per page costs over ten times their size, and 5,000 pages'
    worth is kept until the check runs (67 MB against 4 MB of ids at 5,000 sources; warnings are sorted, so the
    order is free)."""
    found = SPACED.findall(html)
    if len(found) != html.count('href="') + html.count('src="') + html.count('id="'):
        found = ATTRIBUTE.findall(html)  # another space before one, or "id=" ending a longer name: the careful pass
    ids = [value for name, value in found if name == "id"]
    return "\n" + "\n".join(ids) + "\n" if ids else "\n", "\n".join(dict.fromkeys([value for name, value in found if name != "id"]))


def check_links(
    pages: dict[str, tuple], files: set[str], report: Report, skip: Collection[str] = frozenset(), only: set[str] | None = None
) -> int:
    """Warn for each internal link (of the `only` pages, or all) to a missing file or #fragment; returns how many were checked."""
    checked = 0
    resolved_cache: dict[tuple[str, str], str] = {}
    sets: dict[str, set[str]] = {}  # the ids of pages with many, as a set: a search through them for every link would be slow

    def has_id(page: str, fragment: str) -> bool:
        ids = pages[page][0]
        if len(ids) <= SCAN_IDS:
            return f"\n{fragment}\n" in ids
        if page not in sets:
            sets[page] = set(ids.split("\n"))
        return fragment in sets[page]

    for path in pages if only is None else sorted(only):
        if path in skip:
            continue
        hrefs = pages[path][1]
        base = urls.folder(path)
        for href in hrefs.split("\n"):
            if not href or href.startswith(EXTERNAL):
                continue
            checked += 1
            target, _, fragment = href.partition("#")
            if not target:
                resolved = path
            elif (base, target) in resolved_cache:
                resolved = resolved_cache[(base, target)]
            else:
                resolved = resolved_cache[(base, target)] = posixpath.normpath(posixpath.join(base, unquote(target)))
            if resolved not in files:
                report.warn(
                    f"output/{path}",
                    0,
                    "link",
                    f"'{href}' points to a missing file",
                    "a template or Markdown link names a page that is not built",
                )
            elif fragment and resolved in pages and not has_id(resolved, unquote(fragment)):
                report.warn(
                    f"output/{path}", 0, "link", f"'{href}': no #{fragment} in {resolved}", "the paragraph or section anchor does not exist"
                )
    return checked

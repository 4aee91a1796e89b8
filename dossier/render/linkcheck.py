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


def summarise(html: str) -> tuple[str, str]:
    """What the link check needs of a page: its ids and its distinct links (not the whole text).

    Each is kept as one newline-joined string, in the order the page gives them: a set of a few hundred short
    strings per page costs over ten times their size, and 5,000 pages' worth is kept until the check runs
    (67 MB against 4 MB of ids at 5,000 sources; its warnings are sorted, so the order is free)."""
    found = SPACED.findall(html)
    if len(found) != html.count('href="') + html.count('src="') + html.count('id="'):
        found = ATTRIBUTE.findall(html)  # another space before one, or "id=" ending a longer name: the careful pass
    return "\n".join([value for name, value in found if name == "id"]), "\n".join(
        dict.fromkeys([value for name, value in found if name != "id"])
    )


def check_links(
    pages: dict[str, tuple], files: set[str], report: Report, skip: Collection[str] = frozenset(), only: set[str] | None = None
) -> int:
    """Warn for each internal link (of the `only` pages, or all) to a missing file or #fragment; returns how many were checked.

    Links to a #fragment are gathered by the page they point to, whose ids are then made a set once, checked and dropped."""
    checked = 0
    resolved_cache: dict[tuple[str, str], str] = {}
    wanted: dict[str, list[tuple[str, str]]] = {}  # page pointed to -> (page, href) of every link to a fragment in it
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
            elif fragment and resolved in pages:
                wanted.setdefault(resolved, []).append((path, href))
    for resolved, links in wanted.items():
        ids = set(pages[resolved][0].split("\n"))
        for path, href in links:
            fragment = href.partition("#")[2]
            if unquote(fragment) not in ids:
                report.warn(
                    f"output/{path}", 0, "link", f"'{href}': no #{fragment} in {resolved}", "the paragraph or section anchor does not exist"
                )
    return checked

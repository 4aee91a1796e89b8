"""Every internal link and #fragment in the built site must resolve: checked on every build."""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from .problems import Report

HREF = re.compile(r'\s(?:href|src)="([^"]*)"')
ID = re.compile(r'\sid="([^"]*)"')
EXTERNAL = ("http://", "https://", "mailto:", "data:", "//")


def check_links(files: dict[str, str], report: Report, skip: set[str] = frozenset()) -> int:
    """Warn for each broken internal link; returns how many distinct links were checked."""
    ids: dict[str, set[str]] = {}
    resolved_cache: dict[tuple[str, str], str] = {}
    checked = 0
    for path, html in files.items():
        if not path.endswith(".html") or path in skip:
            continue
        base = path.rpartition("/")[0]
        # The same link repeats many times on a page (an actor named fifty times): check it once.
        for href in set(HREF.findall(html)):
            if not href or href.startswith(EXTERNAL):
                continue
            checked += 1
            target, _, fragment = href.partition("#")
            key = (base, target)
            resolved = resolved_cache.get(key)
            if resolved is None:
                resolved = posixpath.normpath(posixpath.join(base, unquote(target))) if target else path
                if target:
                    resolved_cache[key] = resolved
            if resolved not in files:
                report.warn(f"output/{path}", 0, "link", f"'{href}' points to a missing file", "a template or Markdown link names a page that is not built")
            elif fragment and resolved.endswith(".html"):
                if resolved not in ids:
                    ids[resolved] = set(ID.findall(files[resolved]))
                if unquote(fragment) not in ids[resolved]:
                    report.warn(f"output/{path}", 0, "link", f"'{href}': no #{fragment} in {resolved}", "the paragraph or section anchor does not exist")
    return checked

"""Files beside the pages: assets, .nojekyll, CNAME, and with a base URL a sitemap and an Atom feed."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

from dossier import urls
from dossier.files import Unreadable, read_inside, walk
from dossier.model.load import relpath
from dossier.paths import BUILTIN_TEMPLATES
from dossier.problems import BuildFailed, Problem
from dossier.render import markdown
from dossier.render.exports import exports
from dossier.render.pages import plan
from dossier.render.search import docs_from_pieces, search_documents, split_index
from dossier.text.index import theme_order


def assets(project: Path) -> dict[str, bytes]:
    """The stylesheet, scripts and icons: the project's own override the builder's."""
    found: dict[str, bytes] = {}
    for folder, root in ((BUILTIN_TEMPLATES / "assets", BUILTIN_TEMPLATES), (project / "templates" / "assets", project)):
        for entry in walk(str(folder)) if folder.is_dir() and not folder.is_symlink() else []:
            if entry.is_dir(follow_symlinks=False):
                continue
            path = Path(entry.path)
            try:  # only regular files inside the project are published: a link to /proc/self/environ is not
                data = read_inside(root, path, inputs=root == project)
            except Unreadable as exc:
                raise BuildFailed([Problem(relpath(project, path), 0, "", exc.message, exc.hint)]) from None
            found["assets/" + path.relative_to(folder).as_posix()] = data
    return found


def site_files(project: Path, content, seeds, index, search_pieces: dict | None = None) -> dict[str, bytes | Iterable[bytes]]:
    """Everything but the pages (the split search index from the documents, or from `search_pieces` already encoded)."""
    files: dict[str, bytes | Iterable[bytes]] = dict(assets(project))
    if search_pieces is None:
        files.update(split_index(search_documents(content, seeds, index)))
    else:
        files.update(split_index(docs_from_pieces(search_pieces, index.source_order)))
    files.update(exports(content, index, theme_order(content)))
    files[".nojekyll"] = b""  # GitHub Pages must serve the files as they are
    site = content.site
    if site["cname"]:
        files["CNAME"] = (site["cname"].strip() + "\n").encode()
    if site["base_url"]:
        files["sitemap.xml"] = sitemap(site["base_url"], [p for p, _, _ in plan(content, index) if p != "404.html"]).encode()
        files["feed.xml"] = feed(site, content, index).encode()
    return files


def sitemap(base_url: str, pages: list[str]) -> str:
    """A sitemap of every page, absolute URLs, no dates (builds stay byte-identical)."""
    rows = "".join(f"  <url><loc>{escape(urls.absolute(base_url, p))}</loc></url>\n" for p in sorted(pages))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n'


def feed(site, content, index) -> str:
    """An Atom feed of the sources; entries dated by their publication date where one is known."""
    base = site["base_url"]
    dated = [content.sources[s]["published"] for s in index.source_order if content.sources[s]["published"]]
    updated = _stamp(max(dated)) if dated else "2000-01-01T00:00:00Z"
    entries = []
    for sid in reversed(index.source_order):
        source = content.sources[sid]
        link = urls.absolute(base, urls.page_path("source", sid))
        when = _stamp(source["published"]) if source["published"] else updated
        entries.append(f"""  <entry>
    <title>{escape(source["title"])}</title>
    <link href="{escape(link)}"/>
    <id>{escape(link)}</id>
    <updated>{when}</updated>
    <summary>{escape(markdown.plain(source["summary"].tokens))}</summary>
  </entry>
""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>{escape(site["title"])}</title>
  <subtitle>{escape(site["description"])}</subtitle>
  <link href="{escape(urls.absolute(base, "index.html"))}"/>
  <link rel="self" href="{escape(urls.absolute(base, "feed.xml"))}"/>
  <id>{escape(urls.absolute(base, "index.html"))}</id>
  <updated>{updated}</updated>
  <author><name>{escape(site["title"])}</name></author>
{"".join(entries)}</feed>
"""


def _stamp(date: str) -> str:
    """'2025-11' -> '2025-11-01T00:00:00Z': Atom wants a full timestamp; we pad, never invent a later day."""
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"

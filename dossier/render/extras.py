"""Files beside the pages: assets, .nojekyll, CNAME, and with a base URL a sitemap and an Atom feed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dossier.paths import BUILTIN_TEMPLATES
from dossier.render.helpers import atom_date
from dossier.render.pages import environment, plan
from dossier.render.search import pieces_script, search_documents, search_script


def assets(project: Path) -> dict[str, bytes]:
    """The stylesheet, scripts and icons: the project's own override the builder's."""
    found: dict[str, bytes] = {}
    for folder in (BUILTIN_TEMPLATES / "assets", project / "templates" / "assets"):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                found["assets/" + path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def site_files(project: Path, content, seeds, index, search_pieces: dict | None = None) -> dict[str, bytes | Iterator[bytes]]:
    """Everything but the pages (the search index as a generator of pieces made while it is written,
    or from `search_pieces` already encoded)."""
    files = assets(project)
    if search_pieces is None:
        files["assets/search-index.js"] = search_script(search_documents(content, seeds, index))
    else:
        files["assets/search-index.js"] = pieces_script(search_pieces, index.source_order)
    files[".nojekyll"] = b""  # GitHub Pages must serve the files as they are
    site = content.site
    if site["cname"]:
        files["CNAME"] = (site["cname"].strip() + "\n").encode()
    if site["base_url"]:
        files["sitemap.xml"] = sitemap(project, content, [p for p, _, _ in plan(content) if p != "404.html"]).encode()
        files["feed.xml"] = feed(project, content, index).encode()
    return files


def sitemap(project: Path, content, pages: list[str]) -> str:
    """A sitemap of every page (templates/sitemap.xml), absolute URLs, no dates (builds stay byte-identical)."""
    return environment(project).get_template("sitemap.xml").render(site=content.site, pages=sorted(pages), page="sitemap.xml")


def feed(project: Path, content, index) -> str:
    """An Atom feed of the sources (templates/feed.xml); entries dated by their publication date where one is known."""
    dated = [content.sources[s]["published"] for s in index.source_order if content.sources[s]["published"]]
    updated = atom_date(max(dated)) if dated else "2000-01-01T00:00:00Z"
    return (
        environment(project).get_template("feed.xml").render(site=content.site, content=content, ix=index, updated=updated, page="feed.xml")
    )

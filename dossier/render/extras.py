"""Files beside the pages: assets, .nojekyll, CNAME, and with a base URL a sitemap and an Atom feed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dossier.build import record
from dossier.files import Unreadable, read_inside, walk
from dossier.model.load import relpath
from dossier.paths import BUILTIN_TEMPLATES
from dossier.problems import BuildFailed, Problem
from dossier.render.exports import exports
from dossier.render.helpers import atom_date, feed_date
from dossier.render.pages import environment, plan
from dossier.render.search import docs_from_pieces, index_files, search_documents
from dossier.text.index import theme_order

TEXT_ASSETS = (".css", ".js", ".svg", ".html", ".xml", ".json", ".txt", ".map", ".webmanifest")


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
            if path.suffix in TEXT_ASSETS:
                data = data.removeprefix(b"\xef\xbb\xbf")  # a BOM, as Windows editors write one: never published
            found["assets/" + path.relative_to(folder).as_posix()] = data
    return found


def site_files(project: Path, content, seeds, index, search_pieces: dict | None = None) -> Iterator[tuple[str, bytes]]:
    """Everything but the pages, as (output path, bytes), each as soon as it is made (the split search index from the
    documents, or from `search_pieces` already encoded)."""
    yield from assets(project).items()
    if search_pieces is None:
        yield from index_files(search_documents(content, seeds, index))
    else:
        yield from index_files(docs_from_pieces(search_pieces, index.source_order))
    yield from exports(content, index, theme_order(content), seeds)
    yield record.NAME, record.encode(content.published)
    yield ".nojekyll", b""  # GitHub Pages must serve the files as they are
    site = content.site
    if site["cname"]:
        yield "CNAME", (site["cname"].strip() + "\n").encode()
    if site["base_url"]:
        yield "sitemap.xml", sitemap(project, content, [p for p, _, _ in plan(content, index) if p != "404.html"]).encode()
        yield "feed.xml", feed(project, content, index).encode()


def sitemap(project: Path, content, pages: list[str]) -> str:
    """A sitemap of every page (templates/sitemap.xml), absolute URLs, no dates (builds stay byte-identical)."""
    return environment(project).get_template("sitemap.xml").render(site=content.site, pages=sorted(pages), page="sitemap.xml")


def source_changes(days: dict[str, str], order: list[str]) -> dict[str, str]:
    """Each source's last change (in `order`, those with one): the latest day of the keys 'source:ID', 'claim:ID#…' and
    '…/ID' (its stances). One pass over the days, each key read for the ids it can name (a scan of every day per source
    was sources × dated changes)."""
    latest: dict[str, str] = {}
    for key, day in days.items():
        named = {key[7:]} if key.startswith("source:") else set()
        if key.startswith("claim:"):
            named.update(key[6:at] for at in range(6, len(key)) if key[at] == "#")
        named.update(key[at + 1 :] for at in range(len(key)) if key[at] == "/")
        for sid in named:
            if sid not in latest or day > latest[sid]:
                latest[sid] = day
    return {sid: latest[sid] for sid in order if sid in latest}


def feed(project: Path, content, index) -> str:
    """An Atom feed of the sources (templates/feed.xml): an entry dated by the last change the published record knows of,
    else by its publication date, else the latest its writing window allows, else not at all (no invented date); the
    feed by its latest change or entry, or not at all."""
    days = record.dates(content.published)
    # A source's entry is dated by the last change to it, its claims or its stances the record knows of.
    source_days = source_changes(days, index.source_order)
    latest = max([*days.values(), *(e["date"] for e in content.published.get("log", []))], default=None)
    entry_dates = {
        sid: atom_date(source_days[sid]) if sid in source_days else feed_date(content.sources[sid]) for sid in index.source_order
    }
    updated = atom_date(latest) if latest else max((d for d in entry_dates.values() if d), default="")
    return (
        environment(project)
        .get_template("feed.xml")
        .render(
            site=content.site,
            content=content,
            ix=index,
            updated=updated,
            changes=record.by_day(content.published),
            entry_dates=entry_dates,
            page="feed.xml",
        )
    )

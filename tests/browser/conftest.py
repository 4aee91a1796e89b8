"""The browser tier: a fixture dossier (dossier_fixture.py, invented) built once, served at a root and under a
GitHub-Pages-like subpath. Never this repository's own dossier: the tier passes whatever dossier it holds.

Playwright drives Debian's Chromium (/usr/bin/chromium); `playwright install` is never run.
See /work/shared/BROWSER-TESTS.md for the recipe this follows.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import stat
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import dossier_fixture  # noqa: E402

from dossier.build.pipeline import build  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")  # Debian's; GitHub's Ubuntu runners have it there too
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SUBPATH = "dossier"  # what GitHub Pages does for a project site: https://OWNER.github.io/REPO/


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that answers a missing file as GitHub Pages does: status 404 with the site's 404.html.

    `sites` are the URL prefixes ('' for the root) that hold a built site; the deepest one holding the
    requested path supplies its 404.html.
    """

    sites: tuple[str, ...] = ("",)

    def log_message(self, format, *args):  # noqa: A002 - keep the test output quiet
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.exists(path):
            return super().send_head()
        url_path = unquote(urlsplit(self.path).path)
        prefix = max((s for s in self.sites if url_path.startswith(f"/{s}/" if s else "/")), key=len, default=None)
        not_found = Path(self.directory, prefix or "", "404.html")
        if prefix is None or not not_found.is_file():
            self.send_error(404, "File not found")
            return None
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@dataclass
class Server:
    url: str  # ends with '/'
    httpd: http.server.ThreadingHTTPServer


def serve(directory: Path, sites: tuple[str, ...]) -> Server:
    handler = type("Handler", (PagesHandler,), {"sites": sites})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, name=f"serve {directory}", daemon=True).start()
    return Server(f"http://127.0.0.1:{httpd.server_address[1]}/", httpd)


def world_readable(folder: Path) -> None:
    """linkchecker, run as root, drops to user nobody: every file and folder must be readable by others."""
    for dirpath, _dirnames, filenames in os.walk(folder):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            p = Path(dirpath, name)
            p.chmod(p.stat().st_mode | stat.S_IROTH | stat.S_IRGRP)


@dataclass
class Site:
    """The fixture dossier built once (no base URL, as `python build.py` does) and how to reach it."""

    project: Path  # the fixture dossier's folder
    out: Path  # the built site on disk
    root: str  # served at a domain root: http://127.0.0.1:PORT/
    subpath: str  # the same files under a subpath: http://127.0.0.1:PORT/dossier/
    disk: str  # file:///…/output/
    pages_out: Path  # a second build with base_url set, as the Pages workflow builds it
    pages_url: str  # that build, served under its subpath: http://127.0.0.1:PORT/pages/

    def html_files(self, out: Path | None = None) -> list[str]:
        out = out or self.out
        return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))

    def one_of_each_kind(self) -> list[str]:
        """Every top-level page (index, timeline, 404, search, network, …) and, per section, its index and
        its largest page (the one with the most kinds of markup): new kinds of page are picked up by themselves."""
        chosen = []
        for path in self.html_files():
            section, _, name = path.rpartition("/")
            if not section or name == "index.html":
                chosen.append(path)
        for folder in sorted(p for p in self.out.iterdir() if p.is_dir()):
            pages = [p for p in folder.glob("*.html") if p.name != "index.html"]
            if pages:
                chosen.append(max(pages, key=lambda p: (p.stat().st_size, p.name)).relative_to(self.out).as_posix())
        return sorted(chosen)


@pytest.fixture(scope="session")
def site() -> Site:
    # Not tmp_path_factory: its folders are 0700, and linkchecker reads the files as user nobody.
    scratch = Path(tempfile.mkdtemp(prefix="dossier-browser-"))
    try:
        scratch.chmod(0o755)
        project = dossier_fixture.make(scratch / "project")
        out = scratch / "output"
        build(project, out)
        served = scratch / "served"
        served.mkdir()
        (served / SUBPATH).symlink_to(out, target_is_directory=True)
        root = serve(out, ("",))
        under = serve(served, (SUBPATH, "pages"))
        pages_url = f"{under.url}pages/"
        build(project, served / "pages", base_url=pages_url)
        world_readable(scratch)
        yield Site(project, out, root.url, f"{under.url}{SUBPATH}/", out.as_uri() + "/", served / "pages", pages_url)
        for server in (root, under):
            server.httpd.shutdown()
            server.httpd.server_close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture(scope="session")
def base_url(site):
    """pytest-base-url's fixture: `page.goto("index.html")` reaches the root-served site."""
    return site.root

"""`build.py serve`: rebuild on every change, reload the open page, show a broken edit in the browser."""
from __future__ import annotations

import logging
import os
import sys
import time
from html import escape

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado import ioloop, web

from .pipeline import build
from .problems import BuildFailed

POLL_MS = 50  # livereload polls every 800 ms; saving to reload must stay under half a second
WATCHED = ("site.yaml", "content", "templates", "seeds")


class State:
    """The last build's outcome, shared by the watcher and the request handler."""

    problems: list = []


class FastWatcher(Watcher):
    """livereload's mtime watcher, polled every 100 ms instead of every 800 ms."""

    def start(self, callback):
        ioloop.PeriodicCallback(callback, POLL_MS).start()
        return True  # tells livereload we drive the polling ourselves


class SiteHandler(StaticFileHandler):
    """Files under the output folder only; anything else, traversal included, is a 404."""

    @classmethod
    def get_absolute_path(cls, root, path):
        # Tornado 6.6 answers 403 for "../"; outside the site there is simply nothing to find.
        try:
            return super().get_absolute_path(root, path)
        except web.HTTPError:
            raise web.HTTPError(404) from None

    def validate_absolute_path(self, root, absolute_path):
        root = os.path.realpath(root)
        resolved = os.path.realpath(absolute_path)
        if resolved != root and not resolved.startswith(root + os.sep):
            raise web.HTTPError(404)
        return super().validate_absolute_path(root, absolute_path)

    def get(self, path, include_body=True):
        if State.problems and (path == "" or path.endswith((".html", "/"))):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(error_page(State.problems))
            return None
        return super().get(path, include_body)

    def write_error(self, status_code, **kwargs):
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(f"<!doctype html><title>{status_code}</title><p>{status_code}: not found.</p>")


def error_page(problems) -> str:
    """What the browser shows while the content is broken: every problem, as the terminal prints it."""
    rows = "".join(f"<li><code>{escape(str(p))}</code></li>" for p in problems)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title>"
            "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
            "code{white-space:pre-wrap}li{margin:.5rem 0}h1{color:#a00}</style></head><body>"
            f"<h1>Build failed</h1><p>Fix the file and save: this page reloads by itself.</p><ol id=\"problems\">{rows}</ol></body></html>")


def serve(args) -> int:
    """Build, then serve the output folder and rebuild whenever a watched file changes."""
    project = args.project.resolve()
    out = (args.out or project / "output").resolve()

    def rebuild():
        started = time.perf_counter()
        try:
            result = build(project, out, args.base_url, args.strict)
        except BuildFailed as exc:
            State.problems = exc.problems
            for problem in exc.problems:
                print(problem, file=sys.stderr, flush=True)
            print(f"Build failed: {len(exc.problems)} problem(s); the browser shows them.", file=sys.stderr, flush=True)
            return
        State.problems = []
        print(f"Rebuilt {result.pages} pages, {len(result.warnings)} warnings, in {time.perf_counter() - started:.2f} s.", flush=True)

    rebuild()
    if not out.is_dir():
        out.mkdir(parents=True)  # the first build failed: serve the error page from an empty folder
    for name in ("livereload", "tornado.access", "tornado.application", "tornado.general"):
        logging.getLogger(name).setLevel(logging.ERROR)
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # livereload ignores changes for 3 s after a reload by default
    server = Server(watcher=FastWatcher())
    server.SFH = SiteHandler
    for name in WATCHED:
        path = project / name
        if path.exists():
            server.watch(str(path), rebuild)
    print(f"Serving http://{args.host}:{args.port}/ ; watching {', '.join(WATCHED)} (Ctrl-C stops)", flush=True)
    server.serve(port=args.port, host=args.host, root=str(out), restart_delay=0)
    return 0

"""`build.py serve`: rebuild on every change (one source's edit re-renders only what it touches), reload the open page, show a broken edit in the browser."""

from __future__ import annotations

import errno
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import escape as tornado_escape
from tornado import ioloop, netutil, web
from tornado.httpserver import HTTPServer

from dossier.build.write import unsafe_target
from dossier.files import ignored, os_reason
from dossier.problems import BuildFailed, Problem, plural
from dossier.render.pages import environment
from dossier.serve.background import Forked, can_fork
from dossier.serve.events import Events
from dossier.serve.incremental import WATCHED, Session, scan

POLL_MS = 50  # livereload polls every 800 ms; saving to reload must stay under 300 ms
SETTLE_S = 1.0  # the search index and the output's marker are rewritten once edits pause


@dataclass
class Preview:
    """One serve session's state, shared by its watcher and its request handlers (never by two sessions)."""

    project: Path
    hosts: set[str] | None  # the names requests may use (None: any, when serving on 0.0.0.0 on purpose)
    problems: list = field(default_factory=list)  # the last rebuild's, shown instead of the pages
    queue: list = field(default_factory=list)  # names no alias links, shown on every page in a corner


LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def allowed_hosts(host: str) -> set[str] | None:
    """Loopback names, and the --host given; any name when --host is a wildcard address."""
    return None if host in ("0.0.0.0", "::", "") else set(LOOPBACK) | {host.strip("[]").lower()}


class SessionWatcher(Watcher):
    """Watches the inputs and hands the session what it saw; livereload then reloads the browsers.

    The system reports each saved file (watchfiles: dossier/serve/events.py) and the whole tree is scanned only
    every few seconds, in case an event was missed. Without events every poll re-stats the files saved lately
    (an editor saves the same file again and again), and the whole tree is scanned as often as its cost
    allows: every poll on a small dossier, less often on a big one (at most half the time goes to scanning)."""

    HOT = 16  # files recently saved, checked on every poll
    SCAN_WITH_EVENTS_S = 3.0

    def __init__(self, project, rebuild, seen: dict):
        super().__init__()
        self.project, self.rebuild, self.seen = project, rebuild, seen
        self.hot: list[str] = []
        self.scan_every, self.scanned = 0.0, 0.0  # the first poll scans: a save made during the first build counts
        self.events = Events.open()
        self._watch_folders()

    def _watch_folders(self) -> None:
        """Ask for events from the inputs; past the kernel's watch limit, poll instead."""
        if self.events and not self.events.follow(str(self.project)):
            self.events.close()
            self.events = None

    def start(self, callback):
        # livereload's own poll would hold reloads back for 3 s after the last one; ours reloads at once.
        ioloop.PeriodicCallback(self._poll, POLL_MS).start()
        return True  # tells livereload we drive the polling ourselves

    def _poll(self) -> None:
        """Look for saved files; after a rebuild, tell every open page to reload."""
        changed, _ = self.examine()
        if changed and LiveReloadHandler.waiters:
            LiveReloadHandler.reload_waiters()

    def examine(self):
        started = time.perf_counter()
        saved, made, lost = self.events.read() if self.events else (set(), set(), False)
        # Serve's own staging folders come and go beside the output: only input folders count.
        moved = lost or bool(self._inputs(made))
        if moved:
            self._watch_folders()
        every = self.SCAN_WITH_EVENTS_S if self.events else self.scan_every
        if moved or started - self.scanned >= every:
            now = scan(self.project)
            self.scanned = time.perf_counter()
            self.scan_every = 2 * (self.scanned - started)  # at most half the time goes to scanning
        else:
            now = dict(self.seen)
            # With events the kernel names every save; without, the files saved lately are re-statted.
            for path in self._inputs(saved) if self.events else self.hot:
                try:
                    st = os.stat(self.project / path)
                    now[path] = (st.st_mtime_ns, st.st_size)
                except OSError:
                    now.pop(path, None)
        self.filepath = None
        if now != self.seen:
            changed = sorted(path for path, _ in now.items() ^ self.seen.items())
            self.filepath = changed[0]
            self.hot = (changed + [p for p in self.hot if p not in changed])[: self.HOT]
            self.seen = now
            self.rebuild(now)
        return self.filepath, None

    def _inputs(self, paths: set[str]) -> list[str]:
        """Reported paths that are inputs, project-relative as scan() names them."""
        root = str(self.project) + os.sep
        found = []
        for path in sorted(paths):
            rel = path[len(root) :].replace(os.sep, "/")
            if path.startswith(root) and rel.split("/")[0] in WATCHED and not ignored(rel.rpartition("/")[2]):
                found.append(rel)
        return found


def name_ok(hosts: set[str] | None, netloc: str | None) -> bool:
    """Whether a Host or Origin names this preview: a page on another site (or a DNS name rebound to 127.0.0.1)
    can neither read the preview nor drive its reloads."""
    if hosts is None:
        return True
    try:
        name = urlsplit("//" + (netloc or "")).hostname or ""
    except ValueError:
        return False
    return name in hosts or name.endswith(".localhost")


def request_ok(hosts: set[str] | None, request) -> bool:
    """Host and Origin both name this preview (an Origin of "null", a file:// page, is let through)."""
    origin = request.headers.get("Origin")
    if origin is not None and origin != "null":
        try:
            if not name_ok(hosts, urlsplit(origin).netloc):
                return False
        except ValueError:
            return False
    return name_ok(hosts, request.headers.get("Host"))


def _guarded(handler: type, preview: Preview) -> type:
    """A livereload handler class, made for one session, that refuses foreign hosts and origins first."""

    class Guarded(handler):
        def prepare(self):
            if not request_ok(preview.hosts, self.request):
                self.set_status(403)
                self.finish("403: this preview answers its own address only.")
                return None
            return super().prepare()

        def check_origin(self, origin):  # the websocket: same rule as every request
            try:
                return name_ok(preview.hosts, urlsplit(origin).netloc)
            except ValueError:
                return False

    Guarded.__name__ = f"Guarded{handler.__name__}"
    return Guarded


class SiteHandler(StaticFileHandler):
    """Files under the output folder only; anything else, traversal and NUL bytes included, is a 404."""

    def initialize(self, preview: Preview, **kwargs):
        self.preview = preview
        super().initialize(**kwargs)

    def prepare(self):
        if not request_ok(self.preview.hosts, self.request):
            self.set_status(403)
            self.finish("403: this preview answers its own address only.")
            return None
        return super().prepare()

    @classmethod
    def get_absolute_path(cls, root, path):
        # Tornado 6.6 answers 403 for "../"; outside the site there is simply nothing to find.
        try:
            return super().get_absolute_path(root, path)
        except web.HTTPError:
            raise web.HTTPError(404) from None

    def validate_absolute_path(self, root, absolute_path):
        if "\0" in absolute_path:
            raise web.HTTPError(404)
        try:
            root = os.path.realpath(root)
            resolved = os.path.realpath(absolute_path)
        except (ValueError, OSError):
            raise web.HTTPError(404) from None
        if resolved != root and not resolved.startswith(root + os.sep):
            raise web.HTTPError(404)
        return super().validate_absolute_path(root, absolute_path)

    def get(self, path, include_body=True):
        if self.preview.problems and (path == "" or path.endswith((".html", "/"))):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(error_page(self.preview.project, self.preview.problems))
            return None
        return super().get(path, include_body)

    def write_error(self, status_code, **kwargs):
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(error_page(self.preview.project, [], status_code))


def error_page(project: Path | None, problems: list, status: int = 500) -> str:
    """What the browser shows while the content is broken (every problem, as the terminal prints it), or for a missing file.

    Written by the project's templates/serve-error.html; if that one fails (it may be the broken edit), the builder's own."""
    return serve_piece(project, "serve-error.html", {"problems": [str(p) for p in problems], "status": status})


class GuardedServer(Server):
    """livereload's server on sockets bound beforehand (a busy port is known before the first build), every
    handler behind the Host and Origin guard."""

    def __init__(self, watcher, preview: Preview, sockets: list, verbose: bool = False):
        super().__init__(watcher=watcher)
        self.preview, self.sockets, self.verbose = preview, sockets, verbose

    def _setup_logging(self):
        # livereload's own lines ("Serving on", "Start watching", a "500 GET" for every broken edit) would mix
        # with serve's; its loggers and tornado's stay silent unless -v asks for them.
        if self.verbose:
            return super()._setup_logging()
        for name in ("livereload", "tornado"):
            quiet = logging.getLogger(name)
            quiet.handlers[:] = [logging.NullHandler()]
            quiet.propagate = False

    def get_web_handlers(self, script):
        return [(r"/(.*)", SiteHandler, {"path": self.root or ".", "default_filename": self.default_filename, "preview": self.preview})]

    def application(self, port, host, liveport=None, debug=None, live_css=True):
        # livereload keeps its open pages and its watcher on LiveReloadHandler itself; its own application() sets them so.
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        live_handlers = [
            (r"/livereload", _guarded(LiveReloadHandler, self.preview)),
            (r"/forcereload", _guarded(ForceReloadHandler, self.preview)),
            (r"/livereload.js", _guarded(LiveReloadJSHandler, self.preview)),
        ]
        # livereload's own snippet: the page asks its own host for the script.
        live_script = tornado_escape.utf8(
            '<script type="text/javascript">(function(){var s=document.createElement("script");'
            "var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
            's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
            "document.head.appendChild(s);})();</script>"
        )

        preview = self.preview

        class ConfiguredTransform(LiveScriptInjector):
            """livereload's script, and the review queue's note, into every page served."""

            @property
            def script(self):
                return live_script + serve_piece(preview.project, "serve-scroll.html", {}).encode("utf-8") + status_note(preview)

        app = web.Application(handlers=live_handlers + self.get_web_handlers(live_script), transforms=[ConfiguredTransform])
        HTTPServer(app).add_sockets(self.sockets)


def status_note(preview: Preview) -> bytes:
    """The review queue as a note in a corner of every served page (templates/serve-status.html), or nothing."""
    if not preview.queue:
        return b""
    return serve_piece(preview.project, "serve-status.html", {"names": [entry.name for entry in preview.queue]}).encode("utf-8")


def serve_piece(project: Path | None, name: str, values: dict) -> str:
    """A template of serve's own (error page, review note, scroll keeper): the project's copy, or the builder's if
    that copy fails (it may be the broken edit itself); pages must keep being served."""
    if project is not None:
        try:
            return environment(project).get_template(name).render(values)
        except Exception:  # noqa: BLE001 (any fault of the project's copy: the built-in one still shows)
            pass
    return environment(None).get_template(name).render(values)


def bind(host: str, port: int) -> list:
    """The listening sockets, or OSError (a busy port, a name that does not resolve, a port that needs root)."""
    return netutil.bind_sockets(port, address=host)


QUEUE_SHOWN = 15  # entries serve prints; `dossier check` lists them all


def show_queue(session, how: str, preview: Preview) -> None:
    """The review queue in serve's terminal (the whole dossier's after a full build, the edited source's after an
    update) and, the whole dossier's, in the browser."""
    from dossier.editor.review import print_queue, settings, unlinked_names

    st = session.state
    seeds = st.seeds if how == "full" else {how: st.seeds[how]} if how in st.seeds else {}
    rules = settings(st.content.site)
    if how == "full" and st.review is not None:  # the site publishes less: the queue was taken before the seeds were masked
        queue = st.review
    else:
        queue = unlinked_names(seeds, st.content.actors, st.content.themes, **rules, kept=session.shares)
    if queue:
        print_queue(queue, QUEUE_SHOWN, "" if how == "full" else f" of source {how}")
    sys.stdout.flush()
    # The browser's note counts what `dossier check` counts: the whole dossier's queue, worked out again after an
    # update (a name the edited source shares with another source was listed twice, and grew with each save).
    preview.queue = queue if how == "full" else unlinked_names(st.seeds, st.content.actors, st.content.themes, **rules, kept=session.shares)


def serve(args) -> int:
    """Build, then serve the output folder and rebuild whenever a watched file changes."""
    project = args.project.resolve()
    out = (args.out or project / "output").resolve()
    if reason := unsafe_target(out, project):
        print(
            f"--out: error: refusing to write the site there: {reason} (hint: choose an empty folder or the project's output/)",
            file=sys.stderr,
        )
        return 1
    try:
        sockets = bind(args.host, args.port)
    except (OSError, ValueError) as exc:
        if getattr(exc, "errno", None) == errno.EADDRINUSE:
            reason, hint = "the port is in use", "stop the other server or choose another --port"
        else:
            reason, hint = os_reason(exc) if isinstance(exc, OSError) else (str(exc), "")
        print(
            f"serve: error: cannot listen on {args.host}:{args.port}: {reason} (hint: {hint or 'check --host and --port'})", file=sys.stderr
        )
        return 1
    preview = Preview(project, allowed_hosts(args.host))
    session = Session(
        project, out, args.base_url, args.strict, cache=getattr(args, "cache", False) and not getattr(args, "no_cache", False)
    )
    settle: list = []  # the timer that starts settling, or the child doing it

    def settled(ok: bool, value) -> None:
        settle.clear()
        if ok:
            session.apply(value)  # written unless a rebuild came meanwhile (that rebuild set its own timer)
        else:
            print(f"serve: settling in the background failed ({value}); settling here instead", file=sys.stderr, flush=True)
            session.settle()

    def start_settling() -> None:
        """Search index, exports, marker: in a child process where forking is safe, so saves made meanwhile are not held up."""
        settle.clear()
        if not session.pending():
            return
        if can_fork():
            settle.append(Forked(session.settlement, settled))
        else:
            session.settle()

    def stop_settling() -> None:
        loop = ioloop.IOLoop.current()
        for job in settle:
            if isinstance(job, Forked):
                job.cancel()
            else:
                loop.remove_timeout(job)
        settle.clear()

    def rebuild(now=None):
        started = time.perf_counter()
        stop_settling()  # what it is working out is about to be stale
        try:
            try:
                result, how = session.rebuild(now)
            except OSError as exc:  # the disk said no: a problem to show like any other, the server keeps going
                reason, hint = os_reason(exc)
                raise BuildFailed([Problem(str(exc.filename or out), 0, "", reason, hint)]) from None
            except (BuildFailed, KeyboardInterrupt):
                raise
            except Exception as exc:  # a builder bug must not leave the browser on a stale site either
                if args.verbose or os.environ.get("DOSSIER_DEBUG"):
                    logging.exception("rebuild failed")
                raise BuildFailed(
                    [Problem("serve", 0, "", f"internal error: {type(exc).__name__}: {exc}", "run with -v for the traceback")]
                ) from None
        except BuildFailed as exc:
            preview.problems = exc.problems
            for problem in exc.problems:
                print(problem, file=sys.stderr, flush=True)
            print(f"Build failed: {plural(len(exc.problems), 'problem')}; the browser shows them.", file=sys.stderr, flush=True)
            settle.append(ioloop.IOLoop.current().call_later(SETTLE_S, start_settling))  # what the last good build left to do
            return
        preview.problems = []
        what = plural(result.pages, "page") if how == "full" else f"source {how}"
        print(f"Rebuilt {what}, {plural(len(result.warnings), 'warning')}, in {time.perf_counter() - started:.2f} s.", flush=True)
        show_queue(session, how, preview)
        if how == "full":  # an actor, theme or source added or removed: the editor's schemas follow
            from dossier.commands import refresh_schema

            refresh_schema(project)
        settle.append(ioloop.IOLoop.current().call_later(SETTLE_S, start_settling))

    rebuild()
    if not out.is_dir():
        out.mkdir(parents=True)  # the first build failed: serve the error page from an empty folder
    # The inputs as the first build read them: a save made while it ran is seen on the first poll.
    server = GuardedServer(SessionWatcher(project, rebuild, session.files or scan(project)), preview, sockets, bool(args.verbose))
    print(f"Serving http://{args.host}:{args.port}/ ; watching {', '.join(WATCHED)} (Ctrl-C stops)", flush=True)
    server.serve(port=args.port, host=args.host, root=str(out), restart_delay=0)
    return 0

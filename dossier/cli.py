"""The `dossier` command line: build | check | serve | new-source | blocks | init | schema | template | brief."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from dossier import __version__, commands
from dossier.files import Refused


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line and exit status 1 (2 is the builder's own failure: an internal error)."""

    def error(self, message: str):
        self.exit(1, f"{self.prog}: error: {message} (hint: {self.prog} --help)\n")


def parse_args(argv: list[str], prog: str = "dossier") -> argparse.Namespace:
    """Subcommands; a bare `dossier` builds."""
    parser = Parser(prog=prog, description="Build a cross-linked dossier site from seeds and curated YAML.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command")
    build = sub.add_parser("build", help="build the site (the default)")
    check = sub.add_parser("check", help="run every integrity check without writing the site")
    serve = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild/reload on every change")
    new = sub.add_parser("new-source", help="draft content/sources/ID.yaml for a new seed")
    blocks = sub.add_parser("blocks", help="print a seed's paragraphs with their anchors (to cite source:ID#pN)")
    init = sub.add_parser("init", help="start a new dossier in DIR: one example of each record, the Pages workflow, a README")
    schema = sub.add_parser("schema", help="write JSON Schemas for every record kind into .dossier/schema/ (for editors)")
    template = sub.add_parser("template", help="copy one of the builder's templates into templates/ to override it")
    brief = sub.add_parser("brief", help="write the dossier's judgments as a standalone one-page brief (HTML)")
    every = (parser, build, check, serve, new, blocks, init, schema, template, brief)
    for p in every:
        # Options are accepted before or after the subcommand; the subparser's copy must not reset the main one's.
        keep = argparse.SUPPRESS if p is not parser else None
        p.add_argument(
            "--project", type=Path, default=Path.cwd() if p is parser else keep, help="the dossier folder (default: the current one)"
        )
        p.add_argument("-q", "--quiet", action="store_true", default=False if p is parser else keep, help="print problems only")
        p.add_argument(
            "-v",
            "--verbose",
            action="store_true",
            default=False if p is parser else keep,
            help="print more (tracebacks of internal errors too)",
        )
    for p in (parser, build, check, serve):
        p.add_argument(
            "--strict", action="store_true", default=False if p is parser else argparse.SUPPRESS, help="treat warnings as errors"
        )
    for p in (parser, build, check, serve):
        # Off by default until it pays: at 1,000 sources a cold build with it spends 18 % more CPU and a warm one
        # saves about a fifth of the wall (docs/benchmarks.md, "The build cache").
        p.add_argument(
            "--cache",
            dest="cache",
            action="store_true",
            default=False if p is parser else argparse.SUPPRESS,
            help="take unchanged pages from the page cache in .dossier/cache/ and keep new ones there",
        )
        p.add_argument(
            "--no-cache",
            dest="no_cache",
            action="store_true",
            default=False if p is parser else argparse.SUPPRESS,
            help="neither read nor write the page cache (the default; overrides --cache)",
        )
    for p in (parser, build, serve):
        p.add_argument(
            "--out", type=Path, default=None if p is parser else argparse.SUPPRESS, help="output folder (default: PROJECT/output)"
        )
        p.add_argument("--base-url", default=None if p is parser else argparse.SUPPRESS, help="absolute URL the site is published at")
    brief.add_argument("--to", type=Path, default=Path("brief.html"), help="the file to write (default: brief.html)")
    brief.add_argument("--base-url", default=argparse.SUPPRESS, help="absolute URL of the published site, for the brief's links")
    serve.add_argument("--port", type=port_number, default=8000, help="port to listen on, 1-65535 (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (widen on purpose only)")
    new.add_argument("seed", type=Path, help="seeds/FILE.txt")
    blocks.add_argument("source", help="a source id, or any seed in seeds/ (its file name, with or without .txt)")
    init.add_argument("dir", type=Path, help="a new or empty folder")
    template.add_argument("name", help="the template's name, e.g. actor.html or assets/style.css")
    template.add_argument("--show", action="store_true", help="print the builder's current original instead")
    template.add_argument("--accept", action="store_true", help="record the builder's current original as your copy's base")
    args = parser.parse_args(argv)
    args.command = args.command or "build"
    return args


def port_number(text: str) -> int:
    """--port: a TCP port, 1-65535 (a larger number would silently wrap around)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1-65535)") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (1-65535)")
    return value


class VisibleStream:
    """stderr with every control and invisible character escaped (bidi overrides, zero-width characters, lone
    surrogates), line feeds kept: every message the builder prints shows names as they are."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        from dossier.problems import visible_lines

        return self.stream.write(visible_lines(text))

    def __getattr__(self, name):
        return getattr(self.stream, name)


class Terminated(SystemExit):
    """SIGTERM (a CI cancel, docker stop): unwinds like Ctrl-C, so staging folders and workers are cleaned up.

    A SystemExit, because the event loop under serve re-raises only that and KeyboardInterrupt from a callback."""


def _terminate(signum, frame):
    raise Terminated


# The modules the builder imports from its dependencies (pyproject.toml), and the package that provides each.
REQUIRED_PACKAGES = {
    "jinja2": "jinja2>=3.1,<4",
    "markupsafe": "jinja2>=3.1,<4",
    "markdown_it": "markdown-it-py>=3,<5",
    "yaml": "pyyaml>=6,<7",
    "livereload": "livereload>=2.7,<3",
    "tornado": "livereload>=2.7,<3",
    "watchfiles": "watchfiles>=0.21,<2",
}


def main(argv: list[str] | None = None, prog: str = "dossier") -> int:
    """Run one command; problems are printed one a line and give exit status 1, a builder bug exit 2."""
    stderr = sys.stderr
    sys.stderr = VisibleStream(stderr)
    try:
        return _main(argv, prog)
    finally:
        sys.stderr = stderr


def _main(argv: list[str] | None, prog: str) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv, prog)
    previous = signal.signal(signal.SIGTERM, _terminate) if threading.current_thread() is threading.main_thread() else None
    try:
        return commands.run(args)
    except KeyboardInterrupt:
        print(f"{prog}: interrupted.", file=sys.stderr)
        return 130
    except Terminated:
        print(f"{prog}: terminated.", file=sys.stderr)
        return 143
    except Refused as exc:  # a write that would leave its folder (a link, a '..')
        print(f"{prog}: error: {exc.path}: {exc.message}" + (f" (hint: {exc.hint})" if exc.hint else ""), file=sys.stderr)
        return 1
    except OSError as exc:  # the disk or the system said no (permissions, full, read-only, busy, bad names): not a bug
        from dossier.files import os_reason

        reason, hint = os_reason(exc)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{prog}: error: {where}{reason}" + (f" (hint: {hint})" if hint else ""), file=sys.stderr)
        return 1
    except ModuleNotFoundError as exc:  # a dependency missing from this Python: the install's problem, not a bug
        package = REQUIRED_PACKAGES.get((exc.name or "").partition(".")[0])
        if package is None or args.verbose or os.environ.get("DOSSIER_DEBUG"):
            raise
        print(
            f"{prog}: error: the package {package} is not installed in this Python ({sys.executable}) "
            f'(hint: {sys.executable} -m pip install "{package}", or reinstall the builder with its dependencies)',
            file=sys.stderr,
        )
        return 1
    except Exception as exc:  # a bug in the builder, not in the content: say so plainly
        if os.environ.get("DOSSIER_DEBUG") or args.verbose:
            raise
        print(f"{prog}: internal error: {type(exc).__name__}: {exc} (run with -v or DOSSIER_DEBUG=1 for the traceback)", file=sys.stderr)
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def entry() -> None:
    """Console-script entry point: run, then leave without tearing down a large build's objects."""
    exit_now(main())


def exit_now(status: int) -> None:
    """Exit at once: output is written and closed; freeing a big build's million objects one by one would take longer than the build's last stage."""
    from dossier.tricks import safe_mode

    sys.stdout.flush()
    sys.stderr.flush()
    if safe_mode():
        sys.exit(status)
    os._exit(status)

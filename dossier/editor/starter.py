"""`dossier init DIR` (a new dossier from the starter) and `dossier template NAME` (override a theme template)."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from dossier import __version__
from dossier.editor.json_schema import write_schemas
from dossier.editor.pin import builder_pin
from dossier.files import Unreadable, read_inside, walk, write_inside
from dossier.paths import BUILTIN_TEMPLATES, ENGINE
from dossier.problems import Problem

STARTER = ENGINE / "starter"
# Package data avoids dot-folders; these are their names in a dossier.
RENAMES = {"github": ".github", "vscode": ".vscode", "gitignore": ".gitignore"}
PINNED = ("README.md", "requirements.txt")  # carry the builder's version
RELEASES_DOC = "docs/releasing.md in the builder's repository"
HEADER = re.compile(r"dossier-builder (\S+) (\S+), sha256 ([0-9a-f]{16})")


def init(args) -> int:
    """Write a new dossier into an empty or new folder: one example of each record, workflow, README, pin."""
    target = args.dir.resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"init: {args.dir}: not an empty folder; nothing written (hint: name a new folder)", file=sys.stderr)
        return 1
    pin = builder_pin()
    files = sorted(p for p in STARTER.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    target.mkdir(parents=True, exist_ok=True)
    for path in files:
        rel = path.relative_to(STARTER)
        data = path.read_bytes()
        if rel.as_posix() in PINNED:
            data = data.replace(b"@VERSION@", __version__.encode()).replace(b"@PIN@", pin.requirement.encode())
            data = data.replace(b"@PIN_NOTE@", pin.note.encode())
        write_inside(target, "/".join([RENAMES.get(rel.parts[0], rel.parts[0]), *rel.parts[1:]]), data, exclusive=True)
    write_schemas(target)
    print(f"Wrote a new dossier in {args.dir} ({len(files)} files, builder {__version__} pinned in requirements.txt: {pin.note}).")
    if not pin.reachable:
        print(
            f"init: warning: requirements.txt pins this builder's folder, which the Pages workflow cannot install from "
            f"(hint: install the builder from a release, see {RELEASES_DOC}, and run init again, or edit requirements.txt)",
            file=sys.stderr,
        )
    print(f"Next: cd {args.dir} && dossier build   (then replace the example: see its README.md)")
    return 0


def builtin_digest(name: str) -> str:
    """The first 16 hex digits of the SHA-256 of the builder's own copy of a template."""
    return hashlib.sha256((BUILTIN_TEMPLATES / name).read_bytes()).hexdigest()[:16]


def header(name: str) -> str:
    """The first line of an overriding copy: which original, from which builder version."""
    note = f"Overrides the builder's {name}: dossier-builder {__version__} {name}, sha256 {builtin_digest(name)}. Keep this line."
    return f"/* {note} */\n" if name.endswith((".css", ".js")) else f"{{# {note} #}}\n"


def theme_names() -> list[str]:
    """Every file of the builder's theme by its name there ('actor.html', 'assets/style.css'): the only names
    `dossier template` takes, so no '..', absolute path or link can lead it to another file."""
    return sorted(
        e.path[len(str(BUILTIN_TEMPLATES)) + 1 :].replace("\\", "/")
        for e in walk(str(BUILTIN_TEMPLATES))
        if e.is_file(follow_symlinks=False) and e.name.endswith((".html", ".xml", ".css", ".js", ".svg"))
    )


def template(args) -> int:
    """Copy a builder template into templates/ with a header; --show prints the original, --accept re-records it."""
    project = args.project.resolve()
    name = args.name.removeprefix("templates/")
    known = theme_names()
    if name not in known:
        from dossier.problems import did_you_mean

        pages = [k for k in known if k.endswith(".html")]
        print(
            f"template: the builder has no template '{name}' (hint: {did_you_mean(name, known) or 'one of ' + ', '.join(pages)})",
            file=sys.stderr,
        )
        return 1
    original = (BUILTIN_TEMPLATES / name).read_text(encoding="utf-8")
    if args.show:
        sys.stdout.write(original)
        return 0
    dest = project / "templates" / name
    if args.accept:
        if not dest.is_file():
            print(f"template: templates/{name} does not exist (hint: dossier template {name})", file=sys.stderr)
            return 1
        try:
            text = read_inside(project, dest, inputs=True).decode("utf-8")
        except (Unreadable, UnicodeDecodeError) as exc:
            print(
                f"template: templates/{name}: {getattr(exc, 'message', 'not UTF-8')} (hint: {getattr(exc, 'hint', '') or 're-save it as UTF-8'})",
                file=sys.stderr,
            )
            return 1
        lines = text.removeprefix("\ufeff").splitlines(keepends=True)
        body = lines[1:] if lines and HEADER.search(lines[0]) else lines
        write_inside(project, f"templates/{name}", (header(name) + "".join(body)).encode("utf-8"))
        print(f"Recorded the builder's current {name} (dossier-builder {__version__}) as the base of templates/{name}.")
        return 0
    if dest.exists():
        print(
            f"template: templates/{name} already exists; nothing written (hint: --show prints the original, --accept records it)",
            file=sys.stderr,
        )
        return 1
    write_inside(project, f"templates/{name}", (header(name) + original).encode("utf-8"), exclusive=True)
    print(f"Wrote templates/{name}: edit it; `dossier check` says when the builder's original changes.")
    return 0


def changed_overrides(project: Path) -> list[Problem]:
    """A warning for each overriding template whose original changed since it was copied (or is gone)."""
    folder = project / "templates"
    if not folder.is_dir() or folder.resolve() == BUILTIN_TEMPLATES.resolve():
        return []
    problems = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".css", ".js"):
            continue
        with open(path, encoding="utf-8", errors="replace") as handle:
            found = HEADER.search(handle.readline())
        if not found:
            continue
        version, name, digest = found.groups()
        rel = path.relative_to(project).as_posix()
        if not (BUILTIN_TEMPLATES / name).is_file():
            problems.append(
                Problem(
                    rel,
                    1,
                    "",
                    f"overrides the builder's {name}, which builder {__version__} no longer has",
                    "compare with the builder's release notes",
                    "warning",
                )
            )
        elif builtin_digest(name) != digest:
            problems.append(
                Problem(
                    rel,
                    1,
                    "",
                    f"the builder's {name} changed since dossier-builder {version}, which this copy overrides",
                    f"compare with `dossier template {name} --show`, merge, then run `dossier template {name} --accept`",
                    "warning",
                )
            )
    return problems

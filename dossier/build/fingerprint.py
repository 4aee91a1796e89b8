"""A no-op rebuild costs a hash: the fingerprint of every input, kept in the output's marker file."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from dossier.build.write import MARKER, output_digest
from dossier.files import input_entries, inside, walk
from dossier.paths import BUILTIN_TEMPLATES, ENGINE


def fingerprint(project: Path, options: str, known: dict | None = None) -> str:
    """SHA-256 over the builder's code, its templates, the project's inputs (by content) and the options.

    Only regular files inside the project are read, after a stat: a named pipe, a device or a link out of the
    project is hashed by what it is, never opened (the build then refuses it with a problem).
    `known` (kept by a long-running `serve`) maps a path to (mtime_ns, size, hash): a file whose
    mtime and size are unchanged is not read again."""
    digest = hashlib.sha256(options.encode())
    files = sorted(str(p) for p in ENGINE.rglob("*.py")) + [e.path for e in walk(str(BUILTIN_TEMPLATES))]
    files += [e.path for e in input_entries(project)]  # folders too: a folder named like a record counts
    top = os.path.realpath(project)
    for path in files:  # plain strings and os calls: pathlib costs more than the hashing at 2,000 files
        digest.update(os.fsencode(path) + b"\0")  # fsencode: a non-UTF-8 name with UTF-8 mode off holds surrogates
        digest.update(_file_hash(path, known, top))
    return digest.hexdigest()


def _file_hash(path: str, known: dict | None, top: str) -> bytes:
    try:
        st = os.stat(path)
        if os.path.islink(path) and not path.startswith(str(ENGINE)):
            real = os.path.realpath(path)
            if not inside(top, real):
                return b"outside:" + os.fsencode(real)
        if not stat.S_ISREG(st.st_mode):
            return b"special:%o" % st.st_mode
        if not os.access(path, os.R_OK):
            return b"unreadable"
        if known is not None:
            seen = known.get(path)
            if seen and seen[:2] == (st.st_mtime_ns, st.st_size):
                return seen[2]
        hashing = hashlib.sha256()
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            left = st.st_size
            while left > 0:  # at most the size stat gave, in pieces: memory stays flat whatever the file
                chunk = os.read(fd, min(left, 1 << 20))
                if not chunk:
                    break
                hashing.update(chunk)
                left -= len(chunk)
        finally:
            os.close(fd)
        value = hashing.digest()
    except OSError:
        return b"unreadable"
    if known is not None:
        known[path] = (st.st_mtime_ns, st.st_size, value)
    return value


def unchanged_since_last_build(
    project: Path, out: Path, base_url: str | None, strict: bool
) -> tuple[str, tuple[int, list[str], int] | None]:
    """This build's fingerprint, and the page count, warnings and unlinked names of the build that wrote `out` if nothing changed since."""
    stamp = fingerprint(project, f"{base_url!r} {strict}")
    previous = read_marker(out / MARKER)
    if previous and previous[0] == stamp and not (strict and previous[2]) and previous[3] == output_digest(out):
        return stamp, (previous[1], previous[2], previous[4])
    return stamp, None


def read_marker(marker: Path) -> tuple[str, int, list[str], str, int] | None:
    """The fingerprint, page count, warnings, output digest and unlinked names recorded by the build that wrote this output."""
    try:
        lines = marker.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    fields = dict(line.split(": ", 1) for line in lines if ": " in line and not line.startswith("warning: "))
    if "fingerprint" not in fields or not fields.get("pages", "").isdigit():
        return None
    warnings = [line[len("warning: ") :] for line in lines if line.startswith("warning: ")]
    unlinked = fields.get("unlinked", "0")
    return fields["fingerprint"], int(fields["pages"]), warnings, fields.get("output", ""), int(unlinked) if unlinked.isdigit() else 0


# The fingerprint serve writes: no build's equals it, so the first build after serve always builds. serve's output is
# never certified as a build's (a preview that went wrong must not be published on its word).
SERVED = "none, written by serve"


def marker_text(print_: str, pages: int, warnings: list, unlinked: int = 0) -> str:
    """The marker's contents: what wrote the folder, and what a no-op rebuild needs to repeat (nothing, after serve)."""
    writer = "dossier serve; the next build rebuilds it" if print_ == SERVED else "build.py"
    return "".join(
        [
            f"Written by {writer}. This folder is replaced whole on every build.\n",
            f"fingerprint: {print_}\n",
            f"pages: {pages}\n",
            f"unlinked: {unlinked}\n",  # names no alias links: a no-op rebuild repeats the build's last line
            *(f"warning: {w}\n" for w in warnings),
        ]
    )

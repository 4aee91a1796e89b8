"""A no-op rebuild costs a hash: the fingerprint of every input, kept in the output's marker file."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .render import BUILTIN_TEMPLATES

ENGINE = Path(__file__).resolve().parent
INPUTS = ("site.yaml", "content", "seeds", "templates")


def fingerprint(project: Path, options: str) -> str:
    """SHA-256 over the builder's code, its templates, the project's inputs (by content) and the options."""
    digest = hashlib.sha256(options.encode())
    files = sorted(ENGINE.glob("*.py")) + sorted(p for p in BUILTIN_TEMPLATES.rglob("*") if p.is_file())
    for name in INPUTS:
        path = project / name
        files += [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
    for path in files:
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def read_marker(marker: Path) -> tuple[str, int, list[str]] | None:
    """The fingerprint, page count and warnings recorded by the build that wrote this output."""
    try:
        lines = marker.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    fields = dict(line.split(": ", 1) for line in lines if ": " in line and not line.startswith("warning: "))
    if "fingerprint" not in fields or not fields.get("pages", "").isdigit():
        return None
    return fields["fingerprint"], int(fields["pages"]), [line[len("warning: "):] for line in lines if line.startswith("warning: ")]


def marker_text(print_: str, pages: int, warnings: list) -> str:
    """The marker's contents: what wrote the folder, and what a no-op rebuild needs to repeat."""
    return "".join([
        "Written by build.py. This folder is replaced whole on every build.\n",
        f"fingerprint: {print_}\n", f"pages: {pages}\n", *(f"warning: {w}\n" for w in warnings)])

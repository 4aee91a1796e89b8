"""Stage 7, write: build into a fresh folder beside the output, then swap it in; refuse dangerous targets."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

MARKER = ".dossier-output"
SYSTEM_DIRS = {"/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/media", "/mnt", "/opt",
               "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var", "/usr/local", "/usr/bin",
               "/usr/lib", "/usr/share", "/var/lib", "/var/log"}
PROJECT_PARTS = ("content", "seeds", "templates", "tests", "dossier", "docs", "bench", ".git")


def unsafe_target(out: Path, project: Path) -> str:
    """Why the builder must not replace this folder, or '' if it may."""
    out, project = out.resolve(), project.resolve()
    if str(out) in SYSTEM_DIRS or out == Path.home().resolve() or out.parent == out:
        return f"'{out}' is a system or home directory"
    if out == project or out in project.parents:
        return f"'{out}' holds the project itself"
    if any(out == project / part or (project / part) in out.parents for part in PROJECT_PARTS):
        return f"'{out}' is inside the project's own sources"
    if out.exists() and not out.is_dir():
        return f"'{out}' is a file, not a folder"
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        return f"'{out}' holds files the builder did not write (no {MARKER} marker)"
    return ""


def write_site(files: dict[str, bytes], out: Path, marker: str = "Written by build.py. This folder is replaced whole on every build.\n") -> None:
    """Write every file into a sibling folder, then swap: a failed write never leaves a half-built site."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = out.parent / f".{out.name}.new-{os.getpid()}"
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    try:
        made = set()
        for rel in sorted(files):
            path = fresh / rel
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(files[rel])
        (fresh / MARKER).write_text(marker, encoding="utf-8")
        if out.exists():
            out.rename(old)
        fresh.rename(out)
    finally:
        # Only our own temporary folders are ever removed.
        for temp in (fresh, old):
            if temp.exists():
                shutil.rmtree(temp)

"""The write stage: build into a fresh folder beside the output, then swap it in; refuse dangerous targets."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

MARKER = ".dossier-output"
SYSTEM_DIRS = {
    "/",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/lib32",
    "/lib64",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/var",
    "/usr/local",
    "/usr/bin",
    "/usr/lib",
    "/usr/share",
    "/var/lib",
    "/var/log",
}
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


class Staging:
    """A fresh folder beside the output: pages go in as they are rendered; `commit` swaps it in.

    Nothing touches the output itself until the whole build has succeeded, and a failed build only
    removes this folder, which is ours. Forked render workers write into it too.
    """

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.fresh = self.out.parent / f".{self.out.name}.new-{os.getpid()}"
        self.fresh.mkdir()
        self._dirs: set[Path] = {self.fresh}

    def put(self, rel: str, data: bytes | Iterable[bytes]) -> None:
        """Write one file of the new site, given whole or in pieces."""
        path = self.fresh / rel
        if path.parent not in self._dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(path.parent)
        _write(path, data)

    def commit(self, marker: str) -> None:
        """Mark the new site as ours and swap it in for the old one."""
        (self.fresh / MARKER).write_text(marker, encoding="utf-8")
        old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
        if self.out.exists():
            self.out.rename(old)
        self.fresh.rename(self.out)
        if old.exists():
            shutil.rmtree(old)

    def discard(self) -> None:
        """Remove the new folder if it was not swapped in (a failed build)."""
        if self.fresh.exists():
            shutil.rmtree(self.fresh)


def _write(path: Path, data: bytes | Iterable[bytes]) -> None:
    with open(path, "wb") as handle:
        handle.writelines([data] if isinstance(data, bytes) else data)


class Patch(Staging):
    """Files for a built output, staged beside it and moved in one by one once every check has passed (serve's updates).

    Each file is swapped in whole, so a browser reading one meanwhile gets the old or the new file."""

    def commit(self) -> None:
        """Move every staged file over its counterpart in the output."""
        for root, _, names in os.walk(self.fresh):
            for name in names:
                staged = os.path.join(root, name)
                target = self.out / os.path.relpath(staged, self.fresh)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, target)
        shutil.rmtree(self.fresh)

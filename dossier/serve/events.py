"""File events from watchfiles (Rust's notify: inotify on Linux, FSEvents on macOS, ReadDirectoryChanges on Windows),
so `serve` sees a save at once instead of by scanning the tree. Where watchfiles cannot watch (not installed, a
kernel watch limit), `Events.open` gives None and serve polls as before."""

from __future__ import annotations

import os

from dossier.files import INPUTS

DELETED = 3  # watchfiles.Change.deleted: whether the path was a folder can no longer be told


class Events:
    """Paths changed in the project's inputs since the last read.

    Two watchers: the project folder alone (site.yaml, an input folder made or removed) and every input folder
    with all below it. An input folder made or removed at the top starts them again (`follow`)."""

    def __init__(self, notifier):
        self.notifier = notifier  # watchfiles' RustNotify class
        self.watchers: list = []
        self.roots: tuple[str, ...] | None = None

    @classmethod
    def open(cls) -> Events | None:
        """An event source, or None where watchfiles is missing."""
        try:
            from watchfiles import _rust_notify
        except ImportError:
            return None
        return cls(_rust_notify.RustNotify)

    def follow(self, project: str) -> bool:
        """Watch the project's inputs (again, if its input folders changed); False if the system refuses."""
        roots = tuple(p for p in (os.path.join(project, name) for name in sorted(INPUTS)) if os.path.isdir(p))
        if roots == self.roots:
            return True
        self.close()
        try:
            self.watchers = [self.notifier([project], False, False, 50, False, True)]
            if roots:
                self.watchers.append(self.notifier(list(roots), False, False, 50, True, True))
        except (OSError, RuntimeError):  # e.g. past the kernel's watch limit
            self.close()
            return False
        self.roots = roots
        return True

    def read(self) -> tuple[set[str], set[str], bool]:
        """Files changed since the last read, folders made, and whether anything may have been missed (look at everything)."""
        files: set[str] = set()
        folders: set[str] = set()
        lost = False
        for watcher in self.watchers:
            found = watcher.watch(1, 1, 1, None)  # at most a millisecond when nothing changed
            for change, path in found if isinstance(found, set) else ():
                if change == DELETED:
                    lost = True  # a file or a folder: a scan tells
                else:
                    (folders if os.path.isdir(path) else files).add(path)
        return files, folders, lost

    def close(self) -> None:
        for watcher in self.watchers:
            watcher.close()
        self.watchers, self.roots = [], None

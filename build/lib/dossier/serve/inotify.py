"""Linux file events (inotify, through libc), so `serve` sees a save at once instead of by scanning the tree.

None of the listed packages offers file events on Python 3.12 and later (livereload's inotify support needs
pyinotify, which imports the removed asyncore module). Elsewhere, or when the kernel refuses a watch,
`Events.open` gives None and serve polls as before.
"""

from __future__ import annotations

import ctypes
import os
import struct
import sys

IN_ATTRIB, IN_CLOSE_WRITE, IN_MOVED_FROM, IN_MOVED_TO = 0x4, 0x8, 0x40, 0x80
IN_CREATE, IN_DELETE, IN_DELETE_SELF, IN_MOVE_SELF = 0x100, 0x200, 0x400, 0x800
IN_Q_OVERFLOW, IN_IGNORED, IN_ISDIR = 0x4000, 0x8000, 0x40000000
IN_NONBLOCK, IN_CLOEXEC = 0o4000, 0o2000000
# A file is reported once written and closed, not on every write: a half-saved file is never read.
MASK = IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF
LOST = IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF  # events dropped, or a watched folder itself gone
EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len; then len bytes of name


class Events:
    """Paths changed in the watched folders since the last read, as the kernel reports them."""

    def __init__(self, fd: int, libc):
        self.fd, self.libc = fd, libc
        self.folders: dict[int, str] = {}  # watch descriptor -> folder

    @classmethod
    def open(cls) -> Events | None:
        """An event queue, or None where there is no inotify."""
        if not sys.platform.startswith("linux"):
            return None
        try:
            libc = ctypes.CDLL(None, use_errno=True)  # the running process: libc is loaded
            fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        except (OSError, AttributeError):
            return None
        return cls(fd, libc) if fd >= 0 else None

    def watch(self, folder: str) -> bool:
        """Report changes to the folder's entries (not its subfolders'); False if the kernel refuses (watch limit)."""
        wd = self.libc.inotify_add_watch(self.fd, os.fsencode(folder), MASK)
        if wd < 0:
            return False
        self.folders[wd] = folder
        return True

    def read(self) -> tuple[set[str], set[str], bool]:
        """Files changed since the last read, folders created or removed, and whether anything was lost (look at everything)."""
        files: set[str] = set()
        folders: set[str] = set()
        lost = False
        while True:
            try:
                data = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                return files, folders, lost
            at = 0
            while at < len(data):
                wd, mask, _, length = EVENT.unpack_from(data, at)
                name = data[at + EVENT.size : at + EVENT.size + length].rstrip(b"\0")
                at += EVENT.size + length
                if mask & LOST:
                    lost = True
                elif wd in self.folders:
                    (folders if mask & IN_ISDIR else files).add(os.path.join(self.folders[wd], os.fsdecode(name)))

    def close(self) -> None:
        os.close(self.fd)

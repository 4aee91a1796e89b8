"""The write stage: build into a fresh folder beside the output, then swap it in; refuse dangerous targets.

The swap leaves no moment without a complete output. On Linux the fresh folder and the output trade places in one
system call (renameat2 with RENAME_EXCHANGE), on macOS likewise (renamex_np with RENAME_SWAP); where neither exists
(other systems, or a file system that refuses the exchange) the output is renamed aside and the fresh folder renamed
in, and a build killed between the two renames is repaired by the next one, which puts the previous output back.
A lock beside the output (`.NAME.lock`, flock; created exclusively, never through a link) keeps two builds of one output
from interleaving; under it, every build first removes what a killed build left: only folders named and marked as its
own staging (`.NAME.new-<12 hex>` holding `.dossier-staging` or a built site), never a `.NAME.old-backup` of yours.
Staging names are random, not PIDs. Every file goes through files.write_inside (no link is ever followed).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from dossier.files import Refused, move_inside, write_inside

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
# No site belongs anywhere inside these; below /var only deeper folders (/var/www/site) may be written.
SYSTEM_TREES = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/run", "/sbin", "/sys", "/usr")
SYSTEM_PARENTS = ("/var",)
SYSTEM_VAR_TREES = ("/var/lib", "/var/log", "/var/cache", "/var/spool", "/var/run", "/var/lock", "/var/backups", "/var/mail")
PROJECT_PARTS = ("content", "seeds", "templates", "tests", "dossier", "docs", "bench", ".git")


def unsafe_target(out: Path, project: Path) -> str:
    """Why the builder must not replace this folder, or '' if it may."""
    out, project = out.resolve(), project.resolve()
    text = str(out)
    if (
        text in SYSTEM_DIRS
        or out == Path.home().resolve()
        or out.parent == out
        or any(text == t or text.startswith(t + "/") for t in SYSTEM_TREES + SYSTEM_VAR_TREES)
        or str(out.parent) in SYSTEM_PARENTS
    ):
        return f"'{out}' is a system or home directory"
    try:
        st = out.stat() if out.exists() else None
    except OSError:
        st = None
    if out.is_dir() and os.path.ismount(out):
        return f"'{out}' is a mount point: the site is swapped in whole, which a mount point cannot be"
    if st is not None and stat.S_ISDIR(st.st_mode) and st.st_mode & stat.S_ISVTX:
        return f"'{out}' is a shared folder (sticky bit), not a site's"
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
        self.fresh = _fresh_folder(self.out, "new")
        self._folders: dict[str, int] = {}  # folder of the new site -> an open descriptor (write_inside's cache)
        self._pid = os.getpid()

    replaces = False  # a build's staging is fresh: a second file at one path would be two outputs colliding

    def put(self, rel: str, data: bytes | Iterable[bytes]) -> None:
        """Write one file of the new site, given whole or in pieces (through the one write helper)."""
        if self._pid != os.getpid():  # a forked render worker: the parent's open folders are its to close
            self._pid, self._folders = os.getpid(), {}
        try:
            write_inside(self.fresh, rel, data, exclusive=not self.replaces, folders=self._folders)
        except FileExistsError:
            raise Refused(
                rel,
                "two of the build's files would be written here, one replacing the other",
                "a file in templates/assets/ may not take the name of one the builder makes (assets/search/…); rename it",
            ) from None

    def close_folders(self) -> None:
        """Close the folders kept open for writing."""
        for fd in self._folders.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self._folders = {}

    def commit(self, marker: str) -> None:
        """Mark the new site as ours (with a digest of what it holds) and swap it in for the old one."""
        self.close_folders()
        write_inside(self.fresh, MARKER, (marker + f"output: {output_digest(self.fresh)}\n").encode("utf-8"), exclusive=True)
        with contextlib.suppress(FileNotFoundError):  # marked as a site now (MARKER): what recover() needs if killed before the swap
            os.unlink(self.fresh / STAGING)
        swap_in(self.fresh, self.out)

    def discard(self) -> None:
        """Remove the new folder if it was not swapped in (a failed build)."""
        self.close_folders()
        if self.fresh.exists():
            shutil.rmtree(self.fresh, ignore_errors=True)


STAGING = ".dossier-staging"  # inside each staging folder until it is swapped in: recover() removes only folders it marks


def _fresh_folder(out: Path, kind: str) -> Path:
    """A new hidden folder beside the output, named at random (a PID repeats: every container's first process is 1),
    made exclusively (mkdir never follows a planted link) and marked as the build's own."""
    while True:
        path = out.parent / f".{out.name}.{kind}-{os.urandom(6).hex()}"
        try:
            path.mkdir(mode=0o755)
        except FileExistsError:
            continue
        try:
            write_inside(path, STAGING, b"a build's staging folder: removed by the next build if this one was killed\n", exclusive=True)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        return path


def ours(folder: Path, out: Path) -> bool:
    """Whether a folder beside the output is one of the build's own staging folders: named as _fresh_folder names them
    (not a link), and marked, or holding a site the build wrote. A '.output.old-backup' of someone else's is kept."""
    if not re.fullmatch(rf"\.{re.escape(out.name)}\.(new|old)-[0-9a-f]{{12}}", folder.name):
        return False
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return False
        inside = set(os.listdir(folder))
    except OSError:
        return False
    return not inside or STAGING in inside or MARKER in inside or (folder / "site" / MARKER).is_file()


def output_digest(folder: Path) -> str:
    """SHA-256 over every file's path and contents (the marker left out): what a no-op rebuild checks the output still
    holds. Contents, not sizes: a same-size edit of a published page ('Russia' made 'Xussia') must be rebuilt."""
    digest = hashlib.sha256()
    top = str(folder)
    for root, dirs, names in os.walk(top):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, top).replace(os.sep, "/")
            if rel.startswith((MARKER, STAGING)):
                continue
            digest.update(os.fsencode(rel) + b"\0" + _content_hash(path) + b"\n")
    return digest.hexdigest()


def _content_hash(path: str) -> bytes:
    """A file's SHA-256, read in pieces without following a link; b'-' if it cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return b"-"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b"-"
        hashing = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            hashing.update(chunk)
        return hashing.digest()
    except OSError:
        return b"-"
    finally:
        os.close(fd)


def swap_in(fresh: Path, out: Path) -> None:
    """Put `fresh` where `out` is, atomically where the system allows; the old output is removed afterwards."""
    if not out.exists():
        os.rename(fresh, out)
        return
    if _exchange(fresh, out):
        shutil.rmtree(fresh, ignore_errors=True)  # `fresh` now holds the old output
        return
    old = _fresh_folder(out, "old")  # the fallback: two renames; a crash between them is repaired by recover()
    os.rename(out, old / "site")
    os.rename(fresh, out)
    shutil.rmtree(old, ignore_errors=True)


_EXCHANGE: list = []  # the libc function, looked up once: [callable or None]


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system or the file system cannot."""
    if not _EXCHANGE:
        _EXCHANGE.append(_exchange_function())
    function = _EXCHANGE[0]
    if function is None:
        return False
    if function(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False  # e.g. a file system without RENAME_EXCHANGE: the two-rename fallback
    raise OSError(code, os.strerror(code), str(b))


def _exchange_function():
    """renameat2(RENAME_EXCHANGE) on Linux, renamex_np(RENAME_SWAP) on macOS, else None."""
    import ctypes.util  # only a build that writes needs it; the no-op rebuild stays lean

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        renameat2 = libc.renameat2
        renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        at_fdcwd, rename_exchange = -100, 2
        return lambda a, b: renameat2(at_fdcwd, a, at_fdcwd, b, rename_exchange)
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        renamex_np = libc.renamex_np
        renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        return lambda a, b: renamex_np(a, b, 2)
    return None


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output's lock: one build (or serve update) of an output at a time; others wait their turn.

    Where there is no flock (Windows), builds are not serialised: the swap alone is relied on."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}.lock"
    while True:
        fd = _open_lock(path)
        if fd is None:
            continue  # removed by its holder between our two tries: try again
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_ino == os.lstat(path).st_ino:
                break  # still the lock file: the holder before us did not remove it meanwhile
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _open_lock(path: Path) -> int | None:
    """The lock file, created exclusively or opened as the plain file another build made; never through a link
    (a planted `.output.lock` link would have the build create or open a file elsewhere). None: gone meanwhile."""
    flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        pass
    try:
        fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):
            raise Refused(str(path), "a link where the build keeps its lock", "remove it: the build makes its own lock file") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise Refused(str(path), "not a plain file where the build keeps its lock", "remove it: the build makes its own lock file")
    return fd


def recover(out: Path) -> None:
    """Repair what a killed build left beside the output (call under the lock): the previous output put back if a
    crash fell between the fallback's two renames, every staging folder removed."""
    parent = out.parent
    if not parent.is_dir():
        return
    prefix = f".{out.name}."
    left = sorted(p for p in parent.iterdir() if p.name.startswith(prefix) and ours(p, out))
    if not out.exists():
        for folder in left:
            previous = folder / "site"
            if folder.name[len(prefix) :].startswith("old-") and (previous / MARKER).is_file():
                os.rename(previous, out)
                break
    for folder in left:
        shutil.rmtree(folder, ignore_errors=True)


class Patch(Staging):
    """Files for a built output, staged beside it and moved in one by one once every check has passed (serve's updates).

    Each file is swapped in whole, so a browser reading one meanwhile gets the old or the new file. The output's
    lock is held from staging to commit, so a build of the same output never interleaves with a patch."""

    replaces = True

    def __init__(self, out: Path):
        self._lock: contextlib.AbstractContextManager | None = output_lock(out.resolve())
        self._lock.__enter__()
        try:
            super().__init__(out)
        except BaseException:
            self._lock.__exit__(None, None, None)
            self._lock = None
            raise

    def commit(self, marker: str = "") -> None:
        """Move every staged file over its counterpart in the output (the marker is settle's to write)."""
        self.close_folders()
        for root, _, names in os.walk(self.fresh):
            for name in names:
                staged = os.path.join(root, name)
                if root == str(self.fresh) and name == STAGING:
                    continue
                # into the output folder by folder, no link followed (a planted output/actors link leads nowhere)
                move_inside(self.out, os.path.relpath(staged, self.fresh).replace(os.sep, "/"), staged)
        shutil.rmtree(self.fresh)

    def discard(self) -> None:
        """Remove the staged files if they were not moved in, and let go of the lock."""
        try:
            super().discard()
        finally:
            if self._lock is not None:
                self._lock.__exit__(None, None, None)
                self._lock = None

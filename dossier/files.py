"""Reading the project's files safely: only regular files inside the project, their size checked before a byte is read.

Kept free of heavy imports: the no-op rebuild's fingerprint uses it."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

INPUTS = ("site.yaml", "content", "seeds", "templates")
OUTSIDE_HINT = "links out of the project are refused; copy the file into the project instead"
INPUTS_HINT = "links may point only into site.yaml, content/, seeds/ or templates/"
SPECIAL_HINT = "only plain files and folders are read; remove it"


class Unreadable(Exception):
    """A file the builder refuses or cannot read, with the one-line reason and a hint."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def inside(root: str, real: str) -> bool:
    """Whether a resolved path lies within the resolved root."""
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def among_inputs(top: str, real: str) -> bool:
    """Whether a resolved path is one of the project's inputs: site.yaml, or inside content/, seeds/ or templates/.

    A link may point only there: `.git/config` (a CI token), `output/` or a dotfile are inside the project too."""
    return any(real == os.path.join(top, name) or inside(os.path.join(top, name), real) for name in INPUTS)


def os_reason(exc: OSError) -> tuple[str, str]:
    """An operating-system error as a short reason and a hint, for a one-line problem."""
    reasons = {
        errno.ENOENT: ("not found", ""),
        errno.EACCES: ("permission denied", "check the permissions"),
        errno.EPERM: ("not permitted", "check the permissions"),
        errno.EISDIR: ("is a folder, not a file", "records and seeds are files"),
        errno.ENOTDIR: ("a part of the path is a file, not a folder", "check the path"),
        errno.ENAMETOOLONG: ("the file name is too long", "use a shorter name"),
        errno.ELOOP: ("a symbolic link loop", "remove the link"),
        errno.EROFS: ("the file system is read-only", "choose a writable folder"),
        errno.ENOSPC: ("no space left on the device", "free some space or choose another disk"),
        errno.EDQUOT: ("disk quota exceeded", "free some space or choose another disk"),
        errno.EBUSY: ("the device or folder is busy (a mount point?)", "choose a folder inside it"),
        errno.EIO: ("input/output error", "check the disk"),
    }
    message, hint = reasons.get(exc.errno or 0, (exc.strerror or type(exc).__name__, ""))
    return message, hint


def read_inside(root: Path, path: Path, limit: int | None = None, inputs: bool = False) -> bytes:
    """A regular file's bytes, refused if it resolves outside `root`, is not a regular file, or is over `limit` bytes.

    The size is checked with fstat on the opened descriptor, so nothing is read from a device, and the file is
    opened non-blocking, so a named pipe cannot hang the build. Raises Unreadable."""
    if "\0" in str(path):
        raise Unreadable("the path holds a NUL character", "check the path")
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as exc:
        raise Unreadable(*os_reason(exc)) from None
    top = os.path.realpath(root)
    if not inside(top, real):
        raise Unreadable(f"a link to '{real}', outside the project", OUTSIDE_HINT)
    if inputs and not among_inputs(top, real):
        raise Unreadable(f"a link to '{os.path.relpath(real, top)}', which is not one of the project's inputs", INPUTS_HINT)
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except PermissionError:
        raise Unreadable("cannot read it (permission denied)", "check the file's permissions") from None
    except OSError as exc:
        raise Unreadable(*os_reason(exc)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise Unreadable(*os_reason(OSError(errno.EISDIR, "")))
        if not stat.S_ISREG(st.st_mode):
            raise Unreadable(f"not a regular file ({kind_of(st.st_mode)})", SPECIAL_HINT)
        if limit is not None and st.st_size > limit:
            raise TooBig(st.st_size)
        chunks, left = [], st.st_size
        while left > 0:  # never more than the size stat gave: a file growing meanwhile is cut, not followed
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable(*os_reason(exc)) from None
    finally:
        os.close(fd)


class TooBig(Unreadable):
    """A regular file over the limit; carries its size so the caller can word the problem."""

    def __init__(self, size: int):
        super().__init__(f"over the size limit ({size} bytes)", "check it is the right file")
        self.size = size


def ignored(name: str) -> bool:
    """Editors' dot, swap and backup files: never inputs, never published."""
    return name[0] == "." or name[-1] == "~" or name.endswith((".swp", ".swx"))


def walk(folder: str) -> Iterator[os.DirEntry]:
    """Every file and folder below `folder`, depth first, names sorted; ignored names left out, links to folders not entered."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not ignored(e.name)), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        yield from _with_contents(entry)


def input_entries(project: str | Path) -> Iterator[os.DirEntry]:
    """The project's inputs (INPUTS, in that order) and everything below them: the one walker of the input tree.

    The load stage's refusals, the no-op fingerprint, serve's watcher and the assets all list files through it,
    so they agree on what an input is."""
    try:
        with os.scandir(project) as listing:
            top = {e.name: e for e in listing if e.name in INPUTS}
    except OSError:
        return
    for name in INPUTS:
        if name in top:
            yield from _with_contents(top[name])


def _with_contents(entry: os.DirEntry) -> Iterator[os.DirEntry]:
    """An entry, then, if it is a folder and not a link to one, everything below it."""
    yield entry
    try:
        inner = entry.is_dir(follow_symlinks=False)
    except OSError:
        return
    if inner:
        yield from walk(entry.path)


def strange_entries(root: Path) -> Iterator[tuple[str, str, str]]:
    """Every entry among the inputs the builder would refuse: (project-relative path, message, hint).

    Links that resolve outside the project, and anything that is neither a regular file nor a folder
    (named pipes, devices, sockets, dangling or looping links). Folders that are links are not walked into."""
    top = os.path.realpath(root)
    for entry in input_entries(top):
        problem = _strange(top, entry.path)
        if problem:
            yield os.path.relpath(entry.path, top).replace(os.sep, "/"), *problem


def _strange(top: str, full: str) -> tuple[str, str] | None:
    """Why one entry is refused, or None."""
    try:
        st = os.lstat(full)
        if stat.S_ISLNK(st.st_mode):
            try:
                real = os.path.realpath(full, strict=True)
            except OSError as exc:
                if os.path.basename(full).startswith("."):
                    return None  # an editor's lock (Emacs's .#name links nowhere): not an input
                return (f"a broken link ({os_reason(exc)[0]})" if exc.errno != errno.ELOOP else "a symbolic link loop"), "remove the link"
            if not inside(top, real):
                return f"a link to '{real}', outside the project", OUTSIDE_HINT
            if not among_inputs(top, real):
                return f"a link to '{os.path.relpath(real, top)}', which is not one of the project's inputs", INPUTS_HINT
            st = os.stat(real)
    except OSError as exc:
        return os_reason(exc)
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return None
    return f"not a regular file ({kind_of(st.st_mode)})", SPECIAL_HINT


class Refused(Exception):
    """A write the builder will not make: a name leaving its folder, or a link on the way; one line and a hint."""

    def __init__(self, path: str, message: str, hint: str = ""):
        super().__init__(f"{path}: {message}")
        self.path, self.message, self.hint = path, message, hint


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
LINK_HINT = "the builder writes only inside its own folders; remove the link (or move the folder back) and run again"


def write_inside(
    root: str | Path, rel: str, data: bytes | Iterable[bytes], exclusive: bool = False, folders: dict[str, int] | None = None
) -> Path:
    """Write one file at `rel` (a relative path with forward slashes) below `root`: the one way the builder writes.

    Refused (raises Refused): an empty, absolute or '..' name, and a link at any level below `root` (a folder or the
    file itself). Each folder is opened from the one before without following links, and created if missing, so
    nothing can lead the write out between the check and the write. The file goes to a fresh temporary name renamed
    over the old one, so a hard link to a file elsewhere is replaced, never written through. `exclusive`: an existing
    file is never replaced (FileExistsError). `folders` (a build's staging, writing thousands of files into a few
    folders) keeps each folder opened once, as a descriptor, for the next file in it."""
    parts = rel.split("/")
    if not rel or "\0" in rel or "\\" in rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise Refused(rel or "''", "a name outside the folder it belongs in", "give a plain relative name, without '..'")
    if os.open not in os.supports_dir_fd or not _NOFOLLOW:  # no openat (Windows): the same checks by path
        return _write_by_path(Path(root), parts, data, exclusive)
    folder = "/".join(parts[:-1])
    cached = folders.get(folder) if folders is not None else None
    fd = cached if cached is not None else os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        for i, part in enumerate(parts[:-1] if cached is None else ()):
            inner = _enter(fd, part, "/".join(parts[: i + 1]))
            os.close(fd)
            fd = inner
        if folders is not None and cached is None:
            folders[folder] = fd  # kept open for the next file in this folder; the owner of `folders` closes them
            cached = fd
        _write_at(fd, parts[-1], rel, data, exclusive)
    finally:
        if cached is None:
            os.close(fd)
    return Path(root, *parts)


def move_inside(root: str | Path, rel: str, source: str) -> None:
    """Move the file `source` to `rel` below `root`, replacing what is there, with write_inside's refusals (serve's
    patches: a staged file swapped in whole)."""
    parts = rel.split("/")
    if not rel or "\0" in rel or "\\" in rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise Refused(rel or "''", "a name outside the folder it belongs in", "give a plain relative name, without '..'")
    if os.open not in os.supports_dir_fd or not _NOFOLLOW:
        target = Path(root, *parts)
        if any(p.is_symlink() for p in [target, *target.parents][: len(parts)]):
            raise Refused(rel, "a link, where the builder writes", LINK_HINT)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        return
    fd = os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        for i, part in enumerate(parts[:-1]):
            inner = _enter(fd, part, "/".join(parts[: i + 1]))
            os.close(fd)
            fd = inner
        if _is_link(fd, parts[-1]):
            raise Refused(rel, "a link, where the builder writes a file", LINK_HINT)
        os.replace(source, parts[-1], dst_dir_fd=fd)
    finally:
        os.close(fd)


def _enter(fd: int, name: str, shown: str) -> int:
    """The folder `name` inside the open folder `fd`, opened (made if missing) without following a link."""
    try:
        try:
            inner = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
        except FileNotFoundError:
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
            kind = "a link" if _is_link(fd, name) else "not a folder"
            raise Refused(shown, f"{kind}, where the builder writes a folder", LINK_HINT) from None
        raise
    return inner


def _is_link(fd: int, name: str) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(name, dir_fd=fd).st_mode)
    except OSError:
        return False


def _write_at(fd: int, name: str, shown: str, data: bytes | Iterable[bytes], exclusive: bool) -> None:
    """Write the file `name` in the open folder `fd` as write_inside says."""
    try:
        st = os.lstat(name, dir_fd=fd)
    except FileNotFoundError:
        st = None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise Refused(shown, "a link, where the builder writes a file", LINK_HINT)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(shown, f"{kind_of(st.st_mode)}, where the builder writes a file", SPECIAL_HINT)
        if exclusive:
            raise FileExistsError(errno.EEXIST, "File exists", shown)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    temp = name if exclusive else f".{name}.{os.urandom(4).hex()}.tmp"
    out = os.open(temp, flags, 0o644, dir_fd=fd)
    try:
        with os.fdopen(out, "wb", closefd=False) as handle:
            handle.writelines([data] if isinstance(data, bytes) else data)
    except BaseException:
        os.close(out)
        with contextlib.suppress(OSError):
            os.unlink(temp, dir_fd=fd)
        raise
    os.close(out)
    if not exclusive:
        os.replace(temp, name, src_dir_fd=fd, dst_dir_fd=fd)


def _write_by_path(root: Path, parts: list[str], data: bytes | Iterable[bytes], exclusive: bool) -> Path:
    """write_inside where folders cannot be opened relative to each other: every level checked by path."""
    here = root
    for i, part in enumerate(parts[:-1]):
        here = here / part
        if here.is_symlink() or (here.exists() and not here.is_dir()):
            raise Refused("/".join(parts[: i + 1]), "a link or a file, where the builder writes a folder", LINK_HINT)
        here.mkdir(exist_ok=True)
    path = here / parts[-1]
    if path.is_symlink():
        raise Refused("/".join(parts), "a link, where the builder writes a file", LINK_HINT)
    if exclusive and path.exists():
        raise FileExistsError(errno.EEXIST, "File exists", "/".join(parts))
    temp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    with open(temp, "xb") as handle:
        handle.writelines([data] if isinstance(data, bytes) else data)
    os.replace(temp, path)
    return path

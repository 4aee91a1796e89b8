"""Work that would stall the server (the search index after a pause in the edits) done in a forked child instead.

The child inherits the kept build as it is at the fork, so it needs no copy and no lock: it works out its answer,
sends it back through a pipe and exits. The server's loop goes on answering requests and rebuilding meanwhile,
and reads the answer when it arrives (a later rebuild makes that answer stale; the caller checks)."""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from tornado import ioloop

READ_BYTES = 1 << 20


def can_fork() -> bool:
    """Fork where it is safe: Linux, and only while this process has one thread (a fork copies no other thread)."""
    from dossier.tricks import safe_mode

    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1 and not safe_mode()


class Forked:
    """compute() run in a child process; done(ok, value) called on the loop with its result or its error's text."""

    def __init__(self, compute: Callable[[], Any], done: Callable[[bool, Any], None]):
        self.done = done
        self.chunks: list[bytes] = []
        self.fd: int | None = None
        self.loop = ioloop.IOLoop.current()
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: answer, and leave without running anything of the parent's (no atexit, no flush)
            os.close(read)
            try:
                try:
                    answer = pickle.dumps((True, compute()), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException as exc:  # noqa: BLE001 (whatever failed is the parent's to report)
                    answer = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(answer)
            finally:
                os._exit(0)
        os.close(write)
        self.fd = read
        self.loop.add_handler(read, self._readable, ioloop.IOLoop.READ)

    def _readable(self, fd: int, events: int) -> None:
        chunk = os.read(fd, READ_BYTES)
        if chunk:
            self.chunks.append(chunk)
            return
        self._close()
        try:
            ok, value = pickle.loads(b"".join(self.chunks))
        except Exception:  # noqa: BLE001 (a child killed or crashed mid-answer)
            ok, value = False, "the background work ended without an answer"
        self.done(ok, value)

    def cancel(self) -> None:
        """Stop the child (its answer would be stale) and forget it."""
        if self.fd is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._close()

    def _close(self) -> None:
        if self.fd is None:
            return
        self.loop.remove_handler(self.fd)
        os.close(self.fd)
        self.fd = None
        os.waitpid(self.pid, 0)

"""Helpers shared by the test modules (imported by name; conftest modules are not importable reliably)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixture"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run build.py as a user would; returns the finished process."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, for byte-for-byte comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def free_port() -> int:
    """A loopback port nothing listens on now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(project: Path, port: int, stderr=subprocess.PIPE, wait: float = 30) -> subprocess.Popen:
    """`build.py serve` on the project in its own process group, once its port accepts connections."""
    import socket
    import time

    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--project", str(project), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        start_new_session=True,
    )
    deadline = time.time() + wait
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    return proc

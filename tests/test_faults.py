"""Faults and attacks (issue 19): what the bad-input table cannot express as one broken file."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, free_port, run_cli, snapshot, start_serve

from dossier.render import markup
from dossier.render.helpers import Wrappers
from dossier.render.pages import environment
from dossier.render.parts import Parts
from dossier.text.ingest import Block
from dossier.text.mentions import Mention


def test_a_mention_link_escapes_its_href_whatever_the_id_holds():
    evil = 'x" onmouseover="alert(1)'
    block = Block("p1", 1, "paragraph", "Moscow said so.", "Moscow said so.")
    block.mentions.append(Mention(evil, "alpha", "p1", 0, 6, "Moscow", "name"))
    tags = Wrappers(Parts(environment(None), {"absolute_links": False}), "sources/alpha.html", {evil: {"id": evil, "name": "Evil"}})
    html = markup.block_html(block, set(), set(), tags)
    assert 'onmouseover="' not in html and ("&#34;" in html or "&quot;" in html)


def test_an_unreadable_record_is_one_line(project, tmp_path, monkeypatch, capsys):
    """A record the builder may not open. Root may open any file, so the refusal is the operating system's, simulated."""
    from dossier import cli

    refused = os.path.realpath(project / "content" / "pages" / "about.yaml")
    real_open = os.open

    def open_as_a_user_would(path, flags, *args, **kwargs):
        if os.path.realpath(path) == refused:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_as_a_user_would)
    assert cli.main(["--project", str(project), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "content/pages/about.yaml: error: cannot read it (permission denied) (hint: check the file's permissions)" in err.splitlines()
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_a_new_source_from_a_non_latin_file_name_asks_for_a_latin_one(project):
    (project / "seeds" / "سوريا-روسيا.txt").write_text("A title\n\nSome text here that is long enough.\n", encoding="utf-8")
    done = run_cli("--project", str(project), "new-source", str(project / "seeds" / "سوريا-روسيا.txt"))
    assert done.returncode == 1
    assert "no id can be made from this file name" in done.stderr
    assert not (project / "content" / "sources" / ".yaml").exists()


# ---------------------------------------------------------------- the output swap


def _build(project, out, *extra):
    return run_cli("--project", str(project), "--out", str(out), *extra)


def _debris(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_what_a_killed_build_left_is_removed_by_the_next(project, tmp_path):
    out = tmp_path / "output"
    assert _build(project, out).returncode == 0
    from dossier.build.write import STAGING

    (tmp_path / ".output.new-0123456789ab").mkdir()  # a killed build, and a killed fallback swap
    (tmp_path / ".output.new-0123456789ab" / STAGING).write_text("")
    (tmp_path / ".output.new-0123456789ab" / "index.html").write_text("half")
    (tmp_path / ".output.old-abcdef012345").mkdir()
    (project / "content" / "pages" / "about.yaml").write_text("title: About\nbody: Changed.\n")
    done = _build(project, out)
    assert done.returncode == 0, done.stderr
    assert _debris(tmp_path) == []


def test_a_crash_between_the_fallback_renames_gets_the_previous_output_back(project, tmp_path):
    out = tmp_path / "output"
    assert _build(project, out).returncode == 0
    pages = sorted(p.relative_to(out) for p in out.rglob("*"))
    (tmp_path / ".output.old-abcdef012345").mkdir()
    out.rename(tmp_path / ".output.old-abcdef012345" / "site")  # the output renamed aside, the fresh one never renamed in
    done = _build(project, out)
    assert done.returncode == 0 and done.stdout.startswith("Up to date"), done.stdout
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == pages and _debris(tmp_path) == []


def test_the_fallback_swap_and_the_exchange_give_the_same_output(project, tmp_path, monkeypatch):
    from dossier.build import write
    from dossier.build.pipeline import build

    build(project, tmp_path / "a")
    build(project, tmp_path / "b")
    (project / "content" / "pages" / "about.yaml").write_text("title: About\nbody: Changed.\n")
    build(project, tmp_path / "a")  # renameat2 on Linux
    monkeypatch.setattr(write, "_EXCHANGE", [None])
    build(project, tmp_path / "b")  # two renames
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert "Changed." in (tmp_path / "b" / "pages" / "about.html").read_text()
    assert _debris(tmp_path) == []


@pytest.mark.parametrize("damage", ["remove-output", "remove-page", "deface-page", "same-size-edit", "same-size-asset"])
def test_a_no_op_build_notices_a_damaged_output(project, tmp_path, damage):
    out = tmp_path / "output"
    assert _build(project, out).returncode == 0
    whole = snapshot(out)
    if damage == "remove-output":
        shutil.rmtree(out)
    elif damage == "remove-page":
        (out / "index.html").unlink()
    elif damage.startswith("same-size"):  # N72: the digest held paths and sizes only
        page = out / ("actors/russia.html" if damage == "same-size-edit" else "assets/search.js")
        before = page.stat()
        data = page.read_bytes()
        page.write_bytes(data.replace(b"Russia", b"Xussia") if b"Russia" in data else data.replace(b"var ", b"let ", 1))
        os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert page.stat().st_size == before.st_size and page.read_bytes() != data
    else:
        (out / "pages" / "about.html").write_text("defaced\n")
    done = _build(project, out)
    assert done.returncode == 0 and done.stdout.startswith("Built "), done.stdout
    assert snapshot(out) == whole


def test_two_builds_of_one_output_take_turns(project, tmp_path):
    from dossier.build.write import output_lock

    out = tmp_path / "output"
    with output_lock(out):
        waiting = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--project", str(project), "--out", str(out)], stdout=subprocess.PIPE, text=True
        )
        time.sleep(1.5)
        assert waiting.poll() is None and not out.exists()  # it waits for the lock, writing nothing
    assert waiting.wait(timeout=60) == 0 and (out / "index.html").is_file()
    assert _debris(tmp_path) == []


@pytest.mark.parametrize("target", ["/var/tmp", "/dev/shm", "/usr/local/src", "/var/mail", "/run/lock/x", "/usr/lib/python3/x"])
def test_system_folders_are_never_an_output(target, project):
    from dossier.build.write import unsafe_target

    assert "system" in unsafe_target(Path(target), project)


def test_a_shared_sticky_folder_is_never_an_output(project, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    done = _build(project, shared)
    assert done.returncode == 1
    assert f"--out: error: refusing to write the site there: '{shared}' is a shared folder (sticky bit), not a site's" in done.stderr


def test_project_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    done = run_cli("--project", str(tmp_path / "file"))
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        == f"--project: error: '{tmp_path / 'file'}' is not a folder (hint: give the dossier's folder, the one holding site.yaml)"
    )


def test_an_unwritable_output_folder_is_one_line(project, tmp_path, monkeypatch):
    from dossier.build import write
    from dossier.build.pipeline import build
    from dossier.problems import BuildFailed

    def full(*_, **__):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "write_inside", full)
    with pytest.raises(BuildFailed) as failed:
        build(project, tmp_path / "output")
    assert [str(p) for p in failed.value.problems] == [
        f"--out: error: cannot write the site to '{tmp_path / 'output'}': no space left on the device (hint: free some space or choose another disk)"
    ]
    assert _debris(tmp_path) == [] and not (tmp_path / "output").exists()


# ---------------------------------------------------------------- text passes


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1e"])
def test_odd_line_separators_inside_a_paragraph_do_not_shift_anchors(separator):
    from dossier.text.ingest import ingest

    plain = ingest("Title\n\nFirst paragraph, which goes on.\nSecond one here, also long enough.\n", [])
    pasted = ingest(f"Title\n\nFirst paragraph,{separator}which goes on.\r\nSecond one here, also long enough.\n", [])
    assert [b.anchor for b in pasted.blocks] == [b.anchor for b in plain.blocks] == ["p1", "p2", "p3"]
    assert pasted.blocks[1].text == "First paragraph, which goes on."
    assert pasted.blocks[2].line == plain.blocks[2].line == 4


def test_one_huge_paragraph_full_of_mentions_renders_in_linear_time():
    from dossier.render import markup
    from dossier.text.ingest import Block

    def render(repeats):
        sentence = "Moscow met Washington. "
        text = sentence * repeats
        block = Block("p1", 1, "paragraph", text, text)
        for i in range(repeats):
            at = i * len(sentence)
            block.mentions.append(Mention("russia", "a", "p1", at, at + 6, "Moscow", "name"))
            block.mentions.append(Mention("united-states", "a", "p1", at + 11, at + 21, "Washington", "name"))
        actors = {"russia": {"id": "russia", "name": "Russia"}, "united-states": {"id": "united-states", "name": "US"}}
        tags = Wrappers(Parts(environment(None), {"absolute_links": False}), "sources/a.html", actors)
        started = time.process_time()  # CPU time: other processes on the machine do not count
        html = markup.block_html(block, set(), set(), tags)
        for m in block.mentions[:: max(1, repeats // 2000)]:
            markup.sentence_html(block, m.start, m.end, ("<mark>", "</mark>"))
        return time.process_time() - started, html

    small = min(render(1_500)[0] for _ in range(3))
    large, html = render(15_000)  # was quadratic: 100 times slower for 10 times the text
    assert html.count('class="mention"') == 30_000
    assert large < 30 * max(small, 0.01)


# ---------------------------------------------------------------- serve and signals


def _raw(port: int, path: str, host: str | None = None, extra: str = "") -> str:
    """The status line of one raw request (raw: an HTTP client would quote the NUL and fix the Host)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host or f'127.0.0.1:{port}'}\r\n{extra}Connection: close\r\n\r\n".encode())
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.split(b"\r\n")[0].decode()


@pytest.fixture
def serving(project):
    port = free_port()
    proc = start_serve(project, port)
    yield project, port, proc
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=60)


def test_serve_refuses_foreign_hosts_and_origins_and_answers_404_to_nul_paths(serving):
    project, port, proc = serving
    assert _raw(port, "/index.html").endswith("200 OK")
    assert _raw(port, "/index.html", host=f"localhost:{port}").endswith("200 OK")
    assert _raw(port, "/index.html", host="evil.example").endswith("403 Forbidden")  # DNS rebinding
    assert _raw(port, "/index.html", extra="Origin: http://evil.example\r\n").endswith("403 Forbidden")
    upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
    assert _raw(port, "/livereload", extra=upgrade + "Origin: http://evil.example\r\n").endswith("403 Forbidden")
    assert _raw(port, "/livereload", extra=upgrade + f"Origin: http://127.0.0.1:{port}\r\n").endswith("101 Switching Protocols")
    for path in ("/index.html%00.txt", "/%00", "/..%00/project/site.yaml"):
        assert _raw(port, path).endswith("404 Not Found"), path
    # A rebuild that meets an OS error (a 300-character file name) shows in the browser like any problem.
    record = project / "content" / "sources" / "beta.yaml"
    record.write_text(record.read_text().replace("seed: seeds/beta.txt", "seed: seeds/" + "a" * 300 + ".txt"))
    deadline = time.time() + 10
    while time.time() < deadline and not _raw(port, "/index.html").endswith("500 Internal Server Error"):
        time.sleep(0.1)
    assert _raw(port, "/index.html").endswith("500 Internal Server Error")
    os.killpg(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and "Traceback" not in err
    assert "the file name is too long" in err and err.strip().endswith("build.py: terminated.")


def test_serve_validates_its_port_and_says_when_it_is_busy(project):
    done = run_cli("--project", str(project), "serve", "--port", "70000")
    assert done.returncode == 1 and "argument --port: 70000 is not a port number (1-65535)" in done.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_cli("--project", str(project), "serve", "--port", str(port))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"serve: error: cannot listen on 127.0.0.1:{port}: the port is in use (hint: stop the other server or choose another --port)"
    )


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT"])
def test_a_stopped_build_leaves_no_staging_and_no_traceback(project, tmp_path, how):
    out = tmp_path / "output"
    assert _build(project, out).returncode == 0
    before = snapshot(out)
    (project / "templates").mkdir()
    (project / "templates" / "page.html").write_text(  # a page that takes minutes to render
        "{% extends 'base.html' %}{% block main %}{% for i in range(10 ** 9) %}{% endfor %}{% endblock %}\n"
    )
    # As from a terminal, where Ctrl-C reaches the build: a suite started in the background (`cmd &` in a script)
    # passes SIGINT on ignored, and Python then leaves it ignored. Reset it, then exec the build.
    as_from_a_terminal = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.executable, sys.argv[1:])"
    proc = subprocess.Popen(
        [sys.executable, "-c", as_from_a_terminal, sys.executable, str(ROOT / "build.py"), "--project", str(project), "--out", str(out)],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline and not any(p.name.startswith(".output.new-") for p in tmp_path.iterdir()):
        time.sleep(0.05)
    time.sleep(0.3)
    os.killpg(proc.pid, getattr(signal, how))
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == {"SIGTERM": 143, "SIGINT": 130}[how]
    assert "Traceback" not in err and err.strip() in ("build.py: terminated.", "build.py: interrupted.")
    assert snapshot(out) == before and _debris(tmp_path) == []


def test_a_build_that_is_pid_1_renders_with_workers(project, tmp_path):
    """In a container the build is PID 1: its render workers must not take that for their parent having died."""
    if subprocess.run(["unshare", "-p", "-f", "--mount-proc", "true"], capture_output=True).returncode != 0:
        pytest.skip("no PID namespaces here (needs root)")
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[3]);"
        "import dossier.render.pages as pages; pages.PARALLEL_FROM = 1;"  # workers even for the small fixture
        "from dossier.build.pipeline import build; print(build(Path(sys.argv[1]), Path(sys.argv[2])).pages)"
    )
    # --kill-child: if the build hangs (as it did: every worker exited at once, the pool kept replacing them), the
    # timeout's kill of unshare takes the namespace's processes with it.
    done = subprocess.run(
        [
            "unshare",
            "-p",
            "-f",
            "--kill-child",
            "--mount-proc",
            sys.executable,
            "-c",
            script,
            str(project),
            str(tmp_path / "out"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert snapshot(tmp_path / "out") == snapshot(_clean(project, tmp_path))


def _clean(project, tmp_path):
    out = tmp_path / "clean"
    assert _build(project, out).returncode == 0
    return out

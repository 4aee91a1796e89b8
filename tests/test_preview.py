"""serve's per-session state: the review queue shown on every served page, and the host guard, with no class-level state."""

from __future__ import annotations

from types import SimpleNamespace

from helpers import FIXTURE

from dossier.editor.review import Entry
from dossier.serve import server


def test_the_review_queue_note_lists_the_names_and_nothing_when_clean():
    preview = server.Preview(FIXTURE, server.allowed_hosts("127.0.0.1"))
    assert server.status_note(preview) == b""
    preview.queue = [Entry("Middle East", 6, "alpha#p6"), Entry("Levant", 1, "beta#p2")]
    note = server.status_note(preview).decode()
    assert 'id="dossier-review-queue"' in note and "2 names no alias links (Middle East, Levant)" in note


def test_two_sessions_keep_their_own_hosts_and_problems():
    local = server.Preview(FIXTURE, server.allowed_hosts("127.0.0.1"))
    wide = server.Preview(FIXTURE, server.allowed_hosts("0.0.0.0"))
    local.problems.append("x")
    assert wide.problems == [] and wide.hosts is None
    request = SimpleNamespace(headers={"Host": "evil.example:8000"})
    assert not server.request_ok(local.hosts, request) and server.request_ok(wide.hosts, request)
    assert server.request_ok(local.hosts, SimpleNamespace(headers={"Host": "localhost:8000", "Origin": "null"}))
    assert not server.request_ok(local.hosts, SimpleNamespace(headers={"Host": "127.0.0.1:8000", "Origin": "http://evil.example"}))


def test_a_broken_override_of_the_note_falls_back_to_the_builders(project):
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "serve-status.html").write_text("{{ names + 1 }}")
    preview = server.Preview(project, None)
    preview.queue = [Entry("Levant", 1, "beta#p2")]
    assert "1 name no alias links (Levant)" in server.status_note(preview).decode()
    (project / "templates" / "serve-status.html").write_text('<p data-o="mine">{{ names | join("/") }}</p>')
    assert server.status_note(preview).decode() == '<p data-o="mine">Levant</p>'


def test_serves_terminal_shows_only_its_own_lines_not_livereloads(project):
    """A broken edit answered with a 500 page: the terminal shows the problem, never livereload's or tornado's lines."""
    import os
    import signal
    import time
    import urllib.error
    import urllib.request

    from helpers import free_port, start_serve

    port = free_port()
    proc = start_serve(project, port)
    try:
        deadline = time.time() + 30
        while time.time() < deadline and not (project / "output" / ".dossier-output").is_file():
            time.sleep(0.1)
        actor = project / "content" / "actors" / "russia.yaml"
        actor.write_text(actor.read_text(encoding="utf-8").replace("kind: state", "kind: country"), encoding="utf-8")
        status = 0
        deadline = time.time() + 30
        while time.time() < deadline and status != 500:
            time.sleep(0.3)
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).status
            except urllib.error.HTTPError as exc:
                status = exc.code
        assert status == 500
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    lines = (out + err).splitlines()
    assert "content/actors/russia.yaml:3: error: kind: 'country' is not one of: person, state, organisation, place, outlet" in lines
    foreign = [line for line in lines if line.startswith("[") or " GET " in line or "Serving on" in line or "watching changes" in line]
    assert foreign == []

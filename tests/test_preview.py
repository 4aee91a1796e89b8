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

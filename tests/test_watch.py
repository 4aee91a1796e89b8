"""serve's watcher: the system reports a save at once (watchfiles, dossier/serve/events.py); the tree scan is the fallback."""

from __future__ import annotations

import os
import time

from dossier.serve.events import Events
from dossier.serve.incremental import scan
from dossier.serve.server import SessionWatcher


def soon(read, wanted, seconds: float = 5.0):
    """What read() gives once it gives anything (events arrive through watchfiles' thread, a moment later)."""
    deadline = time.time() + seconds
    while True:
        got = read()
        if got != wanted[1] or time.time() > deadline:
            return got
        time.sleep(0.01)


def test_events_name_the_saved_file_and_notice_new_folders_and_removals(tmp_path):
    events = Events.open()
    assert events is not None
    (tmp_path / "content").mkdir()
    try:
        assert events.follow(str(tmp_path))
        nothing = (set(), set(), False)
        assert events.read() == nothing
        (tmp_path / "content" / "a.yaml").write_text("x: 1\n", encoding="utf-8")
        assert soon(events.read, (None, nothing)) == ({str(tmp_path / "content" / "a.yaml")}, set(), False)
        (tmp_path / "content" / "sub").mkdir()
        assert soon(events.read, (None, nothing)) == (set(), {str(tmp_path / "content" / "sub")}, False)
        (tmp_path / "content" / "a.yaml").unlink()
        assert soon(events.read, (None, nothing))[2] is True  # removed: a scan tells what went
        (tmp_path / "site.yaml").write_text("title: t\n", encoding="utf-8")  # the project folder itself is watched
        assert str(tmp_path / "site.yaml") in soon(events.read, (None, nothing))[0]
    finally:
        events.close()


def project(tmp_path):
    for folder in ("content/sources", "seeds", "templates"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "content/sources/a.yaml").write_text("id: a\n", encoding="utf-8")
    return tmp_path


def test_a_save_is_seen_without_scanning_the_tree(tmp_path):
    root = project(tmp_path)
    seen = []
    watcher = SessionWatcher(root, seen.append, scan(root))
    assert watcher.events is not None
    watcher.examine()  # the first poll scans
    watcher.SCAN_WITH_EVENTS_S = 1e9  # from here on, only the kernel's events can show a change
    (root / "content/sources/a.yaml").write_text("id: a\ntitle: saved\n", encoding="utf-8")
    (root / "content/sources/.a.yaml.swp").write_text("editor's", encoding="utf-8")
    assert soon(lambda: watcher.examine()[0], (None, None)) == "content/sources/a.yaml"
    assert seen[-1] == scan(root)
    scanned = watcher.scanned
    (root / ".output.new-1").mkdir()  # serve's staging beside the output: no input, no scan
    assert watcher.examine()[0] is None and watcher.scanned == scanned
    (root / "content/actors").mkdir()  # a new input folder: scanned, and watched from now on
    soon(lambda: watcher.examine() and watcher.scanned != scanned, (None, False))  # until the event came and it scanned
    (root / "content/actors/b.yaml").write_text("id: b\n", encoding="utf-8")
    assert soon(lambda: watcher.examine()[0], (None, None)) == "content/actors/b.yaml"
    assert seen[-1] == scan(root)


def test_without_events_the_watcher_polls(tmp_path, monkeypatch):
    monkeypatch.setattr(Events, "open", classmethod(lambda cls: None))
    root = project(tmp_path)
    seen = []
    watcher = SessionWatcher(root, seen.append, scan(root))
    assert watcher.events is None
    os.utime(root / "site.yaml", ns=(1, 1))
    assert watcher.examine()[0] == "site.yaml"
    assert seen[-1] == scan(root)

"""serve's watcher: on Linux the kernel reports a save at once (dossier/inotify.py); the tree scan is the fallback."""

from __future__ import annotations

import os
import sys

import pytest

from dossier.serve.incremental import scan
from dossier.serve.inotify import Events
from dossier.serve.server import SessionWatcher

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


@linux
def test_events_name_the_saved_file_and_notice_new_folders(tmp_path):
    events = Events.open()
    assert events is not None
    try:
        assert events.watch(str(tmp_path))
        assert events.read() == (set(), set(), False)
        (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")
        assert events.read() == ({str(tmp_path / "a.yaml")}, set(), False)
        (tmp_path / "sub").mkdir()
        assert events.read() == (set(), {str(tmp_path / "sub")}, False)
    finally:
        events.close()


def project(tmp_path):
    for folder in ("content/sources", "seeds", "templates"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "content/sources/a.yaml").write_text("id: a\n", encoding="utf-8")
    return tmp_path


@linux
def test_a_save_is_seen_without_scanning_the_tree(tmp_path):
    root = project(tmp_path)
    seen = []
    watcher = SessionWatcher(root, seen.append, scan(root))
    assert watcher.events is not None
    watcher.examine()  # the first poll scans
    watcher.SCAN_WITH_EVENTS_S = 1e9  # from here on, only the kernel's events can show a change
    (root / "content/sources/a.yaml").write_text("id: a\ntitle: saved\n", encoding="utf-8")
    (root / "content/sources/.a.yaml.swp").write_text("editor's", encoding="utf-8")
    assert watcher.examine()[0] == "content/sources/a.yaml"
    assert seen[-1] == scan(root)
    scanned = watcher.scanned
    (root / ".output.new-1").mkdir()  # serve's staging beside the output: no input, no scan
    assert watcher.examine()[0] is None and watcher.scanned == scanned
    (root / "content/actors").mkdir()  # a new input folder: scanned, and watched from now on
    watcher.examine()
    (root / "content/actors/b.yaml").write_text("id: b\n", encoding="utf-8")
    assert watcher.examine()[0] == "content/actors/b.yaml"
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

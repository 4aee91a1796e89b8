"""What changed: the published record (published.json), changes.html, the feed's dates and each page's 'last changed'."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import snapshot

from dossier.build.pipeline import build
from dossier.build.record import merge

DAY1, DAY2 = "1764720000", "1764806400"  # SOURCE_DATE_EPOCH: 2025-12-03 and 2025-12-04


def rebuild(project: Path, out: Path, monkeypatch, epoch: str):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    return build(project, out, base_url="https://example.org/d/")


def edit_claim(project: Path) -> None:
    record = project / "content" / "sources" / "alpha.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("text: The Kremlin wants Portus.", "text: The Kremlin wants to keep Portus.", 1), encoding="utf-8")


def test_two_builds_around_an_edit_give_changes_and_a_feed_entry_dated_by_the_change(project, monkeypatch):
    out = project / "output"
    rebuild(project, out, monkeypatch, DAY1)
    first = json.loads((out / "published.json").read_text(encoding="utf-8"))
    assert first["log"] == [] and all(v["changed"] is None for v in first["items"].values())
    assert "No change recorded yet" in (out / "changes.html").read_text(encoding="utf-8")
    edit_claim(project)
    rebuild(project, out, monkeypatch, DAY2)
    record = json.loads((out / "published.json").read_text(encoding="utf-8"))
    assert [(e["date"], e["key"], e["change"]) for e in record["log"]] == [("2025-12-04", "claim:alpha#2", "changed")]
    changes = (out / "changes.html").read_text(encoding="utf-8")
    assert 'id="d-2025-12-04"' in changes and "The Kremlin wants to keep Portus." in changes
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "<updated>2025-12-04T00:00:00Z</updated>" in feed and "changes.html#d-2025-12-04" in feed
    assert "2000-01-01" not in feed
    for page in ("sources/alpha.html", "actors/russia.html", "themes/bases.html", "index.html"):
        assert "Content last changed 4 December 2025" in (out / page).read_text(encoding="utf-8"), page
    assert "Content last changed" not in (out / "sources/beta.html").read_text(encoding="utf-8")


def test_a_build_that_changes_nothing_is_byte_identical_whatever_the_day(project, monkeypatch, tmp_path):
    out = project / "output"
    rebuild(project, out, monkeypatch, DAY1)
    edit_claim(project)
    rebuild(project, out, monkeypatch, DAY2)
    before = snapshot(out)
    (project / "content" / "sources" / "alpha.yaml").write_text(
        (project / "content" / "sources" / "alpha.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )  # an input changed, its content did not: a real build, no new date
    rebuild(project, out, monkeypatch, str(int(DAY2) + 86400 * 30))
    after = snapshot(out)
    differ = [p for p in before if before[p] != after.get(p) and p != ".dossier-output"]
    assert differ == [] and sorted(before) == sorted(after)


def test_the_record_survives_a_clean_checkout_through_the_committed_copy(project, monkeypatch, tmp_path):
    out = project / "output"
    rebuild(project, out, monkeypatch, DAY1)
    shutil.copy(out / "published.json", project / "published.json")  # the curator commits it once
    edit_claim(project)
    rebuild(project, out, monkeypatch, DAY2)
    assert (project / "published.json").read_bytes() == (out / "published.json").read_bytes()  # kept up to date
    clean = tmp_path / "checkout"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("output"))  # CI: no previous output
    rebuild(clean, clean / "output", monkeypatch, str(int(DAY2) + 86400))
    assert (clean / "output" / "changes.html").read_bytes() == (out / "changes.html").read_bytes()
    assert (clean / "output" / "published.json").read_bytes() == (out / "published.json").read_bytes()


def test_a_test_or_preview_build_elsewhere_never_writes_the_committed_copy(project, monkeypatch, tmp_path):
    rebuild(project, project / "output", monkeypatch, DAY1)
    shutil.copy(project / "output" / "published.json", project / "published.json")
    kept = (project / "published.json").read_bytes()
    edit_claim(project)
    rebuild(project, tmp_path / "elsewhere", monkeypatch, DAY2)
    assert (project / "published.json").read_bytes() == kept


def test_merge_records_additions_removals_and_likelihood_moves_once_a_day():
    before = merge(None, {"claim:a#1": {"hash": "1", "label": "A", "page": "p", "likelihood": "likely"}})
    after = merge(before, {"claim:a#1": {"hash": "2", "label": "A", "page": "p", "likelihood": "unlikely"}}, "2025-01-02")
    assert after["log"] == [
        {"date": "2025-01-02", "key": "claim:a#1", "change": "changed", "label": "A", "page": "p", "from": "likely", "to": "unlikely"}
    ]
    again = merge(after, {"claim:a#1": {"hash": "3", "label": "A2", "page": "p", "likelihood": "unlikely"}}, "2025-01-02")
    assert len(again["log"]) == 1 and again["log"][0]["label"] == "A2" and again["log"][0]["from"] == "likely"
    gone = merge(again, {"claim:b#1": {"hash": "9", "label": "B", "page": "q"}}, "2025-01-03")
    assert {(e["key"], e["change"]) for e in gone["log"] if e["date"] == "2025-01-03"} == {("claim:a#1", "removed"), ("claim:b#1", "added")}
    assert gone["items"]["claim:b#1"]["added"] == "2025-01-03"


@pytest.mark.parametrize("epoch", [DAY1])
def test_source_date_epoch_dates_a_change(epoch, monkeypatch):
    from dossier.build.record import today

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert today() == "2025-12-03"


def test_serve_dates_a_change_against_the_record_published_before_it_and_ends_as_a_clean_build(project, monkeypatch, tmp_path):
    from dossier.serve.incremental import Session

    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY1)
    build(project, project / "output")
    shutil.copy(project / "output" / "published.json", project / "published.json")
    session = Session(project, tmp_path / "served")
    assert session.rebuild()[1] == "full"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY2)
    edit_claim(project)
    assert session.rebuild()[1] == "full"  # a change the record dates: every page that says when it changed
    session.settle()
    clean = tmp_path / "clean"
    build(project, clean)
    served, wanted = snapshot(tmp_path / "served"), snapshot(clean)
    assert [p for p in wanted if p != ".dossier-output" and served.get(p) != wanted[p]] == []
    assert 'id="d-2025-12-04"' in (clean / "changes.html").read_text(encoding="utf-8")
    record = project / "content" / "sources" / "alpha.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("kind: assessment", "kind: forecast"), encoding="utf-8")
    assert session.rebuild()[1] == "alpha"  # the same claim changed again the same day: the dates stand, one source updated


def test_days_finds_by_key_and_prefix_what_a_scan_of_every_day_finds():
    """record.Days (changed_on's lookup, once per render pass) against the scan it replaced, over random keys."""
    import random

    from dossier.build.record import Days

    rnd = random.Random(3)
    keys = {
        f"{kind}:{rnd.choice('ab')}{rnd.choice(['', '-x', 'x'])}{rnd.choice(['#1', '#12', '/s', '/s-2', ''])}"
        for kind in ("source", "claim", "stance", "judgment")
        for _ in range(40)
    }
    days = {k: f"2026-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}" for k in keys if rnd.random() < 0.7}
    lookup = Days(days)
    wanted = sorted(keys) + ["", "claim:", "claim:a#", "stance:b/", "judgment:", "nothing:"]
    for _ in range(500):
        exact = {k for k in rnd.sample(wanted, 3) if k and not k.endswith(("#", "/", ":"))}
        prefixes = tuple(k for k in rnd.sample(wanted, 2) if k not in exact)
        found = [d for k, d in days.items() if k in exact or (prefixes and k.startswith(prefixes))]
        assert lookup.latest(exact, prefixes) == (max(found) if found else None)


def test_a_sources_last_change_for_the_feed_is_what_a_scan_of_every_day_finds():
    """extras.source_changes (one pass over the days) against the scan per source it replaced, over random keys."""
    import random

    from dossier.render.extras import source_changes

    rnd = random.Random(5)
    ids = ["a", "b", "a-b", "b#1", "x/a", ""]
    for _ in range(200):
        keys = {
            rnd.choice(["source:", "claim:", "stance:t/", "stance:", "judgment:", "other/"])
            + rnd.choice(ids)
            + rnd.choice(["", "#1", "#2#3", "/a", "/b"])
            for _ in range(rnd.randint(0, 12))
        }
        days = {k: f"2026-0{rnd.randint(1, 9)}-0{rnd.randint(1, 9)}" for k in keys}
        order = rnd.sample(ids, 4)
        scan = {
            sid: max(d for k, d in days.items() if k == f"source:{sid}" or k.startswith(f"claim:{sid}#") or k.endswith(f"/{sid}"))
            for sid in order
            if any(k == f"source:{sid}" or k.startswith(f"claim:{sid}#") or k.endswith(f"/{sid}") for k in days)
        }
        assert source_changes(days, order) == scan
        assert list(source_changes(days, order)) == list(scan)

"""The output is swapped in by one atomic exchange where the system has one: no reader ever finds output/ missing.

The two-rename fallback gives the same bytes, so comparing outputs cannot tell the two apart; these tests look at
output/ between the steps of a swap (in process) and from another process during many swaps."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dossier.build import write

EXCHANGE = write._exchange_function() is not None


def _site(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / "index.html").write_text(text)
    return folder


@pytest.mark.skipif(not EXCHANGE, reason="no renameat2/renamex_np here: the fallback is all there is")
def test_the_swap_never_leaves_a_moment_without_the_output(tmp_path, monkeypatch):
    out = _site(tmp_path / "output", "old")
    seen: list[bool] = []
    rename = os.rename

    def watched(a, b):  # every rename a swap makes, and whether output/ was whole right after it
        rename(a, b)
        seen.append((out / "index.html").is_file())

    monkeypatch.setattr(os, "rename", watched)
    write.swap_in(_site(tmp_path / "fresh", "new"), out)
    assert (out / "index.html").read_text() == "new"
    assert all(seen), "output/ was missing between two renames: the atomic exchange was not used"


def test_the_fallback_is_told_apart_by_the_same_check(tmp_path, monkeypatch):
    """The check above catches the two-rename path (so the test would fail if the exchange stopped being used)."""
    monkeypatch.setattr(write, "_EXCHANGE", [None])
    out = _site(tmp_path / "output", "old")
    seen: list[bool] = []
    rename = os.rename

    def watched(a, b):
        rename(a, b)
        seen.append((out / "index.html").is_file())

    monkeypatch.setattr(os, "rename", watched)
    write.swap_in(_site(tmp_path / "fresh", "new"), out)
    assert (out / "index.html").read_text() == "new" and not all(seen)


READER = textwrap.dedent(
    """
    import os, sys
    out, stop = sys.argv[1], sys.argv[2]
    looks = misses = 0
    print("ready", flush=True)
    while not os.path.exists(stop):
        looks += 1
        if not os.path.isfile(os.path.join(out, "index.html")):
            misses += 1
    print(looks, misses)
    """
)


@pytest.mark.skipif(not EXCHANGE, reason="no renameat2/renamex_np here")
def test_a_reader_in_another_process_never_finds_the_output_missing_during_swaps(tmp_path):
    out, stop = _site(tmp_path / "output", "0"), tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(out), str(stop)], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "ready"
        for n in range(1, 400):
            write.swap_in(_site(tmp_path / f"fresh-{n}", str(n)), out)
    finally:
        stop.touch()
        looks, misses = map(int, reader.communicate(timeout=60)[0].split())
    assert looks > 0 and misses == 0, f"output/ was missing {misses} times in {looks} looks"

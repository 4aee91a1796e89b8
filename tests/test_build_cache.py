"""The build cache (dossier/build/cache.py) as an oracle sees it: random edits, each followed by a build with the warm cache
and by a clean `--no-cache` build in ANOTHER process, byte for byte the same; a corrupted or foreign cache is never trusted."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURE, run_cli, snapshot
from serve_edits import apply_random_edit, edited_project

from dossier.build import cache, record
from dossier.build.pipeline import build
from dossier.problems import BuildFailed
from dossier.serve.verify import clean_build, differences

ENTRIES = (".dossier", "cache", "pages")


def run(tmp_path: Path, seed: int, steps: int, overridden: bool = False, synthetic: bool = False) -> int:
    """`steps` random edits; after each, a build with the warm cache against a clean build in another process.

    Both compare with one published record taken at the start, so the edits are dated and pages say so. Returns the
    pages taken from the cache over the run."""
    rng = random.Random(seed)
    project = edited_project(tmp_path, synthetic, overridden)
    first = build(project, tmp_path / "first")
    baseline = tmp_path / "baseline.json"
    shutil.copy(tmp_path / "first" / record.NAME, baseline)
    previous = record.read(tmp_path / "first", project)
    warm, clean = tmp_path / "warm", tmp_path / "clean"
    build(project, warm, cache=True, previous=previous)  # fills the cache
    taken, history, undo = 0, [], None
    assert first.pages
    for step in range(steps):
        if undo is not None:  # the last edit broke the content: undone, as a curator would
            _restore(project, undo)
            undo, _ = None, history.append("undo")
        else:
            before = snapshot(project)
            history.append(apply_random_edit(rng, project))
        for folder in (warm, clean):
            shutil.rmtree(folder, ignore_errors=True)
        reference = clean_build(project, clean, record=baseline)
        where = f"seed {seed}, edit {step + 1}: {history[-1]}; before it: {history[:-1]}"
        try:
            result = build(project, warm, cache=True, previous=previous)
            failed = None
        except BuildFailed as exc:
            failed = exc
        if reference.returncode != 0:
            assert failed is not None, f"the cached build passed where a clean build failed: {reference.stderr}\n{where}"
            wanted = {line for line in (reference.stdout + reference.stderr).splitlines() if ": error: " in line}
            assert {str(p) for p in failed.problems if ": error: " in str(p)} == wanted, where
            undo = {k: v for k, v in before.items() if not k.startswith(".dossier/")}
            continue
        assert failed is None, f"the cached build failed where a clean build passed: {[str(p) for p in failed.problems]}\n{where}"
        assert differences(warm, clean) == [], where
        taken += result.cached
    return taken


def _restore(project: Path, files: dict[str, bytes]) -> None:
    for rel in set(snapshot(project)) - set(files):
        if not rel.startswith(".dossier/"):
            (project / rel).unlink()
    for rel, data in files.items():
        path = project / rel
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def test_random_edits_built_with_the_warm_cache_equal_a_clean_build_in_another_process(tmp_path):
    assert run(tmp_path, seed=3, steps=10) > 0  # most pages came from the cache, and were right


@pytest.mark.full
@pytest.mark.parametrize("seed", [1])
@pytest.mark.parametrize("overridden", [False, True], ids=["built-in templates", "every partial overridden"])
def test_hundreds_of_random_edits_built_with_the_cache_equal_a_clean_build(tmp_path, overridden, seed):
    run(
        tmp_path, seed=seed, steps=30, overridden=overridden
    )  # 2 x 30 = 60 edits and 50 past twenty sources below (the cache is opt-in: the suite's time goes to serve's oracle)


@pytest.mark.full
@pytest.mark.parametrize("seed", [6, 7])
def test_random_edits_of_a_dossier_past_twenty_sources_built_with_the_cache(tmp_path, seed):
    assert run(tmp_path, seed=seed, steps=25, synthetic=True) > 0


def test_a_warm_build_takes_every_page_from_the_cache_and_writes_the_same_bytes(tmp_path):
    project = shutil.copytree(FIXTURE, tmp_path / "project")
    cold = build(project, tmp_path / "cold", cache=True)
    assert cold.cached == 0 and (project / ".dossier" / "cache" / "pages").is_dir()
    warm = build(project, tmp_path / "warm", cache=True)
    assert warm.cached == warm.pages == cold.pages
    assert snapshot(tmp_path / "warm") == snapshot(tmp_path / "cold")
    entries = sorted((project.joinpath(*ENTRIES)).iterdir())
    assert len(entries) == cold.pages  # one entry a page, nothing else


def _corrupt(folder: Path) -> None:
    """Every way a cache goes bad: bytes flipped, files cut short or emptied, entries swapped, foreign files and a link."""
    entries = sorted(p for p in folder.iterdir() if p.is_file())
    for n, path in enumerate(entries):
        data = bytearray(path.read_bytes())
        how = n % 5
        if how == 0:  # a byte flipped in the page
            data[-3] ^= 0x20
        elif how == 1:  # cut short
            data = data[: len(data) // 2]
        elif how == 2:  # a byte flipped in the header (its key)
            data[20] ^= 0x01
        elif how == 3:  # another page's entry under this page's name (its header and hash are sound)
            data = bytearray(entries[(n + 1) % len(entries)].read_bytes())
        else:
            data = bytearray()
        path.write_bytes(bytes(data))
    (folder / "foreign.txt").write_bytes(b"not an entry")
    (folder / ("0" * 40)).mkdir()
    os.symlink("/etc/hostname", folder / ("1" * 40))


def test_a_corrupted_cache_is_ignored_and_the_output_equals_a_clean_build(tmp_path):
    project = shutil.copytree(FIXTURE, tmp_path / "project")
    build(project, tmp_path / "cold", cache=True)
    _corrupt(project.joinpath(*ENTRIES))
    done = build(project, tmp_path / "after", cache=True)
    assert done.cached == 0  # every entry was bad in one way or another: none trusted
    reference = clean_build(project, tmp_path / "clean")
    assert reference.returncode == 0, reference.stderr
    assert differences(tmp_path / "after", tmp_path / "clean") == []
    # What the corrupted build wrote is sound again; the foreign files it could remove are gone, the folder stays.
    names = {p.name for p in project.joinpath(*ENTRIES).iterdir()}
    assert "foreign.txt" not in names and "1" * 40 not in names and "0" * 40 in names
    again = build(project, tmp_path / "again", cache=True)
    assert again.cached == again.pages
    assert differences(tmp_path / "again", tmp_path / "clean") == []


def test_a_cache_from_another_engine_version_is_not_used(tmp_path, monkeypatch):
    project = shutil.copytree(FIXTURE, tmp_path / "project")
    monkeypatch.setattr(cache, "__version__", "0.0.1")
    build(project, tmp_path / "old", cache=True)
    monkeypatch.undo()
    done = build(project, tmp_path / "new", cache=True)
    assert done.cached == 0
    assert build(project, tmp_path / "newer", cache=True).cached == done.pages


def test_a_changed_template_override_re_renders_its_pages(tmp_path):
    project = shutil.copytree(FIXTURE, tmp_path / "project")
    build(project, tmp_path / "one", cache=True)
    (project / "templates" / "partials").mkdir(parents=True)
    text = (Path(__file__).parent.parent / "templates" / "partials" / "permalink.html").read_text(encoding="utf-8")
    (project / "templates" / "partials" / "permalink.html").write_text(text.replace("¶", "§"), encoding="utf-8")
    done = build(project, tmp_path / "two", cache=True)
    assert done.cached == 0
    assert clean_build(project, tmp_path / "clean").returncode == 0
    assert differences(tmp_path / "two", tmp_path / "clean") == []


def test_the_cache_is_used_only_when_asked_and_no_cache_overrides_it(tmp_path):
    project = shutil.copytree(FIXTURE, tmp_path / "project")
    done = run_cli("build", cwd=project)
    assert done.returncode == 0, done.stderr
    assert not (project / ".dossier" / "cache").exists()  # off by default
    shutil.rmtree(project / "output")
    done = run_cli("build", "--cache", "--no-cache", cwd=project)
    assert done.returncode == 0, done.stderr
    assert not (project / ".dossier" / "cache").exists()
    assert run_cli("build", "--cache", cwd=project).returncode == 0  # a build after a no-op check finds it up to date: nothing to cache
    shutil.rmtree(project / "output")
    assert run_cli("build", "--cache", cwd=project).returncode == 0
    assert len(list(project.joinpath(*ENTRIES).iterdir())) > 0
    shutil.rmtree(project / "output")
    checked = run_cli("check", "--cache", cwd=project)
    assert checked.returncode == 0, checked.stderr


def test_a_link_where_the_cache_would_be_is_never_followed(tmp_path):
    project = shutil.copytree(FIXTURE, tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / ".dossier").mkdir()
    os.symlink(elsewhere, project / ".dossier" / "cache")
    done = build(project, tmp_path / "out", cache=True)
    assert done.pages and list(elsewhere.iterdir()) == []


def test_serve_with_the_cache_ends_as_a_clean_build(tmp_path):
    from dossier.serve.incremental import Session

    rng = random.Random(11)
    project = shutil.copytree(FIXTURE, tmp_path / "project")
    build(project, tmp_path / "first", cache=True)  # serve's first full build then takes its pages from the cache
    session = Session(project, tmp_path / "served", cache=True)
    session.rebuild()
    session.settle()
    hows = []
    for step in range(6):
        edit = apply_random_edit(rng, project)
        try:
            hows.append(session.rebuild()[1])
        except BuildFailed:
            continue
        session.settle()
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        assert clean_build(project, tmp_path / "clean").returncode == 0
        assert differences(session.out, tmp_path / "clean") == [], f"edit {step + 1}: {edit}"
    assert hows

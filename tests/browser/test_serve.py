"""`build.py serve` as an editor uses it: edit YAML, the open page updates by itself; a typo shows; the fix heals."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from helpers import FIXTURE, free_port, start_serve

pytestmark = pytest.mark.browser


@pytest.fixture
def served(tmp_path):
    """The fixture dossier under `build.py serve`, stopped after the test."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    port = free_port()
    proc = start_serve(project, port, stderr=subprocess.STDOUT, wait=20)
    yield project, f"http://127.0.0.1:{port}/"
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=10)


def save(path: Path, old: str, new: str) -> float:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return time.perf_counter()


def test_edit_reloads_page_and_errors_show_in_browser(served, page):
    project, url = served
    actor = project / "content" / "actors" / "anna-berg.yaml"
    page.goto(url + "actors/anna-berg.html")
    page.wait_for_function("() => window.LiveReload !== undefined || document.querySelector('script[src*=livereload]')")
    page.wait_for_timeout(300)  # let the websocket hand-shake

    latencies = []
    for i in range(3):
        marker = f"Edited profile {i}"
        saved = save(actor, "President of Ruritania (" if i == 0 else f"Edited profile {i - 1} (", f"{marker} (")
        page.wait_for_function(f"() => document.body.innerText.includes({marker!r})", timeout=10_000)
        latencies.append(time.perf_counter() - saved)
        page.wait_for_timeout(200)
    print(f"save-to-reloaded-page latencies: {', '.join(f'{s * 1000:.0f} ms' for s in latencies)}")

    save(actor, "target: ruritania", "target: ruritanai")
    page.wait_for_function("() => document.body.innerText.includes('Build failed')", timeout=10_000)
    assert (
        "content/actors/anna-berg.yaml:10: error: relations[0].target: unknown actor 'ruritanai' (hint: did you mean 'ruritania'?)"
        in page.inner_text("#problems")
    )

    save(actor, "target: ruritanai", "target: ruritania")
    page.wait_for_function("() => document.body.innerText.includes('Edited profile 2')", timeout=10_000)
    assert page.title().startswith("Anna Berg")


def test_a_source_edit_updates_every_open_page_that_shows_it(served, page, browser):
    """One source's claim re-worded: the actor page quoting it and the source page itself both reload with it."""
    project, url = served
    page.goto(url + "actors/anna-berg.html")
    other = browser.new_page()
    other.goto(url + "sources/alpha.html")
    for p in (page, other):
        p.wait_for_function("() => document.querySelector('script[src*=livereload]') !== null")
    page.wait_for_timeout(300)  # let both websockets hand-shake
    assert "Berg met Putin in Moscow." in page.inner_text("main")
    save(project / "content" / "sources" / "alpha.yaml", "text: Berg met Putin in Moscow.", "text: Berg and Putin met in Moscow.")
    for p in (page, other):
        p.wait_for_function("() => document.querySelector('main').innerText.includes('Berg and Putin met in Moscow.')", timeout=10_000)
    assert "Berg met Putin in Moscow." not in page.inner_text("main")
    other.close()


def test_serve_answers_404_outside_the_site(served):
    import urllib.error
    import urllib.request

    _, url = served
    for path in ("../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/hostname", "sources/../../seeds/alpha.txt"):
        # http.client keeps the path as written, so the dots reach the server.
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(url + path, timeout=5)
        assert caught.value.code == 404, path
    assert urllib.request.urlopen(url + "index.html", timeout=5).status == 200


def test_the_reader_keeps_their_place_through_a_broken_edit_and_its_fix(served, page):
    """P16: after an error page and the fix, the page came back at its top; now where the reader was. A link to a
    paragraph still lands on the paragraph (the place is put back on a reload only)."""
    project, url = served
    page.set_viewport_size({"width": 800, "height": 300})
    page.goto(url + "actors/anna-berg.html")
    page.wait_for_function("() => document.querySelector('script[src*=livereload]') !== null")
    page.wait_for_timeout(300)  # let the websocket hand-shake
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height > 900, height  # room to scroll
    page.evaluate("window.scrollTo(0, 600)")
    actor = project / "content" / "actors" / "anna-berg.yaml"
    save(actor, "target: ruritania", "target: ruritanai")
    page.wait_for_function("() => document.body.innerText.includes('Build failed')", timeout=10_000)
    save(actor, "target: ruritanai", "target: ruritania")
    page.wait_for_function(
        "() => !document.body.innerText.includes('Build failed') && document.title.startsWith('Anna Berg')", timeout=10_000
    )
    page.wait_for_function("() => Math.abs(window.scrollY - 600) <= 2", timeout=5_000)
    page.goto(url + "sources/alpha.html#p2")  # a new visit, not a reload: the fragment decides
    top = page.evaluate("document.getElementById('p2').getBoundingClientRect().top")
    assert 0 <= top < 100, top

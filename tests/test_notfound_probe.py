"""The site never builds a link from the address bar (issue 26, point 3): the 404 page's probe, run under node with
a fake browser, only ever asks its own origin and points its links there, whatever the path holds."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from dossier.build.pipeline import build

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node")

HARNESS = r"""
const vm = require("vm");
const [script, origin, pathname, answering] = JSON.parse(process.argv[1]);
const asked = [], anchors = ["index.html", "themes/index.html", "actors/index.html", "sources/index.html"].map(
  (p) => ({ path: p, href: p, getAttribute: () => p }));
const root = { attrs: {}, setAttribute(k, v) { this.attrs[k] = v; } };
const context = {
  URL, location: { protocol: origin.split(":")[0] + ":", origin, pathname },
  document: { querySelectorAll: () => anchors, documentElement: root },
  fetch: (url) => { asked.push(url); const ok = answering === "*" || url === origin + answering + "assets/favicon.svg";
    return Promise.resolve({ ok, headers: { get: () => "image/svg+xml" } }); },
};
context.window = context;
vm.runInNewContext(script, context);
setTimeout(() => console.log(JSON.stringify({ asked, hrefs: anchors.map((a) => a.href), root: root.attrs["data-root"] || null })), 50);
"""

ORIGIN = "http://site.example"


@pytest.fixture(scope="module")
def probe(tmp_path_factory) -> str:
    from helpers import FIXTURE

    out = tmp_path_factory.mktemp("notfound") / "out"
    build(FIXTURE, out)
    html = (out / "404.html").read_text(encoding="utf-8")
    return re.search(r"<script>(.*?)</script>", html, re.S).group(1)


def run(script: str, pathname: str, answering: str = "*") -> dict:
    done = subprocess.run(
        ["node", "-e", HARNESS, json.dumps([script, ORIGIN, pathname, answering])], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    "pathname",
    [
        "//127.0.0.1:9/phish/x",
        "///evil.example/x",
        "//evil.example/",
        "/.//evil.example/a/x",
        "/%2F%2Fevil.example/x",
        "//user@evil.example/x/y",
    ],
)
def test_a_path_naming_another_host_never_leaves_the_origin(probe, pathname):
    seen = run(probe, pathname)  # every probe answered with an icon: the worst host
    assert seen["asked"] and all(url.startswith(ORIGIN + "/") for url in seen["asked"]), seen
    assert all(href.startswith(ORIGIN + "/") for href in seen["hrefs"]), seen


@pytest.mark.parametrize(
    ("pathname", "answering", "root"),
    [
        ("/dossier/missing/page.html", "/dossier/", "/dossier/"),
        ("/a/b/c/x", "/", "/"),
        ("/x", "/", "/"),
        ("//dossier//x/y", "/dossier/", "/dossier/"),
    ],
)
def test_the_probe_still_finds_the_site_root_at_any_depth(probe, pathname, answering, root):
    seen = run(probe, pathname, answering)
    assert seen["root"] == root
    assert seen["hrefs"][0] == ORIGIN + root + "index.html" and seen["hrefs"][3] == ORIGIN + root + "sources/index.html"

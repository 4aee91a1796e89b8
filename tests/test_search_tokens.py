"""Search tokenises one way (issue 26, point 5): the Python indexer and search.js split and fold words identically,
checked on one shared file of vectors, and a query word never reaches an object's prototype keys."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from helpers import ROOT

from dossier.render.search import split_index, tokens

VECTORS = json.loads((ROOT / "tests" / "search_vectors.json").read_text(encoding="utf-8"))
SCRIPT = (ROOT / "templates" / "assets" / "search.js").read_text(encoding="utf-8")
node = pytest.mark.skipif(shutil.which("node") is None, reason="needs node")


def function(name: str) -> str:
    """One function of search.js, as written there."""
    found = re.search(rf"\n(  function {name}\(.*?\n  }}\n)", SCRIPT, re.S)
    assert found, name
    return found.group(1)


def run_node(body: str, data) -> object:
    done = subprocess.run(["node", "-e", body, json.dumps(data)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_python_tokens_match_the_shared_vectors(vector):
    assert tokens(vector["text"]) == vector["tokens"]


@node
def test_search_js_tokens_match_the_shared_vectors():
    body = function("tokens") + "const v = JSON.parse(process.argv[1]); console.log(JSON.stringify(v.map((x) => tokens(x.text))));"
    assert run_node(body, VECTORS) == [v["tokens"] for v in VECTORS]


@node
@pytest.mark.parametrize("word", ["constructor", "tostring", "valueof", "hasownproperty", "isprototypeof", "proto"])
def test_a_query_word_never_finds_a_prototype_key(word):
    """Whatever the word, piecesFor names pieces (strings), never a function found on Object.prototype."""
    body = (
        "const [head, word] = JSON.parse(process.argv[1]);"
        + function("piecesFor")
        + "console.log(JSON.stringify(piecesFor(word).map((n) => typeof n)));"
    )
    names = run_node(body, [{"pieces": ["a", "con", "t"], "prefixes": {"c": "x0"}}, word])
    assert names and all(kind == "string" for kind in names)


def test_the_index_holds_a_devanagari_word_and_constructor_as_a_query_splits_them():
    docs = [{"kind": "paragraph", "title": "T", "url": "u", "where": "w", "text": "भारत की राजधानी and a constructor"}]
    files = split_index(docs)
    terms = b"".join(data for path, data in files.items() if "/t" in path).decode("utf-8")
    for word in ("भारत", "constructor"):
        assert all(f'"{token}"' in terms for token in tokens(word)), word

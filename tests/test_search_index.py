"""The split search index: tokens, postings as written and read back, capped lists, prefix pieces, chunks."""

from __future__ import annotations

import json
import re

from dossier.render import search

PIECE = re.compile(r'^DOSSIER_SEARCH_PIECE\("([a-z]\d+)",(.*)\);\n$', re.S)


def docs(n: int) -> list[dict]:
    """n paragraphs: every one says 'common', one in ten 'rare', and each its own number word."""
    out = []
    for i in range(n):
        text = f"Common words about Türkiye’s ports, item{i}" + (" and a rare sanction." if i % 10 == 0 else ".")
        out.append(
            {"kind": "paragraph", "title": f"Source {i // 4}", "text": text, "url": f"sources/s{i // 4}.html#p{i % 4}", "where": "¶1"}
        )
    return out


def read(files: dict, name: str):
    m = PIECE.match(files[f"assets/search/{name}.js"].decode())
    assert m and m.group(1) == name
    return json.loads(m.group(2))


def test_tokens_fold_case_accents_and_split_like_search_js():
    assert search.tokens("Türkiye’s AIR-defence, 2025!") == ["turkiye", "s", "air", "defence", "2025"]


def test_postings_read_back_to_the_documents_that_hold_the_term(monkeypatch):
    monkeypatch.setattr(search, "PIECE_BYTES", 400)  # many small term pieces
    files = search.split_index(docs(200))
    head = json.loads(files["assets/search/terms.js"].decode().removeprefix("window.DOSSIER_SEARCH=").removesuffix(";\n"))
    assert head["docs"] == 200 and head["chunk"] == search.DOCS_PER_CHUNK and len(head["pieces"]) > 5
    assert head["pieces"] == sorted(head["pieces"])
    terms = {}
    for i in range(len(head["pieces"])):
        piece = read(files, f"t{i}")
        assert all(head["pieces"][i] <= t for t in piece)
        terms.update(piece)
    df, text, partial = terms["rare"]
    assert (df, partial) == (20, 0)
    assert [d for d, _ in search._decoded(text)] == list(range(0, 200, 10))
    assert [d for d, _ in search._decoded(terms["item7"][1])] == [7]
    chunk = read(files, f"d{7 // search.DOCS_PER_CHUNK}")
    assert chunk[7 % search.DOCS_PER_CHUNK][2] == "sources/s1.html#p3"


def test_a_term_in_too_many_documents_keeps_its_best_and_says_so(monkeypatch):
    monkeypatch.setattr(search, "POSTINGS_CAP", 50)
    files = search.split_index(docs(200))
    terms = {}
    for name in (n.removeprefix("assets/search/").removesuffix(".js") for n in files if re.search(r"/t\d+\.js$", n)):
        terms.update(read(files, name))
    df, text, partial = terms["common"]
    assert (df, partial) == (200, 1) and len(list(search._decoded(text))) == 50
    assert terms["rare"][2] == 0, "a term under the cap stays complete"


def test_a_heavy_prefix_gets_a_piece_of_its_best_documents(monkeypatch):
    monkeypatch.setattr(search, "PREFIX_BYTES", 300)
    monkeypatch.setattr(search, "PREFIX_TOP", 30)
    files = search.split_index(docs(200))
    head = json.loads(files["assets/search/terms.js"].decode().removeprefix("window.DOSSIER_SEARCH=").removesuffix(";\n"))
    assert "it" in head["prefixes"] and "c" in head["prefixes"]
    (entry,) = read(files, head["prefixes"]["it"]).values()
    df, text, partial = entry
    assert df == 200 and partial == 1 and len(list(search._decoded(text))) == 30


def test_the_same_documents_give_the_same_files():
    assert search.split_index(docs(50)) == search.split_index(docs(50))

"""The search index: paragraphs, actors, themes and claims, loaded by <script> so search works from disk."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter, _count_elements, defaultdict, deque  # type: ignore[attr-defined]  # Counter's own C loop
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add, sub
from typing import Any

from dossier import urls
from dossier.render import markdown
from dossier.text.publish import is_masked, unmask


def search_documents(content, seeds, index):
    """One document per searchable thing, each with a root-relative URL to its exact place (a generator)."""
    for sid in index.source_order:
        yield from source_documents(content, seeds, sid)
    yield from record_documents(content)


SOURCE_FIELDS = {"title", "summary", "claims"}  # the source's fields source_documents reads (its seed and stances aside)


def source_documents(content, seeds, sid: str):
    """A source's documents: its summary, each paragraph, each placed claim (with its kind and confidence), its stances."""
    source = content.sources[sid]
    page = urls.page_path("source", sid)
    yield {
        "id": f"s:{sid}",
        "kind": "source",
        "title": source["title"],
        "text": markdown.plain(source["summary"].tokens),
        "url": page,
        "where": "Source",
    }
    for block in seeds[sid].blocks:
        if is_masked(block.text):
            continue  # not published (publish_text): not searchable either
        yield {
            "id": f"p:{sid}#{block.anchor}",
            "kind": "paragraph",
            "title": source["title"],
            "text": " ".join(unmask(block.text).split()),
            "url": f"{page}#{block.anchor}",
            "where": f"¶{block.anchor[1:]}",
        }
    for claim in source["claims"] or []:
        if claim.get("anchor"):
            label = " · ".join(x for x in (KIND_NAMES.get(claim.get("kind") or "", ""), claim.get("confidence") or "") if x)
            yield {
                "id": f"c:{sid}:{claim['number']}",
                "kind": "claim",
                "title": claim["text"],
                "text": " ".join(claim["quote"].split()),
                "url": f"{page}#claim-{claim['number']}",
                "where": f"{label} · {source['title']}" if label else source["title"],
            }
    for tid, stance in content.stances_by_source.get(sid, []):
        if stance["discussed"] and stance.get("anchor"):
            yield {
                "id": f"st:{tid}:{sid}",
                "kind": "stance",
                "title": stance["position"],
                "text": " ".join(x for x in (stance["quote"], stance["hedge"]) if x),
                "url": f"{page}#{stance['anchor']}",
                "where": f"Position on {content.themes[tid]['title']} · {source['title']}",
            }


KIND_NAMES = {"fact": "Reported fact", "assessment": "Assessment", "forecast": "Forecast", "recommendation": "Recommendation"}


def record_documents(content):
    """The actors', themes', disputes' and the dossier's judgments' documents."""
    for aid in sorted(content.actors):
        actor = content.actors[aid]
        yield {
            "id": f"a:{aid}",
            "kind": "actor",
            "title": actor["name"],
            "text": joined([actor["role"], markdown.plain(actor["summary"].tokens)]),
            "keys": " ".join(actor["aliases"] or []),  # found by its aliases; the snippet shows its words, not the list
            "url": urls.page_path("actor", aid),
            "where": actor["kind"],
        }
    for tid in sorted(content.themes):
        theme = content.themes[tid]
        yield {
            "id": f"t:{tid}",
            "kind": "theme",
            "title": theme["title"],
            "text": joined([theme["question"], markdown.plain(theme["bottom_line"].tokens), markdown.plain(theme["synthesis"].tokens)]),
            "keys": " ".join(theme["terms"] or []),  # found by its index terms; the snippet shows its text, not the list
            "url": urls.page_path("theme", tid),
            "where": "Theme",
        }
    for dispute in content.disputes:
        yield {
            "id": f"d:{dispute['id']}",
            "kind": "dispute",
            "title": dispute["question"],
            "text": joined([f"{p['position']}: “{p['quote']}”" for p in dispute["positions"] or [] if isinstance(p, dict)]),
            "url": f"disputes.html#dispute-{dispute['id']}",
            "where": "Dispute",
        }
    data = content.judgments
    for judgment in (data["judgments"] or []) if data else []:
        if isinstance(judgment, dict):
            yield {
                "id": f"j:{judgment['id']}",
                "kind": "judgment",
                "title": judgment["statement"],
                "text": joined([judgment["confidence_basis"], *(judgment["assumptions"] or [])]),
                "url": f"judgments.html#j-{judgment['id']}",
                "where": "The dossier's judgment",
            }


def joined(fields: list[str]) -> str:
    """Fields of one document as one text, each ended so a snippet does not run one into the next."""
    return " ".join(f if f.endswith((".", "?", "!")) else f + "." for f in (" ".join((f or "").split()) for f in fields) if f)


def source_pieces(content, seeds, order: list[str]) -> dict[str, bytes]:
    """The documents encoded a source at a time (key "" for the actors and themes), so serve re-encodes one source."""
    pieces = {sid: encoded(source_documents(content, seeds, sid)) for sid in order}
    pieces[""] = encoded(record_documents(content))
    return pieces


def encoded(docs) -> bytes:
    """Documents encoded and joined as the script separates them."""
    return b",".join(encode(doc) for doc in docs)


def encode(doc: dict) -> bytes:
    """One document as compact, sorted JSON that cannot close the <script> it sits in."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/").encode("utf-8")


# The split index. One script holding every document was 71 MB at 5,000 sources (the page took 6.6 s and 364 MB
# of JavaScript heap). Now the page loads a small map first, then only the pieces a query needs, each a <script>
# (fetch() is refused from file://): term pieces (contiguous ranges of the sorted vocabulary, each term's postings),
# prefix pieces (the best documents for a short prefix whose range would be large) and document chunks (what
# results show). search.js reads them; its tokens must be these tokens.
SEARCH_DIR = "assets/search"
PIECE_BYTES = 48_000  # a term piece is cut once it holds this much (one frequent term may make it a little bigger)
POSTINGS_CAP = 1_500  # a term in more documents keeps its best ones only, and no longer filters an AND query
PREFIX_BYTES = 160_000  # a prefix whose terms' postings exceed this gets a piece of its own best documents
PREFIX_TOP = 400
DOCS_PER_CHUNK = 16
TITLE_WEIGHT = 2
TOKEN = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """Lowercased words without accents or other marks, split exactly as search.js splits a query: "Türkiye’s" ->
    ["turkiye", "s"]. Both drop every mark (Unicode category M: accents, and the vowel signs of Devanagari and other
    scripts, which a word must not be split at) and keep runs of letters and digits; tests/search_vectors.json holds
    the cases both sides are tested on."""
    plain = unicodedata.normalize("NFD", text.lower())
    if not plain.isascii():
        # The text's few distinct characters beyond ASCII: marks dropped, other non-word characters (’ “ — …) made spaces.
        for c in set(plain) - _ASCII:
            if _is_mark(c):
                plain = plain.replace(c, "")
            elif not c.isalnum():  # [^\W_] is isalnum(), character by character
                plain = plain.replace(c, " ")
        if not plain.isascii():  # letters beyond ASCII (ł, Cyrillic, Arabic): the expression finds the words
            return TOKEN.findall(plain)
    return plain.translate(_ASCII_WORDS).split()  # letters and digits kept, every other character a space: a third of findall's cost


_ASCII = frozenset(map(chr, range(128)))
_ASCII_WORDS = str.maketrans({c: c if c.isalnum() else " " for c in _ASCII})


@lru_cache(maxsize=4096)
def _is_mark(char: str) -> bool:
    """A mark (category M: an accent once NFD has split it from its letter, a vowel sign), as search.js's /\\p{M}/."""
    return unicodedata.category(char)[0] == "M"


def split_index(docs) -> dict[str, bytes]:
    """Every file of the split search index, by output path, from the documents in order."""
    return dict(index_files(docs))


def index_files(docs) -> Iterator[tuple[str, bytes]]:
    """The split search index's files as (output path, bytes), each as soon as it is made: a build writes them
    straight away (at 5,000 sources they are 55 MB a build need not hold).

    Each posting passes through C loops only (map, sort, join), never a line of Python of its own (1.1 M postings at
    1,000 sources); the same bytes as a loop over postings, in two thirds of the time."""
    postings: dict[str, array] = defaultdict(lambda: array("I"))  # term -> doc * 64 + raw weight, in doc order
    append, lists = array.append, postings.__getitem__
    chunk: list[list] = []
    total = 0
    for n, doc in enumerate(docs):
        weights: dict[str, int] = {}
        _count_elements(weights, tokens(doc["text"]) + tokens(doc.get("keys", "")))  # keys (aliases, index terms) found, never shown
        title = tokens(doc["title"])
        for _ in range(TITLE_WEIGHT):  # a term of the title counts TITLE_WEIGHT more each time
            _count_elements(weights, title)
        raw = weights.values()
        base = n * 64
        values = map(base.__add__, raw) if not raw or max(raw) < 64 else [base + min(w, 63) for w in raw]
        deque(map(append, map(lists, weights), values), maxlen=0)  # postings[term].append(...) for every term
        chunk.append([doc["kind"], doc["title"], doc["url"], doc["where"], doc["text"]])
        total = n + 1
        if len(chunk) == DOCS_PER_CHUNK:  # encoded at once: the documents' text as bytes is a third of it as lists of str
            yield f"{SEARCH_DIR}/d{n // DOCS_PER_CHUNK}.js", _piece(f"d{n // DOCS_PER_CHUNK}", chunk)
            chunk = []
    if chunk:
        yield f"{SEARCH_DIR}/d{(total - 1) // DOCS_PER_CHUNK}.js", _piece(f"d{(total - 1) // DOCS_PER_CHUNK}", chunk)
    gaps = _base36_table(total)
    scales: dict[int, list[int]] = {}  # document frequency -> weight scale (most terms share a small one)
    encoded: dict[str, tuple[int, str, int]] = {}
    for term in list(postings):
        plist = postings.pop(term)  # each array freed once encoded
        df = len(plist)
        scale = scales.get(df) or scales.setdefault(df, _scale(df, total))
        docs_of = list(map((64).__rfloordiv__, plist))
        weights_of = list(map(scale.__getitem__, map((63).__and__, plist)))
        partial = 0
        if df > POSTINGS_CAP:
            docs_of, weights_of = _best(docs_of, weights_of, POSTINGS_CAP, total)
            partial = 1
        encoded[term] = (df, _encode_lists(docs_of, weights_of, gaps), partial)
    # Term pieces: the sorted vocabulary cut into runs of about PIECE_BYTES.
    firsts: list[str] = []
    piece: dict[str, Any] = {}
    size = 0
    vocabulary = sorted(encoded)
    for term in vocabulary:
        if piece and size + len(encoded[term][1]) > PIECE_BYTES:
            yield f"{SEARCH_DIR}/t{len(firsts) - 1}.js", _piece(f"t{len(firsts) - 1}", piece)
            piece, size = {}, 0
        if not piece:
            firsts.append(term)
        piece[term] = encoded[term]
        size += len(term) + len(encoded[term][1]) + 8
    if piece:
        yield f"{SEARCH_DIR}/t{len(firsts) - 1}.js", _piece(f"t{len(firsts) - 1}", piece)
    # Prefix pieces: for a prefix whose range of terms is heavy, its best documents over all those terms.
    weight: Counter = Counter()
    for term, (_, text, _) in encoded.items():
        for i in range(1, len(term) + 1):
            weight[term[:i]] += len(text)
    prefixes = {}
    span = total + 1
    for i, prefix in enumerate(sorted(p for p, w in weight.items() if w > PREFIX_BYTES)):
        # Every (doc, weight) of the prefix's terms as weight * span + doc, sorted: read in order, a document's
        # last weight is its best. A longer word than typed counts a little less (weight - 2, at least 1).
        packed: list[int] = []
        for term in vocabulary[bisect_left(vocabulary, prefix) :]:
            if not term.startswith(prefix):
                break
            found, found_weights = _decode_lists(encoded[term][1])
            qs: Iterator[int] = iter(found_weights) if term == prefix else map(max, map((-2).__add__, found_weights), repeat(1))
            packed += map(add, map(span.__mul__, qs), found)
        packed.sort()
        best = dict(zip(map(span.__rmod__, packed), map(span.__rfloordiv__, packed)))
        top = _best(list(best), list(best.values()), PREFIX_TOP, total)
        name = f"x{i}"
        prefixes[prefix] = name
        yield f"{SEARCH_DIR}/{name}.js", _piece(name, {prefix: [len(best), _encode_lists(*top, gaps), 1]})
    head = {"docs": total, "chunk": DOCS_PER_CHUNK, "pieces": firsts, "prefixes": prefixes}
    yield f"{SEARCH_DIR}/terms.js", b"window.DOSSIER_SEARCH=" + _json(head) + b";\n"


def _scale(df: int, total: int) -> list[int]:
    """Raw weights (0-63) scaled by a term's rarity, on a 1-26 scale."""
    idf = math.log(1 + total / df)
    return [max(1, min(26, round(3 * math.log(1 + raw * idf)))) for raw in range(64)]


def _best(docs: list[int], weights: list[int], keep: int, total: int) -> tuple[list[int], list[int]]:
    """The `keep` best (highest weight, then first document), back in document order; documents are distinct."""
    if len(docs) <= keep:
        order = sorted(range(len(docs)), key=docs.__getitem__)
        return [docs[i] for i in order], [weights[i] for i in order]
    span = total + 1
    ranked = sorted(map(add, map(span.__mul__, map((27).__sub__, weights)), docs))[:keep]  # (27 - weight, doc) as one int
    chosen = sorted(map(add, map((32).__mul__, map(span.__rmod__, ranked)), map((27).__sub__, map(span.__rfloordiv__, ranked))))
    return list(map((32).__rfloordiv__, chosen)), list(map((31).__and__, chosen))


LETTERS = [chr(64 + q) for q in range(32)]  # a weight (1-26) as the capital letter that closes its gap


def _encode_lists(docs: list[int], weights: list[int], gaps: list[str]) -> str:
    """Documents (ascending) as base-36 gaps, each closed by its weight (1-26) as a capital letter: '0C3A1z…'. `gaps`
    spells every number up to the last document in base 36."""
    return "".join(map(add, map(gaps.__getitem__, map(sub, docs, [0, *docs[:-1]])), map(LETTERS.__getitem__, weights)))


def _decode_lists(text: str) -> tuple[list[int], list[int]]:
    """_encode_lists read back: (documents, weights)."""
    pairs = ENCODED.findall(text)
    if not pairs:
        return [], []
    gaps, letters = zip(*pairs, strict=True)
    return list(accumulate(map(int, gaps, repeat(36)))), list(map((64).__rsub__, map(ord, letters)))


ENCODED = re.compile(r"([0-9a-z]+)([A-Z])")  # a posting: its gap in base 36, its weight as a capital letter


def _base36_table(n: int) -> list[str]:
    """0..n in base 36 ('0'…'z', '10'…), each number's spelling made from the one for a 36th of it."""
    table = list(DIGITS36)
    while len(table) <= n:
        start = len(table)
        table += [table[k // 36] + DIGITS36[k % 36] for k in range(start, min(start * 36, n + 1))]
    return table


def _decoded(text: str):
    doc, digits = 0, ""
    for c in text:
        if "A" <= c <= "Z":
            doc += int(digits, 36)
            yield doc, ord(c) - 64
            digits = ""
        else:
            digits += c


DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _piece(name: str, data) -> bytes:
    return b'DOSSIER_SEARCH_PIECE("' + name.encode() + b'",' + _json(data) + b");\n"


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/").encode("utf-8")


def docs_from_pieces(pieces: dict[str, bytes], order: list[str]):
    """The documents kept encoded per source (serve's), decoded again in index order."""
    for piece in [pieces.get(sid, b"") for sid in order] + [pieces.get("", b"")]:
        if piece:
            yield from json.loads(b"[" + piece + b"]")

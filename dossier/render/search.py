"""The search index: paragraphs, actors, themes and claims, loaded by <script> so search works from disk."""

from __future__ import annotations

import json
from collections.abc import Iterator

from dossier import urls
from dossier.render import markdown


def search_documents(content, seeds, index):
    """One document per searchable thing, each with a root-relative URL to its exact place (a generator)."""
    for sid in index.source_order:
        yield from source_documents(content, seeds, sid)
    yield from record_documents(content)


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
        yield {
            "id": f"p:{sid}#{block.anchor}",
            "kind": "paragraph",
            "title": source["title"],
            "text": " ".join(block.text.split()),
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
    """The actors', themes' and disputes' documents."""
    for aid in sorted(content.actors):
        actor = content.actors[aid]
        yield {
            "id": f"a:{aid}",
            "kind": "actor",
            "title": actor["name"],
            "text": joined([actor["role"], ", ".join(actor["aliases"] or []), markdown.plain(actor["summary"].tokens)]),
            "url": urls.page_path("actor", aid),
            "where": actor["kind"],
        }
    for tid in sorted(content.themes):
        theme = content.themes[tid]
        yield {
            "id": f"t:{tid}",
            "kind": "theme",
            "title": theme["title"],
            "text": joined([theme["question"], ", ".join(theme["terms"] or []), markdown.plain(theme["synthesis"].tokens)]),
            "url": urls.page_path("theme", tid),
            "where": "Theme",
        }
    for dispute in content.disputes:
        yield {
            "id": f"d:{dispute['id']}",
            "kind": "dispute",
            "title": dispute["question"],
            "text": " ".join(f"{p['position']} {p['quote']}" for p in dispute["positions"] or [] if isinstance(p, dict)),
            "url": f"disputes.html#dispute-{dispute['id']}",
            "where": "Dispute",
        }


def joined(fields: list[str]) -> str:
    """Fields of one document as one text, each ended so a snippet does not run one into the next."""
    return " ".join(f if f.endswith((".", "?", "!")) else f + "." for f in (" ".join((f or "").split()) for f in fields) if f)


def search_script(docs) -> Iterator[bytes]:
    """A script that sets window.DOSSIER_DOCS, made piece by piece as it is written; a <script> tag works from file://, fetch() would not.

    One json.dumps of every document would hold several copies of the whole index at once (a big build's
    peak memory); here no more than one document is encoded at a time."""
    yield SCRIPT_HEAD
    for i, doc in enumerate(docs):
        yield (b"," if i else b"") + encode(doc)
    yield SCRIPT_TAIL


SCRIPT_HEAD, SCRIPT_TAIL = b"window.DOSSIER_DOCS=[", b"];\n"


def source_pieces(content, seeds, order: list[str]) -> dict[str, bytes]:
    """The index encoded a source at a time (key "" for the actors and themes), so serve re-encodes one source."""
    pieces = {sid: encoded(source_documents(content, seeds, sid)) for sid in order}
    pieces[""] = encoded(record_documents(content))
    return pieces


def pieces_script(pieces: dict[str, bytes], order: list[str]) -> list[bytes]:
    """The script from source_pieces, sources in `order`: byte for byte what search_script writes."""
    script = [SCRIPT_HEAD]
    for piece in [pieces.get(sid, b"") for sid in order] + [pieces[""]]:
        if piece:
            script += [piece, b","]
    script[-1:] = [script[-1], SCRIPT_TAIL] if len(script) == 1 else [SCRIPT_TAIL]
    return script


def encoded(docs) -> bytes:
    """Documents encoded and joined as the script separates them."""
    return b",".join(encode(doc) for doc in docs)


def encode(doc: dict) -> bytes:
    """One document as compact, sorted JSON that cannot close the <script> it sits in."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/").encode("utf-8")

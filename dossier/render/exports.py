"""Data for analysts beside the site: claims, stances, disputes, sources and judgments as CSV and JSON (exports/), deterministic."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from dossier import urls
from dossier.model import yardstick
from dossier.render import markdown, standards
from dossier.render.dates import writing_window

CLAIM_COLUMNS = [
    "source",
    "source_title",
    "claim",
    "kind",
    "confidence",
    "hedge_class",
    "text",
    "quote",
    "paragraph",
    "url",
    "actors",
    "themes",
    "published",
    "written_not_before",
    "written_not_after",
    "written_inferred",
    "badges",
    "id",
    "credibility",
    "attributed_to",
    "independent_groups",
    "single_source",
]
SOURCE_COLUMNS = [
    "source",
    "title",
    "kind",
    "outlet",
    "author",
    "reliability",
    "reliability_basis",
    "independence_group",
    "evidence_basis",
    "cites",
]
JUDGMENT_COLUMNS = [
    "id",
    "statement",
    "kind",
    "theme",
    "likelihood",
    "likelihood_range",
    "yardstick",
    "confidence",
    "confidence_basis",
    "horizon",
    "for",
    "against",
    "assumptions",
    "indicators",
    "changed_because",
]
STANCE_COLUMNS = [
    "theme",
    "theme_title",
    "source",
    "source_title",
    "status",
    "position",
    "quote",
    "hedge",
    "hedge_class",
    "paragraph",
    "url",
    "note",
    "badges",
]
DISPUTE_COLUMNS = ["dispute", "question", "themes", "actors", "source", "source_title", "position", "answer", "quote", "paragraph", "url"]
# A "fact" is what the source reports as fact: the export says so, as the site does ("Reported fact").
EXPORT_KINDS = {"fact": "reported-fact"}


def exports(content, index, theme_order: list[str], seeds: dict) -> Iterator[tuple[str, bytes]]:
    """Every export file as (output path, bytes), a kind of row at a time: all of them at once were a large build's peak."""
    claims = claim_rows(content, index)
    yield "exports/claims.csv", to_csv(CLAIM_COLUMNS, claims)
    yield "exports/claims.json", to_json(claims)
    del claims
    stances = stance_rows(content, index, theme_order)
    yield "exports/stances.csv", to_csv(STANCE_COLUMNS, stances)
    yield "exports/stances.json", to_json(stances)
    del stances
    disputes = dispute_rows(content, index)
    yield "exports/disputes.csv", to_csv(DISPUTE_COLUMNS, [flat for d in disputes for flat in _flatten(d)])
    yield "exports/disputes.json", to_json(disputes)
    sources = source_rows(content, index)
    yield "exports/sources.csv", to_csv(SOURCE_COLUMNS, sources)
    yield "exports/sources.json", to_json(sources)
    judgments = judgment_rows(content)
    yield "exports/judgments.csv", to_csv(JUDGMENT_COLUMNS, [{**j, "indicators": [i["text"] for i in j["indicators"]]} for j in judgments])
    yield "exports/judgments.json", to_json(judgments)  # also the state the next build checks changed_because against
    yield "exports/annotations.json", _dump(standards.annotation_collection(content, index, seeds))
    yield "exports/sources.csl.json", to_json(standards.csl(content, index))


def source_rows(content, index) -> list[dict]:
    """Every source with its grading, in the site's order."""
    rows = []
    for sid in index.source_order:
        source = content.sources[sid]
        grade = source["reliability"] or {}
        rows.append(
            {
                "source": sid,
                "title": source["title"],
                "kind": source["kind"],
                "outlet": source["outlet"] or "",
                "author": source["author"] or "",
                "reliability": grade.get("grade") or "",
                "reliability_basis": grade.get("basis") or "",
                "independence_group": content.source_groups.get(sid, sid),
                "evidence_basis": list(source["evidence_basis"] or []),
                "cites": [c["name"] for c in source["cites"] or [] if isinstance(c, dict)],
            }
        )
    return rows


def judgment_rows(content) -> list[dict]:
    """The dossier's own judgments, in file order, with the likelihood's range on the site's yardstick."""
    data, scale = content.judgments, content.site["yardstick"]
    rows = []
    for j in (data["judgments"] or []) if data else []:
        if not isinstance(j, dict):
            continue
        rows.append(
            {
                "id": j["id"],
                "statement": j["statement"],
                "kind": j["kind"] or "",
                "theme": j["theme"] or "",
                "likelihood": j["likelihood"],
                "likelihood_range": yardstick.band(scale, j["likelihood"] or ""),
                "yardstick": scale or yardstick.DEFAULT,
                "confidence": j["confidence"],
                "confidence_basis": j["confidence_basis"],
                "horizon": j["horizon"] or "",
                "for": list(j["for"] or []),
                "against": list(j["against"] or []),
                "assumptions": list(j["assumptions"] or []),
                "indicators": [{k: i[k] or "" for k in ("text", "status", "reviewed", "note")} for i in j["indicators"] or []],
                "changed_because": j["changed_because"] or "",
            }
        )
    return rows


def attribution_text(attribution) -> str:
    """Who said a claim, via whom, as one line ("unnamed: well-informed diplomatic sources; via ...")."""
    if not attribution:
        return ""
    who = ("unnamed: " if attribution.get("unnamed") else "") + (attribution.get("who") or attribution.get("actor") or "")
    return who + (f"; via {attribution['via']}" if attribution.get("via") else "")


def _dump(collection: dict) -> bytes:
    """An AnnotationCollection, one annotation a line (json's indenting encoder is pure Python: slow at thousands)."""
    items = collection["first"]["items"]
    head = {k: v for k, v in collection.items() if k != "first"}
    lines = ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
    first = f'{{"type": "AnnotationPage", "startIndex": 0, "items": [\n{lines}\n]}}'
    return (json.dumps(head, ensure_ascii=False)[:-1] + f', "first": {first}}}\n').encode("utf-8")


def claim_rows(content, index) -> list[dict]:
    """Every placed claim, sources in the site's order, claims in their record's."""
    rows = []
    for sid in index.source_order:
        source = content.sources[sid]
        window = source["written"] or {}
        for claim in source["claims"] or []:
            if not isinstance(claim, dict) or not claim.get("anchor"):
                continue
            rows.append(
                {
                    "source": sid,
                    "source_title": source["title"],
                    "claim": claim["number"],
                    "kind": EXPORT_KINDS.get(claim.get("kind") or "", claim.get("kind") or ""),
                    "confidence": claim.get("confidence") or "",  # the source's own wording, as the site shows it
                    "hedge_class": claim.get("hedge_class") or "",
                    "text": claim["text"],
                    "quote": claim["quote"],
                    "paragraph": claim["anchor"],
                    "url": urls.page_path("source", sid) + "#" + claim["anchor"],
                    "actors": list(claim["actors"] or []),
                    "themes": list(claim["themes"] or []),
                    "published": source["published"] or "",
                    "written_not_before": window.get("not_before") or "",
                    "written_not_after": window.get("not_after") or "",
                    "written_inferred": bool(window.get("inferred")),
                    "badges": list(source["badges"] or []),
                    "id": claim.get("id") or "",
                    "credibility": claim.get("credibility") or "",
                    "attributed_to": attribution_text(claim.get("attributed_to")),
                    "independent_groups": list(claim.get("groups") or []) if content.graded else [],
                    "single_source": len(claim.get("groups") or []) < 2 if content.graded else "",
                }
            )
    return rows


def stance_rows(content, index, theme_order: list[str]) -> list[dict]:
    """Every curated stance, themes in site order, sources in the site's order; uncurated pairs are left out."""
    rows = []
    for tid in theme_order:
        for sid in index.stance_sources:
            stance = index.stances_by_source[sid].get(tid)
            if stance is None:
                continue
            source = content.sources[sid]
            anchor = stance["anchor"] or ""
            rows.append(
                {
                    "theme": tid,
                    "theme_title": content.themes[tid]["title"],
                    "source": sid,
                    "source_title": source["title"],
                    "status": "stated" if stance["discussed"] else "not applicable" if stance["not_applicable"] else "not discussed",
                    "position": stance["position"] or "",
                    "quote": stance["quote"] or "",
                    "hedge": stance["hedge"] or "",
                    "hedge_class": stance["hedge_class"] or "",
                    "paragraph": anchor,
                    "url": urls.page_path("source", sid) + (f"#{anchor}" if anchor else ""),
                    "note": stance["not_applicable"] or stance["note"] or "",
                    "badges": list(source["badges"] or []),
                }
            )
    return rows


def dispute_rows(content, index) -> list[dict]:
    """Every dispute with its positions, in file order."""
    rows = []
    for dispute in index.disputes:
        positions = [
            {
                "source": p["source"],
                "source_title": content.sources[p["source"]]["title"],
                "source_written": writing_window(content.sources[p["source"]]),
                "position": p["position"],
                "answer": p.get("answer") or "",
                "quote": p["quote"],
                "paragraph": p["anchor"] or "",
                "url": urls.page_path("source", p["source"]) + "#" + (p["anchor"] or ""),
            }
            for p in dispute["positions"]
        ]
        rows.append(
            {
                "dispute": dispute["id"],
                "question": dispute["question"],
                "themes": list(dispute["themes"] or []),
                "actors": list(dispute["actors"] or []),
                "note": markdown.plain(dispute["note"].tokens) if dispute["note"] else "",
                "positions": positions,
            }
        )
    return rows


def _flatten(dispute: dict) -> list[dict]:
    """A dispute as CSV rows: one per position."""
    return [
        {"dispute": dispute["dispute"], "question": dispute["question"], "themes": dispute["themes"], "actors": dispute["actors"], **p}
        for p in dispute["positions"]
    ]


# A spreadsheet evaluates a cell that starts with one of these (after any spaces it trims): the OWASP rule set, with
# the full-width forms some spreadsheets fold to them. Such a cell gets a leading apostrophe, shown as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\u2212")


def cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe.

    A carriage return becomes a line feed: the writer quotes a cell for its line feeds only (our line end), and an
    unquoted CR starts a new row in a spreadsheet, whose next cell could be a formula."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + value if value.lstrip(" \u00a0\n\u3000").startswith(FORMULA_STARTS) else value


def to_csv(columns: list[str], rows: list[dict]) -> bytes:
    """Rows as CSV (RFC 4180 quoting, \\n line ends); lists joined with '; '; every cell safe to open (`cell`).

    Encoded as written: no whole text held as str. The JSON exports keep the text exact."""
    out = io.BytesIO()
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: cell(
                    "; ".join(v) if isinstance(v, list) else "true" if v is True else "false" if v is False else "" if v is None else str(v)
                )
                for k, v in row.items()
            }
        )
    text.flush()
    return out.getvalue()


def to_json(rows: list[dict]) -> bytes:
    """Rows as a JSON array, one key order, UTF-8: what json.dumps(rows, indent=1) gives, made a row at a time
    (the whole array at once took five times its size in passing)."""
    if not rows:
        return b"[]\n"
    # A row nested one level down is its own dump with one more space on each line (strings hold no raw newline).
    items = [(" " + json.dumps(row, ensure_ascii=False, indent=1).replace("\n", "\n ")).encode("utf-8") for row in rows]
    return b"[\n" + b",\n".join(items) + b"\n]\n"

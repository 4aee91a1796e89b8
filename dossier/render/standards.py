"""Exports in formats other tools read: claims as W3C Web Annotations, sources as CSL-JSON (Zotero and other
reference managers), claims and judgments as schema.org JSON-LD for the pages that show them. Plain data here;
the pages' <script> element is in the templates."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid

from dossier import urls
from dossier.render.dates import writing_window
from dossier.text.publish import MASK, quote_at

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32  # characters of prefix and suffix in a TextQuoteSelector, as annotation clients use to tell repeats apart
CSL_TYPES = {
    "analysis": "article",
    "opinion": "article",
    "news-analysis": "article-newspaper",
    "news-report": "article-newspaper",
    "interview": "interview",
    "policy-brief": "report",
}  # a kind of site.yaml's own: "article"


def seed_uri(content, sid: str) -> str:
    """An address for the article: its own url, else its seed's bytes named by their hash (RFC 6920 ni: URI)."""
    url = content.sources[sid]["url"]
    if url:
        return url.strip()
    digest = content.seed_hashes.get(sid, "")
    return "ni:///sha-256;" + base64.urlsafe_b64encode(bytes.fromhex(digest)).decode().rstrip("=") if digest else f"urn:uuid:{_uuid(sid)}"


def _uuid(*parts: str) -> str:
    """A stable UUID for something that has no address (the site has no base URL): uuid.uuid5(NAMESPACE_URL, name) as
    text, worked out without making a UUID object (every claim on a page's JSON-LD names two; tested against uuid5)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE + ("dossier:" + ":".join(parts)).encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_NAMESPACE = uuid.NAMESPACE_URL.bytes


def page_uri(content, path: str, fragment: str = "") -> str:
    """A page's absolute address with the site's base URL, else a stable urn:uuid naming it."""
    base = content.site["base_url"]
    if base:
        url = urls.absolute(base, path)
        return f"{url}#{fragment}" if fragment else url
    return f"urn:uuid:{_uuid(content.site['title'] or '', path, fragment)}"


def _published_affix(text: str) -> str:
    """Prefix or suffix text the site publishes: cut where an unpublished passage begins (publish_text)."""
    return text.split(MASK)[-1] if MASK in text else text


def annotation(content, seeds, claim) -> dict | None:
    """One claim as a W3C Web Annotation on its source's text: TextQuote and TextPosition selectors, the claim as its body."""
    sid, seed = claim["source"], seeds.get(claim["source"])
    block = seed.by_anchor.get(claim["anchor"]) if seed else None
    if block is None:
        return None
    found = quote_at(block.text, claim["quote"])
    if found is None:
        return None
    start, end = found
    prefix = _published_affix(block.text[max(0, start - AFFIX) : start])
    suffix = _published_affix(block.text[end : end + AFFIX][::-1])[::-1]
    selectors: list[dict] = [{"type": "TextQuoteSelector", "exact": block.text[start:end], "prefix": prefix, "suffix": suffix}]
    column = block.raw.find(block.text)
    if column >= 0 and block.line - 1 < len(seed.offsets):
        at = seed.offsets[block.line - 1] + column + start  # characters of the seed text as received
        selectors.append({"type": "TextPositionSelector", "start": at, "end": at + (end - start)})
    page = urls.page_path("source", sid)
    return {
        "@context": ANNO_CONTEXT,
        "id": page_uri(content, page, f"claim-{claim['number']}"),
        "type": "Annotation",
        "motivation": "describing",
        "body": {"type": "TextualBody", "value": claim["text"], "format": "text/plain", "purpose": "describing"},
        "target": {"source": seed_uri(content, sid), "selector": selectors},
    }


def annotation_collection(content, index, seeds) -> dict:
    """Every placed claim as a Web Annotation, in one AnnotationCollection (sources in site order)."""
    items = [
        a
        for sid in index.source_order
        for claim in content.sources[sid]["claims"] or []
        if isinstance(claim, dict) and claim.get("anchor") and (a := annotation(content, seeds, claim)) is not None
    ]
    return {
        "@context": ANNO_CONTEXT,
        "id": page_uri(content, "exports/annotations.json"),
        "type": "AnnotationCollection",
        "label": f"Claims of {content.site['title']}",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def _date_parts(date: str) -> dict:
    """'2025-02' -> {"date-parts": [[2025, 2]]}: CSL's structured date, at the precision given."""
    return {"date-parts": [[int(x) for x in date.split("-")]]}


def csl_item(content, sid: str) -> dict:
    """A source as a CSL-JSON item: only what its record states; the seed's hash and archive copy under `custom`."""
    source, names = content.sources[sid], {aid: a["name"] for aid, a in content.actors.items()}
    item: dict = {"id": sid, "type": CSL_TYPES.get(source["kind"], "article"), "title": source["title"]}
    if source["short_title"]:
        item["title-short"] = source["short_title"]
    if source["author"] in names:
        item["author"] = [{"literal": names[source["author"]]}]
    if source["translator"] in names:
        item["translator"] = [{"literal": names[source["translator"]]}]
    if source["outlet"] in names:
        item["container-title"] = names[source["outlet"]]
    if source["published"]:
        item["issued"] = _date_parts(source["published"])
    if source["url"]:
        item["URL"] = source["url"].strip()
    if source["accessed"]:
        item["accessed"] = _date_parts(source["accessed"])
    if window := writing_window(source):
        item["note"] = window[0].upper() + window[1:] + "."
    custom = {
        "sha256": content.seed_hashes.get(sid, ""),
        "archive_url": (source["archive_url"] or "").strip(),
        "dossier_page": page_uri(content, urls.page_path("source", sid)),
    }
    item["custom"] = {k: v for k, v in custom.items() if v}
    return item


def csl(content, index) -> list[dict]:
    """Every source as CSL-JSON, in the site's order."""
    return [csl_item(content, sid) for sid in index.source_order]


def claim_ld(content, claim) -> dict:
    """A claim as a schema.org Claim: the editor's sentence, the words it quotes, where they appear."""
    sid = claim["source"]
    source = content.sources[sid]
    page = page_uri(content, urls.page_path("source", sid))  # not the seed's hash: a page showing claims reads no seed
    work: dict = {"@type": "CreativeWork", "name": source["title"], "url": (source["url"] or "").strip() or page}
    if source["published"]:
        work["datePublished"] = source["published"]
    ld: dict = {
        "@type": "Claim",
        "@id": page_uri(content, urls.page_path("source", sid), f"claim-{claim['number']}"),
        "text": claim["text"],
        "appearance": {**work, "text": claim["quote"]},
        "about": [{"@type": "Thing", "name": content.actors[a]["name"]} for a in claim["actors"] or [] if a in content.actors],
    }
    if claim.get("kind"):
        ld["additionalType"] = claim["kind"]
    return ld


def json_ld(content, claims: list, judgments: list | None = None, encoded=None) -> str:
    """A page's claims (and the dossier's judgments, where it has them) as one schema.org JSON-LD document, ready to sit in a
    <script> element ('</' escaped).

    `encoded(claim, make)`: where a claim's part of the document (claim_json) is kept, so pages showing the same claims
    (a source's, judgments.html, claims-by-kind.html) encode each once; the document is the same bytes either way."""
    graph = [
        encoded(c, lambda c=c: claim_json(content, c)) if encoded else claim_json(content, c)
        for c in claims
        if isinstance(c, dict) and c.get("anchor")
    ]
    for j in judgments or []:
        if isinstance(j, dict) and j.get("id"):
            graph.append(
                _ld_json(
                    {
                        "@type": "Claim",
                        "@id": page_uri(content, "judgments.html", f"j-{j['id']}"),
                        "text": j.get("statement") or "",
                        "author": {"@type": "Organization", "name": content.site["title"]},
                    }
                )
            )
    # json.dumps({"@context": ..., "@graph": graph}, ensure_ascii=False, sort_keys=True), from its items' encodings
    return '{"@context": "https://schema.org", "@graph": [' + ", ".join(graph) + "]}"


def claim_json(content, claim) -> str:
    """A claim's schema.org Claim as it sits in a page's JSON-LD document."""
    return _ld_json(claim_ld(content, claim))


def _ld_json(item: dict) -> str:
    """An item of a JSON-LD graph encoded as json_ld's json.dumps encodes it there, '</' escaped (an item's encoding
    begins with '{' and ends with '}', so no '</' spans two of them)."""
    return json.dumps(item, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")

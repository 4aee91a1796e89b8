"""The search index: paragraphs, actors, themes and claims, loaded by <script> so search works from disk."""
from __future__ import annotations

import json

from . import markdown, urls


def search_documents(content, seeds, index) -> list[dict]:
    """One document per searchable thing, each with a root-relative URL to its exact place."""
    docs = []
    for sid in index.source_order:
        source = content.sources[sid]
        page = urls.page_path("source", sid)
        docs.append({"id": f"s:{sid}", "kind": "source", "title": source["title"], "text": markdown.plain(source["summary"].tokens), "url": page, "where": "Source"})
        for block in seeds[sid].blocks:
            docs.append({"id": f"p:{sid}#{block.anchor}", "kind": "paragraph", "title": source["title"], "text": block.text,
                         "url": f"{page}#{block.anchor}", "where": f"¶{block.anchor[1:]}"})
        for claim in source["claims"] or []:
            if claim.get("anchor"):
                docs.append({"id": f"c:{sid}:{claim['number']}", "kind": "claim", "title": claim["text"], "text": claim["quote"],
                             "url": f"{page}#claim-{claim['number']}", "where": source["title"]})
    for aid in sorted(content.actors):
        actor = content.actors[aid]
        docs.append({"id": f"a:{aid}", "kind": "actor", "title": actor["name"],
                     "text": " ".join([actor["role"], *actor["aliases"], markdown.plain(actor["summary"].tokens)]), "url": urls.page_path("actor", aid), "where": actor["kind"]})
    for tid in sorted(content.themes):
        theme = content.themes[tid]
        docs.append({"id": f"t:{tid}", "kind": "theme", "title": theme["title"], "text": " ".join([theme["question"], *theme["terms"], markdown.plain(theme["synthesis"].tokens)]),
                     "url": urls.page_path("theme", tid), "where": "Theme"})
    return docs


def search_script(docs: list[dict]) -> bytes:
    """A script that sets window.DOSSIER_DOCS; a <script> tag works from file://, fetch() would not."""
    payload = json.dumps(docs, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return ("window.DOSSIER_DOCS=" + payload.replace("</", "<\\/") + ";\n").encode("utf-8")

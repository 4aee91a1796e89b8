"""Curated Markdown: parsed once, its actor:/source:/theme:/page: links checked, rendered per page."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from dossier import urls

SCHEMES = ("actor:", "source:", "theme:", "page:")
WEB = ("http:", "https:", "mailto:")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# Raw HTML is off: a <script> typed into YAML comes out as text.
_md = MarkdownIt("commonmark", {"html": False, "typographer": False})


@lru_cache(maxsize=8192)
def parse(text: str):
    """Tokens for a Markdown field (render later, once per page that shows it).

    Cached by text: under `serve` most fields are unchanged from one rebuild to the next. Rendering
    never changes a token (see _link_open), so sharing tokens between builds is safe."""
    return _md.parse(text or "")


def link_targets(tokens):
    """Yield (target, line offset) for every cross-reference link in parsed Markdown."""
    for token in tokens:
        line = token.map[0] if token.map else 0
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):  # a paragraph's later lines: the link's own line, not its first
                line += 1
            elif child.type == "link_open":
                href = child.attrGet("href") or ""
                # Cross-references, and any other scheme but the web's, so "person:x" is refused, not left broken.
                if href.startswith(SCHEMES) or (SCHEME.match(href) and not href.lower().startswith(WEB)):
                    yield href, line


def plain(tokens) -> str:
    """The words of parsed Markdown without its syntax, for search and feeds; a line break in the YAML is a space."""
    words: list[str] = []
    for token in tokens:
        if token.type == "inline":
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    words.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):  # skipping these glued "15\nOctober" into "15October"
                    words.append(" ")
            words.append(" ")
    return " ".join(CITATION.sub("", "".join(words)).split())


# A bare paragraph citation, "(p1)" or "(p1, p7)": markup for the reader's eye, noise in a snippet or a feed.
CITATION = re.compile(r"\s*\(\s*p\d+(?:\s*[,;]\s*p\d+)*\s*\)")


def split_target(target: str) -> tuple[str, str, str]:
    """'source:abc#p3' -> ('source', 'abc', 'p3')."""
    kind, _, rest = target.partition(":")
    ident, _, fragment = rest.partition("#")
    return kind, ident, fragment


def render(tokens, page: str, xref) -> str:
    """HTML for parsed Markdown as seen from one page; `xref(kind, href, title)` gives a cross-reference's
    opening and closing tags (templates/partials/xref.html), its href made relative to the page."""
    return _md.renderer.render(tokens, _md.options, {"page": page, "xref": xref, "closing": []})


def _link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    href = token.attrGet("href") or ""
    if not href.startswith(SCHEMES):
        env["closing"].append(None)
        return self.renderToken(tokens, idx, options, env)
    # Parsed tokens are cached and shared by every page that shows the field: the token is read, never changed.
    kind, ident, fragment = split_target(href)
    opening, closing = env["xref"](kind, urls.relative(env["page"], urls.page_path(kind, ident), fragment), token.attrGet("title"))
    env["closing"].append(closing)
    return opening


def _link_close(self, tokens, idx, options, env):
    closing = env["closing"].pop() if env["closing"] else None
    return self.renderToken(tokens, idx, options, env) if closing is None else closing


_md.add_render_rule("link_open", _link_open)
_md.add_render_rule("link_close", _link_close)

PARA_LABEL = re.compile(r"(^|,\s?)p(\d+)$")
PARA_HREF = re.compile(r"^source:[^#]*#p\d+$")


def _text(self, tokens, idx, options, env):
    """Text as typed, but a paragraph link labelled "p7" (or "memo, p7") reads "¶7": one citation style on every page."""
    content = tokens[idx].content
    if idx and tokens[idx - 1].type == "link_open" and PARA_HREF.match(tokens[idx - 1].attrGet("href") or ""):
        content = PARA_LABEL.sub(r"\1¶\2", content)
    return escapeHtml(content)


_md.add_render_rule("text", _text)


def _safe_link(url: str) -> bool:
    """Refuse script and local-file schemes in curated links."""
    return not url.lower().startswith(("javascript:", "vbscript:", "file:", "data:"))


_md.validateLink = _safe_link  # type: ignore[method-assign]  # the override markdown-it-py documents

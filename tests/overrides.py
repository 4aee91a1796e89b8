"""A project's own copy of every partial, each adding data-o="NAME" to its outermost element, for the tests."""

from __future__ import annotations

import re
from pathlib import Path

from dossier.paths import BUILTIN_TEMPLATES

M = r'(?: data-o="([\w.-]+)")?'  # where a marker may stand in the output, right after the tag's name

# template -> (the opening of its outermost element (or elements) as written there, where that element's instances sit in a
# built site (a regex whose group 1 is the marker), the pages to look in)
MARKED = {
    "partials/claim.html": ('<li class="claim"', rf'<li{M} class="claim"', r".*\.html"),
    "partials/cite.html": (
        '<a class="cite" href="{{ url(\'source\', sid, anchor',
        rf'<a{M} class="cite" href="[^"]*"(?: title="[^"]*")?>[^<]*, ¶',
        r".*\.html",
    ),
    "partials/chips.html": ('<a class="chip', rf'<a{M} class="chip', r".*\.html"),
    "partials/mentions.html": ('<h3 id="in-', rf'<h3{M} id="in-', r"actors/(?!index).*\.html"),
    "partials/passages.html": ('<h3 id="in-', rf'<h3{M} id="in-', r"themes/(?!index).*\.html"),
    "partials/highlight.html": ("<mark>", rf"<mark{M}>", r".*\.html"),
    "partials/term_hits.html": ("<li>{{ before }}", rf"<li{M}>[^<]*<mark", r"themes/counts\.html"),
    "partials/matrix_rows.html": ('<tr><th scope="row">', rf'<tr{M}><th scope="row">', r"themes/counts\.html"),
    "partials/source_rows.html": ("<tr>\n  <td>", rf"<tr{M}>\n  <td>", r"sources/index\.html"),
    "partials/also_in.html": ('<li id="in-', rf'<li{M} id="in-', r".*\.html"),
    "partials/source_line.html": (
        "<a href=\"{{ url('source', source.id) }}\">{{ source.title }}</a>{{ analysis",
        rf'<li><a{M} href="sources/(?!index)',
        r"index\.html",
    ),
    "partials/mention.html": (('<a class="mention', '<span class="mention'), rf'<(?:a|span){M} class="mention', r".*\.html"),
    "partials/quote_mark.html": ('<mark class="quote"', rf'<mark{M} class="quote" title=', r".*\.html"),
    "partials/footnote_ref.html": ('<sup class="fnref">', rf'<sup{M} class="fnref">', r".*\.html"),
    "partials/url_link.html": ('<a class="url"', rf'<a{M} class="url"', r".*\.html"),
    "partials/permalink.html": ('<a class="para"', rf'<a{M} class="para"', r".*\.html"),
    "partials/xref.html": ('<a href="{{ href }}"', rf'<a{M} href="[^"]*"(?: title="[^"]*")? class="xref ', r".*\.html"),
    "partials/disputed.html": ('<section class="disputed"', rf'<section{M} class="disputed"', r"(actors|themes)/(?!index).*\.html"),
    "network.html": ('<svg class="network"', rf'<svg{M} class="network"', r".*\.html"),
    "_analysis.html": (
        ('<span class="claim-kind', '<span class="confidence', '<span class="badge"'),
        rf'<span{M} class="(?:claim-kind|confidence|badge)\b',
        r".*\.html",
    ),
    "feed.xml": ("<feed xmlns", rf"<feed{M} xmlns", r"feed\.xml"),
    "sitemap.xml": ("<urlset xmlns", rf"<urlset{M} xmlns", r"sitemap\.xml"),
    "serve-error.html": ('<html lang="en" data-serve-error>', rf'<html{M} lang="en" data-serve-error>', r"serve-error"),
}

# Fields the built-in partials never read, shown by the overrides: serve must still re-render what shows them.
EXTRA = {
    "partials/passages.html": ("</a></p></li>", '</a> <span class="n">{{ b.claims | length }}</span></p></li>'),
    "partials/claim.html": (
        "</li>\n{% endmacro %}",
        '<p class="from">{{ content.sources[c.source].summary | plain }}</p>\n</li>\n{% endmacro %}',
    ),
}


def marker(name: str) -> str:
    return name.rpartition("/")[2].partition(".")[0].strip("_")


def override_every_partial(project: Path, extra: bool = False) -> None:
    """Write the project's own copy of every template in MARKED, its outermost element marked (and with `extra`, EXTRA's reads)."""
    for name, (openings, _, _) in MARKED.items():
        text = (BUILTIN_TEMPLATES / name).read_text(encoding="utf-8")
        for opening in (openings,) if isinstance(openings, str) else openings:
            assert opening in text, f"{name} no longer opens with {opening!r}: update tests/overrides.py"
            tag = re.match(r"<(\w+)", opening).group(1)
            text = text.replace(opening, f'<{tag} data-o="{marker(name)}"{opening[len(tag) + 1 :]}')
        if extra and name in EXTRA:
            old, new = EXTRA[name]
            assert old in text
            text = text.replace(old, new)
        path = project / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def instances(name: str, files: dict[str, str]) -> list[str | None]:
    """The marker (or None) of every instance of the template's outermost element in the built files."""
    _, pattern, where = MARKED[name]
    return [m.group(1) for path, text in sorted(files.items()) if re.fullmatch(where, path) for m in re.finditer(pattern, text)]

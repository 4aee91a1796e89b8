"""Invariants that hold for any dossier, checked on the shipped one: strict build, links, every sentence, every quote.

Nothing here names the shipped articles: a curator who adds a source keeps this file green."""

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import ROOT

from dossier.build.stages import ingest_seeds
from dossier.model.load import load
from dossier.model.validate import validate
from dossier.problems import Report
from dossier.render.fragments import source_label
from dossier.text.ingest import normalise, rule_matches
from dossier.text.link import place_claims

pytestmark = pytest.mark.content  # invariants of the dossier, run by the workflow's content job too


class Page(HTMLParser):
    """Collects ids, links and the text of elements with an id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.text = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for key in ("href", "src", "action"):
            if attrs.get(key):
                self.links.append(attrs[key])

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def pages(real_site):
    return {p.relative_to(real_site).as_posix(): parse(p) for p in real_site.rglob("*.html")}


@pytest.fixture(scope="module")
def content():
    """The real dossier loaded and linked exactly as the build does it (claims carry their anchors)."""
    report = Report()
    loaded = load(ROOT, report)
    seeds = ingest_seeds(loaded)
    validate(loaded, seeds, report)
    place_claims(loaded, seeds, report)
    assert not report.errors
    return loaded, seeds


def test_every_internal_link_and_fragment_resolves(real_site, pages):
    broken = []
    for name, page in pages.items():
        if name == "404.html":
            continue
        for link in page.links:
            if link.startswith(("http://", "https://", "mailto:", "data:")):
                continue
            target, _, fragment = link.partition("#")
            resolved = (real_site / name).parent.joinpath(target).resolve() if target else (real_site / name).resolve()
            rel = resolved.relative_to(real_site.resolve()).as_posix() if resolved.is_relative_to(real_site.resolve()) else None
            if rel is None or not resolved.is_file():
                broken.append((name, link))
            elif fragment and rel in pages and fragment not in pages[rel].ids:
                broken.append((name, link))
    assert broken == []


def test_every_link_is_relative_and_names_a_file(pages):
    for name, page in pages.items():
        if name == "404.html":
            continue
        for link in page.links:
            if link.startswith(("https://", "http://", "#", "mailto:", "data:")):
                continue
            assert not link.startswith("/"), (name, link)
            assert re.search(r"\.(html|css|svg|js|xml|csv|json)(#.*)?$", link), (name, link)


def test_every_kept_sentence_of_every_seed_is_on_its_source_page(pages, content):
    loaded, seeds = content
    for sid, seed in seeds.items():
        text = normalise("".join(pages[f"sources/{sid}.html"].text))
        for block in seed.blocks:
            assert normalise(block.text) in text, (sid, block.anchor)


def test_every_dropped_line_was_dropped_by_a_declared_rule_or_repeats_a_kept_line(content):
    loaded, seeds = content
    for sid, seed in seeds.items():
        source = loaded.sources[sid]
        declared = set(loaded.site["residue"] or []) | set(source["residue"] or [])
        kept = {normalise(b.text) for b in seed.blocks}
        for block, rule in seed.dropped:
            if rule == "drop_repeats":
                assert source["drop_repeats"] and normalise(block.text) in kept, (sid, block.anchor)
            else:
                assert rule in declared and rule_matches(rule, block.raw), (sid, block.anchor, rule)


def test_every_claim_quote_lands_on_its_paragraph(real_site, content):
    loaded, seeds = content
    for sid, source in loaded.sources.items():
        page = (real_site / "sources" / f"{sid}.html").read_text(encoding="utf-8")
        for claim in source["claims"]:
            anchor = claim["anchor"]
            assert anchor, (sid, claim["quote"])
            element = re.search(rf'<(p|li|h3)\b[^>]*\bid="{anchor}"[^>]*>(.*?)</\1>', page, re.S)
            assert element, (sid, anchor)
            assert normalise(claim["quote"]) in normalise(html.unescape(re.sub(r"<[^>]+>", "", element.group(2)))), (sid, anchor)


def test_every_actor_page_lists_mentions(pages, content):
    loaded, _ = content
    for aid in loaded.actors:
        page = pages[f"actors/{aid}.html"]
        assert any(link.startswith("../sources/") and "#p" in link for link in page.links), aid


def test_front_page_reaches_every_page_in_two_clicks(pages):
    import posixpath

    def targets(name):
        base = posixpath.dirname(name)
        return {
            posixpath.normpath(posixpath.join(base, l.partition("#")[0]))
            for l in pages[name].links
            if not l.startswith(("http", "#", "data:")) and l.partition("#")[0].endswith(".html")
        }

    first = targets("index.html")
    reach = set(first).union(*(targets(p) for p in first if p in pages))
    assert sorted(p for p in pages if p not in reach and p != "404.html") == []


def test_citations_name_a_source_by_its_label_with_the_full_title_on_hover_when_shorter(real_site, content):
    loaded, _ = content
    cites = []
    for page in sorted(real_site.rglob("*.html")):
        cites += re.findall(
            r'<a class="cite" href="[^"]*sources/([a-z0-9-]+)\.html#p\d+"(?: title="([^"]*)")?>([^<]*), ¶\d+</a>',
            page.read_text(encoding="utf-8"),
        )
    assert cites
    for sid, title, label in cites:
        source = loaded.sources[sid]
        assert html.unescape(label) == source_label(source)
        assert html.unescape(title) == (source["title"] if source_label(source) != source["title"] else "")

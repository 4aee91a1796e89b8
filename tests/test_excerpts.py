"""publish_text: excerpts and none publish nothing of a seed but its quoted passages (and their context), anywhere in output/."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from dossier.build.pipeline import build
from dossier.problems import BuildFailed
from dossier.text.ingest import ingest

LONG = (
    "First hidden sentence names Moscow on purpose. "
    "Second sentence gives context before the quote. "
    "Third sentence is the one the claim quotes about Portus. "
    "Fourth sentence gives context after the quote. "
    "Fifth hidden sentence closes the paragraph in Washington."
)
CLAIM = """  - text: A quoted middle sentence.
    quote: Third sentence is the one the claim quotes about Portus.
    actors: [portus]
    themes: [bases]
    kind: fact
"""


def setup(project: Path, mode: str, context: int | None = None) -> None:
    """The fixture with a five-sentence paragraph whose third sentence a claim quotes, built with `mode`."""
    seed = project / "seeds" / "alpha.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n" + LONG + "\n", encoding="utf-8")
    record = project / "content" / "sources" / "alpha.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("claims:\n", "claims:\n" + CLAIM, 1), encoding="utf-8")
    extra = f"publish_text: {mode}\n" + (f"excerpt_context: {context}\n" if context is not None else "")
    (project / "site.yaml").write_text((project / "site.yaml").read_text(encoding="utf-8") + extra, encoding="utf-8")


def output_text(out: Path) -> str:
    """Every file of the output as text a reader (or a program) could get back: HTML unescaped, JSON strings decoded."""
    parts = []
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        parts.append(html.unescape(text))
        for m in re.finditer(r'"(?:[^"\\]|\\.)*"', text):  # JSON and JS string literals, escapes decoded
            try:
                parts.append(json.loads(m.group(0)))
            except ValueError:
                pass
    return " ".join(" ".join(p.split()) for p in parts)


def sentences(project: Path, sid: str) -> list[tuple[str, str]]:
    """(anchor, sentence) for every sentence of a seed, residue included, split on full stops."""
    seed = ingest((project / "seeds" / f"{sid}.txt").read_text(encoding="utf-8"), [])
    found = []
    for block in seed.blocks:
        for s in re.split(r"(?<=[.!?”])\s+", " ".join(block.text.split())):
            if len(s) >= 12:
                found.append((block.anchor, s))
    return found


def gaps(out: Path, sid: str) -> set[str]:
    """The paragraphs a source page shows as not published."""
    page = (out / "sources" / f"{sid}.html").read_text(encoding="utf-8")
    return {a for gap in re.findall(r'<p class="block gap">(.*?)</p>', page) for a in re.findall(r'id="(p\d+)"', gap)}


def test_excerpts_publish_the_quoted_sentence_and_its_context_and_nothing_else(project):
    setup(project, "excerpts")
    out = project / "output"
    build(project, out, base_url="https://example.org/d/")  # the feed and sitemap too
    assert {p.suffix for p in out.rglob("*") if p.is_file()} >= {".html", ".json", ".js", ".csv", ".xml"}
    everything = output_text(out)
    assert "Third sentence is the one the claim quotes about Portus." in everything
    assert "Second sentence gives context before the quote." in everything  # one sentence of context each side
    assert "Fourth sentence gives context after the quote." in everything
    for hidden in ("First hidden sentence names Moscow on purpose.", "Fifth hidden sentence closes the paragraph in Washington."):
        assert hidden not in everything
        assert hidden[:30] not in everything
    unpublished = gaps(out, "alpha") | gaps(out, "beta")
    assert unpublished, "the fixture has paragraphs no quote publishes"
    for sid in ("alpha", "beta"):
        for anchor, sentence in sentences(project, sid):
            if anchor in unpublished:
                assert sentence not in everything, f"{sid} {anchor}: {sentence!r} is published"
    page = (out / "sources" / "alpha.html").read_text(encoding="utf-8")
    assert "[…]" in page and "not published" in page


def test_links_into_unpublished_paragraphs_still_land_and_search_holds_only_what_is_published(project):
    setup(project, "excerpts")
    out = project / "output"
    result = build(project, out, strict=True)  # the link check passes: every #pN a page links to exists
    assert result.warnings == []
    page = (out / "sources" / "alpha.html").read_text(encoding="utf-8")
    for anchor in gaps(out, "alpha"):
        assert f'id="{anchor}"' in page
    search = " ".join(p.read_text(encoding="utf-8") for p in (out / "assets" / "search").rglob("*.js"))
    assert "hidden" not in search.lower()
    assert "quotes about portus" in search.lower() or "Third sentence" in search


def test_context_is_configurable(project):
    setup(project, "excerpts", context=0)
    out = project / "output"
    build(project, out)
    everything = output_text(out)
    assert "Third sentence is the one the claim quotes about Portus." in everything
    assert "Second sentence gives context before the quote." not in everything


def test_none_publishes_no_sentence_of_any_seed_but_the_quotes_the_records_make(project):
    setup(project, "none")
    out = project / "output"
    build(project, out, strict=True, base_url="https://example.org/d/")
    everything = output_text(out)
    quotes = " ".join(p.read_text(encoding="utf-8") for p in (project / "content").rglob("*.yaml"))
    for sid in ("alpha", "beta"):
        for _, sentence in sentences(project, sid):
            if " ".join(sentence.split()) not in " ".join(quotes.split()) and sentence.rstrip(".") not in quotes:
                assert sentence not in everything, f"{sid}: {sentence!r} is published"


def test_quotes_are_still_checked_against_the_full_seed(project):
    setup(project, "excerpts")
    record = project / "content" / "sources" / "alpha.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("quotes about Portus.", "quotes about Portos."), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(project, project / "output")
    assert any("quote" in p.field for p in failed.value.problems)


def test_publish_text_takes_only_its_three_values(project):
    (project / "site.yaml").write_text((project / "site.yaml").read_text(encoding="utf-8") + "publish_text: some\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(project, project / "output")
    assert [p.field for p in failed.value.problems] == ["publish_text"]


def test_serve_rebuilds_in_full_so_a_newly_quoted_sentence_is_published_and_the_output_is_a_clean_builds(project, tmp_path):
    from helpers import snapshot

    from dossier.serve.incremental import Session

    setup(project, "excerpts", context=0)
    session = Session(project, tmp_path / "served")
    session.rebuild()
    record = project / "content" / "sources" / "alpha.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            "quote: Third sentence is the one the claim quotes about Portus.",
            "quote: Fifth hidden sentence closes the paragraph in Washington.",
        ),
        encoding="utf-8",
    )
    assert session.rebuild()[1] == "full"
    session.settle()
    build(project, tmp_path / "clean")
    served, clean = snapshot(tmp_path / "served"), snapshot(tmp_path / "clean")
    assert [p for p in clean if p != ".dossier-output" and served.get(p) != clean[p]] == []
    everything = output_text(tmp_path / "served")
    assert "Fifth hidden sentence closes the paragraph in Washington." in everything
    assert "Third sentence is the one the claim quotes about Portus." not in everything


def test_the_review_queue_reads_the_full_text_though_the_site_publishes_less(project, tmp_path):
    from dossier.editor.review import unlinked_names
    from dossier.serve.incremental import Session

    setup(project, "excerpts")
    result = build(project, write=False, review=True)
    assert "Example News" in {e.name for e in result.review}  # in a footnote no quote publishes
    session = Session(project, tmp_path / "served")
    session.rebuild()
    assert "Example News" in {e.name for e in session.state.review}  # what serve shows after a full build
    assert "Example News" not in {e.name for e in unlinked_names(session.state.seeds)}  # the masked seeds alone would miss it

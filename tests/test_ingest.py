"""Seed text -> blocks: kinds, residue, stable anchors, footnotes."""

from dossier.text.ingest import ingest, rule_matches, sentence_spans

TEXT = "Search\n\nThe Title\n\nThe Title\nA paragraph that ends with a period.\n  1. First item.\n  • bullet item,\n[i] A footnote.\n\u00a0\nRead more: elsewhere\n"


def test_kinds_and_anchors():
    seed = ingest(TEXT, ["Search", "Read more: *"], drop_repeats=True, title="The Title")
    assert [(b.anchor, b.kind) for b in seed.blocks] == [
        ("p2", "title"),
        ("p4", "paragraph"),
        ("p5", "numbered"),
        ("p6", "bullet"),
        ("p7", "footnote"),
    ]
    assert [(b.anchor, rule) for b, rule in seed.dropped] == [("p1", "Search"), ("p3", "drop_repeats"), ("p8", "Read more: *")]
    assert seed.blocks[2].marker == "1" and seed.blocks[2].text == "First item."
    assert seed.blocks[4].marker == "i" and seed.blocks[4].text == "A footnote."


def test_anchors_do_not_move_when_rules_change():
    with_rules = ingest(TEXT, ["Search", "Read more: *"], drop_repeats=True)
    without = ingest(TEXT, [], drop_repeats=False)
    anchors = {b.anchor: b.text for b in without.blocks}
    for block in with_rules.blocks:
        assert anchors[block.anchor] == block.text


def test_block_kind_override():
    seed = ingest("Jane Doe - Outlet\nBody text here.", [], kinds={"p1": "byline"})
    assert seed.blocks[0].kind == "byline"


def test_rules_match_whole_lines_or_prefixes():
    assert rule_matches("Search", "  Search ")
    assert not rule_matches("Search", "Search engines")
    assert rule_matches("Read more: *", "Read more: Why X")
    assert not rule_matches("Read more: *", "We read more: no")


def test_sentences():
    text = "One sentence. Another “quoted” one! A third? [ii] Fourth."
    parts = [text[s:e] for s, e in sentence_spans(text)]
    assert parts == ["One sentence.", "Another “quoted” one!", "A third? [ii]", "Fourth."]

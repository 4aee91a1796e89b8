"""The bad-input table: each case breaks a scratch copy of the fixture dossier in one way."""

from __future__ import annotations

import os
from pathlib import Path


def edit(rel: str, old: str, new: str):
    def apply(p: Path):
        path = p / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def write(rel: str, data, mode="w"):
    def apply(p: Path):
        path = p / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    return apply


def both(*steps):
    def apply(p: Path):
        for step in steps:
            step(p)

    return apply


def huge_seed(p: Path):
    with open(p / "seeds" / "beta.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk


def symlink_out(p: Path):
    os.remove(p / "seeds" / "beta.txt")
    os.symlink("/etc/hostname", p / "seeds" / "beta.txt")


def link(rel: str, target: str, outside_text: str | None = None):
    """A symbolic link in the project; with `outside_text`, to a file written beside the project (outside it)."""

    def apply(p: Path):
        path = p / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            os.remove(path)
        if outside_text is not None:
            (p.parent / target).write_text(outside_text, encoding="utf-8")
            os.symlink(p.parent / target, path)
        else:
            os.symlink(target, path)

    return apply


def fifo(rel: str):
    return lambda p: os.mkfifo(p / rel)


def folder(rel: str):
    return lambda p: os.mkdir(p / rel)


def rename(rel: str, new: str):
    return lambda p: os.rename(p / rel, p / new)


def remove(rel: str):
    return lambda p: os.remove(p / rel)


A, S, T, SITE, EV = (
    "content/actors/russia.yaml",
    "content/sources/alpha.yaml",
    "content/themes/bases.yaml",
    "site.yaml",
    "content/events.yaml",
)
B, BAL, DIS, BERG = "content/sources/beta.yaml", "content/themes/balancing.yaml", "content/disputes.yaml", "content/actors/anna-berg.yaml"
DISPUTE_COPY = """- id: balancing-risk
  question: Again?
  positions:
    - source: alpha
      position: One
      quote: The Kremlin wants to keep Portus.
    - source: beta
      position: Two
      quote: A sanctions deal is likely by summer.
"""

# (name, mutation, extra CLI args, expected first line of stderr)
CASES = [
    ("yaml-unclosed-flow", edit(A, "aliases: [Moscow, Kremlin]", "aliases: [Moscow, Kremlin"), []),
    # An unclosed quote (file line 15) that the parser only notices where the next quote closes it, lines later.
    (
        "yaml-unclosed-quote",
        edit(S, 'quote: "President Anna Berg met Vladimir Putin in Moscow"', 'quote: "President Anna Berg met Vladimir Putin in Moscow'),
        [],
    ),
    ("yaml-unclosed-quote-at-end", edit(S, "inferred: true", 'inferred: true\nnote: "never closed'), []),
    ("yaml-bad-indent", edit(SITE, "language: en", "  language: en"), []),
    ("yaml-tab", edit(T, "title: Bases", "title:\tBases\n\tx: 1"), []),
    ("yaml-duplicate-key", edit(A, "role: A state", "role: A state\nrole: Another"), []),
    ("yaml-empty-file", write(A, ""), []),
    ("yaml-not-a-mapping", write(A, "- just\n- a list\n"), []),
    ("yml-extension", write("content/actors/ruritania-2.yml", "name: X\n"), []),
    ("type-aliases-string", edit(A, "aliases: [Moscow, Kremlin]", "aliases: Moscow"), []),
    ("type-bool", edit(S, "drop_repeats: true", "drop_repeats: [yes]"), []),
    ("type-claims-mapping", edit("content/sources/beta.yaml", "claims:\n", "claims: {a: 1}\nx_claims:\n"), []),
    ("choice-kind", edit(A, "kind: state", "kind: country"), []),
    ("source-kind", edit(S, "kind: analysis", "kind: news"), []),
    (
        "source-kind-site",
        lambda p: (
            edit(SITE, "language: en", "language: en\nsource_kinds: [speech]")(p),
            edit(S, "kind: analysis", "kind: news-report")(p),
        ),
        [],
    ),
    ("missing-required", edit(A, "name: Russia\n", ""), []),
    ("empty-required", edit(A, "name: Russia", "name: ''"), []),
    ("unknown-field", edit(A, "summary: Russia.", "sumary: Russia."), []),
    ("bad-date", edit(S, 'published: "2025-02"', 'published: "Feb 2025"'), []),
    ("id-differs", edit(A, "id: russia", "id: russland"), []),
    ("unknown-actor", edit(S, "actors: [russia]", "actors: [rusia]"), []),
    ("unknown-theme", edit(S, "themes: [bases]", "themes: [base]"), []),
    ("unknown-part-of", edit("content/actors/vladimir-putin.yaml", "part_of: russia", "part_of: soviet-union"), []),
    ("unknown-site-theme", edit(SITE, "themes: [balancing, bases]", "themes: [balancing, bases, sanctions]"), []),
    ("md-unknown-actor", edit(S, "(actor:vladimir-putin)", "(actor:putin)"), []),
    ("md-unknown-paragraph", edit(S, "(source:alpha#p4)", "(source:alpha#p99)"), []),
    # The bad link on the second line of a summary block (file line 13): that line is named, not the block's first (reader review P16).
    (
        "md-unknown-paragraph-later-line",
        edit(S, "summary: |\n  Berg met", "summary: |\n  One.\n  Two ([x](source:alpha#p99)).\n  Berg met"),
        [],
    ),
    ("md-dropped-paragraph", edit(S, "(source:alpha#p4)", "(source:alpha#p1)"), []),
    ("md-bad-kind", edit(T, "(source:alpha#p7)", "(person:alpha)"), []),
    ("cite-unknown-source", edit("content/actors/anna-berg.yaml", "cite: source:alpha#p4", "cite: source:gamma#p4"), []),
    ("cite-no-paragraph", edit("content/actors/anna-berg.yaml", "cite: source:alpha#p4", "cite: source:alpha"), []),
    (
        "alias-collision",
        edit("content/actors/united-states.yaml", "aliases: [U.S., Washington]", "aliases: [U.S., Washington, Moscow]"),
        [],
    ),
    ("alias-single-letter", edit(A, "aliases: [Moscow, Kremlin]", "aliases: [Moscow, Kremlin, R]"), []),
    ("quote-not-in-seed", edit(S, "quote: The Kremlin wants to keep Portus.", "quote: The Kremlin wants to keep Portus forever."), []),
    ("quote-in-residue", edit(S, "quote: The Kremlin wants to keep Portus.", "quote: Something else entirely"), []),
    ("event-quote-elsewhere", edit(EV, "quote: met Vladimir Putin in Moscow", "quote: The Kremlin wants to keep Portus"), []),
    ("event-bad-date", edit(EV, 'date: "2025-02"', 'date: "2025-13"'), []),
    ("impossible-day", edit(S, 'published: "2025-02"', 'published: "2025-02-31"'), []),
    ("event-not-a-leap-year", edit(EV, 'date: "2025-02"', 'date: "2023-02-29"'), []),
    ("base-url-javascript", edit(SITE, "base_url: null", 'base_url: "javascript:alert(document.domain)//"'), []),
    ("base-url-option-javascript", lambda p: None, ["--base-url", "javascript:alert(1)//"]),
    ("cname-two-lines", edit(SITE, "cname: null", 'cname: "evil.example\\n../../x <b>"'), []),
    ("theme-listed-twice", edit(SITE, "themes: [balancing, bases]", "themes: [balancing, bases, balancing]"), []),
    ("strict-never-link-alias", edit(SITE, "never_link: [Ruritania TV]", "never_link: [Ruritania TV, Moscow]"), ["--strict"]),
    ("block-kind-anchor", edit(S, "drop_repeats: true", "drop_repeats: true\nblock_kinds: {p77: byline}"), []),
    ("seed-missing", remove("seeds/beta.txt"), []),
    ("seed-not-utf8", write("seeds/beta.txt", "Caf\xe9 in Moscow".encode("latin-1")), []),
    ("seed-empty", write("seeds/beta.txt", " \n\n"), []),
    ("seed-50mb", huge_seed, []),
    ("seed-outside", edit("content/sources/beta.yaml", "seed: seeds/beta.txt", "seed: ../../etc/passwd"), []),
    ("seed-symlink-out", symlink_out, []),
    ("site-missing", remove(SITE), []),
    # Files the builder refuses to read: links out of the project, devices, pipes, misnamed records.
    ("seed-dev-zero-link", link("seeds/zero.txt", "/dev/zero"), []),
    ("seed-named-pipe", fifo("seeds/pipe.txt"), []),
    ("record-link-out", link("content/pages/leak.yaml", "outside.yaml", "title: Leak\nbody: secret\n"), []),
    ("asset-link-out", link("templates/assets/notes.txt", "secret.txt", "ghp_not_a_real_token\n"), []),
    (
        "asset-link-to-git-config",
        both(
            write(".git/config", "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n"),
            link("templates/assets/config.txt", "../../.git/config"),
        ),
        [],
    ),
    (
        "record-link-to-private-notes",
        both(write("notes/private.yaml", "title: Private\nbody: x\n"), link("content/pages/notes.yaml", "../../notes/private.yaml")),
        [],
    ),
    ("template-link-out", link("templates/page.html", "page.html", "{{ 1 }}\n"), []),
    (
        "record-name-attribute",
        write(
            'content/actors/x" onmouseover="alert(1)" data-x=".yaml', "name: Evil\nkind: state\nrole: x\naliases: [Moscow]\nsummary: x\n"
        ),
        [],
    ),
    ("record-name-upper", write("content/pages/About Us.yaml", "title: X\nbody: x\n"), []),
    ("record-name-no-latin", write("content/pages/سوريا.yaml", "title: X\nbody: x\n"), []),
    ("record-upper-extension", rename(A, "content/actors/russia.YAML"), []),
    ("record-folder", folder("content/pages/dir.yaml"), []),
    ("seed-name-too-long", edit("content/sources/beta.yaml", "seed: seeds/beta.txt", "seed: seeds/" + "a" * 300 + ".txt"), []),
    ("seed-nul", edit("content/sources/beta.yaml", "seed: seeds/beta.txt", 'seed: "seeds/beta.txt\\0"'), []),
    ("seed-site-yaml", edit("content/sources/beta.yaml", "seed: seeds/beta.txt", "seed: site.yaml"), []),
    ("seed-is-folder", edit("content/sources/beta.yaml", "seed: seeds/beta.txt", "seed: seeds"), []),
    ("template-undefined", write("templates/page.html", "{% extends 'base.html' %}\n{% block main %}\n{{ nope }}\n{% endblock %}\n"), []),
    ("template-syntax", write("templates/page.html", "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n"), []),
    (
        "template-raises",
        write("templates/page.html", "{% extends 'base.html' %}\n{% block main %}\n{{ site.title + 1 }}\n{% endblock %}\n"),
        [],
    ),
    ("strict-unused-rule", edit(S, "drop_repeats: true", "drop_repeats: true\nresidue: [Not a line]"), ["--strict"]),
    (
        "strict-unnamed-actor",
        write("content/actors/atlantis.yaml", "name: Atlantis\nkind: place\nrole: Nowhere\nsummary: None.\n"),
        ["--strict"],
    ),
    # The analytic layer (issue 14): claim kinds and confidence, writing windows, badges, relation dates, stances, disputes.
    ("claim-kind-choice", edit(S, "kind: fact", "kind: facts"), []),
    ("claim-confidence-elsewhere", edit(B, "confidence: likely", "confidence: almost certain"), []),
    ("written-no-bound", edit(B, '  not_before: "2025-03"\n', ""), []),
    ("written-order", edit(S, 'not_after: "2025-02-01"', 'not_after: "2024-12"'), []),
    ("written-bad-date", edit(B, 'not_before: "2025-03"', 'not_before: "March 2025"'), []),
    ("written-inferred-unexplained", edit(S, "date_note: Inferred from the footnote's access date.\n", ""), []),
    ("badge-unknown", edit(B, "badges: [pre-deal]", "badges: [pre-dael]"), []),
    ("badge-bad-id", edit(SITE, "  pre-deal:", "  Pre_Deal:"), []),
    ("relation-bad-date", edit(BERG, 'as_of: "2025-02"', 'as_of: "Feb 2025"'), []),
    ("relation-until-before-since", edit(BERG, 'as_of: "2025-02"', 'since: "2025-02"\n    until: "2024"'), []),
    ("stance-unknown-source", edit(BAL, "  - source: beta", "  - source: betta"), []),
    ("stance-quote-not-found", edit(BAL, "quote: balancing act worries the U.S.", "quote: balancing act alarms the U.S."), []),
    (
        "stance-hedge-elsewhere",
        edit(BAL, "    quote: Ruritania keeps parallel", "    hedge: likely\n    quote: Ruritania keeps parallel"),
        [],
    ),
    ("stance-position-too-long", edit(BAL, "position: Balancing worries Washington", "position: " + "very " * 12 + "worrying"), []),
    ("stance-duplicate-source", edit(BAL, "  - source: beta", "  - source: alpha"), []),
    ("stance-not-discussed-with-position", edit(T, "discussed: false", "discussed: false\n    position: Against"), []),
    ("stance-no-quote", edit(BAL, "    quote: balancing act worries the U.S.\n", ""), []),
    (
        "dispute-one-position",
        edit(
            DIS,
            '    - source: beta\n      position: "Yes: it worries the U.S."\n      answer: "yes"\n      quote: balancing act worries the U.S.\n',
            "",
        ),
        [],
    ),
    (
        "dispute-single-source",
        edit(
            DIS,
            '    - source: beta\n      position: "Yes: it worries the U.S."\n      answer: "yes"\n      quote: balancing act worries the U.S.',
            '    - source: alpha\n      position: Agrees\n      answer: "yes"\n      quote: The Kremlin wants to keep Portus.',
        ),
        [],
    ),
    ("dispute-duplicate-id", lambda p: (p / DIS).write_text((p / DIS).read_text() + DISPUTE_COPY), []),
    ("dispute-quote-not-found", edit(DIS, "quote: balancing act worries the U.S.", "quote: balancing act scares the U.S."), []),
    ("dispute-unknown-actor", edit(DIS, "actors: [ruritania, united-states]", "actors: [ruritania, united-state]"), []),
    ("dispute-bad-id", edit(DIS, "id: balancing-risk", "id: Balancing Risk"), []),
    ("dispute-missing-question", edit(DIS, "  question: Is Ruritania's balancing a worry for Washington?\n", ""), []),
    ("event-order-not-a-number", edit(EV, "order: 2", "order: second"), []),
    ("strict-claim-without-kind", edit(S, "    kind: fact\n", ""), ["--strict"]),
    ("strict-theme-without-stances", lambda p: (p / T).write_text((p / T).read_text().partition("stances:")[0]), ["--strict"]),
    ("source-url-not-http", edit(S, "drop_repeats: true", 'drop_repeats: true\nurl: "javascript:alert(1)"'), []),
    (
        "strict-seed-hash-differs",
        edit(S, "drop_repeats: true", 'drop_repeats: true\nsha256: "ab00000000000000000000000000000000000000000000000000000000000000"'),
        ["--strict"],
    ),
    ("publish-text-unknown", edit(SITE, "never_link: [Ruritania TV]", "never_link: [Ruritania TV]\npublish_text: some"), []),
    (
        "strict-information-limit",
        edit(SITE, "never_link: [Ruritania TV]", 'never_link: [Ruritania TV]\ninformation_limit: "2025-06"'),
        ["--strict"],
    ),
    ("unknown-key-actor", edit(SITE, "themes: [balancing, bases]", "themes: [balancing, bases]\nkey_actors: [rusia]"), []),
    ("bottom-line-misquotes", edit(T, '"to discuss the naval base at\n  Portus"', '"to settle the naval base"'), []),
    ("bottom-line-cites-nothing", edit(T, " ([alpha, p4](source:alpha#p4))", ""), []),
    (
        "strict-bottom-line-too-long",
        edit(T, "No text reports a deal on it.", "No text reports a deal. It is open. It may last."),
        ["--strict"],
    ),
    ("out-is-project", lambda p: None, ["--out", "{project}"]),
    ("out-has-foreign-files", write("../foreign/keep.txt", "mine"), ["--out", "{project}/../foreign"]),
]

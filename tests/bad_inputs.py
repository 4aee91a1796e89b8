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


def remove(rel: str):
    return lambda p: os.remove(p / rel)


A, S, T, SITE, EV = (
    "content/actors/russia.yaml",
    "content/sources/alpha.yaml",
    "content/themes/bases.yaml",
    "site.yaml",
    "content/events.yaml",
)

# (name, mutation, extra CLI args, expected first line of stderr)
CASES = [
    ("yaml-unclosed-flow", edit(A, "aliases: [Moscow, Kremlin]", "aliases: [Moscow, Kremlin"), []),
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
    ("missing-required", edit(A, "role: A state\n", ""), []),
    ("empty-required", edit(A, "role: A state", "role: ''"), []),
    ("unknown-field", edit(A, "summary: Russia.", "sumary: Russia."), []),
    ("bad-date", edit(S, 'published: "2025-02"', 'published: "Feb 2025"'), []),
    ("id-differs", edit(A, "id: russia", "id: russland"), []),
    ("unknown-actor", edit(S, "actors: [russia]", "actors: [rusia]"), []),
    ("unknown-theme", edit(S, "themes: [bases]", "themes: [base]"), []),
    ("unknown-part-of", edit("content/actors/vladimir-putin.yaml", "part_of: russia", "part_of: soviet-union"), []),
    ("unknown-site-theme", edit(SITE, "themes: [balancing, bases]", "themes: [balancing, bases, sanctions]"), []),
    ("md-unknown-actor", edit(S, "(actor:vladimir-putin)", "(actor:putin)"), []),
    ("md-unknown-paragraph", edit(S, "(source:alpha#p4)", "(source:alpha#p99)"), []),
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
    ("block-kind-anchor", edit(S, "drop_repeats: true", "drop_repeats: true\nblock_kinds: {p77: byline}"), []),
    ("seed-missing", remove("seeds/beta.txt"), []),
    ("seed-not-utf8", write("seeds/beta.txt", "Caf\xe9 in Moscow".encode("latin-1")), []),
    ("seed-empty", write("seeds/beta.txt", " \n\n"), []),
    ("seed-50mb", huge_seed, []),
    ("seed-outside", edit("content/sources/beta.yaml", "seed: seeds/beta.txt", "seed: ../../etc/passwd"), []),
    ("seed-symlink-out", symlink_out, []),
    ("site-missing", remove(SITE), []),
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
    ("out-is-project", lambda p: None, ["--out", "{project}"]),
    ("out-has-foreign-files", write("../foreign/keep.txt", "mine"), ["--out", "{project}/../foreign"]),
]

#!/usr/bin/env python3
"""A deterministic synthetic dossier for benchmarks, valid against docs/content-model.md.

    python bench/synth.py --sources N --actors M --out DIR [--markdown DIR2] [--seed S]

DIR gets seeds/*.txt (~1,250 words, ~15 paragraphs, two headings, a bulleted and a
numbered list, one residue line), content/{sources,actors,themes,pages}/*.yaml,
content/events.yaml and site.yaml; it builds with `python build.py --strict`
with no errors and no warnings. With --markdown, DIR2 gets the same articles as a
Hugo site (hugo.toml + content/*.md with front matter), the text peers build.
With --graded it adds the assessment layer (grades, claim ids, corroboration, judgments),
still strict-clean. Everything is drawn from one seeded random generator: the same arguments give
byte-identical files.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

try:  # the C dumper is ~10x faster; fall back to the pure one
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as Dumper

RESIDUE = "Share this article"
KINDS = ("person", "state", "organisation", "place", "outlet")
SOURCE_KINDS = ("analysis", "opinion", "policy-brief", "news-analysis")
CLAIM_KINDS = ("fact", "assessment", "forecast", "recommendation")
STANCE_SOURCES = 30  # the first sources get stances on their themes: an editor curates a bounded set, so the matrix is bounded
RELATION_TYPES = ("ally-of", "partner-of", "rival-of", "supports", "opposes", "mediates")

# Ten themes, three index terms each: plain lowercase English, never an actor's word.
THEMES = [
    ("naval-access", "Naval access", "Who keeps the ports open to whom?", ["naval access", "port lease", "warm water"]),
    ("sanctions", "Sanctions", "Do sanctions bend policy or only budgets?", ["sanctions relief", "asset freeze", "export controls"]),
    ("energy", "Energy corridors", "Which pipelines decide the alliances?", ["energy corridor", "gas pipeline", "grid interconnection"]),
    (
        "balancing",
        "Balancing",
        "Can a small state play the great powers against each other?",
        ["balancing", "parallel channels", "hedging"],
    ),
    (
        "reconstruction",
        "Reconstruction",
        "Who pays to rebuild, and on what terms?",
        ["reconstruction", "donor conference", "housing stock"],
    ),
    (
        "security",
        "Security guarantees",
        "What would a credible guarantee look like?",
        ["security guarantee", "defence pact", "air defence"],
    ),
    ("borders", "Borders", "Where do the lines run after the war?", ["border crossing", "buffer zone", "demarcation"]),
    ("migration", "Migration", "Will the displaced return?", ["refugee return", "displacement", "resettlement"]),
    ("trade", "Trade", "Does trade follow the flag?", ["trade route", "tariff schedule", "free zone"]),
    ("legitimacy", "Legitimacy", "Who recognises the new order, and why?", ["recognition", "legitimacy", "transitional justice"]),
]

SYLLABLES = [
    "kar",
    "vo",
    "ni",
    "dre",
    "sta",
    "mel",
    "qu",
    "ori",
    "zan",
    "tel",
    "bra",
    "vik",
    "sul",
    "mo",
    "rav",
    "ek",
    "lin",
    "dor",
    "pha",
    "gri",
    "ust",
    "ven",
    "ola",
    "thu",
    "rek",
    "sai",
    "mir",
    "cal",
]
FIRST = [
    "Ilsa",
    "Teodor",
    "Marek",
    "Anouk",
    "Berit",
    "Casimir",
    "Dalia",
    "Emeric",
    "Fenna",
    "Gideon",
    "Halina",
    "Ivo",
    "Jarek",
    "Kasia",
    "Leontin",
    "Mira",
    "Nikola",
    "Oskar",
    "Petra",
    "Radu",
    "Sabin",
    "Tamsin",
    "Ulla",
    "Vesna",
    "Wendel",
    "Xaver",
    "Yara",
    "Zoltan",
]
TITLES = ["President", "Minister", "Envoy", "General", "Ambassador", "Chancellor", "Governor", "Commissioner"]

ADJ = [
    "cautious",
    "durable",
    "fragile",
    "quiet",
    "public",
    "regional",
    "strategic",
    "uneven",
    "formal",
    "limited",
    "partial",
    "careful",
    "renewed",
    "gradual",
    "direct",
    "informal",
    "lasting",
    "narrow",
    "broad",
    "early",
]
NOUN = [
    "agreement",
    "channel",
    "position",
    "guarantee",
    "relationship",
    "process",
    "settlement",
    "offer",
    "demand",
    "commitment",
    "framework",
    "arrangement",
    "presence",
    "leverage",
    "priority",
    "concession",
    "balance",
    "dialogue",
    "partnership",
    "dispute",
    "proposal",
    "timetable",
    "mandate",
    "roadmap",
]
VERB = [
    "seeks",
    "rejects",
    "welcomes",
    "questions",
    "extends",
    "reviews",
    "secures",
    "delays",
    "tests",
    "defends",
    "accepts",
    "weighs",
    "revisits",
    "signals",
    "limits",
    "supports",
    "resists",
    "frames",
    "promises",
    "counts on",
]
ADV = [
    "for now",
    "in practice",
    "at least on paper",
    "in the short term",
    "for the first time",
    "once again",
    "without much noise",
    "behind closed doors",
    "in public",
    "over the coming months",
]
OPENER = [
    "Officials say that",
    "Diplomats note that",
    "Analysts argue that",
    "By most accounts",
    "In practice",
    "According to people familiar with the talks,",
    "Seen from the capital,",
    "For the moment,",
    "Meanwhile,",
    "Critics reply that",
]
HEAD_A = [
    "What the talks changed",
    "The view from the ports",
    "Money and leverage",
    "A question of sequence",
    "The limits of patience",
    "What comes next",
    "Old partners and new",
    "The price of access",
]
HEAD_B = [
    "Reading the signals",
    "Where the lines run",
    "Costs and benefits",
    "The regional picture",
    "Promises and delivery",
    "Between two capitals",
    "An uneasy calm",
    "The long view",
]


# A minimal Hugo theme: every article on its own page, one list page of all of them.
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2 January 2006" }}</p>
{{ .Content }}</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .RegularPages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ol>{{ end }}
""",
}


def words_of(text: str) -> int:
    return len(text.split())


class Actor:
    def __init__(self, aid, name, kind, aliases, demonyms, role, part_of=None):
        self.id, self.name, self.kind, self.aliases, self.demonyms = aid, name, kind, aliases, demonyms
        self.role, self.part_of = role, part_of

    @property
    def forms(self) -> list[str]:
        return [self.name] + self.aliases


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def make_actors(rng: random.Random, count: int) -> list[Actor]:
    """`count` actors, kinds mixed, each with three aliases; no form of one is a word-bounded part of another's."""
    stems: set[str] = set()

    def stem(min_syl=2, max_syl=3) -> str:
        while True:
            s = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(min_syl, max_syl))).capitalize()
            if len(s) >= 5 and s not in stems and not any(s.startswith(o) or o.startswith(s) for o in stems):
                stems.add(s)
                return s

    actors: list[Actor] = []
    states: list[Actor] = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        a, b = stem(), stem()
        if kind == "person":
            first = rng.choice(FIRST)
            name = f"{first} {a}"
            aliases = [a, f"{first} {b} {a}", f"{rng.choice(TITLES)} {a}"]
            part_of = rng.choice(states).id if states else None
            act = Actor(
                slug(name), name, kind, aliases, [], f"{rng.choice(TITLES)} of {states[-1].name if states else 'a small state'}", part_of
            )
        elif kind == "state":
            name = a + "ia"
            aliases = [f"Republic of {name}", b, f"{b} Palace"]  # the capital and its seat of power
            act = Actor(slug(name), name, kind, aliases, [a + "ian"], "A state in the region")
            states.append(act)
        elif kind == "organisation":
            name = f"{a} Council"
            aliases = [f"{a} Bloc", f"{b} Secretariat", f"{a}-{b} Forum"]
            act = Actor(slug(name), name, kind, aliases, [], "A regional organisation")
        elif kind == "place":
            name = f"Port {a}"
            aliases = [f"{a} Harbour", f"{a} Bay", f"{b} Base"]
            act = Actor(slug(name), name, kind, aliases, [], "A naval base on the coast")
        else:
            name = f"{a} Herald"
            aliases = [f"{a} Daily", f"{b} Radio", f"{b} Online"]
            act = Actor(slug(name), name, kind, aliases, [], "A news outlet")
        actors.append(act)
    # Guard: a form may not occur, at word edges, inside another actor's form (it would steal or split mentions).
    owner = {f: act.id for act in actors for f in act.forms + act.demonyms}
    assert len(owner) == sum(len(a.forms) + len(a.demonyms) for a in actors), "duplicate alias"
    for form, aid in owner.items():
        pat = re.compile(rf"(?<![\w-]){re.escape(form)}(?!\w)")
        for other, oid in owner.items():
            if oid != aid and pat.search(other):
                raise AssertionError(f"alias {form!r} of {aid} occurs inside {other!r} of {oid}")
    return actors


class Writer:
    """Pseudo-prose: sentences with actor mentions and theme terms, ~14 words each."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def mention(self, actor: Actor) -> str:
        r = self.rng.random()
        form = actor.name if r < 0.4 else self.rng.choice(actor.aliases)
        return form + "’s" if self.rng.random() < 0.1 and not form.endswith("s") else form

    def sentence(self, cast: list[Actor], terms: list[str], mention_p: float = 0.55) -> str:
        r = self.rng
        noun, adj, verb = r.choice(NOUN), r.choice(ADJ), r.choice(VERB)
        term = r.choice(terms) if r.random() < 0.35 else f"the {r.choice(ADJ)} {r.choice(NOUN)}"
        subject = self.mention(r.choice(cast)) if r.random() < mention_p else f"The {r.choice(ADJ)} {r.choice(NOUN)}"
        if subject.endswith("’s"):
            subject = f"{subject} {r.choice(NOUN)}"
        pattern = r.randrange(5)
        if pattern == 0:
            s = f"{subject} {verb} a {adj} {noun} on {term} {r.choice(ADV)}."
        elif pattern == 1:
            s = f"{r.choice(OPENER)} {subject[0].lower() + subject[1:] if subject.startswith('The ') else subject} {verb} the {noun} because {term} matters more than the {r.choice(ADJ)} {r.choice(NOUN)}."
        elif pattern == 2:
            other = self.mention(r.choice(cast)) if r.random() < 0.4 else f"its {r.choice(ADJ)} neighbours"
            s = f"{subject} {verb} the {adj} {noun} with {other}, and {term} remains the {r.choice(NOUN)} to watch."
        elif pattern == 3:
            s = f"Any {noun} on {term} depends on whether {subject[0].lower() + subject[1:] if subject.startswith('The ') else subject} {verb} a {adj} {r.choice(NOUN)}."
        else:
            s = f"{subject} {verb} the {noun} {r.choice(ADV)}, while the {adj} {r.choice(NOUN)} over {term} stays open."
        return re.sub(r"\ba ([aeiou])", r"an \1", s)

    def paragraph(self, cast, terms, target_words: int) -> str:
        out: list[str] = []
        while sum(map(words_of, out)) < target_words:
            out.append(self.sentence(cast, terms))
        return " ".join(out)

    def item(self, cast, terms) -> str:
        r = self.rng
        return f"{self.mention(r.choice(cast)) if r.random() < 0.5 else 'The ' + r.choice(NOUN)} {r.choice(VERB)} {r.choice(terms)} {r.choice(ADV)};"


def make_seed(w: Writer, rng: random.Random, title: str, cast: list[Actor], terms: list[str]) -> list[tuple[str, str]]:
    """The article as (kind, text) lines: title, residue, paragraphs, two headings, two lists. ~1,250 words."""
    lines: list[tuple[str, str]] = [("title", title), ("residue", RESIDUE)]
    heads = [rng.choice(HEAD_A), rng.choice(HEAD_B)]
    for i in range(13):
        if i == 3:
            lines.append(("heading", heads[0]))
        if i == 8:
            lines.append(("heading", heads[1]))
        lines.append(("paragraph", w.paragraph(cast, terms, rng.randint(78, 98))))
        if i == 5:
            lines += [("bullet", w.item(cast, terms)) for _ in range(3)]
        if i == 10:
            lines += [("numbered", w.item(cast, terms)) for _ in range(3)]
    return lines


def seed_text(lines: list[tuple[str, str]]) -> str:
    out, n = [], 0
    for kind, text in lines:
        if kind == "bullet":
            out.append(f"  • {text}")
        elif kind == "numbered":
            n += 1
            out.append(f"  {n}. {text}")
        else:
            n = 0
            out.append(text)
        out.append("")
    return "\n".join(out)


def markdown_body(lines: list[tuple[str, str]]) -> str:
    out, n, prev = [], 0, ""
    for kind, text in lines:
        if kind in ("title", "residue"):
            continue
        if kind in ("bullet", "numbered") and prev != kind:
            n = 0
        if kind == "heading":
            out.append(f"## {text}\n")
        elif kind == "bullet":
            out.append(f"- {text}")
        elif kind == "numbered":
            n += 1
            out.append(f"{n}. {text}")
        else:
            if prev in ("bullet", "numbered"):
                out.append("")
            out.append(text + "\n")
        prev = kind
    return "\n".join(out).rstrip() + "\n"


def names(actor, text: str, cast) -> bool:
    """Whether `text` names `actor` as the builder's matcher would: a whole word, not inside another actor's longer form."""
    longer = [f for other in cast if other is not actor for f in other.forms]
    for form in actor.forms:
        for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
            if not any(form in f and len(f) > len(form) and f in text[max(0, m.start() - len(f)) : m.end() + len(f)] for f in longer):
                return True
    return False


def quote_from(text: str, rng: random.Random, words: int = 9) -> str:
    """The first `words` words of one sentence of `text`: verbatim, inside one line."""
    sentence = rng.choice(re.split(r"(?<=\.) ", text))
    return " ".join(sentence.split(" ")[:words])


def make_stances(rng: random.Random, sids: list[str], theme_cites: dict, blocks_of: dict) -> dict[str, list[dict]]:
    """Per theme: a stance for each of `sids` with a paragraph on it, every third other one 'not discussed'."""
    out: dict[str, list[dict]] = {}
    for tid, _, _, terms in THEMES:
        on = dict(theme_cites[tid])
        stances = []
        for n, sid in enumerate(sids):
            if sid in on:
                text = next(t for a, _, t in blocks_of[sid] if a == on[sid])
                quote = quote_from(text, rng, 8)
                if next(a for a, _, t in blocks_of[sid] if quote in t) != on[sid]:
                    continue  # found first in another block: leave this pair uncurated
                position = f"{'Stresses' if n % 2 else 'Doubts'} {terms[0]}"
                stances.append({"source": sid, "position": position, "quote": quote})
            elif n % 3 == 0:
                stances.append({"source": sid, "discussed": False, "note": f"No paragraph on {terms[0]}."})
        out[tid] = stances
    return out


def make_disputes(stances: dict[str, list[dict]], actors: list) -> list[dict]:
    """A dispute on each of the first three themes with two stated stances: theirs are its two positions."""
    disputes = []
    for tid, title, question, _ in THEMES:
        stated = [s for s in stances[tid] if s.get("quote")]
        if len(stated) >= 2 and len(disputes) < 3:
            disputes.append(
                {
                    "id": f"dispute-{tid}",
                    "question": question,
                    "themes": [tid],
                    "actors": [actors[len(disputes) % len(actors)].id],
                    "positions": [
                        {"source": s["source"], "position": s["position"], "answer": ("yes", "no")[i], "quote": s["quote"]}
                        for i, s in enumerate(stated[:2])
                    ],
                    "note": f"Two readings of {title.lower()}.",
                }
            )
    return disputes


def dump(data) -> str:
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100000, default_flow_style=False)


def lorem(w: Writer, cast, terms, n_words: int) -> str:
    return w.paragraph(cast, terms, n_words)


def generate(n_sources: int, n_actors: int, out: Path, markdown: Path | None = None, seed: int = 1, graded: bool = False) -> dict:
    rng = random.Random(seed)
    arng = random.Random(seed + 14)  # the analytic layer draws apart, so the rest of the dossier is as before it
    w = Writer(rng)
    for folder in (out, markdown):
        if folder is not None and folder.exists():
            shutil.rmtree(folder)
    for sub in ("seeds", "content/sources", "content/actors", "content/themes", "content/pages"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    if markdown is not None:
        (markdown / "content").mkdir(parents=True, exist_ok=True)

    actors = make_actors(rng, n_actors)
    outlets = [a for a in actors if a.kind == "outlet"]
    all_terms = {tid: terms for tid, _, _, terms in THEMES}
    cast_size = max(6, math.ceil(n_actors / max(1, n_sources)))
    width = len(str(n_sources))
    mentioned_in: dict[str, list[tuple[str, str]]] = {a.id: [] for a in actors}  # actor -> [(sid, anchor)]
    theme_cites: dict[str, list[tuple[str, str]]] = {tid: [] for tid in all_terms}
    blocks_of: dict[str, list[tuple[str, str, str]]] = {}  # sid -> [(anchor, kind, text)] kept blocks
    sids = []
    words_total = 0

    for i in range(n_sources):
        sid = f"source-{i + 1:0{width}d}"
        sids.append(sid)
        cast = [actors[(i * cast_size + j) % n_actors] for j in range(cast_size)]
        cast = list(dict.fromkeys(cast))
        tids = rng.sample(list(all_terms), 3)
        terms = [t for tid in tids for t in all_terms[tid]]
        title = f"{rng.choice(HEAD_A)} in {cast[0].name if cast[0].kind != 'person' else 'the region'} {i + 1}"
        lines = make_seed(w, rng, title, cast, terms)
        text = seed_text(lines)
        words_total += words_of(text)
        (out / "seeds" / f"{sid}.txt").write_text(text, encoding="utf-8")
        kept, n = [], 0
        for kind, line in lines:
            n += 1
            if kind != "residue":
                kept.append((f"p{n}", kind, line))
        blocks_of[sid] = kept
        paras = [(a, t) for a, k, t in kept if k == "paragraph"]
        for a in cast:
            hit = next((anc for anc, t in paras if any(f in t for f in a.forms)), None)
            if hit:
                mentioned_in[a.id].append((sid, hit))
        for tid in tids:
            hit = next((anc for anc, t in paras if any(term in t for term in all_terms[tid])), None)
            if hit:
                theme_cites[tid].append((sid, hit))

        claims = []
        naming = [(a, t) for a, t in paras if any(names(act, t, cast) for act in cast)]  # a claim tags actors its paragraph names
        # Up to three claims, each on a paragraph that names someone (a source naming fewer gets fewer claims).
        for k, (_anchor, text_) in enumerate(rng.sample(naming, min(3, len(naming))) if naming else rng.sample(paras, 1)):
            quote = quote_from(text_, rng)
            for _ in range(8):  # the builder places a quote on the one paragraph that holds it: draw one no other line repeats
                if sum(quote in t for _, _, t in kept) == 1:
                    break
                quote = quote_from(text_, rng, 14)
            named = [a.id for a in cast if names(a, text_, cast)] or [cast[0].id]
            claims.append(
                {
                    "text": f"The article reports: {quote.rstrip('.,;')} …",
                    "quote": quote,
                    "actors": named[:2],
                    "themes": [tids[0]],
                    "kind": CLAIM_KINDS[(i + k) % len(CLAIM_KINDS)],
                }
            )
            if graded:  # the assessment layer, drawn from no generator: the rest of the dossier is as without it
                claims[-1].update(id=f"{sid}-c{k + 1}", credibility=2 + (i + k) % 4)
                if k == 0 and i % 4 == 1:
                    claims[-1]["corroborates"] = [f"{sids[-2]}-c1"]
        p3 = kept[1][0]  # first kept paragraph after title and residue
        summary = (
            f"One {rng.choice(ADJ)} reading of {[t for t in terms][0]} that opens with "
            f"[the first paragraph](source:{sid}#{p3}) and follows [{cast[0].name}](actor:{cast[0].id}) through the talks. "
            + lorem(w, cast, terms, 110)
        )
        source = {
            "id": sid,
            "seed": f"seeds/{sid}.txt",
            "title": title,
            "outlet": outlets[i % len(outlets)].id if outlets and i % 3 == 0 else None,
            "author": None,
            "published": f"{2020 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "kind": SOURCE_KINDS[i % len(SOURCE_KINDS)],
            "perspective": f"A {rng.choice(ADJ)} view from {cast[0].name}",
            "summary": summary,
            "claims": claims,
        }
        if i % 5 == 0:  # a writing window, as a text might state it
            source["written"] = {"not_before": f"{2020 + i % 6}-01", "not_after": source["published"][:7], "inferred": False}
        if i % 6 == 0:
            source["badges"] = ["early"]
        if graded:
            grade = "ABCDEF"[i % 6]
            source["reliability"] = {"grade": grade, "basis": f"Synthetic grade {grade}, for benchmarks."}
            source["evidence_basis"] = [("own-reporting", "named-officials", "none-stated")[i % 3]]
        (out / "content" / "sources" / f"{sid}.yaml").write_text(dump(source), encoding="utf-8")
        teaser = quote_from(paras[0][1], rng, 20)  # drawn whether or not Markdown is written: same files either way
        if markdown is not None:
            front = f"---\ntitle: {title}\ndate: {source['published']}\nsummary: {teaser}\n---\n\n"
            (markdown / "content" / f"{sid}.md").write_text(front + markdown_body(lines), encoding="utf-8")

    unnamed = [a for a, where in mentioned_in.items() if not where]
    if unnamed:
        raise SystemExit(f"synth: {len(unnamed)} actors never named; use fewer actors or more sources")

    for k, act in enumerate(actors):
        where = mentioned_in[act.id]
        cite_sid, cite_anchor = where[0]
        others = [a for a in actors if a.id != act.id]
        relations = []
        for target in rng.sample(others, min(2, len(others))):
            sid2, anc2 = rng.choice(where)
            relations.append(
                {
                    "type": rng.choice(RELATION_TYPES),
                    "target": target.id,
                    "cite": f"source:{sid2}#{anc2}",
                    "note": re.sub(r"^A ([aeiou])", r"An \1", f"A {rng.choice(ADJ)} {rng.choice(NOUN)}."),
                }
            )
        record = {"id": act.id, "name": act.name, "kind": act.kind, "role": act.role, "aliases": act.aliases}
        if act.demonyms:
            record["demonyms"] = act.demonyms
        if act.part_of:
            record["part_of"] = act.part_of
        record["summary"] = f"{act.name} is first named in [this paragraph](source:{cite_sid}#{cite_anchor}). " + lorem(
            w, [act], all_terms[THEMES[k % 10][0]], 70
        )
        record["relations"] = relations
        (out / "content" / "actors" / f"{act.id}.yaml").write_text(dump(record), encoding="utf-8")

    stances = make_stances(arng, sids[:STANCE_SOURCES], theme_cites, blocks_of)
    for tid, title, question, terms in THEMES:
        cites = theme_cites[tid] or [(sids[0], blocks_of[sids[0]][1][0])]
        picks = rng.sample(cites, min(4, len(cites)))
        links = ", ".join(f"[{s}](source:{s}#{a})" for s, a in picks)
        synthesis = f"The sources that take up {terms[0]} ({links}) " + lorem(w, actors[:6], terms, 260)
        record = {
            "id": tid,
            "title": title,
            "question": question,
            "terms": terms,
            "synthesis": synthesis,
            "agree": f"They agree on {terms[1]}. " + lorem(w, actors[:3], terms, 40),
            "differ": f"They differ on {terms[2]}. " + lorem(w, actors[:3], terms, 40),
            "open_questions": [f"Will {terms[0]} outlast the {rng.choice(NOUN)}?", f"Who pays for {terms[1]}?"],
        }
        if stances[tid]:
            record["stances"] = stances[tid]
        (out / "content" / "themes" / f"{tid}.yaml").write_text(dump(record), encoding="utf-8")

    events = []
    for j in range(min(40, n_sources)):
        sid = sids[(j * 7919) % n_sources]
        kept = blocks_of[sid]
        anchor, _, text_ = rng.choice([b for b in kept if b[1] == "paragraph"])
        quote = quote_from(text_, rng, 7)
        if next(a for a, _, t in kept if quote in t) != anchor:  # the quote must be found first in its own block
            continue
        events.append(
            {
                "date": f"{2020 + j % 6}-{1 + j % 12:02d}",
                "title": f"Event {j + 1}: {quote.rstrip('.,;')}",
                "cite": f"source:{sid}#{anchor}",
                "quote": quote,
                "actors": [actors[j % n_actors].id],
                "themes": [THEMES[j % 10][0]],
            }
        )
    (out / "content" / "events.yaml").write_text(dump(events), encoding="utf-8")
    disputes = make_disputes(stances, actors)
    if disputes:
        (out / "content" / "disputes.yaml").write_text(dump(disputes), encoding="utf-8")

    about = {
        "id": "about",
        "title": "About this dossier",
        "body": (
            "A synthetic dossier generated by `bench/synth.py` for benchmarks. It has "
            f"{{sources}} sources and {{actors}} actors (counted by the build); see [the first source](source:{sids[0]}) and "
            f"[the first theme](theme:{THEMES[0][0]}).\n\n" + lorem(w, actors[:4], THEMES[0][3], 120) + "\n"
        ),
    }
    (out / "content" / "pages" / "about.yaml").write_text(dump(about), encoding="utf-8")
    site = {
        "title": "Synthetic dossier ({sources} sources)",
        "description": "Generated text for benchmarking the builder.",
        "language": "en",
        "base_url": None,
        "cname": None,
        "themes": [t[0] for t in THEMES],
        "residue": [RESIDUE],
        "never_link": [],
        "badges": {"early": {"label": "Early", "note": "Written in the first year the dossier covers."}},
    }
    (out / "site.yaml").write_text(dump(site), encoding="utf-8")
    if graded:
        (out / "content" / "judgments.yaml").write_text(dump(synthetic_judgments(out, sids)), encoding="utf-8")

    if markdown is not None:
        (markdown / "hugo.toml").write_text(
            f'baseURL = "https://example.org/"\nlanguageCode = "en"\ntitle = "Synthetic dossier ({n_sources} sources)"\n', encoding="utf-8"
        )
        layouts = markdown / "layouts" / "_default"
        layouts.mkdir(parents=True, exist_ok=True)
        for name, body in HUGO_LAYOUTS.items():
            (layouts / name).write_text(body, encoding="utf-8")
        (markdown / "content" / "about.md").write_text(
            f"---\ntitle: About this dossier\ndate: 2020-01-01\n---\n\n{about['body']}", encoding="utf-8"
        )
    return {"sources": n_sources, "actors": n_actors, "words": words_total, "themes": len(THEMES), "events": len(events)}


def synthetic_judgments(out: Path, sids: list[str]) -> dict:
    """A judgment per corroborated pair of claims (at most 10), each a forecast with a horizon and an indicator."""
    judgments = []
    for i in range(1, len(sids), 4):
        path = out / "content" / "sources" / f"{sids[i]}.yaml"
        if "corroborates" not in path.read_text(encoding="utf-8") or len(judgments) >= 10:
            continue
        judgments.append(
            {
                "id": f"judgment-{len(judgments) + 1}",
                "statement": f"The talks described in {sids[i - 1]} and {sids[i]} continue through 2030.",
                "kind": "forecast",
                "likelihood": ("likely", "realistic possibility", "unlikely")[len(judgments) % 3],
                "confidence": ("low", "moderate", "high")[len(judgments) % 3],
                "confidence_basis": "Two synthetic sources in different independence groups.",
                "horizon": "2030-12-31",
                "for": [f"{sids[i - 1]}-c1", f"{sids[i]}-c1"],
                "assumptions": ["The synthetic world stays as generated."],
                "indicators": [{"text": "A synthetic event ends the talks.", "status": "not-observed", "reviewed": "2025-01-01"}],
            }
        )
    return {"question": "What happens to the talks?", "bottom_line": "The talks go on.", "judgments": judgments}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sources", type=int, required=True)
    p.add_argument("--actors", type=int, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--markdown", type=Path, default=None, help="also write the articles as a Hugo site here")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--graded", action="store_true", help="add the assessment layer: grades, claim ids, corroboration, judgments")
    args = p.parse_args(argv)
    if args.sources < 1 or args.actors < 1:
        p.error("--sources and --actors must be at least 1")
    stats = generate(args.sources, args.actors, args.out, args.markdown, args.seed, args.graded)
    print(
        f"synth: {stats['sources']} sources ({stats['words'] // stats['sources']} words each on average), "
        f"{stats['actors']} actors, {stats['themes']} themes, {stats['events']} events -> {args.out}"
        + (f" (+ Markdown in {args.markdown})" if args.markdown else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

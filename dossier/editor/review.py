"""The review queue: names in the seeds that no alias links, and spellings close to an alias or index term.

A name is a run of capitalised words. Linked words (aliases, demonyms, never-link phrases) split runs rather
than hide them, so "Russian Defence Minister Andrei Belousov" still yields "Andrei Belousov". A single word
opening a sentence counts when it is not a common English word and the seeds never use it in lower case."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass

from dossier.editor.words import COMMON, GENERIC, ORDINARY_ENDINGS, PLACES, TITLES
from dossier.problems import plural

MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
# Capitalised words joined by spaces, with the lower-case particles names carry ("Bank of England"). One
# character class first and no look-behind: four times faster than checking those in the pattern (done below).
NAME = re.compile(
    r"[A-Z](?:[\w’'.-]*\w)?(?:[ \u00a0]+(?:(?:of|the|de|al|bin|el|von|van|da|di|du)[ \u00a0]+|(?:al|el|ad|an|as|ash|at|ud|bin|ibn|abu)-)?[A-Z](?:[\w’'.-]*\w)?)*"
)
PARTICLE = re.compile(r"(?:al|el|ad|an|as|ash|at|ud|bin|ibn|abu)-$")  # "al-Sudani" is a name too
OPENERS = "“\"‘'([—–-:"  # a word right after these opens a sentence
CLOSERS = '.!?”"]'  # and so does one after these and a space
POSSESSIVE = re.compile(r"[’']s$")
LOWER = re.compile(r"(?<![\w’'-])[a-z][\w’'-]*")
WORDS = re.compile(r"[A-Za-z][\w’'-]*[A-Za-z]")
MIN_EDIT_LENGTH = 5  # shorter aliases and terms sit one or two edits from too many ordinary words
HEADINGS = ("title", "heading", "byline")  # in title case: every word would look like a name


@dataclass(frozen=True)
class Entry:
    """One line of the review queue: a name (or spelling), how often, where first, and why it is there."""

    name: str
    count: int
    where: str  # "source#pN"
    note: str = ""  # for a near spelling: "1 edit from 'Hmeimim' (alias of hmeimim)"

    def __str__(self) -> str:
        return f"{self.name} ×{self.count}  first at {self.where}" + (f"  ({self.note})" if self.note else "")


def settings(site) -> dict:
    """site.yaml's say over the queue: names it leaves out (`review: {ignore: [...]}`), and whether generic words go too."""
    review = (site or {}).get("review") or {}
    ignore = [w for w in (review.get("ignore") or []) if isinstance(w, str)]
    return {"never": (site or {}).get("never_link") or [], "ignore": ignore, "generic": review.get("generic", True) is not False}


def unlinked_names(
    seeds: dict,
    actors: dict | None = None,
    themes: dict | None = None,
    never: list | tuple = (),
    ignore: list | tuple = (),
    generic: bool = True,
    kept: Shares | None = None,
) -> list[Entry]:
    """The review queue, most frequent first: unlinked names, then spellings close to an alias or index term.

    `kept` (serve's, across its updates) holds each seed's share by its blocks' text and links, so an update works
    out again only the seeds it changed; the queue is the same either way."""
    # Without actors and themes, names only: what a build counts for its last line. Never-link phrases are the
    # editor's decision that a name stays unlinked, so they leave the queue.
    phrases = sorted({p for p in never if isinstance(p, str) and p.strip()}, key=lambda p: (-len(p), p))
    kept = kept if kept is not None else Shares(fixed=True)
    shares = [kept.share(sid, seed, tuple(phrases)) for sid, seed in sorted(seeds.items())]
    lower: set[str] = set().union(*(share.lower for share in shares))
    mid: set[str] = set()  # words seen capitalised inside a sentence, where capitals mark names
    found: Counter = Counter()
    first: dict[str, str] = {}
    singles: list[tuple[str, str]] = []  # (word, place) opening a sentence: judged once every block is read
    judged: dict[str, bool] = {}
    for share in shares:
        for name, place, opens in share.names:
            if " " in name:
                found[name] += 1
                first.setdefault(name, place)
                continue
            name_like = judged.get(name)
            if name_like is None:
                name_like = judged[name] = not ordinary(name, lower)
            if not name_like:
                continue
            if opens:
                singles.append((name, place))  # judged once every block is read: is it capitalised elsewhere?
            else:
                mid.add(name)
                found[name] += 1
                first.setdefault(name, place)
    for word, place in singles:
        # A plural noun often opens a sentence ("Trucks now cross"); a name ending so is rarer (Homs, Athens).
        plural = word.endswith("s") and not word.endswith(("ss", "us", "is", "os")) and not word.isupper()
        if word in mid or not plural:
            found[word] += 1
            first.setdefault(word, place)
    # Generic words and compass words alone ("Treaty", "Service", "East") and the editor's own list are no names to link.
    dropped = set(ignore) | (GENERIC if generic else set())
    queue = [Entry(name, n, first[name]) for name, n in sorted(found.items(), key=lambda x: (-x[1], x[0])) if name not in dropped]
    if actors is None and themes is None:
        return queue
    words = [kept.words(sid, seed) for sid, seed in sorted(seeds.items())]
    near = {e.name: e for e in near_spellings(words, actors or {}, themes or {}, kept)}
    queue = [Entry(e.name, e.count, e.where, near.pop(e.name).note) if e.name in near else e for e in queue]
    return queue + list(near.values())


@dataclass(frozen=True)
class Share:
    """One seed's part of the queue, worked out from its blocks alone: the queue merges every seed's."""

    lower: frozenset[str]  # the words it uses in lower case
    names: tuple[tuple[str, str, bool], ...]  # (name, "source#pN", whether it opens a sentence), in reading order, not yet judged


class Shares:
    """Each seed's share and its unlinked words, kept by a key of its blocks' text and links (and the never-link
    phrases), never by identity; and the near-spelling verdicts, kept by every alias and index term."""

    def __init__(self, fixed: bool = False) -> None:
        # fixed: the seeds cannot change while this is used (one build's stages), so a seed's id is key enough
        self.fixed = fixed
        self.kept: dict[str, tuple[tuple, Share]] = {}
        self.kept_words: dict[str, tuple[tuple, dict[str, tuple[int, str]]]] = {}
        self.known: tuple = ()
        self.verdicts: dict[str, tuple[int, str, str] | None] = {}

    def share(self, sid: str, seed, phrases: tuple[str, ...]) -> Share:
        """The seed's share, worked out again only when its blocks or the phrases changed."""
        key = (phrases, () if self.fixed else _blocks_key(seed))
        held = self.kept.get(sid)
        if held is not None and held[0] == key:
            return held[1]
        made = _share(sid, seed, re.compile("|".join(re.escape(p) for p in phrases)) if phrases else None)
        self.kept[sid] = (key, made)
        return made

    def words(self, sid: str, seed) -> dict[str, tuple[int, str]]:
        """Every word of the seed no alias links (a possessive dropped) -> (how often, where first), kept likewise."""
        key = () if self.fixed else _blocks_key(seed)
        held = self.kept_words.get(sid)
        if held is not None and held[0] == key:
            return held[1]
        made = _words(sid, seed)
        self.kept_words[sid] = (key, made)
        return made

    def verdicts_for(self, known: dict) -> dict:
        """Near-spelling verdicts by word, for this set of aliases and index terms (emptied when it changes)."""
        key = tuple(sorted(known.items()))
        if key != self.known:
            self.known, self.verdicts = key, {}
        return self.verdicts


def _blocks_key(seed) -> tuple:
    """What a seed's share is worked out from: each block's kind, anchor, text and links."""
    return tuple((b.kind, b.anchor, b.text, tuple((m.start, m.end, m.form, m.surface) for m in b.mentions)) for b in seed.blocks)


def _share(sid: str, seed, shield: re.Pattern | None) -> Share:
    """One seed's share of the queue."""
    lower: set[str] = set()
    names: list[tuple[str, str, bool]] = []
    for block in seed.blocks:
        lower.update(LOWER.findall(block.text))
        if block.kind in HEADINGS:
            continue
        place = f"{sid}#{block.anchor}"
        for name, _, opens in candidates(block, shield):
            name = trim(name, opens)
            if " " not in name or not all(w in MONTHS or w in DAYS or w in TITLES for w in name.split()):
                names.append((name, place, opens))
    return Share(frozenset(lower), tuple(names))


def _words(sid: str, seed) -> dict[str, tuple[int, str]]:
    """One seed's unlinked words, counted, with the place each is first used."""
    counts: Counter = Counter()
    first: dict[str, str] = {}
    for block in seed.blocks:
        text = block.text
        if block.mentions:
            covered = bytearray(len(text))
            for m in block.mentions:
                covered[m.start : m.end] = b"\1" * (m.end - m.start)
            words = [m.group(0) for m in WORDS.finditer(text) if not covered[m.start()]]
        else:
            words = WORDS.findall(text)
        here = Counter(words)
        counts.update(here)
        place = f"{sid}#{block.anchor}"
        for word in here.keys() - first.keys():
            first[word] = place
    merged: dict[str, tuple[int, str]] = {}
    for raw in sorted(counts):  # "Assad's" counts as "Assad"; where first is the earlier of the two
        word = POSSESSIVE.sub("", raw)
        n, where = merged.get(word, (0, first[raw]))
        merged[word] = (n + counts[raw], where if _earlier(where, first[raw]) else first[raw])
    return merged


def _earlier(a: str, b: str) -> bool:
    """Whether place a ("source#p7") comes before or at place b of the same seed."""
    return int(a.rpartition("#p")[2]) <= int(b.rpartition("#p")[2])


def candidates(block, shield: re.Pattern | None = None) -> list[tuple[str, int, bool]]:
    """Capitalised runs outside linked words and never-link phrases: (text, start, whether it opens a sentence)."""
    text = block.text
    linked = sorted([(m.start, m.end) for m in block.mentions] + ([m.span() for m in shield.finditer(text)] if shield else []))
    pieces: list[str] = []
    at = 0
    for s, e in linked:  # a link splits a run; its own words are never a candidate
        if s >= at:
            pieces += (text[at:s], "\0" * (e - s))
            at = e
    masked_text = "".join(pieces) + text[at:] if pieces else text
    demonyms = {m.end: m for m in block.mentions if m.form == "demonym"}
    out = []
    for m in NAME.finditer(masked_text):
        start = m.start()
        if start and (masked_text[start - 1].isalnum() or masked_text[start - 1] in "’'_"):
            continue  # inside a word ("McDonald" is found from its M)
        name = POSSESSIVE.sub("", m.group(0).rstrip(".-’'")).rstrip(".-’'")
        if not name:
            continue
        prefix = PARTICLE.search(masked_text, max(0, start - 4), start)
        if prefix:
            name, start = prefix.group(0) + name, prefix.start()
        before = text[:start].rstrip(" \u00a0")
        adjective = demonyms.get(len(before))
        if adjective is not None and " " in name and name.split()[0] not in TITLES:
            name = f"{adjective.surface} {name}"  # "Syrian Democratic Forces": the adjective is part of this name
            before = text[: adjective.start].rstrip(" \u00a0")
        opens = not before or before[-1] in OPENERS or (before[-1] in CLOSERS and len(before) < start)
        out.append((name, start, opens))
    return out


def ordinary(word: str, lower: set[str]) -> bool:
    """A single capitalised word that is no name: common, a title, a month, short, used in lower case, or shaped like a word."""
    if word in PLACES:
        return False
    if word in COMMON or word in TITLES or word in MONTHS or word in DAYS or len(word) < 3 or word.lower() in lower:
        return True
    if word.isupper():
        return False  # an acronym
    head, _, tail = word.partition("-")
    if tail and tail[:1].islower() and head.lower() not in ("al", "el", "ad", "ud", "bin", "abu") and len(tail) >= 3:
        return True  # "Well-informed", "Western-aligned": a compound word, not a name
    return word.lower().endswith(ORDINARY_ENDINGS)


def trim(name: str, opens: bool) -> str:
    """Drop the words in front of a name: a sentence's opening word, titles and what precedes them."""
    # "In Latakia" is "Latakia"; "Iraqi Prime Minister Mohammed al-Sudani" is "Mohammed al-Sudani".
    words = name.split()
    while len(words) > 1 and ((opens and words[0] in COMMON) or words[0].islower()):
        words.pop(0)
    titles = [i for i, w in enumerate(words[:-1]) if w in TITLES]
    if titles:
        words = words[titles[-1] + 1 :]
    return " ".join(words)


def edits(a: str, b: str, limit: int = 2) -> int:
    """Edits between two words (insert, delete, substitute, swap two neighbours); limit + 1 when the lengths differ more."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)  # "garisson" for "garrison": one slip, not two
            current.append(cost)
        before, previous = previous, current
    return previous[-1]


def deletions(word: str, depth: int = 2) -> set[str]:
    """Every string made by deleting up to `depth` characters: words within two edits share one of them."""
    out, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def near_spellings(words: list[dict[str, tuple[int, str]]], actors: dict, themes: dict, kept: Shares | None = None) -> list[Entry]:
    """Seed words one edit from an alias or index term of five letters or more (a name of eight letters: two)."""
    # An alias is a name: only a capitalised word can be its other spelling. Words that differ from a term only
    # in English endings ("based", "bases"; "Russians", "Russian") are its forms, not misspellings.
    known: dict[str, tuple[str, bool]] = {}  # lower-cased form -> (what it is, whether it is a name)
    for aid, actor in sorted(actors.items()):
        for form in [actor.get("name") or "", *(actor.get("aliases") or []), *(actor.get("demonyms") or [])]:
            if isinstance(form, str) and form.strip() and " " not in form.strip():
                known.setdefault(form.strip().lower(), (f"'{form.strip()}' (alias of {aid})", True))
    for tid, theme in sorted(themes.items()):
        for term in theme.get("terms") or []:
            if isinstance(term, str) and term.strip() and " " not in term.strip():
                known.setdefault(term.strip().lower(), (f"'{term.strip()}' (index term of {tid})", term.strip()[0].isupper()))
    by_deletion: dict[str, set[str]] = {}
    for form in known:
        if len(form) >= MIN_EDIT_LENGTH:
            for d in deletions(form, reach(form, known[form][1])):
                by_deletion.setdefault(d, set()).add(form)
    if not by_deletion:
        return []
    counts: Counter = Counter()
    first: dict[str, str] = {}
    for seed_words in words:  # each seed's, in the seeds' order
        for word, (n, where) in seed_words.items():
            if word.lower() not in known:
                counts[word] += n
                first.setdefault(word, where)
    verdicts = (kept or Shares()).verdicts_for(known)
    entries = []
    for word, n in sorted(counts.items()):
        if word not in verdicts:
            verdicts[word] = _nearest(word, known, by_deletion)
        verdict = verdicts[word]
        if verdict is not None:
            nearest, _, what = verdict
            entries.append(Entry(word, n, first[word], f"{'1 edit' if nearest == 1 else '2 edits'} from {what}"))
    return sorted(entries, key=lambda e: (-e.count, e.name))


def _nearest(word: str, known: dict, by_deletion: dict) -> tuple[int, str, str] | None:
    """(edits, form, what it is) of the alias or index term a word is a near spelling of, or None."""
    low = word.lower()
    close = {form for d in deletions(low, 2 if len(low) >= 7 else 1) for form in by_deletion.get(d, ())}
    scored = []
    for form in close:
        what, is_name = known[form]
        limit = reach(form, is_name)
        if (is_name and not word[0].isupper()) or _inflection(low, form):
            continue
        distance = edits(low, form, limit)
        if 0 < distance <= limit:
            scored.append((distance, form, what))
    return min(scored) if scored else None


def reach(form: str, is_name: bool) -> int:
    """How many edits away a spelling may be: two for a long name, else one (ordinary words lie two apart too often)."""
    return 2 if is_name and len(form) >= 8 else 1


ENDINGS = frozenset(
    "s es ed d ing er ers al ally ly ion ions ive ment ments ence ent ance ant ity ies y e ation ations ional ic ical ism ist ists "
    "ian ians an ans n i is a ’s 's".split()
) | {""}


def _inflection(word: str, form: str) -> bool:
    """One word's forms, not a misspelling: the two differ only in English endings ("bases"/"based", "Russians"/"Russian")."""
    shared = len(os.path.commonprefix([word, form]))
    return any(word[k:] in ENDINGS and form[k:] in ENDINGS for k in range(max(3, shared - 3), shared + 1))


def print_queue(queue, limit: int | None = None, scope: str = "") -> None:
    """The review queue, one entry a line (the first `limit` of them)."""
    print(
        f"Review queue{scope}: {plural(len(queue), 'name')} or spelling{'' if len(queue) == 1 else 's'} no alias links "
        "(a name: add it to an actor's aliases, or a stub actor; a word to leave unlinked: never_link or review.ignore in site.yaml; "
        "a misspelt index term: the theme's terms):"
    )
    for entry in queue[:limit]:
        print(f"  {entry}")
    if limit is not None and len(queue) > limit:
        print(f"  … and {len(queue) - limit} more: `dossier check` lists them.")

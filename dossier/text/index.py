"""The index stage: backlinks, co-occurrence, thematic index, matrix, timeline; computed once for all pages."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from dossier.model.load import Content
from dossier.model.schema import CLAIM_KINDS
from dossier.text.ingest import Seed


@dataclass
class Index:
    """Everything pages need that spans more than one record."""

    source_order: list[str]
    mentions: dict = field(default_factory=dict)  # actor -> source -> [Mention] (names and demonyms)
    mention_counts: Counter = field(default_factory=Counter)  # actor -> mentions by name
    cooccur: dict = field(default_factory=dict)  # actor -> [(other, shared blocks)]
    edges: list = field(default_factory=list)  # (a, b, shared blocks), a < b
    claims_by_actor: dict = field(default_factory=dict)
    claims_by_theme: dict = field(default_factory=dict)
    passages: dict = field(default_factory=dict)  # theme -> source -> [Block]
    term_hits: dict = field(default_factory=dict)  # theme -> term -> [(source, Block)]
    matrix: dict = field(default_factory=dict)  # theme -> source -> passages
    mention_split: dict = field(default_factory=dict)  # actor -> (sources shown in full, the others), each in source order
    passage_split: dict = field(default_factory=dict)  # theme -> (sources shown in full, the others)
    relations_in: dict = field(default_factory=dict)  # actor -> [(from actor, relation)]
    events: list = field(default_factory=list)
    events_by_actor: dict = field(default_factory=dict)
    sources_by_actor: dict = field(default_factory=dict)  # actor -> sources it is author/outlet/translator of
    actors_by_source: dict = field(default_factory=dict)  # source -> [(actor, mentions)], most named first
    # Counts kept apart from what they count, so a page showing a count is not re-rendered by serve when only words change.
    claim_counts: dict = field(default_factory=dict)  # source -> its claims
    theme_counts: dict = field(default_factory=dict)  # theme -> (passages, sources with one, claims)
    # The analytic layer. Copies of the records' stances and positions, with their anchors: serve compares views by
    # value, and a seed edit moves anchors on the same records.
    stances_by_source: dict = field(default_factory=dict)  # source -> theme -> stance (position, quote, anchor...)
    stance_sources: list = field(default_factory=list)  # sources with a stance entry on any theme, in source order
    disputes: list = field(default_factory=list)  # every dispute, positions with their anchors, in file order
    disputes_by_theme: dict = field(default_factory=dict)  # theme -> [(dispute id, question)]
    disputes_by_actor: dict = field(default_factory=dict)  # actor -> [(dispute id, question)]
    judgments: dict = field(default_factory=dict)  # "kind/theme" -> placed claims, in source order (see judgment_groups)
    # A view, not a cache: derived from the sources like every other, so serve re-derives it and notes who looks a label up.
    labels: dict = field(default_factory=dict)  # a source's citation label, lowercased -> source id (editors' notes cite by it)


SHOWN_IN_FULL = 20  # a page quotes every mention or passage of this many sources, and gives the rest a line each


def split_sources(by_source: dict[str, list], order: list[str]) -> tuple[list[str], list[str]]:
    """The sources with the most entries (at most SHOWN_IN_FULL, ties to the earlier), and the rest; both in `order`.

    Keeps actor and theme pages readable, and their size bounded, when a dossier has thousands of sources."""
    present = [sid for sid in order if sid in by_source]
    if len(present) <= SHOWN_IN_FULL:
        return present, []
    rank = {sid: i for i, sid in enumerate(present)}
    full = set(sorted(present, key=lambda sid: (-len(by_source[sid]), rank[sid]))[:SHOWN_IN_FULL])
    return [sid for sid in present if sid in full], [sid for sid in present if sid not in full]


def written_by(source) -> str | None:
    """The latest date a source was written by: `published`, else its window's not_after, else its not_before."""
    window = source["written"] or {}
    return source["published"] or window.get("not_after") or window.get("not_before") or None


def newest_source(sources):
    """Of these sources, the one written latest (written_by), the first of equals; None if none is dated.
    "Information as of" on the front and theme pages, and the information_limit check, both rest on it."""
    best, best_date = None, ""
    for source in sources:
        date = written_by(source) or ""
        if date > best_date:  # ISO dates of any precision compare as text: "2025" < "2025-11" < "2025-11-13"
            best, best_date = source, date
    return best


def theme_sources(content: Content, ix, tid: str) -> list[str]:
    """The sources a theme's findings rest on: those of its claims and of its stated stances, in source order."""
    sids = {c["source"] for c in ix.claims_by_theme.get(tid, [])}
    sids |= {
        s["source"]
        for s in content.themes[tid]["stances"] or []
        if isinstance(s, dict) and s.get("discussed") and s.get("source") in content.sources
    }
    return [sid for sid in ix.source_order if sid in sids]


def information_as_of(sources) -> str | None:
    """The latest writing date (written_by) of these sources: what a page built on them knows up to; None if none is dated."""
    newest = newest_source(sources)
    return written_by(newest) if newest is not None else None


def older_than(date: str, limit: str) -> bool:
    """Whether a date (of any precision) lies wholly before the limit: "2024-12" is older than "2025-01", not than "2024-12-20"."""
    n = min(len(date), len(limit))
    return date[:n] < limit[:n]


def source_sort_key(source) -> tuple:
    """Sources by date of writing (written_by), earliest first; undated ones last; then by id."""
    when = written_by(source)
    return (when is None, when or "", source["id"])


QUALIFIER_ORDER = {"before": 0, "by": 0, "about": 1, None: 1, "after": 2}


def event_sort_key(event) -> tuple:
    """Events by date; 'before December 2024' sorts ahead of December 2024. An open-ended 'after December 2024' could
    fall on any later date, so it sorts after every bounded event (the timeline shows it apart, with its bound).

    Events of the same date follow their `order` (lower first), then the file's order (the sort is stable)."""
    order = event.get("order")
    open_ended = event["date_qualifier"] == "after"
    return (open_ended, event["date"] or "", QUALIFIER_ORDER.get(event["date_qualifier"], 1), order is None, order or 0)


def short_title(title: str) -> str:
    """A title cut at a word to about 30 characters, for citations repeated many times on a page."""
    return title if len(title) <= 30 else title[:27].rsplit(" ", 1)[0] + "…"


def source_label(source) -> str:
    """How citations name a source: the editor's short_title, else its title cut short."""
    return source["short_title"] or short_title(source["title"])


def label_view(content: Content) -> dict[str, str]:
    """Sources by the label citations give them, lowercased (the later id wins a shared label, as in a dict built in id order)."""
    return {source_label(s).lower(): sid for sid, s in content.sources.items()}


def build_index(content: Content, seeds: dict[str, Seed]) -> Index:
    """Derive every cross-record view in one pass over the linked blocks."""
    order = [s["id"] for s in sorted(content.sources.values(), key=source_sort_key)]
    ix = Index(source_order=order)
    mentions: dict = defaultdict(lambda: defaultdict(list))
    pairs: Counter = Counter()
    passages: dict = defaultdict(lambda: defaultdict(list))
    hits: dict = defaultdict(lambda: defaultdict(list))
    for sid in order:
        seed = seeds.get(sid)
        for block in seed.blocks if seed else []:
            named = set()
            for m in block.mentions:
                mentions[m.actor][sid].append(m)
                if m.form == "name":
                    ix.mention_counts[m.actor] += 1
                    named.add(m.actor)
            for a, b in combinations(sorted(named), 2):
                pairs[(a, b)] += 1
            for tid, terms in block.themes.items():
                passages[tid][sid].append(block)
                for term in terms:
                    hits[tid][term].append((sid, block))
    ix.mentions = {a: dict(by_source) for a, by_source in mentions.items()}
    per_source = defaultdict(list)
    for aid, by_source in sorted(ix.mentions.items()):
        for sid, found in by_source.items():
            per_source[sid].append((aid, len(found)))
    ix.actors_by_source = {sid: sorted(v, key=lambda x: (-x[1], x[0])) for sid, v in per_source.items()}
    ix.edges = sorted(((a, b, n) for (a, b), n in pairs.items()), key=lambda e: (-e[2], e[0], e[1]))
    partners: dict = defaultdict(list)
    for a, b, n in ix.edges:
        partners[a].append((b, n))
        partners[b].append((a, n))
    ix.cooccur = {a: sorted(p, key=lambda x: (-x[1], x[0])) for a, p in partners.items()}
    ix.passages = {t: dict(v) for t, v in passages.items()}
    ix.mention_split = {a: split_sources(by_source, order) for a, by_source in ix.mentions.items()}
    ix.passage_split = {t: split_sources(by_source, order) for t, by_source in ix.passages.items()}
    ix.term_hits = {t: {term: hits[t][term] for term in sorted(hits[t])} for t in hits}
    ix.matrix = {t: {sid: len(ix.passages.get(t, {}).get(sid, [])) for sid in order} for t in content.themes}
    ix.claims_by_actor, ix.claims_by_theme = claim_views(content, order)
    ix.claim_counts, ix.theme_counts = count_views(content, ix)
    relations_in = defaultdict(list)
    for aid, actor in sorted(content.actors.items()):
        for rel in actor["relations"] or []:
            if isinstance(rel, dict) and rel.get("target"):
                relations_in[rel["target"]].append((aid, rel))
    ix.relations_in = dict(relations_in)
    ix.events = sorted(content.events, key=event_sort_key)
    by_actor = defaultdict(list)
    for event in ix.events:
        for aid in event["actors"] or []:
            by_actor[aid].append(event)
    ix.events_by_actor = dict(by_actor)
    ix.sources_by_actor = role_view(content, order)
    ix.labels = label_view(content)
    analysis_views(content, ix)
    return ix


STANCE_FIELDS = ("position", "quote", "anchor", "hedge", "hedge_class", "discussed", "not_applicable", "note", "groups")
POSITION_FIELDS = ("source", "position", "answer", "quote", "anchor")
UNCLASSIFIED = "unclassified"  # the judgments group of claims given no kind
NO_THEME = "no-theme"


def analysis_views(content: Content, ix: Index) -> None:
    """Stances by source, disputes with their anchors and by theme and actor, claims grouped for the judgments pages."""
    stances: dict = {}
    for tid in sorted(content.themes):
        for stance in content.themes[tid]["stances"] or []:
            if isinstance(stance, dict) and stance["source"] in content.sources:
                stances.setdefault(stance["source"], {})[tid] = {k: stance.get(k) for k in STANCE_FIELDS}
    ix.stances_by_source = {sid: stances[sid] for sid in ix.source_order if sid in stances}
    ix.stance_sources = list(ix.stances_by_source)
    by_theme, by_actor = defaultdict(list), defaultdict(list)
    for dispute in content.disputes:
        positions = [{k: p.get(k) for k in POSITION_FIELDS} for p in dispute["positions"] or [] if isinstance(p, dict)]
        ix.disputes.append({k: dispute[k] for k in ("id", "question", "themes", "actors", "note")} | {"positions": positions})
        for tid in dispute["themes"] or []:
            by_theme[tid].append((dispute["id"], dispute["question"]))
        for aid in dispute["actors"] or []:
            by_actor[aid].append((dispute["id"], dispute["question"]))
    ix.disputes_by_theme, ix.disputes_by_actor = dict(by_theme), dict(by_actor)
    ix.judgments = judgment_groups(content, ix.source_order)


def theme_order(content: Content) -> list[str]:
    """Themes in site.yaml's order, then the others by id."""
    order = [t for t in content.site["themes"] or [] if t in content.themes]
    return order + sorted(t for t in content.themes if t not in order)


def judgment_groups(content: Content, order: list[str]) -> dict[str, list]:
    """Placed claims by kind (in the model's order, then those with none), then theme (site order): "kind/theme" -> claims.

    A claim on two themes is in both groups; one on none is under "no-theme"."""
    themes = theme_order(content)
    groups: dict[str, list] = {f"{k}/{t}": [] for k in (*CLAIM_KINDS, UNCLASSIFIED) for t in (*themes, NO_THEME)}
    for sid in order:
        for claim in content.sources[sid]["claims"] or []:
            if isinstance(claim, dict) and claim.get("anchor"):
                kind = claim.get("kind") or UNCLASSIFIED
                for tid in dict.fromkeys(claim["themes"] or [NO_THEME]):
                    groups[f"{kind}/{tid}"].append(claim)
    return {key: claims for key, claims in groups.items() if claims}


def claim_views(content: Content, order: list[str]) -> tuple[dict, dict]:
    """Placed claims by actor and by theme, in source order."""
    by_actor, by_theme = defaultdict(list), defaultdict(list)
    for sid in order:
        for claim in content.sources[sid]["claims"] or []:
            if not isinstance(claim, dict) or not claim.get("anchor"):
                continue
            for aid in dict.fromkeys(claim["actors"] or []):  # a tag typed twice lists (and counts) the claim once
                by_actor[aid].append(claim)
            for tid in dict.fromkeys(claim["themes"] or []):
                by_theme[tid].append(claim)
    return dict(by_actor), dict(by_theme)


def count_views(content: Content, ix: Index) -> tuple[dict, dict]:
    """Claims per source; passages, sources and claims per theme."""
    claims = {sid: len(source["claims"] or []) for sid, source in content.sources.items()}
    themes = {
        tid: (sum(map(len, ix.passages.get(tid, {}).values())), len(ix.passages.get(tid, {})), len(ix.claims_by_theme.get(tid, [])))
        for tid in content.themes
    }
    return claims, themes


def role_view(content: Content, order: list[str]) -> dict:
    """Actor -> [(role, source)] for the sources it wrote, published or translated."""
    roles = defaultdict(list)
    for sid in order:
        for role in ("author", "outlet", "translator"):
            if content.sources[sid][role]:
                roles[content.sources[sid][role]].append((role, sid))
    return dict(roles)

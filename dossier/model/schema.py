"""The content model as data: every field of every record, checked by name."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dossier.model.hedges import HEDGE_CLASSES
from dossier.model.yamlfile import Mapping, Sequence
from dossier.problems import Report, did_you_mean

DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Field:
    """What one key may hold: a type, whether it is required, allowed values, what it refers to."""

    kind: str  # str | markdown | bool | int | date | id | list | map | record
    required: bool = False
    choices: tuple = ()
    ref: str = ""  # actor | theme: checked once everything is loaded
    items: Field | None = None
    record: dict = field(default_factory=dict)
    nonempty: bool = False
    default: object = None  # what an absent optional field holds, where the kind's empty value would mislead


def text(required=False, choices=()):
    return Field("str", required, tuple(choices))


def markdown(required=False):
    return Field("markdown", required)


def ref(kind, required=False):
    return Field("id", required, ref=kind)


def listof(item, required=False, nonempty=False):
    return Field("list", required, items=item, nonempty=nonempty)


RULES = listof(text())
RELATION_TYPES = (
    "ally-of",
    "partner-of",
    "rival-of",
    "part-of",
    "member-of",
    "hosts",
    "leads",
    "opposes",
    "supports",
    "mediates",
    "publishes",
)
CLAIM_KINDS = ("fact", "assessment", "forecast", "recommendation")
BLOCK_KINDS = ("title", "standfirst", "byline", "heading", "paragraph", "note", "bullet", "numbered", "footnote")

RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")  # Admiralty: completely reliable ... cannot be judged
CREDIBILITY = (1, 2, 3, 4, 5, 6)  # Admiralty: confirmed by other sources ... cannot be judged
EVIDENCE_BASES = ("own-reporting", "named-officials", "unnamed-sources", "documents", "other-outlets", "none-stated")
ATTRIBUTION = {
    "who": text(),  # who said it, in the editor's words ("Ahmed al-Sharaa", "well-informed diplomatic sources")
    "actor": ref("actor"),
    "via": text(),  # through whom the source has it ("a Reuters report cited in footnote 1")
    "unnamed": Field("bool"),  # the speaker is not named: never shown as plain reported fact
}
CLAIM = {
    "id": Field("id"),  # stable, unique in the dossier: judgments and `corroborates` name claims by it
    "text": text(required=True),
    "quote": text(required=True),
    "kind": text(choices=CLAIM_KINDS),  # "fact" is a reported fact: what the source says happened
    "confidence": text(),  # the source's wording of how sure it is ("most probable"), checked against the claim's paragraph
    "hedge_class": text(choices=HEDGE_CLASSES),  # what kind of hedge that wording is; worked out from it when absent
    "no_hedge": text(),  # why a hedge word in the quoted sentence is not the source hedging ("could" of ability)
    "actors": listof(ref("actor")),
    "themes": listof(ref("theme")),
    "credibility": Field("int", choices=CREDIBILITY),  # 1-6, assessed apart from the source's reliability
    "attributed_to": Field("record", record=ATTRIBUTION),
    "corroborates": listof(Field("id")),  # ids of claims in other sources that say the same: corroboration is computed from them
}
RELATION = {
    "type": text(required=True, choices=RELATION_TYPES),
    "target": ref("actor", required=True),
    "cite": Field("cite", required=True),
    "as_of": Field("date"),  # when the cited text says the relation held
    "since": Field("date"),
    "until": Field("date"),
    "note": text(),
}
EVENT = {
    "date": Field("date", required=True),
    "title": text(required=True),
    "cite": Field("cite", required=True),
    "quote": text(),
    "actors": listof(ref("actor")),
    "themes": listof(ref("theme")),
    "date_qualifier": text(choices=("before", "by", "after", "about")),  # by: at the latest in that month or year
    "date_note": text(),
    "order": Field("int"),  # among events of the same date: lower first; without it, after those with one, in file order
}
WRITTEN = {
    "not_before": Field("date"),
    "not_after": Field("date"),
    "inferred": Field("bool"),
}
BADGE = {
    "label": text(required=True),
    "note": text(),
}
STANCE = {
    "source": ref("source", required=True),
    "position": text(),  # the editor's few words, at most STANCE_WORDS
    "quote": text(),  # verbatim, located like a claim's quote
    "hedge": text(),  # the source's own words, in the quote's paragraph
    "hedge_class": text(choices=HEDGE_CLASSES),  # as a claim's
    "discussed": Field("bool", default=True),  # false: the source does not discuss the theme
    "not_applicable": text(),  # why the question cannot apply to this source (it predates it): not the same as silence
    "note": text(),
}
POSITION = {
    "source": ref("source", required=True),
    "position": text(required=True),
    "answer": text(),  # the short answer to the question: yes, no, partly, unclear, or one of the dispute's options
    "quote": text(required=True),
}
DISPUTE = {
    "id": Field("id", required=True),
    "question": text(required=True),
    "options": listof(text()),  # the answers the question takes besides yes, no, partly and unclear
    "themes": listof(ref("theme")),
    "actors": listof(ref("actor")),
    "positions": listof(Field("record", record=POSITION), required=True),
    "note": markdown(),
}
STANCE_WORDS = 12
PUBLISH_TEXT = ("full", "excerpts", "none")
# What a source may be when site.yaml lists no source_kinds of its own.
SOURCE_KINDS = ("analysis", "opinion", "policy-brief", "news-analysis", "news-report", "interview")
RELIABILITY = {
    "grade": text(required=True, choices=RELIABILITY_GRADES),
    "basis": text(required=True),  # one line: why this grade, from what the text shows
}
CITED = {
    "name": text(required=True),  # what the source draws on, as it names it
    "actor": ref("actor"),  # its outlet or author, when the dossier has one
    "source": ref("source"),  # a source of this dossier: then the two are one independence group
    "cite": Field("cite"),  # where the citing source names it
}
INDICATOR = {
    "text": text(required=True),  # what would be observed
    "status": text(required=True, choices=("not-observed", "observed", "contradicted")),
    "reviewed": Field("date", required=True),  # when the editor last looked
    "note": text(),
}
JUDGMENT = {
    "id": Field("id", required=True),
    "statement": text(required=True),  # the dossier's own judgment, without likelihood or confidence words
    "kind": text(choices=("forecast", "assessment")),  # forecast: about what will happen (needs a horizon and an indicator)
    "theme": ref("theme"),
    "likelihood": text(required=True),  # a term of site.yaml's yardstick
    "confidence": text(required=True, choices=("low", "moderate", "high")),
    "confidence_basis": text(required=True),  # why that confidence: the evidence's quality, not the event's odds
    "horizon": Field("date"),
    "for": listof(Field("id")),  # claim ids
    "against": listof(Field("id")),
    "assumptions": listof(text()),
    "indicators": listof(Field("record", record=INDICATOR)),
    "changed_because": text(),  # required when likelihood or confidence differ from the previous build's
    "note": markdown(),
}
JUDGMENTS = {
    "bottom_line": markdown(),  # the brief's opening: the editor's answer in two or three sentences
    "question": text(),  # the question the brief answers
    "judgments": listof(Field("record", record=JUDGMENT)),
}
SUB_QUESTION = {
    "id": Field("id", required=True),
    "question": text(required=True),
    "answered_by": listof(Field("id")),  # claim ids; none: the sub-question is a gap
    "note": text(),
}

SITE = {
    "title": text(required=True),
    "description": text(required=True),
    "language": text(required=True),
    "base_url": text(),
    "cname": text(),
    "themes": listof(ref("theme")),
    "key_actors": listof(ref("actor")),  # the front page's key actors, in this order; else those with the most claims
    "residue": RULES,
    "never_link": listof(text()),
    "source_kinds": listof(text(), nonempty=True),
    "review": Field(
        "record", record={"ignore": listof(text()), "generic": Field("bool", default=True)}
    ),  # replaces SOURCE_KINDS: every kind a source may have
    "badges": Field("map", items=Field("record", record=BADGE)),
    "yardstick": text(choices=("phia", "icd203")),  # the likelihood terms judgments use (dossier/model/yardstick.py)
    "publish_text": text(choices=PUBLISH_TEXT),  # full (default) | excerpts | none: how much of each seed the site shows
    "excerpt_context": Field("int"),  # sentences of context each side of a quoted passage (excerpts; default 1)
    "information_limit": Field("date"),  # --strict warns when a judgment rests only on sources written before this
}
SOURCE = {
    "id": Field("id"),
    "seed": text(required=True),
    "title": text(required=True),
    "title_note": text(),
    "short_title": text(),  # the editor's label for citations ("memo"); else the title, cut
    "outlet": ref("actor"),
    "author": ref("actor"),
    "translator": ref("actor"),
    "published": Field("date"),
    "date_note": text(),
    "url": text(),  # the article's own address, only where known (never guessed)
    "archive_url": text(),  # an archived copy (e.g. the Wayback Machine)
    "accessed": Field("date"),  # when the editor last checked the url
    "sha256": text(),  # the seed's SHA-256 as recorded when it was received; `check` warns if the file differs
    "written": Field("record", record=WRITTEN),  # the writing window, as the text supports it
    "badges": listof(ref("badge")),
    "kind": ref("source-kind", required=True),  # one of site.yaml's source_kinds, else of SOURCE_KINDS
    "perspective": text(required=True),
    "note": markdown(),
    "residue": RULES,
    "drop_repeats": Field("bool"),
    "block_kinds": Field("map", items=text(choices=BLOCK_KINDS)),
    "summary": markdown(required=True),
    "claims": listof(Field("record", record=CLAIM), required=True),
    "reliability": Field("record", record=RELIABILITY),
    "independence": Field("id"),  # sources in one group (same outlet, owner, wire or author) count as one voice
    "evidence_basis": listof(text(choices=EVIDENCE_BASES)),
    "cites": listof(Field("record", record=CITED)),
}
ACTOR = {
    "id": Field("id"),
    "name": text(required=True),
    "kind": text(required=True, choices=("person", "state", "organisation", "place", "outlet")),
    "role": text(),  # a stub actor (name, kind, aliases) has no role or profile yet; its page shows its mentions
    "aliases": listof(text()),
    "demonyms": listof(text()),
    "part_of": ref("actor"),
    "summary": markdown(),
    "relations": listof(Field("record", record=RELATION)),
    "allow_common": Field("bool"),  # true: an alias may be a common word ('Now', an outlet's name)
}
THEME = {
    "id": Field("id"),
    "title": text(required=True),
    "question": text(required=True),
    "bottom_line": markdown(),  # the answer first: 2-3 cited sentences, shown before everything else about the theme
    "terms": listof(text(), required=True, nonempty=True),
    "synthesis": markdown(required=True),
    "agree": markdown(),
    "differ": markdown(),
    "open_questions": listof(markdown()),
    "stances": listof(Field("record", record=STANCE)),
    "sub_questions": listof(Field("record", record=SUB_QUESTION)),
}
PAGE = {
    "id": Field("id"),
    "title": text(required=True),
    "body": markdown(required=True),
}
EVENTS = listof(Field("record", record=EVENT))
DISPUTES = listof(Field("record", record=DISPUTE))

_EMPTY: dict[str, Callable[[], Any]] = {"list": list, "map": dict, "record": dict, "bool": lambda: False}
_TYPE_NAMES = {
    "str": "a string",
    "markdown": "Markdown text",
    "bool": "true or false",
    "int": "a whole number",
    "date": "a date",
    "id": "an id",
    "cite": "a citation",
    "list": "a list",
    "map": "a mapping",
    "record": "a mapping",
}


@dataclass
class Reference:
    """A pointer from one record to another, resolved after everything is loaded."""

    kind: str  # actor | theme | cite
    value: str
    file: str
    line: int
    field: str


def check_record(data, spec: dict, file: str, report: Report, refs: list[Reference], path: str = "") -> Mapping:
    """Check a mapping against a spec; fill absent optional fields; collect references."""
    if data is None:
        data = Mapping()
    if not isinstance(data, dict):
        report.error(file, getattr(data, "line", 1), path or "(top)", f"expected a mapping of fields, got {_name(data)}")
        return Mapping()
    out = Mapping(data)
    out.line, out.lines = getattr(data, "line", 1), dict(getattr(data, "lines", {}))
    for key in data:
        if key not in spec:
            report.error(
                file, out.line_of(key), _join(path, key), "unknown field", did_you_mean(key, spec) or f"known fields: {', '.join(spec)}"
            )
    for key, rule in spec.items():
        where = _join(path, key)
        if key not in data or data[key] is None:
            if rule.required:
                report.error(
                    file,
                    out.line if key not in data else out.line_of(key),
                    where,
                    "required field is missing" if key not in data else "required field is empty",
                )
            # An absent record (a source's `written`) stays None: "no window given", not an empty one.
            out[key] = (
                rule.default if rule.default is not None else None if rule.kind == "record" else _EMPTY.get(rule.kind, lambda: None)()
            )
            continue
        out[key] = check_value(data[key], rule, file, out.line_of(key), where, report, refs)
    return out


def check_value(value: Any, rule: Field, file: str, line: int, where: str, report: Report, refs: list[Reference]):
    """Check one value against its rule; returns the value (normalised) or an empty stand-in."""
    kind = rule.kind
    if kind in ("str", "markdown", "id", "cite", "date") and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # YAML reads 2025 as a number; the model wants text
    ok: Any = {  # Any: isinstance below must not narrow `value` to object
        "str": str,
        "markdown": str,
        "id": str,
        "cite": str,
        "date": str,
        "bool": bool,
        "int": int,
        "list": list,
        "map": dict,
        "record": dict,
    }[kind]
    if not isinstance(value, ok) or (kind == "int" and isinstance(value, bool)):
        report.error(file, line, where, f"expected {_TYPE_NAMES[kind]}, got {_name(value)}")
        return _EMPTY.get(kind, lambda: None)()
    if kind in ("str", "markdown") and not value.strip():
        if rule.required:
            report.error(file, line, where, "must not be empty")
    if rule.choices and value not in rule.choices:
        report.error(file, line, where, f"'{value}' is not one of: {', '.join(map(str, rule.choices))}", did_you_mean(value, rule.choices))
    if kind == "date" and not DATE.match(value):
        report.error(file, line, where, f"'{value}' is not a date", 'write "YYYY", "YYYY-MM" or "YYYY-MM-DD" in quotes')
    elif kind == "date" and not calendar_date(value):
        report.error(file, line, where, f"'{value}' is not a date: that month has no day {value[8:]}", "check the day")
    if kind == "id":
        if rule.ref:
            refs.append(Reference(rule.ref, value, file, line, where))
        elif not ID.match(value):
            report.error(file, line, where, f"'{value}' is not a valid id", "use lowercase letters, digits and single hyphens")
    if kind == "cite":
        refs.append(Reference("cite", value, file, line, where))
    if kind == "list":
        if rule.nonempty and not value:
            report.error(file, line, where, "must list at least one item")
        assert rule.items is not None  # a list's rule always names its items' rule
        items = Sequence()
        items.line, items.lines = line, list(getattr(value, "lines", []))
        for i, item in enumerate(value):
            item_line = value.line_of(i) if isinstance(value, Sequence) else line
            items.append(
                check_value(item, rule.items, file, item_line, f"{where}[{i}]", report, refs)
                if item is not None
                else _missing_item(file, item_line, f"{where}[{i}]", report)
            )
        return items
    if kind == "map":
        assert rule.items is not None  # a map's rule always names its values' rule
        checked = Mapping()
        checked.line, checked.lines = line, dict(getattr(value, "lines", {}))
        for key, item in value.items():
            checked[key] = check_value(
                item, rule.items, file, value.line_of(key) if isinstance(value, Mapping) else line, f"{where}.{key}", report, refs
            )
        return checked
    if kind == "record":
        return check_record(value, rule.record, file, report, refs, where)
    return value


def calendar_date(value: str) -> bool:
    """Whether a date the DATE pattern accepts names a real day ("2025-02-31" does not)."""
    if len(value) < 10:
        return True
    try:
        datetime.date(int(value[:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        return False
    return True


def _missing_item(file, line, where, report):
    report.error(file, line, where, "empty list item")
    return None


def _join(path: str, key) -> str:
    return f"{path}.{key}" if path else str(key)


def _name(value) -> str:
    if value is None:
        return "nothing"
    return {str: "a string", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else type(value).__name__
    )

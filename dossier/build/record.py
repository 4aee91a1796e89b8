"""What a build published, recorded: ids and content hashes of sources, claims, stances and judgments, and a log of
what changed between builds, dated. Written as `published.json` into the output; the next build reads it back
(from the output it replaces, else from `published.json` at the project root, which a curator commits so the
record survives a clean checkout) and compares.

Deterministic: a build that changes nothing writes the same record, so the same pages. A date is taken only when
something changed: SOURCE_DATE_EPOCH's day if it is set, else today's (UTC)."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from bisect import bisect_left
from pathlib import Path

NAME = "published.json"
VERSION = 1
CLAIM_FIELDS = ("text", "quote", "kind", "confidence", "actors", "themes")
STANCE_FIELDS = ("position", "quote", "hedge", "discussed", "note")
SKIP_SOURCE_FIELDS = ("claims", "number", "anchor")  # claims are recorded one by one; the rest is placement


def digest(value) -> str:
    """A short content hash of plain data (sorted keys: the same content, the same hash). Empty fields are left out, so a
    field the content model gains later, absent from a record, changes no hash."""
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if v not in (None, "", [], {}, False)}
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def _plain(value):
    """A record's value as plain JSON data (Markdown fields as their text)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "text") and hasattr(value, "tokens"):  # a parsed Markdown field: its text is what counts
        return value.text
    return value


def source_items(content, sid: str) -> dict[str, dict]:
    """What one source's record publishes: the source itself and its claims (serve works them out per edit)."""
    source = content.sources[sid]
    fields = {k: _plain(v) for k, v in source.items() if k not in SKIP_SOURCE_FIELDS}
    fields["seed_sha256"] = content.seed_hashes.get(sid, "")
    items = {f"source:{sid}": {"hash": digest(fields), "label": source["title"], "page": f"sources/{sid}.html"}}
    for claim in source["claims"] or []:
        if isinstance(claim, dict) and claim.get("number"):
            items[f"claim:{sid}#{claim['number']}"] = {
                "hash": digest({k: _plain(claim.get(k)) for k in CLAIM_FIELDS}),
                "label": claim["text"],
                "page": f"sources/{sid}.html#claim-{claim['number']}",
                "likelihood": claim.get("confidence") or "",
            }
    return items


def of_source(key: str, sid: str) -> bool:
    """Whether a record key is one source_items() makes for this source."""
    return key == f"source:{sid}" or key.startswith(f"claim:{sid}#")


def judgment_list(content) -> list:
    """The dossier's own judgments, where it has an assessment layer (content/judgments.yaml), else none."""
    found = getattr(content, "judgments", None)
    if isinstance(found, dict):  # the file's record: its `judgments` list
        found = found.get("judgments")
    return [j for j in found or [] if isinstance(j, dict) and j.get("id")]


def current(content) -> dict[str, dict]:
    """What this build publishes: key -> {hash, label, page, likelihood}, keys 'source:ID', 'claim:ID#N',
    'stance:THEME/SOURCE' and, where the dossier has them, 'judgment:ID'."""
    items: dict[str, dict] = {}
    for sid in sorted(content.sources):
        items.update(source_items(content, sid))
    for tid, theme in sorted(content.themes.items()):
        for stance in theme["stances"] or []:
            if isinstance(stance, dict) and stance.get("source"):
                items[f"stance:{tid}/{stance['source']}"] = {
                    "hash": digest({k: _plain(stance.get(k)) for k in STANCE_FIELDS}),
                    "label": f"{theme['title']}: {stance.get('position') or 'not discussed'}",
                    "page": f"themes/{tid}.html",
                }
    for judgment in judgment_list(content):
        items[f"judgment:{judgment['id']}"] = {
            "hash": digest(_plain(dict(judgment))),
            "label": judgment.get("statement") or judgment["id"],
            "page": "judgments.html",
            "likelihood": " · ".join(str(x) for x in (judgment.get("likelihood"), judgment.get("confidence")) if x),
        }
    return items


def today() -> str:
    """The day a change is dated: SOURCE_DATE_EPOCH's (reproducible builds) if set, else today in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    return datetime.datetime.now(datetime.UTC).date().isoformat()


def merge(previous: dict | None, items: dict[str, dict], when: str | None = None) -> dict:
    """The new record: this build's items, each with the day it was added and last changed, and the log extended.

    With no previous record every item is recorded undated (a first build announces nothing). Several builds on one
    day that change one item leave one log entry for it that day, from the day's first state to its last."""
    if previous is None:
        return {"version": VERSION, "items": {k: {**v, "added": None, "changed": None} for k, v in items.items()}, "log": []}
    before: dict = previous.get("items", {})
    log: list = [dict(e) for e in previous.get("log", [])]
    entries: dict = {}
    moves: list[dict] = []
    for key, item in items.items():
        old = before.get(key)
        if old is None:
            entries[key] = {**item, "added": None, "changed": None}
            moves.append({"key": key, "change": "added", "label": item["label"], "page": item["page"], "to": item.get("likelihood", "")})
        elif old["hash"] != item["hash"]:
            entries[key] = {**item, "added": old.get("added"), "changed": None}
            move = {"key": key, "change": "changed", "label": item["label"], "page": item["page"]}
            if item.get("likelihood", "") != old.get("likelihood", ""):
                move.update({"from": old.get("likelihood", ""), "to": item.get("likelihood", "")})
            moves.append(move)
        else:
            entries[key] = dict(old)
    for key in sorted(before.keys() - items.keys()):
        moves.append({"key": key, "change": "removed", "label": before[key]["label"], "page": ""})
    if not moves:
        return {"version": VERSION, "items": entries, "log": log}
    day = when or today()
    for move in moves:
        if move["change"] != "removed":
            entries[move["key"]]["changed"] = day
            if move["change"] == "added":
                entries[move["key"]]["added"] = day
        same = next((e for e in log if e["date"] == day and e["key"] == move["key"]), None)
        if same is not None:  # changed again the same day: one entry, first state to last
            if same["change"] == "added" and move["change"] == "removed":
                log.remove(same)
                continue
            same.update({k: v for k, v in move.items() if k not in ("change", "from")})
            if same["change"] == "removed":
                same["change"] = "changed"
        else:
            log.append({"date": day, **move})
    log.sort(key=lambda e: (e["date"], e["key"]))
    return {"version": VERSION, "items": entries, "log": log}


def encode(record: dict) -> bytes:
    """The record as written: sorted, one line per item and per log entry (a committed copy diffs line by line;
    json's indenting encoder is pure Python, a tenth of a second at a few thousand items)."""

    def line(value) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    items = ",\n".join(f"  {line(k)}: {line(v)}" for k, v in sorted(record["items"].items()))
    log = ",\n".join(f"  {line(e)}" for e in record["log"])
    items = f"{{\n{items}\n }}" if items else "{}"
    log = f"[\n{log}\n ]" if log else "[]"
    text = f'{{\n "items": {items},\n "log": {log},\n "version": {record["version"]}\n}}\n'
    return text.encode("utf-8")


RECORD_ENV = "DOSSIER_PUBLISHED_RECORD"  # a record file to compare with instead (serve's verification build uses it)


def read(out: Path, project: Path) -> dict | None:
    """The previous record: the output's (the site this build replaces), else the project's committed copy; None if neither.

    DOSSIER_PUBLISHED_RECORD names another file to read instead (none there: no previous record)."""
    given = os.environ.get(RECORD_ENV)
    for path in [Path(given)] if given else [out / NAME, project / NAME]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("version") == VERSION and isinstance(data.get("items"), dict):
            return data
    return None


def keep_committed_copy(project: Path, record: dict) -> None:
    """Bring the project's own published.json up to date, if the curator keeps one (it is never created here)."""
    path = project / NAME
    data = encode(record)
    try:
        if not path.is_file() or path.read_bytes() == data:
            return
        staged = path.with_name(f".{NAME}.new")
        staged.write_bytes(data)
        os.replace(staged, path)
    except OSError:  # a read-only checkout: the output's copy is the record
        pass


def dates(record: dict) -> dict[str, str]:
    """Each item's day of last change, for the items that have one."""
    return {k: v["changed"] for k, v in record["items"].items() if v.get("changed")}


class Days:
    """Each item's day of last change (dates()), looked up by key and by key prefix."""

    def __init__(self, days: dict[str, str]):
        # A plain copy: the pages that look days up note their own keys (helpers.changed_on), not the whole record.
        self.days = dict(dict.items(days))
        self.keys = sorted(self.days)

    def latest(self, exact: set[str], prefixes: tuple[str, ...]) -> str | None:
        """The latest day of the items keyed `exact` or under one of `prefixes` ('claim:ID#': a source's claims); None if none is dated."""
        found = [self.days[k] for k in exact if k in self.days]
        for prefix in prefixes:
            at = bisect_left(self.keys, prefix)
            while at < len(self.keys) and self.keys[at].startswith(prefix):
                found.append(self.days[self.keys[at]])
                at += 1
        return max(found) if found else None


def last_changed(record: dict, prefixes: tuple[str, ...]) -> str | None:
    """The latest day any item whose key starts with one of `prefixes` changed; None if none is dated."""
    found = [d for k, d in dates(record).items() if k.startswith(prefixes)]
    removed = [e["date"] for e in record["log"] if e["change"] == "removed" and e["key"].startswith(prefixes)]
    return max(found + removed) if found or removed else None


def by_day(record: dict) -> list[tuple[str, list[dict]]]:
    """The log, newest day first, as (day, entries)."""
    days: dict[str, list[dict]] = {}
    for entry in record["log"]:
        days.setdefault(entry["date"], []).append(entry)
    return sorted(days.items(), reverse=True)

"""What each page reads while it renders: source fields and index entries, so `serve` re-renders only their readers
and the build cache (dossier/build/cache.py) keys each page by their values.

A read is a pair: ("source:ID", field) for a source record or one of its claims, or (view, key) for an entry
of an Index view such as ("claims_by_theme", "bases") or the seeds. A key of "*" means the page read the
whole record or view (iterated it, or took its length). Tracking is switched on by `serve`'s engine
(dossier/serve/incremental.py) and, while pages render, by a build with the cache; a `--no-cache` build never pays for it.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import fields
from typing import cast

from dossier.model.yamlfile import Mapping

WHOLE = "*"
# Content fields that change with a source and that pages read by key (a source page shows its seed's hash): while reads
# are noted, templates see them as views named like the field, as they see the Index's.
CONTENT_VIEWS = ("seed_hashes", "claims_by_id", "source_groups", "stances_by_source", "published", "published_days")
PREFIX = "^"  # a read ("published_days", "^claim:x#") is of every entry whose key starts "claim:x#"


def note(owner: str, key) -> None:
    """Note a read made without a view's help (a helper that filters a whole view and shows only part of it)."""
    noting = _current.get()
    if noting is not None:
        noting.add((owner, key))


# The reads of the page being rendered, or None when nothing is being recorded. A context variable, not a
# module global: each build, thread or task that renders sees only its own page's reads.
_current: ContextVar[set | None] = ContextVar("dossier_page_reads", default=None)


def current() -> set | None:
    """The set the page being rendered notes its reads into, or None."""
    return _current.get()


class _Noting(dict):
    """Lookups note (owner, key); walking the whole mapping, or taking its length, notes (owner, '*')."""

    owner = ""  # "source:ID" for a source record, the view's name for an Index view
    field: str | None = None  # set on a claim: any read of it counts as a read of its source's "claims"

    def _note(self, key) -> None:
        noting = _current.get()
        if noting is not None:
            noting.add((self.owner, self.field or key))

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def __iter__(self):
        self._note(WHOLE)
        return super().__iter__()

    def __len__(self):
        self._note(WHOLE)
        return super().__len__()

    def items(self):
        self._note(WHOLE)
        return super().items()

    def values(self):
        self._note(WHOLE)
        return super().values()

    def keys(self):
        self._note(WHOLE)
        return super().keys()


class TrackedRecord(_Noting, Mapping):
    """A source record (or a claim of one) that notes which of its fields a page reads."""


def track_source(sid: str, record: Mapping) -> None:
    """Make a loaded source record, and its claims, note their reads (same object, other class)."""
    record.__class__ = TrackedRecord  # a subclass with no state of its own: every reference stays valid
    tracked = cast(TrackedRecord, record)
    tracked.owner = owner = f"source:{sid}"  # apart from the Index views' names
    for claim in dict.get(record, "claims") or []:
        if isinstance(claim, Mapping):
            claim.__class__ = TrackedRecord
            tracked_claim = cast(TrackedRecord, claim)
            tracked_claim.owner, tracked_claim.field = owner, "claims"


def untrack_source(record: Mapping) -> None:
    """Undo track_source: the record and its claims plain again."""
    for item in [record, *(c for c in dict.get(record, "claims") or [] if isinstance(c, TrackedRecord))]:
        if type(item) is TrackedRecord:
            setattr(item, "__class__", Mapping)  # noqa: B010  (mypy: the class changes back)
            item.__dict__.pop("owner", None)
            item.__dict__.pop("field", None)


@contextmanager
def sources_noted(sources: dict):
    """Source records note their reads for the duration (those already noting stay so after it: serve's)."""
    plain = [(sid, record) for sid, record in sources.items() if type(record) is not TrackedRecord]
    for sid, record in plain:
        track_source(sid, record)
    try:
        yield
    finally:
        for _, record in plain:
            untrack_source(record)


class TrackedView(_Noting, dict):
    """A copy of one Index view (actor -> ..., theme -> ...) that notes the keys a page looks up."""


class TrackedCounter(_Noting, Counter):
    """A counted view: a missing key counts 0, as in the Counter it copies."""

    def most_common(self, n=None):
        self._note(WHOLE)
        return super().most_common(n)


def tracked_view(name: str, value):
    """A view that notes reads: dicts by key, anything else (a list) as a whole on every access."""
    if not isinstance(value, dict):
        return value
    view = (TrackedCounter if isinstance(value, Counter) else TrackedView)(value)
    view.owner = name
    return view


class TrackedIndex:
    """The Index as templates see it while reads are recorded."""

    def __init__(self, index):
        self._views = {f.name: tracked_view(f.name, getattr(index, f.name)) for f in fields(index)}

    def __getattr__(self, name):
        value = self._views[name]
        noting = _current.get()
        if noting is not None and not isinstance(value, dict):
            noting.add((name, WHOLE))
        return value


def recording(reads: set | None):
    """Start noting reads into `reads` (None stops)."""
    _current.set(reads)


def noted_while(make):
    """make()'s value and what it read, noted apart and into the page's reads too: for a piece kept and reused by
    later pages, which note the same reads again. Call only while reads are noted."""
    noting = _current.get()
    noted: set = set()
    _current.set(noted)
    try:
        value = make()
    finally:
        _current.set(noting)
    if noting is not None:
        noting |= noted
    return value, frozenset(noted)

"""The build cache in the project's .dossier/cache/: a page's bytes kept under a hash of exactly what produced it.

A page's key is a hash of the base (cache format, engine version, the builder's code and templates, the project's
templates, and every record but the sources, as the stages left them), the page's path, template and plan context,
and the value of each source field, Index entry and seed the page read when it was rendered (dossier/render/reads.py
records them). The names of those reads are kept per page (its trace); a later build hashes their values as they now
are and takes the page from the cache if an entry has that key. Nothing read from the cache is trusted: an entry
names its key and the SHA-256 of its bytes, both checked, and JSON is the only thing parsed (never pickle).
Writes go to a temporary name renamed into place (files.write_inside, no link followed, nothing outside the cache).
Bounded: a build that used the cache removes every entry and trace it did not use itself.
"""

from __future__ import annotations

import hashlib
import io
import json
import operator
import os
import pickle
import sys
from dataclasses import fields
from importlib import metadata
from pathlib import Path

from dossier import __version__
from dossier.files import Refused, inside, walk, write_inside
from dossier.model.validate import Markdown
from dossier.paths import BUILTIN_TEMPLATES, ENGINE
from dossier.render.reads import CONTENT_VIEWS, PREFIX, TrackedRecord
from dossier.text.ingest import Block
from dossier.text.mentions import Mention

FORMAT = "dossier-cache 1"
FOLDER = ".dossier/cache"
PAGES = "pages"
# Content fields that change with any source (or hold the sources themselves): left out of the base. The ones templates
# read are tracked per key while a page renders (reads.CONTENT_VIEWS); a project's own templates may read any, so they then count whole.
PER_SOURCE = ("root", "sources", "seeds", "published_before", "refs", *CONTENT_VIEWS)
_MISSING = b"\x00missing"


class Uncacheable(Exception):
    """A read whose value cannot be hashed: the page is rendered, not cached."""


def code_digest() -> str:
    """SHA-256 over the builder's version, Python's and its dependencies', its code and built-in templates (names and contents)."""
    digest = hashlib.sha256(f"{FORMAT} {__version__} {sys.version}".encode())
    for package in ("jinja2", "markupsafe", "markdown-it-py", "pyyaml"):
        try:
            digest.update(f" {package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:  # no version to name it by: a key no later build repeats, no entry reused
            digest.update(os.urandom(16))
    files = sorted(str(p) for p in ENGINE.rglob("*.py")) + [e.path for e in walk(str(BUILTIN_TEMPLATES)) if e.is_file()]
    for path in files:
        digest.update(os.path.relpath(path, ENGINE.parent).encode("utf-8", "surrogateescape") + b"\0")
        with open(path, "rb") as f:
            digest.update(hashlib.sha256(f.read()).digest())
    return digest.hexdigest()


def templates_digest(project: Path) -> str:
    """SHA-256 over the project's own templates/ (names and contents)."""
    digest = hashlib.sha256()
    for entry in walk(str(project / "templates")):
        if entry.is_file(follow_symlinks=False):
            digest.update(os.path.relpath(entry.path, project).encode("utf-8", "surrogateescape") + b"\0")
            with open(entry.path, "rb") as f:
                digest.update(hashlib.sha256(f.read()).digest())
    return digest.hexdigest()


def value_digest(value) -> bytes:
    """A value's hash by its pickled bytes (equal bytes, equal value); raises Uncacheable if it cannot be pickled."""
    buffer = io.BytesIO()
    try:
        _Canonical(buffer).dump(value)
    except Exception as exc:  # a value holding a function, a lock, a generator...
        raise Uncacheable(str(exc)) from None
    return hashlib.sha256(buffer.getbuffer()).digest()


_BLOCK_FIELDS = operator.attrgetter(*(f.name for f in fields(Block)))
_MENTION_FIELDS = operator.attrgetter(*(f.name for f in fields(Mention)))


class _Canonical(pickle.Pickler):
    """A pickler for hashing: a parsed Markdown field by its text (its tokens are the parser's, and the parser is code)."""

    dispatch_table = {
        Markdown: lambda field: (Markdown, (field.text,)),
        # A seed's blocks and mentions by their fields, read at C speed (dataclasses' own pickling looks its fields up
        # for every object: a quarter of a million calls at 1,000 sources).
        Block: lambda block: (Block, _BLOCK_FIELDS(block)),
        Mention: lambda mention: (Mention, _MENTION_FIELDS(mention)),
    }

    def __init__(self, file):
        super().__init__(file, protocol=5)


class _ByReference(_Canonical):
    """Blocks, mentions and claims pickled as references (by type-keyed reducers), their seeds' and sources' hashes noted."""

    # The hash of the seed, or of the source's claims, then stands for their value: each is hashed once, not once per
    # view holding it; the pickler calls back for these types only, not for every object.

    def __init__(self, file, cache: PageCache):
        self.cache = cache
        self.seeds: set[str] = set()
        self.sources: set[str] = set()
        placed = self._placed
        # Set before the pickler starts: it takes its table when it is made.
        self.dispatch_table = {**_Canonical.dispatch_table, TrackedRecord: self._claim, Block: placed, Mention: placed}
        super().__init__(file)

    def _placed(self, obj):
        place = self.cache.block_places().get(id(obj))
        if place is None:
            return _Canonical.dispatch_table[type(obj)](obj)
        self.seeds.add(place[0])
        return (_reference, place)

    def _claim(self, obj):
        place = self.cache.claim_places().get(id(obj))
        if place is None:
            return obj.__reduce_ex__(5)
        self.sources.add(place[0])
        return (_reference, ("claim", *place))


def _reference(*where):
    """What a reference stands for when pickled for hashing (never unpickled)."""
    return where


def cache_folder(project: Path) -> Path | None:
    """The project's cache folder, or None if it (or .dossier) is a link or anything but a folder or missing."""
    folder = project / FOLDER
    for path in (project / ".dossier", folder):
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            return None
    return folder


class PageCache:
    """One build's view of the cache: the base key, value hashes worked out once, the entries it holds."""

    def __init__(self, project: Path, content, index, seeds, own: bool):
        self.project, self.folder = project, cache_folder(project)
        self.content, self.index, self.seeds = content, index, seeds
        self.base = self._base(own)
        self.values: dict[tuple, bytes] = {}  # (owner, key) -> its value's hash, this build
        self._blocks: dict[int, tuple] | None = None  # see block_places()
        self._claims: dict[int, tuple[str, int]] | None = None  # see claim_places()
        self._sources: dict[int, str] | None = None  # see _source_ids()
        self.kept: dict[str, str] = {}  # page path -> the key of the entry the cache holds for it
        self.hits = 0  # pages taken from the cache
        self.writable = self.folder is not None
        self._folders: dict[str, int] = {}

    def _base(self, own: bool) -> str:
        """What every page's key holds: the engine, the templates, the site and every record but the sources."""
        content = self.content
        digest = hashlib.sha256(f"{code_digest()} {templates_digest(self.project)}".encode())
        skip = () if own else PER_SOURCE
        for f in fields(content):
            if f.name not in skip and f.name not in ("root", "sources", "seeds"):
                digest.update(f.name.encode() + b"\0" + value_digest(getattr(content, f.name)))
        digest.update(value_digest(sorted(content.sources)))  # which sources exist
        return digest.hexdigest()

    # ------------------------------------------------------------------ keys

    def value(self, owner: str, key) -> bytes:
        """The hash of what (owner, key) names now; raises Uncacheable for a read the cache cannot name."""
        found = self.values.get((owner, key))
        if found is None:
            value = self._resolve(owner, key)
            if owner.startswith("source:") or owner in CONTENT_VIEWS or owner == "seeds":
                found = value_digest(value)
            else:  # an Index entry: its blocks and claims by reference
                found = self._by_reference(value)
            self.values[(owner, key)] = found
        return found

    def hash_shared(self) -> None:
        """Hash every seed and source field now, before render workers start: most are read in every worker's pages."""
        for sid, source in self.content.sources.items():
            try:
                if sid in self.seeds:
                    self.value("seeds", sid)
                for name in dict.keys(source):
                    self.value(f"source:{sid}", name)
            except Uncacheable:
                continue

    def _by_reference(self, value) -> bytes:
        """The hash of a value with its blocks and claims as references, and of each seed and source's claims they are in."""
        buffer = io.BytesIO()
        pickler = _ByReference(buffer, self)
        try:
            pickler.dump(value)
        except Exception as exc:
            raise Uncacheable(str(exc)) from None
        digest = hashlib.sha256(buffer.getbuffer())
        for sid in sorted(pickler.seeds):
            digest.update(b"seed " + sid.encode() + self.value("seeds", sid))
        for sid in sorted(pickler.sources):
            digest.update(b"claims " + sid.encode() + self.value(f"source:{sid}", "claims"))
        return digest.digest()

    def _source_ids(self) -> dict[int, str]:
        """The id of every source record -> its id."""
        if self._sources is None:
            self._sources = {id(record): sid for sid, record in self.content.sources.items()}
        return self._sources

    def block_places(self) -> dict[int, tuple]:
        """The id of every seed's block and mention -> where it is: (source, anchor) or (source, anchor, place)."""
        if self._blocks is None:
            self._blocks = {}
            for sid, seed in self.seeds.items():
                for block in [*seed.blocks, *(d for d, _ in seed.dropped)]:
                    self._blocks[id(block)] = (sid, block.anchor)
                    self._blocks.update((id(m), (sid, block.anchor, i)) for i, m in enumerate(block.mentions))
        return self._blocks

    def claim_places(self) -> dict[int, tuple[str, int]]:
        """The id of every source's claim -> (source, its place in the source's claims)."""
        if self._claims is None:
            self._claims = {
                id(c): (sid, i) for sid, source in self.content.sources.items() for i, c in enumerate(dict.get(source, "claims") or [])
            }
        return self._claims

    def _resolve(self, owner: str, key):
        """The value a read names: a source's field, an Index entry, a seed, a tracked content field; whole with '*'."""
        if owner.startswith("source:"):
            record = self.content.sources.get(owner[len("source:") :])
            if record is None:
                return _MISSING
            return ("whole", list(dict.items(record))) if key == "*" else dict.get(record, key, _MISSING)
        if owner == "seeds":
            whole = self.seeds
        elif owner in CONTENT_VIEWS:
            whole = getattr(self.content, owner)
        elif owner in {f.name for f in fields(self.index)}:
            whole = getattr(self.index, owner)
        else:
            raise Uncacheable(owner)
        if key == "*" or not isinstance(whole, dict):
            return ("whole", whole)
        if isinstance(key, str) and key.startswith(PREFIX):
            return ("prefix", sorted((k, v) for k, v in dict.items(whole) if k.startswith(key[len(PREFIX) :])))
        if not isinstance(key, str | int):
            raise Uncacheable(repr(key))
        return dict.get(whole, key, 0 if type(whole).__name__.endswith("Counter") else _MISSING)

    def key(self, path: str, template: str, extra: dict, reads) -> str:
        """A page's key from the reads it makes (names only: their values are hashed as they are now)."""
        named = sorted(f"{o!r} {k!r}" for o, k in reads)
        if any(not isinstance(k, str | int) or not isinstance(o, str) for o, k in reads):
            raise Uncacheable("a read named by something other than text")
        digest = hashlib.sha256(json.dumps([self.base, path, template]).encode())
        for name, value in extra.items():
            sid = self._source_ids().get(id(value))  # a source record: the page's reads of it count, not the object
            digest.update(name.encode() + b"\0" + (f"source:{sid}".encode() if sid is not None else value_digest(value)))
        values = {f"{o!r} {k!r}": self.value(o, k) for o, k in reads}
        for name in named:
            digest.update(name.encode("utf-8", "surrogateescape") + b"\0" + values[name])
        return digest.hexdigest()

    # ------------------------------------------------------------ entries

    def load(self, pages: list[tuple[str, str, dict]]) -> dict[str, tuple[bytes, list]]:
        """The pages of the plan the cache holds as they would render now: path -> (bytes, reads)."""
        if self.folder is None or not self.folder.is_dir():
            return {}
        found: dict[str, tuple[bytes, list]] = {}
        for path, template, extra in pages:
            entry = self._read_entry(path)
            if entry is None:
                continue
            key, reads, html = entry
            self.kept[path] = key
            try:
                if key == self.key(path, template, extra, reads):
                    found[path] = (html, reads)
                    self.hits += 1
            except Uncacheable:
                continue
        return found

    def _read_entry(self, path: str) -> tuple[str, list, bytes] | None:
        """A page's entry (`FORMAT KEY SHA256`, a JSON line naming the page and its reads, the page), checked; else None."""
        data = self._read(f"{PAGES}/{entry_name(path)}")
        if data is None:
            return None
        header, _, rest = data.partition(b"\n")
        words = header.split(b" ")
        if len(words) != 4 or b" ".join(words[:2]) != FORMAT.encode() or words[3] != hashlib.sha256(rest).hexdigest().encode():
            return None
        line, _, html = rest.partition(b"\n")
        try:
            trace = json.loads(line)
            reads = [(o, k) for o, k in trace["reads"] if isinstance(o, str) and isinstance(k, str | int)]
            if trace["path"] != path or len(reads) != len(trace["reads"]):
                return None
        except (ValueError, UnicodeDecodeError, KeyError, TypeError):
            return None
        return words[2].decode("ascii", "replace"), reads, html

    def _read(self, rel: str) -> bytes | None:
        """A regular file of the cache, never through a link; None if it cannot be read."""
        assert self.folder is not None
        try:
            fd = os.open(self.folder / rel, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as f:
                return f.read()
        except OSError:
            return None

    def store(self, path: str, template: str, extra: dict, reads, html: bytes) -> bool:
        """Keep a page just rendered with what it read; False if its reads cannot be named or the write failed."""
        if not self.writable:
            return False
        try:
            key = self.key(path, template, extra, reads)
        except Uncacheable:
            return False
        if self.kept.get(path) == key:
            return True  # the entry there already (a page rendered again without the cache's say: serve's full builds)
        named = sorted(([o, k] for o, k in reads), key=repr)
        rest = json.dumps({"path": path, "reads": named}, ensure_ascii=False).encode() + b"\n" + html
        entry = f"{FORMAT} {key} {hashlib.sha256(rest).hexdigest()}\n".encode() + rest
        try:
            write_inside(self.project, f"{FOLDER}/{PAGES}/{entry_name(path)}", entry, folders=self._folders)
        except (OSError, Refused):  # a full disk, a read-only project, a link planted in the cache: build on without it
            self.writable = False
            return False
        return True

    def close(self) -> None:
        """Close the folders kept open for writing."""
        for fd in self._folders.values():
            os.close(fd)
        self._folders.clear()

    def prune(self, paths) -> None:
        """Remove every file of the cache's pages/ that is not the entry of one of this build's `paths`."""
        self.close()
        if self.folder is None or not self.writable:
            return
        keep = {entry_name(path) for path in paths}
        folder = self.folder / PAGES
        if not inside(os.path.realpath(self.project), os.path.realpath(folder)):
            return
        try:
            names = os.listdir(folder)
        except OSError:
            return
        for name in names:
            if name not in keep:
                try:
                    os.unlink(folder / name)
                except OSError:
                    pass  # a folder someone made here: left alone, never read as an entry


def entry_name(path: str) -> str:
    """The file name of a page's entry: a hash of its output path."""
    return hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:40]

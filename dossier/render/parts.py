"""The partials (templates/partials/*.html) as one build renders them: each macro made once per folder, pieces reused.

Markup lives in the templates; this module only decides how often a partial is rendered:
- a wrapper around text (a mention link, a quote mark, a highlight) is rendered once per record, form and folder
  with a placeholder for caller(), split there into its opening and closing tags, and woven around every
  occurrence by one linear pass over the text (dossier/render/markup.py);
- a whole-record piece (a claim card) is rendered once per record and folder and reused on every page of
  that folder that shows it;
- under serve, pieces are kept by the record they show across updates (Memo), with the reads that building
  them noted, so a re-rendered page rebuilds only the edited source's pieces.
A partial sees the page context; `page` in it is its folder's index page (its links are right for every page there).
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from dossier import urls
from dossier.files import ignored
from dossier.paths import BUILTIN_TEMPLATES
from dossier.render import reads

CALLER = "\x00caller\x00"  # what caller() returns while a wrapper is split into its tags: no text holds it
LIMIT = 100_000  # entries a cache holds before it starts again: a build's pieces, bounded
MARK, MARK_FRAGMENT, MARK_END = "\x02", "\x01", "\x03"  # a link left in a placeless piece: MARK path MARK_FRAGMENT fragment MARK_END
# Partials rendered once for every folder (Parts.placed), with the templates they use: the builder's own depend on the
# page only through url(). A project's own version of any of them is rendered per folder, as before.
PLACELESS = {"claim": ("partials/claim.html", "partials/cite.html", "partials/chips.html", "_analysis.html")}


class PartialError(Exception):
    """A partial that cannot be used as the builder uses it (a wrapper that does not call caller() once)."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name, self.message = name, message


class Memo:
    """Pieces kept, while serve runs, by the record they show: a page re-rendered after an edit rebuilds only its own.

    Lives on serve's kept build (stages.Built.memo); a plain build keeps none. An entry holds its object, so its
    id cannot be reused while the entry stands, and the reads that building it noted, which every page that
    takes it from here notes too (serve must know all that a page read)."""

    def __init__(self):
        self._kept: dict[tuple, tuple] = {}
        self._reads: dict[frozenset, frozenset] = {}  # one copy of each set of reads: most entries share a few
        self._holders: dict[frozenset, set] = {}  # a set of reads -> the keys of the entries that noted it

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, obj, key, make) -> str:
        """The piece `make()` builds for `obj` under `key`, built once while reads are noted; else just built."""
        noting = reads.current()
        if noting is None:
            return make()
        entry = self._kept.get((id(obj), key))
        if entry is not None and entry[0] is obj:
            noting |= entry[2]
            return entry[1]
        html, noted = reads.noted_while(make)
        self._keep((id(obj), key), obj, html, noted)
        return html

    def _keep(self, key: tuple, obj, html: str, noted: frozenset) -> None:
        shared = self._reads.setdefault(noted, noted)  # one frozen set per distinct reads
        self._holders.setdefault(shared, set()).add(key)
        self._kept[key] = (obj, html, shared)

    def forget(self, changed: set) -> None:
        """Drop every piece that read something in `changed`: a piece is reused only while all it read is unchanged,
        not merely while its record is the same object (another source's edit can change what a piece shows)."""
        for noted in [noted for noted in self._reads if not noted.isdisjoint(changed)]:
            del self._reads[noted]
            for key in self._holders.pop(noted, ()):
                entry = self._kept.get(key)
                if entry is not None and entry[2] is noted:
                    del self._kept[key]

    def entries(self) -> list[tuple]:
        """What is kept, as a forked worker sends it home: (id of the object, key, piece, reads)."""
        return [(oid, key, html, noted) for (oid, key), (_, html, noted) in self._kept.items()]

    def adopt(self, entries: list[tuple], objects: dict[int, object]) -> None:
        """Keep what a forked worker built for `objects` (by id): a worker's objects from before the fork have the same ids here."""
        for oid, key, html, noted in entries:
            obj = objects.get(oid)
            if obj is not None:
                self._keep((oid, key), obj, html, noted)


def kept_by(content, index):
    """The objects the memo keeps pieces by (records, claims, an actor's mentions in a source): what serve adopts from workers."""
    for source in content.sources.values():
        yield source
        yield from (c for c in dict.get(source, "claims") or [] if isinstance(c, dict))
    for by_source in index.mentions.values():
        yield from by_source.values()


def url_from(page: str):
    """url() as seen from a page (for partials, their folder's): a plain function, so Jinja does not copy the context
    for every call made inside a loop (as it must for a function that takes the context)."""

    def url(kind: str, ident: str = "", fragment: str = "") -> str:
        return urls.relative(page, urls.page_path(kind, ident), fragment)

    return url


class Parts:
    """One build's (or one render worker's) partials: macros per folder, wrappers split into tags, pieces reused."""

    def __init__(self, env: jinja2.Environment, context: dict, memo: Memo | None = None):
        self.env, self.context, self.memo = env, context, memo
        self._macros: dict[tuple, object] = {}  # (partial, folder) -> its macro
        self._tags: dict[tuple, tuple[str, str]] = {}  # (partial, key, folder) -> (opening, closing)
        self._pieces: dict[tuple, tuple] = {}  # (id(record), key) -> (record, html), this build only
        self._patterns: dict[tuple, re.Pattern] = {}  # index terms -> their pattern
        self._analysis: object = None  # _analysis.html's macros
        self._noted: dict[tuple, frozenset] = {}  # a kept macro, tags or piece -> what making it read (while reads are noted)
        self._once: dict[tuple, object] = {}  # values every page of this render pass shares, by what they are of
        self._placeless: dict[str, object] = {}  # partial -> its macro with url() leaving markers, or None where it cannot
        self._marks = 0  # url() markers left by the placeless macro being rendered

    def once(self, key: tuple, make, tracked: bool = True):
        """`make()`, made once per render pass for `key` (a value naming what it is of: its inputs cannot change while
        the pages of one pass are rendered). While reads are noted, each page that uses it notes what making it read
        (kept with it), unless `tracked` is False (`make` reads nothing that notes reads)."""
        found = self._once.get(key, self)
        if found is self:
            found = self._once[key] = self._made(("once", *key), make) if tracked else make()
        elif tracked:
            self._replay(("once", *key))
        return found

    def macro(self, name: str, page: str):
        """The macro of templates/partials/NAME.html as seen from the page's folder."""
        folder = urls.folder(page)
        found = self._macros.get((name, folder))
        if found is None:
            here = f"{folder}/index.html" if folder else "index.html"
            context = {**self.context, "page": here, "url": url_from(here)}
            module = self._made(("macro", name, folder), lambda: self.env.get_template(f"partials/{name}.html").make_module(context))
            found = self._macros[(name, folder)] = getattr(module, name)
        else:
            self._replay(("macro", name, folder))
        return found

    def _made(self, key: tuple, make):
        """make(), its reads kept under `key` while a page's reads are noted, for a later page that reuses what it made."""
        if reads.current() is None:
            return make()
        value, noted = reads.noted_while(make)
        if noted:
            self._noted[key] = noted
        return value

    def _replay(self, key: tuple) -> None:
        """Note again what making a kept value read."""
        noting = reads.current()
        if noting is not None and (noted := self._noted.get(key)):
            noting |= noted

    def tags(self, name: str, key, page: str, *args) -> tuple[str, str]:
        """A wrapper partial's opening and closing tags for `args`, kept by (name, key, folder) when key is not None."""
        folder = urls.folder(page)
        if key is not None and (found := self._tags.get((name, key, folder))) is not None:
            self._replay((name, key, folder))
            return found
        macro = self.macro(name, page)
        try:
            html = self._made((name, key, folder), lambda: macro(*args, caller=lambda: Markup(CALLER)))
        except TypeError as exc:  # a macro that never calls caller() takes no caller
            raise PartialError(name, f"the macro must call caller() exactly once ({exc})") from None
        parts = str(html).split(CALLER)
        if len(parts) != 2:
            raise PartialError(name, f"the macro must call caller() exactly once (it called it {len(parts) - 1} times)")
        found = (parts[0], parts[1])
        if key is not None:
            if len(self._tags) >= LIMIT:
                self._tags.clear()
            self._tags[(name, key, folder)] = found
        return found

    def rendered(self, name: str, key, page: str, *args) -> Markup:
        """A partial's output for `args`, rendered once per (name, key, folder): for small pieces that repeat (a ¶ link)."""
        folder = urls.folder(page)
        found = self._tags.get((name, key, folder))
        if found is None:
            if len(self._tags) >= LIMIT:
                self._tags.clear()
            macro = self.macro(name, page)
            found = self._tags[(name, key, folder)] = self._made((name, key, folder), lambda: macro(*args))
        else:
            self._replay((name, key, folder))
        return found  # type: ignore[return-value]

    def listing(self, name: str, page: str, entries: list[tuple]) -> str:
        """A long list by the partial's loop over its items, each entry (record, key, make, *args) giving the item
        make(*args): one call for the whole list; under serve one per item, kept by its record and key."""
        macro = self.macro(name, page)
        if self.memo is None or reads.current() is None:
            return str(macro([make(*args) for _, _, make, *args in entries]))
        return "".join(self.memo.get(obj, key, lambda e=e: str(macro([e[2](*e[3:])]))) for e in entries for obj, key in [e[:2]])

    def analysis(self, name: str, key: tuple, *args):
        """A label of _analysis.html (a claim's kind and confidence, a source's badges), rendered once per value:
        a big site has few, and the claim cards that show them are many."""
        key = ("_analysis", name, *key)
        found = self._tags.get(key)
        if found is None:
            if self._analysis is None:
                self._analysis = self._made(("_analysis",), lambda: self.env.get_template("_analysis.html").make_module(self.context))
            else:
                self._replay(("_analysis",))
            analysis = self._analysis
            found = self._tags[key] = self._made(key, lambda: getattr(analysis, name)(*args))
        else:
            self._replay(key)
        return found

    def piece(self, obj, key: tuple, make, *args, reuse: bool = False) -> str:
        """A whole-record piece, `make(*args)`: kept by serve's memo while reads are noted; else, if `reuse`, kept for this build."""
        if self.memo is not None and reads.current() is not None:
            return self.memo.get(obj, key, lambda: make(*args))
        if not reuse:
            return make(*args)
        found = self._pieces.get((id(obj), key))
        if found is not None and found[0] is obj:
            self._replay(("piece", id(obj), key))
            return found[1]
        html = self._made(("piece", id(obj), key), lambda: make(*args))
        if len(self._pieces) >= LIMIT:
            self._pieces.clear()
        self._pieces[(id(obj), key)] = (obj, html)
        return html

    def placed(self, key: tuple, name: str, page: str, *args) -> str | None:
        """A piece whose links are its only tie to the page showing it (a claim card): rendered once per render pass
        and `key` (a value naming what it shows), each url() in it left as a marker, then its links made relative to
        `page`: the same bytes as rendering it from the page's folder, in a tenth of the time. None where that cannot
        be: under serve's memo, a project's own partial (PLACELESS), or text of the piece holding a marker's character;
        the caller renders it per folder then."""
        if self.memo is not None and reads.current() is not None:
            return None
        kept = ("placed", name, *key)
        found = self._once.get(kept, self)
        if found is self:
            macro = self._placeless_macro(name)
            found = None
            if macro is not None:
                self._marks = 0
                html = str(self._made(kept, lambda: macro(*args)))  # what it read, noted again by each page reusing it
                if html.count(MARK) == html.count(MARK_END) == html.count(MARK_FRAGMENT) == self._marks:
                    found = html.split(MARK)
            self._once[kept] = found
        else:
            self._replay(kept)
        if found is None:
            return None
        out = [found[0]]  # type: ignore[index]
        for piece in found[1:]:  # type: ignore[index]
            link, _, rest = piece.partition(MARK_END)
            target, _, fragment = link.partition(MARK_FRAGMENT)
            out += (urls.relative(page, target, fragment), rest)
        return "".join(out)

    def _placeless_macro(self, name: str):
        """The macro of templates/partials/NAME.html with url() leaving markers, if NAME and every template it uses are
        the builder's own (PLACELESS: they depend on the page through url() only); else None."""
        if name not in self._placeless:
            uses = PLACELESS.get(name, ())
            builtin = str(BUILTIN_TEMPLATES.resolve()) + "/"
            own = bool(uses) and all(str(Path(self.env.get_template(t).filename or "").resolve()).startswith(builtin) for t in uses)
            module = None
            if own:

                def marker(kind: str, ident: str = "", fragment: str = "") -> str:
                    self._marks += 1
                    return f"{MARK}{urls.page_path(kind, ident)}{MARK_FRAGMENT}{fragment}{MARK_END}"

                here = "\x00placeless\x00/index.html"  # no page: a use of `page` other than through url() would show
                module = self.env.get_template(f"partials/{name}.html").make_module({**self.context, "page": here, "url": marker})
            self._placeless[name] = getattr(module, name) if module is not None else None
        return self._placeless[name]

    def terms_pattern(self, terms: list[str]) -> re.Pattern:
        """One pattern for a theme's index terms as they appear in a block (case-insensitive, whole words)."""
        key = tuple(terms)
        found = self._patterns.get(key)
        if found is None:
            alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
            found = self._patterns[key] = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)
        return found


def own_templates(project: Path) -> bool:
    """Whether the project's templates/ holds a template (assets aside) that is not byte for byte the builder's own."""
    folder = project / "templates"
    if not folder.is_dir() or folder.resolve() == BUILTIN_TEMPLATES.resolve():
        return False
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and rel.parts[0] != "assets" and not ignored(path.name):
            builtin = BUILTIN_TEMPLATES / rel
            if not builtin.is_file() or builtin.read_bytes() != path.read_bytes():
                return True
    return False

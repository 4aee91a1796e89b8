"""The render stage: Jinja2 templates (autoescape, StrictUndefined) fill every page from the index."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from dossier import urls
from dossier.model import yardstick
from dossier.model.load import Content
from dossier.model.yamlfile import Mapping
from dossier.paths import BUILTIN_TEMPLATES
from dossier.problems import Report, plural
from dossier.render import helpers, markdown, network, reads
from dossier.render.dates import human_date, qualified_date, reported_by, writing_window
from dossier.render.linkcheck import summarise
from dossier.render.parts import Memo, PartialError, Parts, kept_by, url_from
from dossier.render.quotes import quote_marks
from dossier.text.index import UNCLASSIFIED, Index, source_label, theme_order
from dossier.text.ingest import Seed
from dossier.text.publish import unmask
from dossier.tricks import safe_mode


class _Environment(jinja2.Environment):
    """Jinja, with a record's fields found first: `claim.text` on a record (a dict) is its field.

    Jinja tries the attribute first, and a dict has none by that name: an exception raised and caught on every
    field read of every record (a third of a claim card's cost). Records hold schema fields only, none named
    like a dict's methods, so `record.get(...)` still finds the method."""

    def getattr(self, obj, attribute):
        if isinstance(obj, Mapping):
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class _Loader(jinja2.FileSystemLoader):
    """Templates read from files, a leading BOM dropped (it would reach the page before its doctype)."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        return source.removeprefix("\ufeff"), filename, uptodate


def environment(project: Path | None) -> jinja2.Environment:
    """Project templates first, the builder's own as fallback (alone with no project); autoescape and strict undefined.

    Kept while the project's templates are the same files: Jinja re-reads a template whose file changed
    (auto_reload), but not one that a file added to (or removed from) the project's templates/ now overrides."""
    folder = project / "templates" if project else None
    overrides = tuple(sorted(str(p.relative_to(folder)) for p in folder.rglob("*.*"))) if folder and folder.is_dir() else ()
    return _environment(project, overrides)


@lru_cache(maxsize=4)
def _environment(project: Path | None, overrides: tuple[str, ...]) -> jinja2.Environment:
    """The environment for a project whose templates/ holds `overrides`."""
    loaders = [_Loader(str(project / "templates"))] if overrides and project else []
    loaders.append(_Loader(str(BUILTIN_TEMPLATES)))
    env = _Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.globals.update(
        url=_url,
        href=_href,
        md=_md,
        asset=_asset,
        absolute=_absolute,
        url_of=_url_of,
        judgment_groups=_judgment_groups,
        kind_totals=_kind_totals,
        quote_marks=quote_marks,
        likelihood_band=_likelihood_band,
        yardstick_terms=_yardstick_terms,
        yardstick_name=_yardstick_name,
        gap_list=_gap_list,
        evidence_matrix=_evidence_matrix,
        note_parts=_note_parts,
        root_path=urls.page_path,
    )
    helpers.register(env)
    env.filters["month"] = human_date
    env.filters["plural"] = plural  # {{ n | plural('source') }}: "1 source", "5 sources"
    env.filters["label"] = source_label
    env.filters["window"] = writing_window
    env.filters["when"] = lambda event: qualified_date(event["date"], event["date_qualifier"])
    env.filters["reported_by"] = reported_by
    return env


environment.cache_clear = _environment.cache_clear  # type: ignore[attr-defined]  # tests swap the built-in theme


def _bytecode_cache():
    """Compiled templates kept between builds (a third of a small build is compiling them); none in safe mode."""
    if safe_mode():
        return None
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dossier-builder" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return jinja2.FileSystemBytecodeCache(str(folder))
    except OSError:  # a read-only home: compile every time
        return None


@jinja2.pass_context
def _url(ctx, kind: str, ident: str = "", fragment: str = "") -> str:
    """Link from the page being rendered to another page (absolute on the 404 page)."""
    return _link(ctx, urls.page_path(kind, ident), fragment)


@jinja2.pass_context
def _href(ctx, target: str, fragment: str = "") -> str:
    """Link from the page being rendered to any output file by its path ('exports/claims.csv')."""
    return _link(ctx, target, fragment)


@jinja2.pass_context
def _absolute(ctx, target: str) -> str:
    return urls.absolute(ctx["site"]["base_url"], target)


@jinja2.pass_context
def _asset(ctx, name: str) -> str:
    return _link(ctx, f"assets/{name}")


def _link(ctx, target: str, fragment: str = "") -> str:
    if ctx.get("absolute_links") and ctx["site"]["base_url"]:
        url = urls.absolute(ctx["site"]["base_url"], target)
        return f"{url}#{fragment}" if fragment else url
    return urls.relative(ctx["page"], target, fragment)


@jinja2.pass_context
def _md(ctx, field) -> Markup:
    """Render a parsed Markdown field as seen from the current page."""
    if not field:
        return Markup("")
    return Markup(markdown.render(field.tokens, ctx["page"], helpers.xref_tags(ctx["partials"], ctx["page"])))


def _url_of(kind: str, ident: str = "") -> str:
    """A page's path from the site's root (feeds and sitemaps make it absolute)."""
    return urls.page_path(kind, ident)


@jinja2.pass_context
def _judgment_groups(ctx) -> list:
    return judgment_groups(ctx["content"], ctx["ix"].judgments)


@jinja2.pass_context
def _kind_totals(ctx) -> dict[str, int]:
    return kind_totals(ctx["ix"].judgments)


def kind_totals(judgments: dict) -> dict[str, int]:
    """Distinct claims of each kind: a claim on two themes is listed twice, and counted once."""
    seen: dict[str, set] = {}
    for key, claims in judgments.items():
        seen.setdefault(key.partition("/")[0], set()).update((c["source"], c["number"]) for c in claims)
    return {kind: len(ids) for kind, ids in seen.items()}


@jinja2.pass_context
def _likelihood_band(ctx, term: str) -> str:
    return yardstick.band(ctx["site"]["yardstick"], term)


@jinja2.pass_context
def _yardstick_terms(ctx) -> list[tuple[str, str]]:
    return yardstick.terms(ctx["site"]["yardstick"])


@jinja2.pass_context
def _yardstick_name(ctx) -> str:
    return yardstick.NAMES[ctx["site"]["yardstick"] or yardstick.DEFAULT]


@jinja2.pass_context
def _gap_list(ctx) -> list:
    """(theme, sub-question) for every sub-question no claim answers, themes in site order."""
    content = ctx["content"]
    return [
        (content.themes[tid], sub)
        for tid in theme_order(content)
        for sub in content.themes[tid]["sub_questions"] or []
        if isinstance(sub, dict) and not sub["answered_by"]
    ]


@jinja2.pass_context
def _evidence_matrix(ctx) -> tuple[list, list]:
    """The judgments, and every claim they cite with its part in each ('for', 'against' or ''), in first-cited order.

    A claim for one judgment and against another tells them apart; one cited by a single judgment does not."""
    data = ctx["content"].judgments
    items = [j for j in data["judgments"] or [] if isinstance(j, dict)] if data else []
    rows: dict[str, list[str]] = {}
    for n, judgment in enumerate(items):
        for part in ("for", "against"):
            for cid in judgment[part] or []:
                rows.setdefault(cid, [""] * len(items))[n] = part
    return items, list(rows.items())


# "memo-balanced-diplomacy p12" or a bare "p2" in an editor's note: a paragraph the note rests on.
NOTE_CITE = re.compile(r"\b(?:([a-z0-9]+(?:-[a-z0-9]+)+) )?p(\d+)\b")


@jinja2.pass_context
def _note_parts(ctx, text: str, default_source: str = "") -> list[tuple[str, str, str]]:
    """An editor's note as (text, source, anchor) pieces, so the template links each paragraph it names (a bare pN is `default_source`'s)."""
    sources, labels, parts, last = ctx["content"].sources, ctx["ix"].labels, [], 0
    for m in NOTE_CITE.finditer(text or ""):
        named_id = m.group(1) if m.group(1) in sources else None
        # a hyphenated word that is no source id ("op-ed p2") is part of the text before the paragraph
        sid, before = named_id or default_source, text[last : m.start() if named_id else m.start() + len(m.group(0)) - len(m.group(2)) - 1]
        if not named_id:  # "memo p2": a source named by its short title
            named, words = None, before.split()
            for n in range(1, min(4, len(words)) + 1):
                label = " ".join(words[-n:]).lstrip("(").lower()
                if label in labels:
                    named = labels[label]
                    before = before[: before.rstrip().rfind(words[-n].lstrip("("))]
                    break
            sid = named or sid
        if sid not in sources or f"p{m.group(2)}" not in ctx["seeds"][sid].by_anchor:
            continue
        parts.append((before, sid, f"p{m.group(2)}"))
        last = m.end()
    parts.append((text[last:], "", ""))
    return parts


TERM_CONTEXTS = 12  # occurrences of an index term quoted in context on the thematic index; the theme page has the rest
CONTEXT = 70  # characters of context on either side of the term


def term_contexts(hits: list, term: str) -> list[tuple[str, str, str, str, str]]:
    """The first occurrences of an index term as (source, anchor, text before, the term as written, text after)."""
    out = []
    pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
    for sid, block in hits[:TERM_CONTEXTS]:
        text = " ".join(unmask(block.text).split())
        m = pattern.search(text)
        if m is None:
            continue
        start, end = max(0, m.start() - CONTEXT), min(len(text), m.end() + CONTEXT)
        # Cut at word boundaries so no word is shown in part.
        before = text[start : m.start()] if start == 0 else "…" + text[start : m.start()].split(" ", 1)[-1]
        after = text[m.end() : end] if end == len(text) else text[m.end() : end].rsplit(" ", 1)[0] + "…"
        out.append((sid, block.anchor, before, m.group(0), after))
    return out


# Long lists run over several pages, so every page stays light on a phone however large the dossier (at 5,000
# sources the sources table was 1.6 MB, the matrix 3.6 MB, a theme's claims 1 MB; at 1,000 rows and 300 claims a
# page, Lighthouse's mobile performance was 40-50 for the sources list and theme pages: docs/benchmarks.md).
SOURCES_PER_PAGE = 200
MATRIX_ROWS = 100
THEME_CLAIMS = 50
RELATIONS_PER_PAGE = 200  # the recorded relations on network.html: 1,200 at 5,000 sources were 420 kB (Lighthouse 81)


def parts(n: int, size: int) -> int:
    """How many pages a list of n items takes, `size` a page (one at least)."""
    return max(1, -(-n // size))


KIND_LABELS = {
    "fact": "Reported facts",
    "assessment": "Assessments",
    "forecast": "Forecasts",
    "recommendation": "Recommendations",
    UNCLASSIFIED: "Not yet classified",
}
JUDGMENTS_INLINE = 5  # claims of a group on claims-by-kind.html; more, and the group has pages of its own
JUDGMENTS_PER_PAGE = 100  # about 100 kB a page


def judgment_groups(content: Content, judgments: dict) -> list[tuple[str, str, list[dict]]]:
    """The judgments' groups as pages show them: (kind, label, [{key, theme, title, total, pages}]), in the index's order.

    A group past JUDGMENTS_INLINE claims gets pages of its own (claims-by-kind/KIND-THEME.html, -2.html...), so no page
    grows with the dossier."""
    out: list[tuple[str, str, list[dict]]] = []
    for key, claims in judgments.items():
        kind, _, tid = key.partition("/")
        total = len(claims)
        count = -(-total // JUDGMENTS_PER_PAGE) if total > JUDGMENTS_INLINE else 0
        pages = [f"claims-by-kind/{kind}-{tid}{'' if n == 1 else f'-{n}'}.html" for n in range(1, count + 1)]
        title = content.themes[tid]["title"] if tid in content.themes else "No theme"
        group = {"key": key, "theme": tid, "title": title, "total": total, "pages": pages}
        if not out or out[-1][0] != kind:
            out.append((kind, KIND_LABELS[kind], []))
        out[-1][2].append(group)
    return out


def plan(content: Content, index: Index) -> list[tuple[str, str, dict]]:
    """Every page as (output path, template, page-specific context), in a stable order."""
    pages: list[tuple[str, str, dict]] = [
        ("index.html", "index.html", {}),
        ("sources/index.html", "sources.html", {}),
        ("actors/index.html", "actors.html", {}),
        ("themes/index.html", "themes.html", {}),
        ("themes/counts.html", "counts.html", {}),
        ("disputes.html", "disputes.html", {}),
        ("claims-by-kind.html", "claims-by-kind.html", {}),
        ("judgments.html", "judgments.html", {}),
        ("timeline.html", "timeline.html", {}),
        ("changes.html", "changes.html", {}),
        ("search.html", "search.html", {}),
        ("network.html", "network.html", {}),
        ("404.html", "404.html", {"absolute_links": True}),
    ]
    pages += [(urls.page_path("source", sid), "source.html", {"source": content.sources[sid]}) for sid in sorted(content.sources)]
    pages += [(urls.page_path("actor", aid), "actor.html", {"actor": content.actors[aid]}) for aid in sorted(content.actors)]
    pages += [(urls.page_path("theme", tid), "theme.html", {"theme": content.themes[tid]}) for tid in sorted(content.themes)]
    pages += [(urls.page_path("page", pid), "page.html", {"doc": content.pages[pid]}) for pid in sorted(content.pages)]
    total = len(content.sources)
    pages += [(urls.part_path("sources/index.html", k), "sources.html", {"part": k}) for k in range(2, parts(total, SOURCES_PER_PAGE) + 1)]
    pages += [(urls.part_path("themes/counts.html", k), "matrix.html", {"part": k}) for k in range(2, parts(total, MATRIX_ROWS) + 1)]
    relations = parts(len(network.recorded_relations(content)), RELATIONS_PER_PAGE)
    pages += [(urls.part_path("network.html", k), "relations.html", {"part": k}) for k in range(2, relations + 1)]
    for tid in sorted(content.themes):
        first, theme = urls.page_path("theme", tid), content.themes[tid]
        more = parts(len(index.claims_by_theme.get(tid, [])), THEME_CLAIMS)
        pages += [(urls.part_path(first, k), "theme-claims.html", {"theme": theme, "part": k}) for k in range(2, more + 1)]
    for _, label, groups in judgment_groups(content, index.judgments):
        for group in groups:
            pages += [
                (path, "claims-by-kind-page.html", {"group": group, "number": n, "label": label, "per_page": JUDGMENTS_PER_PAGE})
                for n, path in enumerate(group["pages"], 1)
            ]
    return pages


def render_site(
    project: Path,
    content: Content,
    seeds: dict[str, Seed],
    index: Index,
    report: Report,
    staging=None,
    only: set[str] | None = None,
    track: bool = False,
    memo: Memo | None = None,
    meanwhile: Callable[[], object] | None = None,
    cache=None,
) -> dict[str, tuple]:
    """Render every page (or the `only` ones), on every core for a large site, into the staging folder.

    Returns each page's ids and links for the link check (and, with `track`, what it read, as a third
    item); a template error names its file and line. With `track` and a `memo` (serve's), pieces are kept
    in the memo by the record they show, and taken from it. `meanwhile` is called once, in this process,
    while the workers render (after rendering when there are none). With a `cache` (build/cache.py), a page it holds
    as it would render now is taken from it, and every page rendered is kept in it."""
    pages = [p for p in plan(content, index) if only is None or p[0] in only]
    cached: dict = {}
    if cache is not None:
        with reads.sources_noted(content.sources):  # as the pages' reads were hashed when they were kept
            cached = cache.load(pages)
            pages = [p for p in pages if p[0] not in cached]
            if len(pages) >= PARALLEL_FROM and not safe_mode():
                cache.hash_shared()  # once here, not once in each worker
    job = (project, content, seeds, index, staging, pages, track, memo if track else None, cache)
    workers = min(os.cpu_count() or 1, 4) if len(pages) >= PARALLEL_FROM and not safe_mode() else 1
    method = start_method()
    if workers > 1:
        # Each worker renders an interleaved slice of the pages. Forked workers share everything read so far
        # (the job is inherited, not copied); spawned ones receive it pickled, once, through the initializer.
        with multiprocessing.get_context(method).Pool(workers, initializer=_take_job, initargs=(job, os.getpid())) as pool:
            pending = pool.map_async(_render_slice, [(i, workers) for i in range(workers)])
            if meanwhile is not None:  # the parent's own work (search index, exports) instead of idling: no serial tail
                meanwhile()
            parts = pending.get()
        if track and memo is not None and method == "fork":  # serve's first edit of a big page then finds its pieces kept
            objects = {id(o): o for o in kept_by(content, index)}  # ids survive a fork only
            for _, _, kept in parts:
                memo.adopt(kept, objects)
    else:
        parts = [_render_slice((0, 1), job)]
        if meanwhile is not None:
            meanwhile()
    out: dict[str, tuple] = {}
    for rendered, problems, _ in parts:
        out.update(rendered)
        report.problems.extend(problems)
    for path, (html, read) in cached.items():
        if staging is not None:
            staging.put(path, html)
        out[path] = (*summarise(html.decode("utf-8")), frozenset(read)) if track else summarise(html.decode("utf-8"))
    return {path: out[path] for path, _, _ in plan(content, index) if path in out}


class _Collected(dict):
    """A staging folder in memory: what one page wrote, by path."""

    def put(self, path: str, data: bytes) -> None:
        self[path] = data


def render_page(project: Path, content: Content, seeds: dict[str, Seed], index: Index, report: Report, path: str, extra: dict) -> str:
    """One page of the plan rendered alone with extra context (the standalone brief); template problems go to the report."""
    template = next(t for p, t, _ in plan(content, index) if p == path)
    collected = _Collected()
    _, problems, _ = _render_slice((0, 1), (project, content, seeds, index, collected, [(path, template, extra)], False, None, None))
    report.problems.extend(problems)
    return collected.get(path, b"").decode("utf-8")


def _worker_start(parent: int) -> None:
    """A render worker ends with its parent: Ctrl-C and SIGTERM are the parent's to handle (it stops the pool and
    removes the staging folder), and on Linux the kernel kills the worker if the parent dies (kill -9)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect (it may be PID 1: a container)
        os._exit(1)


PARALLEL_FROM = 400  # below this, starting processes costs more than it saves
_WORKER_JOB: tuple | None = None  # set once in each worker process by the pool's initializer


def start_method() -> str:
    """How workers start: fork where it is safe (Linux), spawn elsewhere (macOS, Windows); DOSSIER_START_METHOD overrides."""
    return os.environ.get("DOSSIER_START_METHOD") or ("fork" if sys.platform.startswith("linux") else "spawn")


def _take_job(job: tuple, parent: int) -> None:
    """Pool initializer: the worker ends with its parent, and keeps its build's job for every slice it renders."""
    global _WORKER_JOB
    _worker_start(parent)
    _WORKER_JOB = job


def _render_slice(part: tuple[int, int], job: tuple | None = None) -> tuple[dict[str, tuple], list, list]:
    """Render and stage pages i, i+n, i+2n, ... of the plan; returns link summaries, template problems and a forked worker's fragments."""
    start, step = part
    job = job or _WORKER_JOB
    assert job is not None, "a worker renders only after the pool's initializer handed it the job"
    project, content, seeds, index, staging, pages, track, memo, cache = job
    if cache is not None:
        # A build for the cache notes what its pages read of the sources, while they render only (serve's records
        # note theirs all along): the stages before and the work beside rendering read them at full speed.
        with reads.sources_noted(content.sources):
            return _render_pages(start, step, job)
    return _render_pages(start, step, job)


def _render_pages(start: int, step: int, job: tuple) -> tuple[dict[str, tuple], list, list]:
    """_render_slice's work."""
    project, content, seeds, index, staging, pages, track, memo, cache = job
    report = Report()
    env = environment(project)
    noting = track or cache is not None
    if noting:
        index, seeds = reads.TrackedIndex(index), reads.tracked_view("seeds", seeds)
        # The content fields that change with a source are read by key too (a source page's seed hash...).
        content = replace(content, **{name: reads.tracked_view(name, getattr(content, name)) for name in reads.CONTENT_VIEWS})
    names = {aid: a["name"] for aid, a in content.actors.items()}
    themes = theme_order(content)
    css = next(
        (f / "assets" / "style.css" for f in (project / "templates", BUILTIN_TEMPLATES) if (f / "assets" / "style.css").is_file()), None
    )
    shared = {
        "site": content.site,
        # a BOM (Windows editors write one) would become part of the first selector once inlined: dropped
        "inline_css": Markup(css.read_text(encoding="utf-8").removeprefix("\ufeff")) if css else "",
        "content": content,
        "ix": index,
        "names": names,
        "seeds": seeds,
        "theme_order": themes,
        "absolute_links": False,
        "standalone": False,
        "term_contexts": term_contexts,
        "part": 1,
        "part_url": lambda first, k, page: urls.relative(page, urls.part_path(first, k)),
        "page_sizes": {
            "sources": SOURCES_PER_PAGE,
            "matrix": MATRIX_ROWS,
            "claims": THEME_CLAIMS,
            "also_in": helpers.ALSO_IN_LINES,
            "relations": RELATIONS_PER_PAGE,
        },
        "parts": parts,
        "term_context_limit": TERM_CONTEXTS,
        "inline": JUDGMENTS_INLINE,
        "network_data": lambda: network.network_data(content, index),
        "recorded_relations": lambda: network.recorded_relations(content),
        "kind_colours": network.KIND_COLOURS,
    }
    shared["partials"] = Parts(env, shared, memo)  # this build's partials, seen with the same context as the pages
    out: dict[str, tuple] = {}
    for path, template, extra in pages[start::step]:
        read: set | None = set() if noting else None
        reads.recording(read)
        try:
            # url() bound to the page (a plain function: Jinja copies the context for a context function called in a
            # loop); the 404 page keeps the context one, which makes links absolute.
            bound = {} if extra.get("absolute_links") else {"url": url_from(path)}
            html = env.get_template(template).render({**shared, **extra, "page": path, **bound})
            out[path] = (*summarise(html), frozenset(read or ())) if track else summarise(html)
            data = html.encode("utf-8")
            if staging is not None:
                staging.put(path, data)
            if cache is not None:
                reads.recording(None)  # the values are hashed as they are, not noted as this page's reads
                cache.store(path, template, extra, read, data)
        except jinja2.TemplateSyntaxError as exc:
            report.error(
                f"templates/{exc.name or template}", exc.lineno, "", f"template syntax: {exc.message}", "check the tag on this line"
            )
            break
        except PartialError as exc:
            report.error(f"templates/partials/{exc.name}.html", 0, "", exc.message, "wrap the text as {{ caller() }}, once")
            break
        except jinja2.UndefinedError as exc:
            name, line = _template_frame(exc, project) or (template, 0)
            report.error(
                f"templates/{name}",
                line,
                "",
                f"undefined variable: {exc.message}",
                "check the spelling, or pass the value from dossier/render/pages.py",
            )
            break
        except Exception as exc:
            # The project's own template raised: that file is the problem, not the builder.
            blamed = project_template_frame(exc, project)
            if blamed is None:
                raise
            name, line = blamed
            report.error(
                f"templates/{name}",
                line,
                "",
                f"{type(exc).__name__}: {exc}",
                "this template of the project's raised while rendering; check the expression on this line",
            )
            break
        finally:
            reads.recording(None)
    if cache is not None:
        cache.close()
    return out, report.problems, memo.entries() if memo is not None and track and step > 1 else []


def project_template_frame(exc: BaseException, project: Path) -> tuple[str, int] | None:
    """The innermost frame of the traceback, if it runs a template from the project's own templates/ folder."""
    folder = str((project / "templates").resolve()) + os.sep
    tb, found = exc.__traceback__, None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".html"):
            found = (name[len(folder) :].replace(os.sep, "/"), tb.tb_lineno) if name.startswith(folder) else None
        tb = tb.tb_next
    return found


def _template_frame(exc: BaseException, project: Path) -> tuple[str, int] | None:
    """The innermost template (the project's or the builder's) an exception was raised from, and its line."""
    folders = [str((project / "templates").resolve()) + os.sep, str(BUILTIN_TEMPLATES.resolve()) + os.sep]
    tb, found = exc.__traceback__, None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        for folder in folders:
            if name.startswith(folder) and name.endswith((".html", ".xml")):
                found = (name[len(folder) :].replace(os.sep, "/"), tb.tb_lineno)
                break
        tb = tb.tb_next
    return found

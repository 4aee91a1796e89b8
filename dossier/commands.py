"""What each subcommand does, in terms of the pipeline."""

from __future__ import annotations

import sys

from dossier.build.pipeline import build
from dossier.problems import BuildFailed, Report, did_you_mean, plural


def run(args) -> int:
    """Dispatch a parsed command line; a --project that is not a folder is one problem line."""
    if args.command != "init" and not args.project.is_dir():
        what = "does not exist" if not args.project.exists() else "is not a folder"
        print(f"--project: error: '{args.project}' {what} (hint: give the dossier's folder, the one holding site.yaml)", file=sys.stderr)
        return 1
    commands = {
        "build": cmd_build,
        "check": cmd_check,
        "blocks": cmd_blocks,
        "serve": cmd_serve,
        "new-source": cmd_new_source,
        "init": cmd_init,
        "schema": cmd_schema,
        "template": cmd_template,
        "brief": cmd_brief,
    }
    return commands[args.command](args)


def report_failure(exc: BuildFailed, closing: str = "Build failed: {n}; output/ left as it was.") -> int:
    """Every problem on its own line, then one summary line."""
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(closing.format(n=plural(len(exc.problems), "problem")), file=sys.stderr)
    return 1


def cmd_build(args) -> int:
    """Build, print warnings and a last line: pages, warnings, seconds."""
    try:
        result = build(args.project, args.out, args.base_url, args.strict, cache=args.cache and not args.no_cache)
    except BuildFailed as exc:
        return report_failure(exc)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if args.quiet:
        return 0
    if result.unchanged:
        print(
            f"Up to date: {plural(result.pages, 'page')} unchanged, {plural(len(result.warnings), 'warning')}, in {result.seconds:.2f} s."
        )
    else:
        print(f"Built {plural(result.pages, 'page')}, {plural(len(result.warnings), 'warning')}, in {result.seconds:.2f} s.")
    if result.unlinked:  # a no-op rebuild repeats it from the output's marker
        print(queue_line(result.unlinked))
    refresh_schema(args.project)
    return 0


def refresh_schema(project) -> None:
    """Keep the editor's schemas (.dossier/schema/) in step with the records' ids, and say so when they moved."""
    from dossier.editor.json_schema import FOLDER, refresh

    if refresh(project.resolve()):
        print(f"Refreshed the editor schemas in {FOLDER}/: the records' ids changed.")


def queue_line(count: int) -> str:
    """The review queue in one line, for the end of a build."""
    return f"{plural(count, 'name')} no alias links: `dossier check` lists them."


def cmd_check(args) -> int:
    """Every integrity check, nothing written."""
    try:
        result = build(args.project, None, None, args.strict, write=False, review=True, cache=args.cache and not args.no_cache)
    except BuildFailed as exc:
        return report_failure(exc, "Check failed: {n}.")
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if result.review and not args.quiet:
        from dossier.editor.review import print_queue

        print_queue(result.review)
    if result.hedges and not args.quiet:
        print(
            f"Hedges to re-read: {plural(len(result.hedges), 'sentence')} cite a paragraph that hedges and say it without a hedge "
            "(keep the source's may, would, appears… where the sentence reports that paragraph):"
        )
        for line in result.hedges:
            print(f"  {line}")
    if not args.quiet:
        from dossier.editor.json_schema import FOLDER, stale

        if stale(args.project.resolve()):
            print(f"The editor schemas in {FOLDER}/ are stale: the records' ids changed (`dossier schema` or a build refreshes them).")
        print(f"Check passed: {plural(result.pages, 'page')}, {plural(len(result.warnings), 'warning')}.")
    return 0


def cmd_blocks(args) -> int:
    """Print a seed's blocks, whole: anchor, kind, text (dropped residue marked); a source id or any seed in seeds/."""
    from dossier.build.stages import ingest_seeds
    from dossier.model.load import load  # the stages' modules load only for commands that need them
    from dossier.text.ingest import ingest

    project = args.project.resolve()
    report = Report()
    content = load(project, report)
    name = args.source.removeprefix("seeds/").removesuffix(".txt")
    if name in content.sources and name in content.seeds:
        seed, cite = ingest_seeds(content)[name], name
    else:
        by_file = {p.stem: p for p in sorted((project / "seeds").glob("*.txt"))} if (project / "seeds").is_dir() else {}
        recorded = {str(s["seed"]).removeprefix("seeds/").removesuffix(".txt"): sid for sid, s in content.sources.items() if s["seed"]}
        if name not in by_file:
            for problem in report.errors:
                print(problem, file=sys.stderr)
            hint = did_you_mean(name, set(content.sources) | set(by_file)) or "give a source id, or a seed's file name in seeds/"
            print(f"blocks: no source or seed '{args.source}' (hint: {hint})", file=sys.stderr)
            return 1
        if name in recorded:
            seed, cite = ingest_seeds(content)[recorded[name]], recorded[name]
        else:
            # A seed with no record yet: split as the build will, with the site's residue rules and its first line as title.
            text = by_file[name].read_text(encoding="utf-8", errors="replace").removeprefix("\ufeff")
            rules = [r for r in content.site["residue"] or [] if isinstance(r, str)]
            first = next((l.strip() for l in text.splitlines() if l.strip()), "")
            seed, cite = ingest(text, rules, False, first), None
    rows = [(b.line, b.anchor, b.kind, b.text) for b in seed.blocks]
    rows += [(b.line, b.anchor, f"DROPPED ({rule})", b.text) for b, rule in seed.dropped]
    for _, anchor, kind, text in sorted(rows):
        print(f"{anchor:>5}  {kind:<12} {text}")
    if not args.quiet:
        how = f"source:{cite}#pN" if cite else f"source:ID#pN once `dossier new-source seeds/{name}.txt` has drafted its record"
        print(f"{plural(len(seed.blocks), 'block')} kept, {len(seed.dropped)} dropped; cite a paragraph as {how}.")
    return 0


def cmd_brief(args) -> int:
    """The judgments page as one standalone HTML file."""
    from dossier.build.brief import write_brief

    try:
        target = write_brief(args.project.resolve(), args.to, args.base_url)
    except BuildFailed as exc:
        return report_failure(exc, "Brief not written: {n}.")
    except OSError as exc:  # the target's folder missing, read-only or full
        print(f"--to: error: cannot write '{args.to}': {exc.strerror} (hint: give a file in a folder you can write to)", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"Wrote {target}.")
    return 0


def cmd_serve(args) -> int:
    from dossier.serve.server import serve

    return serve(args)


def cmd_new_source(args) -> int:
    from dossier.editor.draft import new_source

    return new_source(args)


def cmd_init(args) -> int:
    from dossier.editor.starter import init

    return init(args)


def cmd_template(args) -> int:
    from dossier.editor.starter import template

    return template(args)


def cmd_schema(args) -> int:
    """Write the JSON Schemas an editor's YAML language server reads."""
    from dossier.editor.json_schema import FOLDER, project_ids, write_schemas

    project = args.project.resolve()
    written = write_schemas(project)
    ids = project_ids(project)
    if not args.quiet:
        counts = ", ".join(plural(len(ids[k]), k) for k in ("source", "actor", "theme"))
        print(f"Wrote {plural(len(written), 'schema')} to {FOLDER}/ ({counts} as enums; run again after adding one).")
    return 0

"""The analytic layer's checks that need no seed: writing windows, relation dates, badges, stances and disputes.

Quotes, hedges and confidences are checked against the seeds where claims are (dossier/text/link.py)."""

from __future__ import annotations

from dossier.model.schema import ID, STANCE_WORDS
from dossier.model.yamlfile import Mapping
from dossier.problems import Report


def analysis_required(content) -> bool:
    """Whether --strict asks for every claim's kind and every listed theme's stances.

    A dossier opts into the analytic layer by curating it (a theme with stances, or a dispute): one written
    for the model before it keeps building strict-clean. Decided by themes and disputes alone, which only a
    full build reads, so serve's one-source updates never change the answer."""
    return bool(content.disputes) or any(theme["stances"] for theme in content.themes.values())


def check_analysis(content, report: Report) -> None:
    """Every check of the analytic layer that reads records only."""
    for key in content.site["badges"] or {}:
        if not ID.match(str(key)):
            report.error(
                "site.yaml",
                content.site["badges"].line_of(key),
                f"badges.{key}",
                f"'{key}' is not a valid badge id",
                "use lowercase letters, digits and single hyphens",
            )
    for source in content.sources.values():
        check_window(source, report)
    for actor in content.actors.values():
        for i, rel in enumerate(actor["relations"] or []):
            if isinstance(rel, Mapping) and rel.get("since") and rel.get("until") and later(rel["since"], rel["until"]):
                report.error(
                    actor.file,
                    rel.line_of("until"),
                    f"relations[{i}].until",
                    f"'{rel['until']}' is earlier than since '{rel['since']}'",
                    "swap them, or check the dates against the cited paragraph",
                )
    for theme in content.themes.values():
        check_stances(theme, report)
    check_disputes(content.disputes, report)
    if analysis_required(content):
        for tid in content.site["themes"] or []:
            theme = content.themes.get(tid)
            if theme is not None and not theme["stances"]:
                report.warn(
                    theme.file,
                    theme.line_of("stances") if "stances" in theme.lines else 1,
                    "stances",
                    f"theme '{tid}' has no stances",
                    "give each source's position, or discussed: false where a source does not discuss it",
                )


def claim_kind_warnings(content, source, report: Report) -> None:
    """--strict: a claim with no kind, once the dossier curates the analytic layer."""
    if not analysis_required(content):
        return
    for i, claim in enumerate(source["claims"] or []):
        if isinstance(claim, Mapping) and not claim.get("kind"):
            report.warn(
                source.file,
                claim.line,
                f"claims[{i}].kind",
                "claim has no kind",
                "fact, assessment, forecast or recommendation",
            )


def later(first: str, second: str) -> bool:
    """Whether date `first` lies wholly after `second`, each at the precision it was given ('2025' is not after '2025-10')."""
    n = min(len(first), len(second))
    return first[:n] > second[:n]


def check_window(source, report: Report) -> None:
    """A source's writing window: at least one bound, in order, an inference explained."""
    written = source["written"]
    if not isinstance(written, Mapping):
        return
    if not written["not_before"] and not written["not_after"]:
        report.error(
            source.file, source.line_of("written"), "written", "a writing window needs not_before, not_after or both", "or remove written"
        )
    elif written["not_before"] and written["not_after"] and later(written["not_before"], written["not_after"]):
        report.error(
            source.file,
            written.line_of("not_after"),
            "written.not_after",
            f"'{written['not_after']}' is earlier than not_before '{written['not_before']}'",
            "swap them, or check them against the text",
        )
    if written["inferred"] and not source["date_note"]:
        report.error(
            source.file,
            written.line_of("inferred"),
            "written.inferred",
            "an inferred window needs its reason",
            "say in date_note what the window is inferred from",
        )


def check_stances(theme, report: Report) -> None:
    """One stance per source; a position and a quote, or discussed: false and neither; positions kept short."""
    seen: dict[str, int] = {}
    for i, stance in enumerate(theme["stances"] or []):
        if not isinstance(stance, Mapping):
            continue
        where = f"stances[{i}]"
        sid = stance["source"]
        if sid in seen:
            report.error(
                theme.file,
                stance.line_of("source"),
                f"{where}.source",
                f"'{sid}' already has a stance on this theme (stances[{seen[sid]}])",
                "one stance per source and theme",
            )
        seen.setdefault(sid, i)
        if stance["not_applicable"]:
            stance["discussed"] = False  # a question that cannot apply is not discussed either; the page says which
        if not stance["discussed"]:
            given = [key for key in ("position", "quote", "hedge") if stance[key]]
            if given:
                report.error(
                    theme.file,
                    stance.line_of(given[0]),
                    f"{where}.{given[0]}",
                    "a source that does not discuss the theme takes no position, quote or hedge",
                    "remove them, or remove discussed: false",
                )
            continue
        for key in ("position", "quote"):
            if not stance[key]:
                report.error(
                    theme.file,
                    stance.line,
                    f"{where}.{key}",
                    "required field is missing",
                    "give the source's position and a verbatim quote, or write discussed: false",
                )
        words = len((stance["position"] or "").split())
        if words > STANCE_WORDS:
            report.error(
                theme.file,
                stance.line_of("position"),
                f"{where}.position",
                f"{words} words, over the {STANCE_WORDS} a position may have",
                "say it in a few words; the detail belongs in the synthesis",
            )


def check_disputes(disputes: list, report: Report) -> None:
    """Unique ids; at least two positions, from at least two sources."""
    seen: dict[str, int] = {}
    for i, dispute in enumerate(disputes):
        did = dispute["id"]
        if did in seen:
            report.error(
                dispute.file,
                dispute.line_of("id"),
                f"disputes[{i}].id",
                f"'{did}' is also the id of disputes[{seen[did]}]",
                "give each dispute its own id",
            )
        seen.setdefault(did, i)
        positions = [p for p in dispute["positions"] or [] if isinstance(p, Mapping)]
        if dispute["positions"] and len(positions) < 2:
            report.error(
                dispute.file,
                dispute.line_of("positions"),
                f"disputes[{i}].positions",
                f"a dispute needs at least two positions, this has {len(positions)}",
                "add the position of a source that disagrees, or remove the dispute",
            )
        elif len(positions) >= 2 and len({p["source"] for p in positions}) < 2:
            report.error(
                dispute.file,
                dispute.line_of("positions"),
                f"disputes[{i}].positions",
                f"every position is from '{positions[0]['source']}'",
                "a dispute needs positions from at least two different sources",
            )

"""The assessment layer (issue 28): claim ids, independence groups, corroboration, the dossier's judgments, gaps.

Corroboration is computed, never typed: claims linked by `corroborates` (either way, and onwards) say the same
thing, and the independence groups of their sources are counted. A source citing another of the dossier's
sources joins its group."""

from __future__ import annotations

import json
from pathlib import Path

from dossier.model import yardstick
from dossier.model.yamlfile import Mapping
from dossier.problems import Report, did_you_mean
from dossier.render import markdown

PREVIOUS = "exports/judgments.json"  # in the output folder: the previous build's judgments, for changed_because


def grading_used(content) -> bool:
    """Whether the dossier grades its sources or claims: --strict then asks for a grade on every source."""
    for source in content.sources.values():
        if source["reliability"] or source["independence"] or source["evidence_basis"] or source["cites"]:
            return True
        if any(isinstance(c, dict) and (c.get("credibility") or c.get("corroborates")) for c in source["claims"] or []):
            return True
    return False


def assessment_used(content) -> bool:
    """Whether any part of the layer is in use (serve then rebuilds in full: corroboration spans sources)."""
    return bool(content.judgments) or grading_used(content) or any(t["sub_questions"] for t in content.themes.values())


def assess(content, report: Report, out: Path | None = None) -> None:
    """Resolve claim ids, compute groups and corroboration, and check the layer; problems go to the report."""
    ids = claim_ids(content, report)
    groups = source_groups(content)
    content.claims_by_id, content.source_groups, content.graded = ids, groups, grading_used(content)
    corroboration(content, ids, groups, report)
    stance_groups(content, groups)
    agree_groups(content, groups)
    check_sub_questions(content, ids, report)
    check_judgments(content, ids, report)
    if content.graded:
        grading_warnings(content, report)
    if out is not None:
        check_changes(content, previous_judgments(out), report)


def shown(content) -> tuple:
    """What the layer shows beyond one source's own records: grading on or off, groups, each claim's corroboration, stances'."""
    claims = {cid: (c["source"], tuple(c.get("groups") or ()), tuple(c.get("linked") or ())) for cid, c in content.claims_by_id.items()}
    stances = {
        (tid, s["source"]): tuple(s.get("groups") or ())
        for tid, theme in content.themes.items()
        for s in theme["stances"] or []
        if isinstance(s, dict)
    }
    return content.graded, dict(content.source_groups) if content.graded else {}, claims, stances


def prefill(content, sid: str, record) -> list[tuple]:
    """Before serve takes in an edit of one source: its claims given the computed fields the kept build implies.

    serve tells what an edit changed by comparing records by value, computed fields included: a claim kept as it
    was must compare equal. Returns the values given, for reassess() to confirm."""
    old = {c.get("id"): c for c in content.sources[sid]["claims"] or [] if isinstance(c, Mapping) and c.get("id")}
    given = []
    for claim in record["claims"] or []:
        if isinstance(claim, Mapping):
            kept = old.get(claim.get("id")) if content.graded and claim.get("id") else None
            claim["linked"] = list(kept.get("linked") or []) if kept else []
            claim["groups"] = list(kept.get("groups") or []) if kept else [content.source_groups[sid]] if content.graded else []
            given.append((claim["linked"], claim["groups"]))
    return given


def reassess(content, before: tuple, sid: str, given: list[tuple]) -> bool:
    """After serve took in one source's edit: the layer worked out again; whether it shows as before, with no problem.

    If not (or if the edited claims' computed fields are not what prefill() gave them), the edit reaches pages of
    other sources, or a lint speaks, and serve rebuilds in full."""
    report = Report()
    assess(content, report)
    now = [(c["linked"], c["groups"]) for c in content.sources[sid]["claims"] or [] if isinstance(c, Mapping)]
    return not report.problems and now == given and shown(content) == before


def claim_ids(content, report: Report) -> dict[str, Mapping]:
    """Every claim with an id, by id; an id given twice is an error."""
    ids: dict[str, Mapping] = {}
    where: dict[str, str] = {}
    for sid in sorted(content.sources):
        source = content.sources[sid]
        for i, claim in enumerate(source["claims"] or []):
            if not isinstance(claim, Mapping) or not claim.get("id"):
                continue
            cid = claim["id"]
            if cid in ids:
                report.error(
                    source.file,
                    claim.line_of("id"),
                    f"claims[{i}].id",
                    f"claim id '{cid}' is also used in {where[cid]}",
                    "give each claim its own id",
                )
                continue
            ids[cid], where[cid] = claim, source.file
            claim["number"] = i + 1  # as placing the claim numbers it
            claim["source"] = sid  # placing the claim sets it too; judgments may name a claim whose quote failed
    return ids


def source_groups(content) -> dict[str, str]:
    """Source id -> its independence group: `independence`, else its outlet, else its author, else itself; joined by `cites`."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    def label(source) -> str:
        return source["independence"] or source["outlet"] or source["author"] or source["id"]

    for sid in sorted(content.sources):
        find(label(content.sources[sid]))
        for cited in content.sources[sid]["cites"] or []:
            other = content.sources.get(cited.get("source") or "") if isinstance(cited, dict) else None
            if other is not None:
                a, b = sorted((find(label(content.sources[sid])), find(label(other))))
                parent[b] = a
    return {sid: find(label(content.sources[sid])) for sid in content.sources}


def corroboration(content, ids: dict, groups: dict, report: Report) -> None:
    """Each claim's `groups`: the independence groups behind it and the claims linked to it; `linked`: those claims' ids."""
    parent = {cid: cid for cid in ids}

    def find(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for cid, claim in ids.items():
        source = content.sources[claim["source"]]
        targets = claim["corroborates"] or []
        for j, other in enumerate(targets):
            line = targets.line_of(j) if hasattr(targets, "line_of") else claim.line
            field = f"claims[{claim['number'] - 1}].corroborates[{j}]"
            if other == cid:
                report.error(source.file, line, field, f"claim '{cid}' corroborates itself", "name a claim of another source")
            elif other not in ids:
                report.error(
                    source.file, line, field, f"unknown claim id '{other}'", did_you_mean(other, ids) or "give that claim an id: first"
                )
            else:
                if ids[other]["source"] == claim["source"]:
                    report.warn(
                        source.file,
                        line,
                        field,
                        f"'{other}' is a claim of the same source",
                        "a source cannot corroborate itself: link claims of other sources",
                    )
                a, b = sorted((find(cid), find(other)))
                parent[b] = a
    if not content.graded:  # nothing shows them: an ungraded dossier's claims and stances carry none
        for source in content.sources.values():
            for claim in source["claims"] or []:
                if isinstance(claim, Mapping):
                    claim["linked"], claim["groups"] = [], []
        return
    members: dict[str, list[str]] = {}
    for cid in sorted(ids):
        members.setdefault(find(cid), []).append(cid)
    for sid in sorted(content.sources):
        for claim in content.sources[sid]["claims"] or []:
            if not isinstance(claim, Mapping):
                continue
            linked = members[find(claim["id"])] if claim.get("id") in ids else []
            claim["linked"] = [c for c in linked if c != claim.get("id")]
            claim["groups"] = sorted({groups[ids[c]["source"]] for c in linked} | {groups[sid]})


def stance_groups(content, groups: dict) -> None:
    """Each stance's `groups`: the independent groups behind its source's claims on the theme (with their corroboration)."""
    if not content.graded:
        return
    for tid, theme in content.themes.items():
        for stance in theme["stances"] or []:
            if not isinstance(stance, Mapping) or stance["source"] not in content.sources or not stance["discussed"]:
                continue
            found = {groups[stance["source"]]}
            for claim in content.sources[stance["source"]]["claims"] or []:
                if isinstance(claim, Mapping) and tid in (claim["themes"] or []):
                    found |= set(claim.get("groups") or [])
            stance["groups"] = sorted(found)


def agree_groups(content, groups: dict) -> None:
    """Each theme's `agree_groups`: the independence groups of the sources its "agree" text cites."""
    for theme in content.themes.values():
        agree = theme["agree"]
        cited = set()
        for target, _ in markdown.link_targets(agree.tokens) if agree else []:
            kind, ident, _ = markdown.split_target(target)
            if kind == "source" and ident in groups:
                cited.add(groups[ident])
        theme["agree_groups"] = sorted(cited)


def grading_warnings(content, report: Report) -> None:
    """--strict, once grading is used: every source graded; credibility 1 corroborated; unnamed speakers not plain fact;
    a theme's agreement resting on more than one group."""
    for sid in sorted(content.sources):
        source = content.sources[sid]
        if not source["reliability"]:
            report.warn(
                source.file,
                1,
                "reliability",
                "source has no reliability grade",
                "grade it A-F with a one-line basis, as the other sources are",
            )
        for i, claim in enumerate(source["claims"] or []):
            if not isinstance(claim, Mapping):
                continue
            if claim["credibility"] == 1 and len(claim.get("groups") or []) < 2:
                report.warn(
                    source.file,
                    claim.line_of("credibility"),
                    f"claims[{i}].credibility",
                    "credibility 1 (confirmed) needs two independent groups; this claim has one",
                    "link a corroborating claim of another group (corroborates), or grade it 2 or lower",
                )
            attribution = claim["attributed_to"] or {}
            if attribution.get("unnamed") and claim["kind"] == "fact" and (claim["credibility"] or 0) <= 2:
                report.warn(
                    source.file,
                    claim.line_of("kind"),
                    f"claims[{i}].kind",
                    "a claim from unnamed speakers is shown as plain reported fact",
                    "give it credibility 3 or more (it then reads 'via unnamed sources'), or make it an assessment",
                )
    for tid in sorted(content.themes):
        theme = content.themes[tid]
        if theme["agree"] and len(theme["agree_groups"]) == 1:
            report.warn(
                theme.file,
                theme.line_of("agree"),
                "agree",
                "the sources said to agree are one independence group",
                "agreement within one outlet, owner, wire or author is not corroboration: say so, or cite another group",
            )


def check_sub_questions(content, ids: dict, report: Report) -> None:
    """Sub-question ids unique in their theme, the claims answering them known."""
    for theme in content.themes.values():
        seen: set[str] = set()
        for i, sub in enumerate(theme["sub_questions"] or []):
            if not isinstance(sub, Mapping):
                continue
            if sub["id"] in seen:
                report.error(
                    theme.file, sub.line_of("id"), f"sub_questions[{i}].id", f"'{sub['id']}' is used twice", "give each its own id"
                )
            seen.add(sub["id"])
            _known_claims(theme.file, sub, "answered_by", f"sub_questions[{i}]", ids, report)


def _known_claims(file: str, record, key: str, where: str, ids: dict, report: Report) -> None:
    values = record[key] or []
    for j, cid in enumerate(values):
        if cid not in ids:
            line = values.line_of(j) if hasattr(values, "line_of") else record.line
            report.error(
                file,
                line,
                f"{where}.{key}[{j}]",
                f"unknown claim id '{cid}'",
                did_you_mean(cid, ids) or "give the claim an id: in its source",
            )


def check_judgments(content, ids: dict, report: Report) -> None:
    """Each judgment: its terms from the yardstick, words kept apart, evidence known, a forecast watched."""
    data = content.judgments
    if not data:
        return
    file, scale = data.file, content.site["yardstick"]
    bottom = data["bottom_line"]
    for sentence in yardstick.mixed_sentences(" ".join(markdown.plain(bottom.tokens).split()) if bottom else ""):
        report.warn(
            file,
            data.line_of("bottom_line"),
            "bottom_line",
            f"likelihood and confidence in one sentence: “{sentence[:60]}”",
            "ICD 203 keeps them apart: say how likely in one sentence, how sure in another",
        )
    seen: set[str] = set()
    for i, j in enumerate(data["judgments"] or []):
        if not isinstance(j, Mapping):
            continue
        where = f"judgments[{i}]"
        if j["id"] in seen:
            report.error(file, j.line_of("id"), f"{where}.id", f"judgment id '{j['id']}' is used twice", "give each judgment its own id")
        seen.add(j["id"])
        if j["likelihood"] and not yardstick.band(scale, j["likelihood"]):
            terms = ", ".join(t for t, _ in yardstick.terms(scale))
            report.error(
                file,
                j.line_of("likelihood"),
                f"{where}.likelihood",
                f"'{j['likelihood']}' is not a term of the {yardstick.NAMES[scale or yardstick.DEFAULT]}",
                did_you_mean(j["likelihood"], dict(yardstick.terms(scale))) or f"one of: {terms}",
            )
        for key in ("for", "against"):
            _known_claims(file, j, key, where, ids, report)
        statement = j["statement"] or ""
        if hedge := yardstick.HEDGES.search(statement):
            report.warn(
                file,
                j.line_of("statement"),
                f"{where}.statement",
                f"'{hedge.group(0)}' hedges without committing to a likelihood",
                "state what you judge; its likelihood goes in likelihood:",
            )
        for pattern, what in ((yardstick.LIKELIHOOD_WORDS, "likelihood"), (yardstick.CONFIDENCE_WORDS, "confidence")):
            if found := pattern.search(statement):
                report.warn(
                    file,
                    j.line_of("statement"),
                    f"{where}.statement",
                    f"the statement holds the {what} word '{found.group(0)}'",
                    f"the page adds the {what} from its own field: keep the statement plain",
                )
        for key in ("confidence_basis", "changed_because"):
            for sentence in yardstick.mixed_sentences(j[key] or ""):
                report.warn(
                    file,
                    j.line_of(key),
                    f"{where}.{key}",
                    f"likelihood and confidence in one sentence: “{sentence[:60]}”",
                    "ICD 203 keeps them apart: say how likely in likelihood:, how sure of the evidence here",
                )
        if is_forecast(j):
            if not j["horizon"]:
                report.warn(file, j.line, f"{where}.horizon", "a forecast has no horizon", "give the date by which it should hold")
            if not j["indicators"]:
                report.warn(file, j.line, f"{where}.indicators", "a forecast has no indicator", "name what, if observed, would change it")
        if not j["for"]:
            report.warn(file, j.line, f"{where}.for", "the judgment rests on no claim", "list the ids of the claims it rests on")
        if j["confidence"] == "high":
            behind = {content.source_groups[ids[c]["source"]] for c in j["for"] or [] if c in ids}
            if len(behind) < 2:
                report.warn(
                    file,
                    j.line_of("confidence"),
                    f"{where}.confidence",
                    f"high confidence rests on {len(behind)} independent group{'s' if len(behind) != 1 else ''}",
                    "high confidence needs claims from at least two independent groups; say moderate or low",
                )


def is_forecast(judgment) -> bool:
    """A judgment about what will happen: kind forecast, or no kind and a horizon."""
    return judgment["kind"] == "forecast" or (not judgment["kind"] and bool(judgment["horizon"]))


def previous_judgments(out: Path) -> dict[str, dict]:
    """The previous build's judgments (its exports/judgments.json in the output folder), by id; {} if there is none."""
    try:
        rows = json.loads((out / PREVIOUS).read_text(encoding="utf-8"))
        return {r["id"]: r for r in rows if isinstance(r, dict) and "id" in r}
    except (OSError, ValueError, TypeError):
        return {}


def check_changes(content, previous: dict[str, dict], report: Report) -> None:
    """A likelihood or confidence that moved since the previous build needs `changed_because`."""
    data = content.judgments
    for i, j in enumerate((data["judgments"] or []) if data else []):
        before = previous.get(j["id"]) if isinstance(j, Mapping) else None
        if before is None or j["changed_because"]:
            continue
        moved = [k for k in ("likelihood", "confidence") if before.get(k) and before.get(k) != j[k]]
        if moved:
            key = moved[0]
            report.warn(
                data.file,
                j.line_of(key),
                f"judgments[{i}].{key}",
                f"{key} changed since the last build ('{before[key]}' to '{j[key]}') with no changed_because",
                "say in changed_because what new evidence moved it",
            )

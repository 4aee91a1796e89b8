"""Checks across sources: dispute answers, claim tags against stances, hedges recorded, and the prose checks run.

Each finds one pattern a fact-check found between sources (docs/content-model.md, "Checks across sources"); each is a
warning, so an error under --strict."""

from __future__ import annotations

import re

from dossier.model.hedges import HEDGE_WORD, hedge_classes
from dossier.model.prose import check_note, check_prose, dossier_prose, field_line, sentences, source_prose
from dossier.model.yamlfile import Mapping
from dossier.problems import Report
from dossier.text.ingest import Seed, normalise, sentence_spans

ANSWERS = ("yes", "no", "partly", "unclear")


def stances_by_source(content) -> dict[str, dict]:
    """Each source's stances by theme (a theme's last stance for it, themes in the content's order)."""
    out: dict[str, dict] = {}
    for tid, theme in content.themes.items():
        for stance in theme["stances"] or []:
            if isinstance(stance, Mapping) and isinstance(stance["source"], str):
                out.setdefault(stance["source"], {})[tid] = stance
    return out


def check_claims(content, source, seed: Seed | None, report: Report, stances: dict | None = None) -> None:
    """A source's claims: tagged only with themes its source discusses; a hedge in the quoted sentence recorded.
    `stances`: the source's stances by theme, where the caller has them (stances_by_source)."""
    if stances is None:
        stances = stances_by_source(content).get(source["id"], {})
    for i, claim in enumerate(source["claims"] or []):
        if not isinstance(claim, Mapping):
            continue
        for j, tid in enumerate(claim["themes"] or []):
            stance = stances.get(tid)
            if stance is not None and not stance["discussed"]:
                said = "not applicable" if stance.get("not_applicable") else "not discussed"
                report.warn(
                    source.file,
                    claim["themes"].line_of(j) if hasattr(claim["themes"], "line_of") else claim.line,
                    f"claims[{i}].themes[{j}]",
                    f"tagged '{tid}', on which this source's stance says “{said}” ({content.themes[tid].file}:{stance.line})",
                    "untag the claim, or give the source a position on the theme",
                )
        check_wording(claim, source.file, f"claims[{i}]", "confidence", report)
        block = seed.by_anchor.get(claim.get("anchor") or "") if seed is not None else None
        words = quoted_hedges(claim["quote"], block.text) if block is not None else []
        if words and claim["kind"] == "fact":
            report.warn(
                source.file,
                claim.line_of("kind"),
                f"claims[{i}].kind",
                f"the quoted sentence hedges (“{words[0]}”): the source does not report this as fact",
                "kind: assessment or forecast, or quote the sentence that reports it as fact",
            )
        if words and not claim["confidence"] and not claim["no_hedge"]:
            report.warn(
                source.file,
                claim.line_of("quote"),
                f"claims[{i}].confidence",
                f"the quoted sentence says “{words[0]}”, and the claim records no hedge",
                f"give the source's wording (confidence: {words[0]}), so the reader sees how sure it is; or say in no_hedge why it is none",
            )


# "officials hinted that deeper moves would require", "analysts debating whether Assad might": a modal inside reported
# speech is what someone else said or asked, not the source hedging its own statement.
REPORTED = re.compile(
    r"\b(?:said|says|say|saying|told|tells|replied|responded|hinted|stated|states|noted|warned|argued|claimed|announced|"
    r"added|insisted|stressed|declared|debated|debating|ask|asks|asked|asking|wondered|pledged|promised|made it clear|"
    r"made clear|signalled|signaled)\b.*\b(?:that|whether|if|when|what|how|why|who)\b",
    re.IGNORECASE,
)


def quoted_hedges(quote: str, text: str) -> list[str]:
    """The hedge words in the sentences of a paragraph that a quote overlaps, those inside reported speech left out."""
    text, needle = normalise(text), normalise(quote)
    start = text.find(needle)
    if start < 0 or not needle:
        return []
    end = start + len(needle)
    words = []
    for s, e in sentence_spans(text):
        if s < end and start < e:
            words += [m.group(0) for m in HEDGE_WORD.finditer(text, s, e) if not REPORTED.search(text, s, m.start())]
    return words


def check_wording(record, file: str, where: str, key: str, report: Report) -> None:
    """The source's wording of a hedge and its class: the class given or worked out, and checked against the vocabulary."""
    wording, given = record.get(key), record.get("hedge_class")
    found = hedge_classes(wording or "")
    if not wording:
        if given:
            report.warn(
                file,
                record.line_of("hedge_class"),
                f"{where}.hedge_class",
                "a hedge class without the source's wording",
                f"give {key}, or remove hedge_class",
            )
        return
    if given and found and given not in found:
        report.warn(
            file,
            record.line_of("hedge_class"),
            f"{where}.hedge_class",
            f"“{wording}” reads as {' or '.join(found)}, not {given}",
            f"hedge_class: {found[0]}, or leave it out and it is worked out from the words",
        )
    elif not given and not found:
        report.warn(
            file,
            record.line_of(key),
            f"{where}.{key}",
            f"“{wording}” holds no word of the hedge vocabulary",
            "say what kind of hedge it is: hedge_class: likelihood, evidential, modal or emphasis",
        )
    record["hedge_class"] = given or (found[0] if found else None)


def check_disputes(content, report: Report) -> None:
    """Each position answers the question; a dispute whose answers all match, or whose sources a theme says agree, is flagged."""
    for i, dispute in enumerate(content.disputes):
        positions = [p for p in dispute["positions"] or [] if isinstance(p, Mapping)]
        allowed = ANSWERS + tuple(str(o) for o in dispute["options"] or [])
        answers = []
        for j, position in enumerate(positions):
            answer = position["answer"]
            if not answer:
                report.warn(
                    dispute.file,
                    position.line,
                    f"disputes[{i}].positions[{j}].answer",
                    "the position gives no short answer to the question",
                    f"answer: one of {', '.join(allowed)} (a dispute may list its own options:)",
                )
            elif answer not in allowed:
                report.warn(
                    dispute.file,
                    position.line_of("answer"),
                    f"disputes[{i}].positions[{j}].answer",
                    f"'{answer}' is not an answer this question takes",
                    f"one of {', '.join(allowed)}, or add it to the dispute's options:",
                )
            answers.append(answer)
        if len(positions) >= 2 and all(answers) and len(set(answers)) == 1:
            report.warn(
                dispute.file,
                dispute.line_of("positions"),
                f"disputes[{i}].positions",
                f"every position answers '{answers[0]}': the sources agree on this question",
                "move the comparison to the theme's agree or differ text, or say what they disagree on",
            )
        agreeing(content, dispute, i, {(p["source"], p.get("anchor") or "") for p in positions}, report)


def agreeing(content, dispute, i: int, quoted: set[tuple[str, str]], report: Report) -> None:
    """A dispute every position's paragraph of which one sentence of a theme's "agree" text cites: the theme says those
    very passages agree.

    Paragraphs, not sources, and all of them: an "agree" text cites most sources on something (by sources alone, every
    dispute of this dossier was flagged), and a dispute may rightly share one passage with an agreement on another point."""
    tids = [t for t in dispute["themes"] or [] if t in content.themes] or sorted(content.themes)
    for tid in tids:
        theme = content.themes[tid]
        if not theme["agree"]:
            continue
        for sentence in sentences(theme["agree"], field_line(theme, "agree", theme["agree"].text)):
            together = sorted({sid for sid, _ in quoted})
            if len(together) >= 2 and quoted <= set(sentence.cites):
                report.warn(
                    dispute.file,
                    dispute.line_of("id"),
                    f"disputes[{i}]",
                    f"{' and '.join(together)} are cited together where theme '{tid}' says the sources agree ({theme.file}:{sentence.line})",
                    "if they agree, move the comparison to the theme; if not, correct the theme's agree text",
                )
                return


def check_stance_wording(content, report: Report) -> None:
    """Every stance's hedge: its class given or worked out, and checked against the vocabulary."""
    for theme in content.themes.values():
        for i, stance in enumerate(theme["stances"] or []):
            if isinstance(stance, Mapping):
                check_wording(stance, theme.file, f"stances[{i}]", "hedge", report)


def check_across(content, seeds: dict[str, Seed], report: Report) -> None:
    """The checks that read more than one source's record: disputes, stances, and the prose about the whole dossier."""
    check_disputes(content, report)
    check_stance_wording(content, report)
    for prose in dossier_prose(content):
        check_prose(prose, seeds, report)
    notes = [(t.file, f"stances[{i}].note", st, st["source"]) for t in content.themes.values() for i, st in enumerate(t["stances"] or [])]
    notes += [(e.file, f"events[{i}].date_note", e, e.get("source") or "") for i, e in enumerate(content.events)]
    for actor in content.actors.values():
        notes += [(actor.file, f"relations[{i}].note", r, r.get("source") or "") for i, r in enumerate(actor["relations"] or [])]
    for file, where, record, own in notes:
        if isinstance(record, Mapping):
            check_note(file, where, record, own, seeds, report)


def check_sources_across(content, seeds: dict[str, Seed], report: Report) -> None:
    """check_source_across for every source, the stances grouped by source once (not every theme read per source)."""
    stances = stances_by_source(content)
    for source in content.sources.values():
        check_source_across(content, source, seeds, report, stances.get(source["id"], {}))


def check_source_across(content, source, seeds: dict[str, Seed], report: Report, stances: dict | None = None) -> None:
    """The checks one source's record feeds (serve runs them again when that record changes)."""
    check_claims(content, source, seeds.get(source["id"]), report, stances)
    for prose in source_prose(source):
        check_prose(prose, seeds, report)
    check_note(source.file, "date_note", source, source["id"], seeds, report)

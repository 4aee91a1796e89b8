"""The assessment layer (issue 28): grading, corroboration, the dossier's judgments, gaps and the brief.

A copy of the fixture dossier is graded here; each lint is fed its fault on a fresh copy."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable

import pytest
import yaml
from helpers import FIXTURE, run_cli, snapshot

from dossier.build.pipeline import build
from dossier.model import yardstick
from dossier.problems import BuildFailed

JUDGMENTS = {
    "question": "Does Ruritania keep balancing?",
    "bottom_line": "Ruritania keeps both channels open ([alpha](source:alpha#p6)).",
    "judgments": [
        {
            "id": "keeps-balancing",
            "statement": "Ruritania keeps channels to Moscow and Washington through 2025.",
            "kind": "forecast",
            "theme": "balancing",
            "likelihood": "likely",
            "confidence": "moderate",
            "confidence_basis": "Two independent sources report it; neither names its evidence.",
            "horizon": "2025-12",
            "for": ["alpha-channels", "beta-worry"],
            "against": ["beta-deal"],
            "assumptions": ["Neither capital forces a choice."],
            "indicators": [{"text": "A basing deal with one side", "status": "not-observed", "reviewed": "2025-06-01"}],
        }
    ],
}


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")


def graded_copy(tmp_path, change: Callable[[dict], None] | None = None):
    """The fixture with grading, claim ids, corroboration, sub-questions and a judgment; `change` edits the records first."""
    project = tmp_path / "graded"
    shutil.copytree(FIXTURE, project)
    src = project / "content" / "sources"
    records = {
        "alpha": load(src / "alpha.yaml"),
        "beta": load(src / "beta.yaml"),
        "bases": load(project / "content" / "themes" / "bases.yaml"),
        "balancing": load(project / "content" / "themes" / "balancing.yaml"),
        "site": load(project / "site.yaml"),
        "judgments": json.loads(json.dumps(JUDGMENTS)),
    }
    alpha, beta = records["alpha"], records["beta"]
    alpha["reliability"] = {"grade": "C", "basis": "Names its one source in a footnote."}
    alpha["evidence_basis"] = ["other-outlets"]
    alpha["cites"] = [{"name": "Example News", "cite": "source:alpha#p10"}]
    alpha["claims"][0].update(id="alpha-meeting", credibility=2)
    alpha["claims"][1].update(id="alpha-kremlin", credibility=3)
    alpha["claims"].append(
        {
            "id": "alpha-channels",
            "text": "Ruritania keeps parallel channels.",
            "quote": "Ruritania keeps parallel channels to Moscow and Washington.",
            "actors": ["ruritania"],
            "themes": ["balancing"],
            "kind": "assessment",
            "corroborates": ["beta-worry"],
        }
    )
    beta["reliability"] = {"grade": "F", "basis": "Unsigned; cites no source."}
    beta["independence"] = "beta-group"
    beta["claims"][0].update(id="beta-worry", attributed_to={"who": "Officials in Washington"})
    beta["claims"][1].update(id="beta-deal")
    records["bases"]["sub_questions"] = [
        {"id": "want", "question": "Does the Kremlin want Portus?", "answered_by": ["alpha-kremlin"]},
        {"id": "terms", "question": "On what terms would the base stay?"},
    ]
    records["balancing"]["agree"] = (
        "Both say so: [alpha](source:alpha#p4), [beta](source:beta#p2)."  # not the dispute's own two paragraphs (crosscheck)
    )
    records["site"]["yardstick"] = "phia"
    if change is not None:
        change(records)
    dump(src / "alpha.yaml", alpha)
    dump(src / "beta.yaml", beta)
    dump(project / "content" / "themes" / "bases.yaml", records["bases"])
    dump(project / "content" / "themes" / "balancing.yaml", records["balancing"])
    dump(project / "site.yaml", records["site"])
    if records["judgments"] is not None:
        dump(project / "content" / "judgments.yaml", records["judgments"])
    return project


def problems(project, out=None) -> list[str]:
    """Every error, or (strict) every warning, of a build, as printed."""
    try:
        result = build(project, out or project / "output", strict=True)
    except BuildFailed as exc:
        return [str(p) for p in exc.problems]
    return [str(w) for w in result.warnings]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = graded_copy(tmp_path_factory.mktemp("assess"))
    out = project / "output"
    assert problems(project, out) == []
    return out


def page(out, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


def test_grades_corroboration_and_attribution_show_on_claims(site):
    html = page(site, "themes/balancing.html")
    # a claim with no credibility says so in words: it read "C–", a grade that looked like a C minus
    assert (
        '<span class="grade" title="Source C: fairly reliable (Names its one source in a footnote.); information not rated">C, credibility not rated</span>'
        in html
    )
    assert "–</span>" not in html
    assert "2 independent groups" in html  # alpha-channels and beta-worry, in two groups
    assert '<span class="attribution">said by Officials in Washington</span>' in html
    beta = page(site, "sources/beta.html")
    assert '<span class="single-source"' in beta  # beta-deal rests on beta alone
    assert "group “beta-group”, no other source in it" in beta
    assert "F</span> reliability cannot be judged: Unsigned; cites no source." in beta
    assert 'class="grading-legend' in beta and 'class="grading-legend' in html  # the short legend where grades show
    alpha = page(site, "sources/alpha.html")
    assert "<dt>Relies on</dt><dd>other outlets</dd>" in alpha and "Example News" in alpha


def test_an_ungraded_dossier_shows_no_grades(tmp_path):
    out = tmp_path / "out"
    assert build(FIXTURE, out, strict=True).warnings == []
    for path in ("sources/beta.html", "themes/balancing.html", "claims-by-kind.html"):
        html = page(out, path)
        assert 'class="grade"' not in html and "single-source" not in html and "Reliability" not in html, path
    assert "states no judgments of its own yet" in page(out, "judgments.html")


def test_judgments_page_is_a_brief_bottom_line_first(site):
    html = page(site, "judgments.html")
    main = html[html.index("<main") :]
    assert main.index("Bottom line") < main.index('id="h-judgments"') < main.index("Gaps: questions no source answers")
    assert '<span class="likelihood" title="Likelihood, on the site’s yardstick">Likely (55–75%)</span>' in main
    assert "Moderate confidence</span>: Two independent sources" in main
    assert 'href="sources/alpha.html#p6"' in main  # evidence linked to its paragraph
    assert "None found" not in main  # beta-deal is listed against it
    assert "(editor’s inference)" in main and "not observed" in main and "1 June 2025" in main
    assert "On what terms would the base stay?" in main and "Does the Kremlin want Portus?" not in main  # a gap, an answered one
    assert "UK PHIA probability yardstick" in main and "realistic possibility 40–50%" in main
    theme = page(site, "themes/bases.html")
    assert 'id="q-terms"' in theme and "Gap: no source answers it" in theme


def test_claims_by_kind_is_its_own_page_and_judgments_link_to_it(site):
    assert "<h1>Claims by kind</h1>" in page(site, "claims-by-kind.html")
    assert 'href="claims-by-kind.html"' in page(site, "judgments.html")
    assert ">Claims</a>" in page(site, "index.html") and ">Judgments</a>" in page(site, "index.html")


def test_exports_carry_grading_and_judgments(site):
    claims = {c["id"]: c for c in json.loads(page(site, "exports/claims.json")) if c["id"]}
    assert claims["alpha-channels"]["independent_groups"] == ["alpha", "beta-group"] and not claims["alpha-channels"]["single_source"]
    assert claims["beta-deal"]["single_source"] is True and claims["alpha-meeting"]["credibility"] == 2
    assert claims["beta-worry"]["attributed_to"] == "Officials in Washington"
    sources = json.loads(page(site, "exports/sources.json"))
    assert [(s["source"], s["reliability"], s["independence_group"]) for s in sources] == [
        ("alpha", "C", "alpha"),
        ("beta", "F", "beta-group"),
    ]
    judgments = json.loads(page(site, "exports/judgments.json"))
    assert judgments[0]["likelihood_range"] == "55–75%" and judgments[0]["indicators"][0]["status"] == "not-observed"


def test_two_builds_are_byte_identical(site, tmp_path):
    project = site.parent
    again = tmp_path / "again"
    assert problems(project, again) == []
    assert snapshot(again) == snapshot(site)


def test_a_source_citing_another_joins_its_independence_group(tmp_path):
    def cite_alpha(r):
        r["beta"]["cites"] = [{"name": "the alpha piece", "source": "alpha"}]

    found = problems(graded_copy(tmp_path, cite_alpha))
    assert found and all("the sources said to agree are one independence group" in p for p in found), found  # alpha and beta: one voice


def test_brief_writes_standalone_html(site, tmp_path):
    target = tmp_path / "brief.html"
    done = run_cli("brief", "--project", str(site.parent), "--to", str(target), "--base-url", "https://example.org/d/")
    assert done.returncode == 0, done.stderr
    html = target.read_text(encoding="utf-8")
    assert "<style>" in html and 'rel="stylesheet"' not in html and "site.js" not in html
    assert 'href="https://example.org/d/sources/alpha.html#p6"' in html and "Bottom line" in html


def test_a_moved_likelihood_needs_changed_because(tmp_path):
    project = graded_copy(tmp_path)
    out = tmp_path / "out"
    assert problems(project, out) == []
    path = project / "content" / "judgments.yaml"
    data = load(path)
    data["judgments"][0]["likelihood"] = "highly likely"
    dump(path, data)
    found = problems(project, out)
    assert any("judgments[0].likelihood: likelihood changed since the last build ('likely' to 'highly likely')" in p for p in found)
    data["judgments"][0]["changed_because"] = "A second outlet reported the channels."
    dump(path, data)
    assert problems(project, out) == []


def _set(path: str, value):
    """A change that sets records[a][b]...[z] to value (list indices as numbers)."""

    def change(records):
        keys = path.split(".")
        target = records
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        last = keys[-1]
        if value is _DELETE:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value

    return change


_DELETE = object()
J = "judgments.judgments.0"
FAULTS = [
    ("duplicate claim id", _set("beta.claims.1.id", "alpha-meeting"), "error: claims[1].id: claim id 'alpha-meeting' is also used in"),
    (
        "unknown corroborated claim",
        _set("alpha.claims.2.corroborates", ["beta-wory"]),
        "unknown claim id 'beta-wory' (hint: did you mean 'beta-worry'?)",
    ),
    ("self-corroboration", _set("alpha.claims.2.corroborates", ["alpha-channels"]), "claim 'alpha-channels' corroborates itself"),
    ("same-source corroboration", _set("alpha.claims.2.corroborates", ["alpha-kremlin"]), "'alpha-kremlin' is a claim of the same source"),
    ("credibility 1 single-source", _set("beta.claims.1.credibility", 1), "credibility 1 (confirmed) needs two independent groups"),
    ("credibility out of range", _set("beta.claims.1.credibility", 7), "claims[1].credibility: '7' is not one of: 1, 2, 3, 4, 5, 6"),
    (
        "unnamed speakers as plain fact",
        _set("beta.claims.0.attributed_to", {"who": "officials", "unnamed": True}),
        "a claim from unnamed speakers is shown as plain reported fact",
    ),
    ("source without a grade", _set("beta.reliability", _DELETE), "beta.yaml:1: error: reliability: source has no reliability grade"),
    ("grade without basis", _set("beta.reliability", {"grade": "F"}), "reliability.basis: required field is missing"),
    (
        "agreement within one group",
        _set("balancing.agree", "Only [alpha](source:alpha#p6)."),
        "the sources said to agree are one independence group",
    ),
    ("likelihood off the yardstick", _set(f"{J}.likelihood", "probably"), "'probably' is not a term of the UK PHIA probability yardstick"),
    ("ICD 203 term on the PHIA yardstick", _set(f"{J}.likelihood", "very likely"), "'very likely' is not a term of the UK PHIA"),
    (
        "hedge in the statement",
        _set(f"{J}.statement", "Ruritania might keep both channels."),
        "'might' hedges without committing to a likelihood",
    ),
    (
        "likelihood word in the statement",
        _set(f"{J}.statement", "Ruritania is likely to keep both channels."),
        "the statement holds the likelihood word 'likely'",
    ),
    (
        "confidence word in the statement",
        _set(f"{J}.statement", "We are confident Ruritania keeps both channels."),
        "the statement holds the confidence word 'confident'",
    ),
    (
        "likelihood and confidence in one sentence",
        _set(f"{J}.confidence_basis", "It is likely, and we have moderate confidence."),
        "confidence_basis: likelihood and confidence in one sentence",
    ),
    (
        "mixed bottom line",
        _set("judgments.bottom_line", "Ruritania will likely keep both channels, with high confidence."),
        "bottom_line: likelihood and confidence in one sentence",
    ),
    ("forecast without horizon", _set(f"{J}.horizon", _DELETE), "judgments[0].horizon: a forecast has no horizon"),
    ("forecast without indicator", _set(f"{J}.indicators", []), "judgments[0].indicators: a forecast has no indicator"),
    ("judgment resting on nothing", _set(f"{J}.for", []), "judgments[0].for: the judgment rests on no claim"),
    ("high confidence on one group", _set(f"{J}.for", ["alpha-meeting", "alpha-kremlin"]), "high confidence rests on 1 independent group"),
    ("unknown claim in a judgment", _set(f"{J}.against", ["beta-dael"]), "judgments[0].against[0]: unknown claim id 'beta-dael'"),
    (
        "unknown claim in a sub-question",
        _set("bases.sub_questions.0.answered_by", ["nope"]),
        "sub_questions[0].answered_by[0]: unknown claim id 'nope'",
    ),
    ("indicator without status", _set(f"{J}.indicators.0.status", "seen"), "indicators[0].status: 'seen' is not one of"),
    ("yardstick unknown", _set("site.yardstick", "nato"), "error: yardstick: 'nato' is not one of: phia, icd203"),
]


@pytest.mark.parametrize("name, change, expected", FAULTS, ids=[f[0] for f in FAULTS])
def test_each_lint_is_fed_its_fault(tmp_path, name, change, expected):
    if name == "high confidence on one group":
        inner = change

        def change(records):
            inner(records)
            records["judgments"]["judgments"][0]["confidence"] = "high"

    found = problems(graded_copy(tmp_path, change))
    assert any(expected in p for p in found), found


def test_icd203_terms_on_an_icd203_site(tmp_path):
    def icd(r):
        r["site"]["yardstick"] = "icd203"
        r["judgments"]["judgments"][0]["likelihood"] = "very likely"

    out = tmp_path / "out"
    assert problems(graded_copy(tmp_path, icd), out) == []
    assert "Very likely (80–95%)" in page(out, "judgments.html")


def test_every_yardstick_term_has_a_range():
    for name, terms in yardstick.YARDSTICKS.items():
        assert len({band for _, band in terms}) == 7, name
        assert all(yardstick.band(name, term) for term, _ in terms)


def test_the_synthetic_dossier_graded_builds_strict_clean(tmp_path):
    import subprocess
    import sys

    from helpers import ROOT

    project = tmp_path / "synth"
    cmd = [sys.executable, str(ROOT / "bench" / "synth.py"), "--sources", "24", "--actors", "12", "--out", str(project), "--graded"]
    subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=60)
    out = tmp_path / "out"
    assert problems(project, out) == []
    assert page(out, "judgments.html").count('class="judgment"') >= 3
    assert "2 independent groups" in page(out, "judgments.html")


def test_serve_updates_a_graded_dossier_as_a_clean_build(tmp_path):
    from test_analysis import same_as_clean, served

    project = graded_copy(tmp_path)
    session = served(project, tmp_path)
    beta = project / "content" / "sources" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("grade: F", "grade: E"), encoding="utf-8")
    same_as_clean(session, project, tmp_path, "beta")  # a new grade: the pages showing beta's claims, as a clean build
    beta.write_text(beta.read_text(encoding="utf-8").replace("independence: beta-group", "independence: alpha"), encoding="utf-8")
    same_as_clean(session, project, tmp_path, "full")  # one group with alpha: corroboration moves on alpha's pages too


def test_serve_grading_a_source_of_an_ungraded_dossier_rebuilds_in_full(tmp_path):
    from test_analysis import same_as_clean, served

    project = tmp_path / "plain"
    shutil.copytree(FIXTURE, project)
    session = served(project, tmp_path)
    beta = project / "content" / "sources" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8") + "reliability: {grade: F, basis: Unsigned.}\n", encoding="utf-8")
    same_as_clean(session, project, tmp_path, "full")


def test_the_evidence_matrix_sets_each_claim_against_each_judgment(tmp_path):
    def second(r):
        r["judgments"]["judgments"].append(
            {
                "id": "deal-soon",
                "statement": "Ruritania signs a sanctions deal by summer 2025.",
                "kind": "assessment",
                "likelihood": "realistic possibility",
                "confidence": "low",
                "confidence_basis": "One unsigned source.",
                "for": ["beta-deal"],
                "against": ["alpha-channels"],
            }
        )

    out = tmp_path / "out"
    assert problems(graded_copy(tmp_path, second), out) == []
    html = page(out, "judgments.html")
    matrix = html[html.index('id="h-matrix"') :].split("</table>")[0]
    assert matrix.count("<tr>") == 4  # the header and three claims
    row = matrix[matrix.index("Ruritania keeps parallel channels") :].split("</tr>")[0]
    assert '<td class="part-for">✓</td><td class="part-against">✗</td>' in row


def test_judgments_are_found_by_search(site):
    import gzip

    texts = b"".join(
        gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        for p in (site / "assets" / "search").rglob("*")
        if p.is_file()
    )
    assert b"judgments.html#j-keeps-balancing" in texts


def test_a_new_source_draft_shows_claim_ids_and_grading(tmp_path):
    from helpers import ROOT

    project = tmp_path / "d"
    shutil.copytree(FIXTURE, project)
    shutil.copy(ROOT / "tests" / "articles" / "coastal-bargain.txt", project / "seeds" / "coastal-bargain.txt")
    done = run_cli("new-source", "seeds/coastal-bargain.txt", cwd=project)
    assert done.returncode == 0, done.stderr
    draft = (project / "content" / "sources" / "coastal-bargain.yaml").read_text(encoding="utf-8")
    assert "#   - id: coastal-bargain-1" in draft and "#   reliability: {grade: A|B|C|D|E|F" in draft
    assert "#   independence: coastal-bargain" in draft


@pytest.mark.content
def test_a_graded_dossier_grades_every_source_and_rests_every_judgment_on_claims():
    from helpers import ROOT

    sources = [load(p) for p in sorted((ROOT / "content" / "sources").glob("*.yaml"))]
    if any(s.get("reliability") for s in sources):
        assert all((s.get("reliability") or {}).get("basis") for s in sources)
    path = ROOT / "content" / "judgments.yaml"
    for judgment in (load(path) or {}).get("judgments") or [] if path.exists() else []:
        assert judgment.get("for"), judgment["id"]
        assert judgment.get("kind") != "forecast" or (judgment.get("indicators") and judgment.get("horizon")), judgment["id"]


def test_brief_problems_are_one_line_each(tmp_path):
    done = run_cli("brief", "--project", str(FIXTURE), "--to", str(tmp_path / "missing" / "brief.html"))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith("--to: error: cannot write ") and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    project = graded_copy(tmp_path, _set("judgments.judgments.0.likelihood", "probably"))
    done = run_cli("brief", "--project", str(project), "--to", str(tmp_path / "b.html"))
    assert done.returncode == 1 and "is not a term of the UK PHIA" in done.stderr and not (tmp_path / "b.html").exists()


def test_a_grade_with_a_part_not_assessed_says_so_in_words(tmp_path):
    """A rated claim from a source not graded: "source not graded, 2", not "–2"."""
    project = graded_copy(tmp_path, lambda records: records["alpha"].pop("reliability"))
    build(project, project / "output")
    html = page(project / "output", "sources/alpha.html")
    assert ">source not graded, 2</span>" in html
    assert not re.search(r'class="grade"[^>]*>[^<]*–', html)

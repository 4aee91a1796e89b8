"""The analytic layer (issue 14): claim kinds, writing windows, badges, stances, disputes, judgments and exports."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest
from helpers import FIXTURE, ROOT, snapshot
from hypothesis import given, settings
from hypothesis import strategies as st
from test_synth import synth

from dossier.build.pipeline import build
from dossier.problems import Report
from dossier.render import pages as render
from dossier.render.exports import to_json
from dossier.render.linkcheck import check_links, summarise
from dossier.serve.incremental import Session
from dossier.serve.verify import files
from dossier.text.index import source_sort_key
from dossier.tricks import safe_mode

OLD_MODEL = ROOT / "tests" / "fixture_v1"  # the fixture as it was before the analytic layer: none of its fields


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture dossier built once, strict."""
    out = tmp_path_factory.mktemp("analysis") / "site"
    assert build(FIXTURE, out, strict=True).warnings == []
    return out


def read(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_a_dossier_written_for_the_old_model_still_builds_strict_clean(tmp_path):
    result = build(OLD_MODEL, tmp_path / "out", strict=True)
    assert result.warnings == []
    out = tmp_path / "out"
    assert "No stances have been curated yet" in read(out, "themes/index.html")
    assert "No disputes have been curated yet" in read(out, "disputes.html")
    assert "Not yet classified" in read(out, "claims-by-kind.html")  # claims without a kind are still listed
    assert "claim-kind" not in read(out, "actors/russia.html")


def test_claim_kind_and_confidence_show_wherever_the_claim_appears(site):
    for page in ("themes/balancing.html", "actors/ruritania.html", "claims-by-kind.html", "sources/beta.html"):
        html = read(site, page)
        assert '<span class="claim-kind kind-forecast">Forecast</span> <span class="confidence hedge-likelihood"' in html, page
        assert 'source’s wording “likely” <span class="hedge-class">(likelihood)</span>' in html, page
    assert '<span class="claim-kind kind-assessment">Assessment</span>' in read(site, "actors/russia.html")


def test_badges_show_beside_the_source_wherever_its_claims_and_positions_appear(site):
    badge = '<span class="badge" title="Written before any deal on the base.">Before the deal</span>'
    for page in ("sources/beta.html", "sources/index.html", "index.html", "themes/balancing.html", "themes/index.html", "disputes.html"):
        assert badge in read(site, page), page
    alpha = read(site, "actors/anna-berg.html")  # alpha has no badge: its claims carry none
    assert "badge" not in main(alpha)


def test_writing_window_on_the_source_page_in_lists_and_on_the_timeline(site):
    assert "<dt>Written</dt><dd>written no earlier than March 2025 (editor’s inference)</dd>" in read(site, "sources/beta.html")
    assert "written between January 2025 and 1 February 2025 (editor’s inference)" in read(site, "sources/index.html")
    assert "written between January 2025 and 1 February 2025" in read(site, "timeline.html")
    assert "by date of writing, earliest first; undated last" in read(site, "sources/index.html")


def test_sources_are_ordered_by_date_of_writing_undated_last():
    def source(sid, published=None, written=None):
        return {"id": sid, "published": published, "written": written}

    records = [
        source("a-undated"),
        source("b-window-late", written={"not_before": "2024-01", "not_after": "2025-03"}),
        source("c-published", published="2025-01"),
        source("d-lower-bound", written={"not_before": "2024-06"}),
    ]
    assert [s["id"] for s in sorted(records, key=source_sort_key)] == ["d-lower-bound", "c-published", "b-window-late", "a-undated"]


def test_relations_show_their_dates_and_events_on_one_date_keep_their_order(site):
    assert '<span class="relation">Anna Berg leads <a href="ruritania.html">Ruritania</a>, as of February 2025.</span>' in read(
        site, "actors/anna-berg.html"
    )
    timeline = read(site, "timeline.html")
    # Both in February 2025: "order: 1" comes first although it is second in the file.
    assert timeline.index("Ruritania says it keeps parallel channels") < timeline.index("Berg meets Putin in Moscow")


def test_the_thematic_index_shows_positions_on_their_paragraphs(site):
    html = main(read(site, "themes/index.html"))
    assert '<a href="../sources/alpha.html#p6" title="“Ruritania keeps parallel channels to Moscow and Washington.”">' in html
    assert '<span class="stance-none" title="Names the base question in its title only.">not discussed</span>' in html
    assert "stance-open" not in html  # every pair of the fixture is curated
    assert 'href="counts.html">Keyword hits, not positions</a>' in html
    assert "h-matrix" not in html and "term-index" not in html  # the keyword counts moved


def test_a_source_without_a_stance_on_a_theme_is_not_yet_curated(project, tmp_path):
    theme = project / "content" / "themes" / "bases.yaml"
    theme.write_text(theme.read_text().split("  - source: beta")[0])
    build(project, tmp_path / "o", strict=True)
    row = read(tmp_path / "o", "themes/index.html").split('<tr id="stances-beta">')[1].split("</tr>")[0]
    assert '<span class="stance-open">not yet curated</span>' in row


def test_keyword_hits_are_labelled_and_skip_urls_and_footnotes(project, tmp_path):
    seed = project / "seeds" / "beta.txt"
    seed.write_text(seed.read_text().replace("in March.", "in March. See https://example.org/portus/ for more."))
    theme = project / "content" / "themes" / "bases.yaml"
    theme.write_text(theme.read_text().replace("terms: [Portus, base]", "terms: [Portus, base, example]"))
    build(project, tmp_path / "o")
    counts = read(tmp_path / "o", "themes/counts.html")
    assert "<h1>Keyword hits, not positions</h1>" in counts
    # "example" is only in URLs (beta's paragraph, alpha's footnote); "Portus" is in beta's URL and alpha's text only.
    assert '<dt>example <span class="count">0</span></dt>' in counts
    assert '<dt>Portus <span class="count">2</span></dt>' in counts  # alpha p4 and p7, not beta's URL
    assert "beta.html#p2" not in counts.split("<dt>Portus")[1].split("</dd>")[0]


def test_disputes_page_rows_quote_each_position_on_its_paragraph_and_are_linked(site):
    html = main(read(site, "disputes.html"))
    assert html.count('<tr id="dispute-') == 1
    row = html.split('<tr id="dispute-balancing-risk"')[1].split("</tr>")[0]
    assert "Is Ruritania&#39;s balancing a worry for Washington?" in row
    assert 'href="sources/alpha.html#p6"' in row and 'href="sources/beta.html#p2"' in row
    assert "“Ruritania keeps parallel channels to Moscow and Washington.”" in row and "“balancing act worries the U.S.”" in row
    for page in ("themes/balancing.html", "themes/index.html", "actors/ruritania.html", "actors/united-states.html"):
        assert "disputes.html#dispute-balancing-risk" in read(site, page), page
    assert "disputes.html#dispute-balancing-risk" not in read(site, "actors/russia.html")


def test_disputes_claims_and_judgments_are_in_the_nav_and_on_the_front_page(site):
    for page in ("index.html", "sources/alpha.html", "404.html"):
        html = read(site, page)
        assert "disputes.html" in html and "claims-by-kind.html" in html and "judgments.html" in html, page
    assert 'href="disputes.html"' in main(read(site, "index.html"))


def test_claims_by_kind_roll_claims_up_by_kind_then_theme(site):
    html = main(read(site, "claims-by-kind.html"))
    kinds = re.findall(r'<h2 id="k-([a-z]+)">', html)
    assert kinds == ["fact", "assessment", "forecast"]
    facts = html.split('<h2 id="k-fact">')[1].split("</section>")[0]
    assert facts.count('<li class="claim">') == 2 and 'id="k-fact-balancing"' in facts


def test_claims_by_kind_pages_are_bounded_and_linked_from_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "JUDGMENTS_INLINE", 2)
    monkeypatch.setattr(render, "JUDGMENTS_PER_PAGE", 3)
    project = tmp_path / "dossier"
    synth(project, sources=24, actors=10)
    out = tmp_path / "site"
    assert build(project, out, strict=True).warnings == []  # strict: every link and #fragment resolves
    paged = sorted((out / "claims-by-kind").glob("*.html"))
    assert len(paged) > 4
    for page in paged:
        assert read(page.parent, page.name).count('<li class="claim">') <= 3
    overview = read(out, "claims-by-kind.html")
    for section in overview.split('<h3 id="k-')[1:]:
        assert section.split("</ol>")[0].count('<li class="claim">') <= 2
    files = snapshot(out)
    pages = {p: summarise(d.decode()) for p, d in files.items() if p.endswith(".html")}
    report = Report()
    check_links(pages, set(files), report, skip={"404.html"})
    assert report.problems == []


def test_exports_are_deterministic_and_hold_what_the_pages_show(site, tmp_path):
    again = tmp_path / "again"
    build(FIXTURE, again)
    exports = {p: d for p, d in snapshot(site).items() if p.startswith("exports/")}
    tables = [f"exports/{n}.{x}" for n in ("claims", "disputes", "judgments", "sources", "stances") for x in ("csv", "json")]
    assert sorted(exports) == sorted([*tables, "exports/annotations.json", "exports/sources.csl.json"])
    assert exports == {p: d for p, d in snapshot(again).items() if p.startswith("exports/")}
    claims = list(csv.DictReader(io.StringIO(exports["exports/claims.csv"].decode())))
    assert [(c["source"], c["claim"], c["kind"], c["confidence"]) for c in claims] == [
        ("alpha", "1", "reported-fact", ""),
        ("alpha", "2", "assessment", ""),
        ("beta", "1", "reported-fact", ""),
        ("beta", "2", "forecast", "likely"),
    ]
    assert claims[2]["badges"] == "pre-deal" and claims[0]["url"] == "sources/alpha.html#p4"
    assert json.loads(exports["exports/claims.json"])[3]["confidence"] == "likely"
    stances = json.loads(exports["exports/stances.json"])
    assert [(s["theme"], s["source"], s["status"], s["paragraph"]) for s in stances] == [
        ("balancing", "alpha", "stated", "p6"),
        ("balancing", "beta", "stated", "p2"),
        ("bases", "alpha", "stated", "p7"),
        ("bases", "beta", "not discussed", ""),
    ]
    disputes = json.loads(exports["exports/disputes.json"])
    assert [p["paragraph"] for p in disputes[0]["positions"]] == ["p6", "p2"]
    assert len(list(csv.DictReader(io.StringIO(exports["exports/disputes.csv"].decode())))) == 2
    for name in ("claims.csv", "stances.json", "disputes.csv"):
        assert f'href="../exports/{name}"' in read(site, "themes/index.html")


def test_the_search_index_knows_kinds_positions_and_disputes(site):
    script = "".join(read(site, f"assets/search/d{i}.js") for i in range(len(list((site / "assets" / "search").glob("d*.js")))))
    assert '"Forecast · likely · Washington and the base question"' in script
    assert '["stance",' in script and '"sources/alpha.html#' in script
    assert '["dispute",' in script and '"disputes.html#dispute-balancing-risk"' in script


def test_new_source_drafts_carry_a_claim_kind(project):
    from helpers import run_cli

    (project / "seeds" / "gamma.txt").write_text("A new article\n\nRussia talks about Portus.\n", encoding="utf-8")
    done = run_cli("new-source", str(project / "seeds" / "gamma.txt"), "--project", str(project))
    assert done.returncode == 0, done.stderr
    draft = (project / "content" / "sources" / "gamma.yaml").read_text(encoding="utf-8")
    assert "#     kind: fact | assessment | forecast | recommendation" in draft and "#     confidence: " in draft
    assert "\nclaims: []\n" in draft  # the draft itself stays what test_curator fills in


def served(project, tmp_path):
    session = Session(project, tmp_path / "served")
    assert session.rebuild()[1] == "full"
    return session


def same_as_clean(session, project, tmp_path, expect: str):
    """Rebuild the served copy; it must take `expect` and end byte-identical to a clean build."""
    result, how = session.rebuild()
    assert how == ("full" if safe_mode() else expect)  # safe mode: every change rebuilds in full
    session.settle()
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(project, clean)
    got, want = files(session.out), files(clean)  # markers by what they record: serve's never certifies a build
    assert sorted(got) == sorted(want)
    assert [p for p in want if got[p] != want[p]] == []


def test_serve_updates_kinds_badges_windows_and_moved_quotes_as_a_clean_build(project, tmp_path):
    session = served(project, tmp_path)
    beta, alpha_seed = project / "content" / "sources" / "beta.yaml", project / "seeds" / "alpha.txt"
    beta.write_text(beta.read_text().replace("kind: forecast", "kind: recommendation"))
    same_as_clean(session, project, tmp_path, "beta")  # judgments, exports, every page quoting the claim
    beta.write_text(beta.read_text().replace("badges: [pre-deal]", "badges: []"))
    same_as_clean(session, project, tmp_path, "beta")
    beta.write_text(beta.read_text().replace('not_before: "2025-03"', 'not_before: "2024-11"'))
    same_as_clean(session, project, tmp_path, "beta")  # now before alpha: every list's order
    # A paragraph inserted in alpha's seed: its stance on bases moves from p7 to p8 (a quote placed by the build, not cited).
    alpha_seed.write_text(alpha_seed.read_text().replace("  2. The Kremlin", "An inserted paragraph.\n  2. The Kremlin"))
    same_as_clean(session, project, tmp_path, "alpha")
    assert 'href="../sources/alpha.html#p8" title="“The Kremlin wants to keep Portus.”"' in read(session.out, "themes/index.html")


def test_serve_rebuilds_in_full_when_claims_by_kind_pages_come_or_go(project, tmp_path, monkeypatch):
    monkeypatch.setattr(render, "JUDGMENTS_INLINE", 1)
    monkeypatch.setattr(render, "JUDGMENTS_PER_PAGE", 1)
    session = served(project, tmp_path)
    beta = project / "content" / "sources" / "beta.yaml"
    beta.write_text(beta.read_text().replace("kind: forecast", "kind: fact"))  # a third fact on balancing: a page more
    same_as_clean(session, project, tmp_path, "full")
    beta.write_text(beta.read_text().replace("confidence: likely", "confidence: LIKELY"))  # same pages: one source
    same_as_clean(session, project, tmp_path, "beta")


def test_the_json_schemas_accept_the_fixtures_analytic_records(project):
    import jsonschema
    import yaml

    from dossier.editor.json_schema import project_ids, schemas

    found = schemas(project_ids(project))
    for rel, kind in [
        ("site.yaml", "site"),
        ("content/sources/beta.yaml", "source"),
        ("content/themes/bases.yaml", "theme"),
        ("content/actors/anna-berg.yaml", "actor"),
        ("content/events.yaml", "events"),
        ("content/disputes.yaml", "disputes"),
    ]:
        jsonschema.validate(yaml.safe_load((project / rel).read_text(encoding="utf-8")), found[kind])
    bad = yaml.safe_load((project / "content/disputes.yaml").read_text(encoding="utf-8"))
    bad[0]["positions"][0]["stance"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, found["disputes"])


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=8), _json_values, max_size=5), max_size=4))
def test_exports_json_made_a_row_at_a_time_is_what_one_dump_gives(rows):
    """to_json writes row by row to hold less; the bytes must be json.dumps(rows, indent=1)'s, whatever a row holds."""
    assert to_json(rows) == (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

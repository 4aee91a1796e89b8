"""Bad input: every case gives its pinned one-line message, exit status 1, no traceback, output untouched."""

import contextlib
import importlib.util
import io
import shutil

import pytest
from bad_inputs import CASES
from helpers import FIXTURE, ROOT, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

spec = importlib.util.spec_from_file_location("build_cli", ROOT / "build.py")
cli = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cli)

EXPECTED = {
    "yaml-unclosed-flow": "content/actors/russia.yaml:6: error: YAML syntax: while parsing a flow sequence, did not find expected ',' or ']' (hint: check indentation, colons and quotes on this line or the one before)",
    "yaml-unclosed-quote": "content/sources/alpha.yaml:15: error: YAML syntax: a quote opened on this line is not closed (while parsing a block mapping, did not find expected key) (hint: close the quote on this line)",
    "yaml-unclosed-quote-at-end": "content/sources/alpha.yaml:28: error: YAML syntax: a quote opened on this line is not closed (while scanning a quoted scalar, found unexpected end of stream) (hint: close the quote on this line)",
    "yaml-bad-indent": "site.yaml:3: error: YAML syntax: mapping values are not allowed in this context (hint: check indentation, colons and quotes on this line or the one before)",
    "yaml-tab": "content/themes/bases.yaml:3: error: YAML syntax: while scanning a plain scalar, found a tab character that violates indentation (hint: check indentation, colons and quotes on this line or the one before)",
    "yaml-duplicate-key": "content/actors/russia.yaml:5: error: YAML syntax: duplicate key 'role' (hint: check indentation, colons and quotes on this line or the one before)",
    "yaml-empty-file": "content/actors/russia.yaml:1: error: file is empty",
    "yaml-not-a-mapping": "content/actors/russia.yaml:1: error: (top): expected a mapping of fields, got a list",
    "yml-extension": "content/actors/ruritania-2.yml: error: YAML files here end in .yaml (hint: rename to ruritania-2.yaml)",
    "type-aliases-string": "content/actors/russia.yaml:5: error: aliases: expected a list, got a string",
    "type-bool": "content/sources/alpha.yaml:10: error: drop_repeats: expected true or false, got a list",
    "type-claims-mapping": "content/sources/beta.yaml:11: error: claims: expected a list, got a mapping",
    "choice-kind": "content/actors/russia.yaml:3: error: kind: 'country' is not one of: person, state, organisation, place, outlet",
    "source-kind": "content/sources/alpha.yaml:8: error: kind: 'news' is not one of: analysis, opinion, policy-brief, news-analysis, news-report, interview (hint: did you mean 'news-analysis'?)",
    "source-kind-site": "content/sources/alpha.yaml:8: error: kind: 'news-report' is not one of: speech (hint: or list the kinds this dossier uses in site.yaml: source_kinds: [...])",
    "missing-required": "content/actors/russia.yaml:1: error: name: required field is missing",
    "empty-required": "content/actors/russia.yaml:2: error: name: must not be empty",
    "unknown-field": "content/actors/russia.yaml:6: error: sumary: unknown field (hint: did you mean 'summary'?)",
    "bad-date": 'content/sources/alpha.yaml:6: error: published: \'Feb 2025\' is not a date (hint: write "YYYY", "YYYY-MM" or "YYYY-MM-DD" in quotes)',
    "id-differs": "content/actors/russia.yaml:1: error: id: id 'russland' differs from the file name (hint: rename the file to russland.yaml or set id: russia)",
    "unknown-actor": "content/sources/alpha.yaml:21: error: claims[1].actors[0]: unknown actor 'rusia' (hint: did you mean 'russia'?)",
    "unknown-theme": "content/sources/alpha.yaml:22: error: claims[1].themes[0]: unknown theme 'base' (hint: did you mean 'bases'?)",
    "unknown-part-of": "content/actors/vladimir-putin.yaml:6: error: part_of: unknown actor 'soviet-union' (hint: create content/actors/soviet-union.yaml)",
    "unknown-site-theme": "site.yaml:6: error: themes[2]: unknown theme 'sanctions' (hint: create content/themes/sanctions.yaml)",
    "md-unknown-actor": "content/sources/alpha.yaml:12: error: summary: unknown actor 'putin' in link 'actor:putin' (hint: did you mean 'vladimir-putin'?)",
    "md-unknown-paragraph": "content/sources/alpha.yaml:12: error: summary: 'source:alpha#p99': no paragraph p99 in that source (hint: run: dossier blocks alpha)",
    "md-unknown-paragraph-later-line": "content/sources/alpha.yaml:13: error: summary: 'source:alpha#p99': no paragraph p99 in that source (hint: run: dossier blocks alpha)",
    "md-dropped-paragraph": "content/sources/alpha.yaml:12: error: summary: 'source:alpha#p1': p1 was dropped as residue (hint: run: dossier blocks alpha)",
    "md-bad-kind": "content/themes/bases.yaml:5: error: synthesis: unknown link kind 'person:' in 'person:alpha' (hint: use actor:, source:, theme: or page: (or a full https:// address))",
    "cite-unknown-source": "content/actors/anna-berg.yaml:11: error: relations[0].cite: unknown source 'gamma' in link 'source:gamma#p4' (hint: run: dossier new-source seeds/gamma.txt)",
    "cite-no-paragraph": "content/actors/anna-berg.yaml:11: error: relations[0].cite: citation 'source:alpha' names no paragraph (hint: write source:ID#pN)",
    "alias-collision": "content/actors/united-states.yaml:5: error: aliases[2]: alias 'Moscow' is also claimed by actor 'russia' (content/actors/russia.yaml:5) (hint: an alias must name one actor; keep it on one and list a longer form on the other)",
    "alias-single-letter": "content/actors/russia.yaml:5: error: aliases[2]: alias 'R' is a single letter and would link everywhere (hint: use the full name or a longer form)",
    "quote-not-in-seed": "content/sources/alpha.yaml:20: error: claims[1].quote: quote not found in seeds/alpha.txt (hint: closest text is in p7: “The Kremlin wants to keep Portus.”)",
    "quote-in-residue": "content/sources/alpha.yaml:20: error: claims[1].quote: quote not found in seeds/alpha.txt (hint: closest text is in p11 (a line dropped as residue): “Something else entirely”)",
    "event-quote-elsewhere": "content/events.yaml:3: error: events[0].cite: the quote is in p7, not p4 (hint: cite source:alpha#p7)",
    "event-bad-date": 'content/events.yaml:1: error: events[0].date: \'2025-13\' is not a date (hint: write "YYYY", "YYYY-MM" or "YYYY-MM-DD" in quotes)',
    "impossible-day": "content/sources/alpha.yaml:6: error: published: '2025-02-31' is not a date: that month has no day 31 (hint: check the day)",
    "event-not-a-leap-year": "content/events.yaml:1: error: events[0].date: '2023-02-29' is not a date: that month has no day 29 (hint: check the day)",
    "base-url-javascript": "site.yaml:4: error: base_url: 'javascript:alert(document.domain)//' is not an http(s) address (hint: write the address the site is published at, e.g. https://example.org/dossier/, or leave it empty)",
    "base-url-option-javascript": "--base-url: error: 'javascript:alert(1)//' is not an http(s) address (hint: write the address the site is published at, e.g. https://example.org/dossier/, or leave it empty)",
    "cname-two-lines": "site.yaml:5: error: cname: 'evil.example\\n../../x <b>' is not one host name (hint: write the domain alone, e.g. dossier.example.org)",
    "theme-listed-twice": "site.yaml:6: error: themes[2]: theme 'balancing' is listed twice (also themes[0]) (hint: list each theme once)",
    "strict-never-link-alias": "site.yaml:8: error: never_link[1]: 'Moscow' is also aliases[0] of actor 'russia' (content/actors/russia.yaml:5), which it stops from ever linking (hint: remove it from never_link, or from the actor)",
    "block-kind-anchor": "content/sources/alpha.yaml:11: error: block_kinds.p77: no block p77 in seeds/alpha.txt (hint: run: dossier blocks alpha)",
    "seed-missing": "content/sources/beta.yaml:2: error: seed: seed file 'seeds/beta.txt' not found (hint: put the article in seeds/ as a .txt file)",
    "seed-not-utf8": "content/sources/beta.yaml:2: error: seed: 'seeds/beta.txt' is not UTF-8 (bad byte at offset 3) (hint: re-save the article as UTF-8, e.g. iconv -f windows-1252 -t utf-8)",
    "seed-empty": "content/sources/beta.yaml:2: error: seed: 'seeds/beta.txt' is empty (hint: paste the article's text into the file)",
    "seed-50mb": "content/sources/beta.yaml:2: error: seed: 'seeds/beta.txt' is 50 MB, over the 5 MB limit for one article (hint: split it or check it is the right file)",
    "seed-outside": "content/sources/beta.yaml:2: error: seed: '../../etc/passwd' lies outside the project (hint: seeds live in seeds/ inside the project; links out of it are refused)",
    "seed-symlink-out": "content/sources/beta.yaml:2: error: seed: 'seeds/beta.txt' lies outside the project (hint: seeds live in seeds/ inside the project; links out of it are refused)",
    "site-missing": "site.yaml: error: file not found (hint: every project needs site.yaml at its top)",
    "seed-dev-zero-link": "seeds/zero.txt: error: a link to '/dev/zero', outside the project (hint: links out of the project are refused; copy the file into the project instead)",
    "seed-named-pipe": "seeds/pipe.txt: error: not a regular file (a named pipe) (hint: only plain files and folders are read; remove it)",
    "record-link-out": "content/pages/leak.yaml: error: a link to '{tmp}/outside.yaml', outside the project (hint: links out of the project are refused; copy the file into the project instead)",
    "asset-link-out": "templates/assets/notes.txt: error: a link to '{tmp}/secret.txt', outside the project (hint: links out of the project are refused; copy the file into the project instead)",
    "asset-link-to-git-config": "templates/assets/config.txt: error: a link to '.git/config', which is not one of the project's inputs (hint: links may point only into site.yaml, content/, seeds/ or templates/)",
    "record-link-to-private-notes": "content/pages/notes.yaml: error: a link to 'notes/private.yaml', which is not one of the project's inputs (hint: links may point only into site.yaml, content/, seeds/ or templates/)",
    "template-link-out": "templates/page.html: error: a link to '{tmp}/page.html', outside the project (hint: links out of the project are refused; copy the file into the project instead)",
    "record-name-attribute": 'content/actors/x" onmouseover="alert(1)" data-x=".yaml: error: the file name is not a valid id (hint: name it with lowercase letters, digits and single hyphens, e.g. x-onmouseover-alert-1-data-x.yaml)',
    "record-name-upper": "content/pages/About Us.yaml: error: the file name is not a valid id (hint: name it with lowercase letters, digits and single hyphens, e.g. about-us.yaml)",
    "record-name-no-latin": "content/pages/سوريا.yaml: error: the file name is not a valid id (hint: name it with lowercase letters, digits and single hyphens, in Latin letters)",
    "record-upper-extension": "content/actors/russia.YAML: error: YAML files here end in .yaml (hint: rename to russia.yaml)",
    "record-folder": "content/pages/dir.yaml: error: a folder named like a record (hint: records are files; rename or remove the folder)",
    "seed-name-too-long": f"content/sources/beta.yaml:2: error: seed: 'seeds/{'a' * 300}.txt': the file name is too long (hint: use a shorter name)",
    "seed-nul": "content/sources/beta.yaml:2: error: seed: not a usable file name (hint: write the path of a file in seeds/, e.g. seeds/article.txt)",
    "seed-site-yaml": "content/sources/beta.yaml:2: error: seed: 'site.yaml' is not in seeds/ (hint: seeds live in seeds/; records and settings are not articles)",
    "seed-is-folder": "content/sources/beta.yaml:2: error: seed: 'seeds': is a folder, not a file (hint: records and seeds are files)",
    "template-undefined": "templates/page.html:3: error: undefined variable: 'nope' is undefined (hint: check the spelling, or pass the value from dossier/render/pages.py)",
    "template-syntax": "templates/page.html:3: error: template syntax: Expected an expression, got 'end of statement block' (hint: check the tag on this line)",
    "template-raises": 'templates/page.html:3: error: TypeError: can only concatenate str (not "int") to str (hint: this template of the project\'s raised while rendering; check the expression on this line)',
    "strict-unused-rule": "content/sources/alpha.yaml:11: error: residue[0]: rule 'Not a line' matches no line of seeds/alpha.txt (hint: remove it, or copy the line exactly (end with * to match a line's start))",
    "strict-unnamed-actor": "content/actors/atlantis.yaml:1: error: aliases: actor 'atlantis' is never named in any seed (hint: add the form the texts use as an alias, or remove the actor)",
    "claim-kind-choice": "content/sources/alpha.yaml:18: error: claims[0].kind: 'facts' is not one of: fact, assessment, forecast, recommendation (hint: did you mean 'fact'?)",
    "claim-confidence-elsewhere": "content/sources/beta.yaml:22: error: claims[1].confidence: 'almost certain' is not in the claim's paragraph p2 (hint: copy the source's own words from that paragraph, or leave confidence out)",
    "written-no-bound": "content/sources/beta.yaml:23: error: written: a writing window needs not_before, not_after or both (hint: or remove written)",
    "written-order": "content/sources/alpha.yaml:26: error: written.not_after: '2024-12' is earlier than not_before '2025-01' (hint: swap them, or check them against the text)",
    "written-bad-date": 'content/sources/beta.yaml:24: error: written.not_before: \'March 2025\' is not a date (hint: write "YYYY", "YYYY-MM" or "YYYY-MM-DD" in quotes)',
    "written-inferred-unexplained": "content/sources/alpha.yaml:26: error: written.inferred: an inferred window needs its reason (hint: say in date_note what the window is inferred from)",
    "badge-unknown": "content/sources/beta.yaml:26: error: badges[0]: unknown badge 'pre-dael' (hint: did you mean 'pre-deal'?)",
    "badge-bad-id": "site.yaml:10: error: badges.Pre_Deal: 'Pre_Deal' is not a valid badge id (hint: use lowercase letters, digits and single hyphens)",
    "relation-bad-date": 'content/actors/anna-berg.yaml:12: error: relations[0].as_of: \'Feb 2025\' is not a date (hint: write "YYYY", "YYYY-MM" or "YYYY-MM-DD" in quotes)',
    "relation-until-before-since": "content/actors/anna-berg.yaml:13: error: relations[0].until: '2024' is earlier than since '2025-02' (hint: swap them, or check the dates against the cited paragraph)",
    "stance-unknown-source": "content/themes/balancing.yaml:13: error: stances[1].source: unknown source 'betta' (hint: did you mean 'beta'?)",
    "stance-quote-not-found": "content/themes/balancing.yaml:15: error: stances[1].quote: quote not found in seeds/beta.txt (hint: closest text is in p2: “balancing act worries the U.S”)",
    "stance-hedge-elsewhere": "content/themes/balancing.yaml:12: error: stances[0].hedge: 'likely' is not in the quote's paragraph p6 (hint: copy the source's own words from that paragraph, or leave hedge out)",
    "stance-position-too-long": "content/themes/balancing.yaml:14: error: stances[1].position: 13 words, over the 12 a position may have (hint: say it in a few words; the detail belongs in the synthesis)",
    "stance-duplicate-source": "content/themes/balancing.yaml:13: error: stances[1].source: 'alpha' already has a stance on this theme (stances[0]) (hint: one stance per source and theme)",
    "stance-not-discussed-with-position": "content/themes/bases.yaml:12: error: stances[1].position: a source that does not discuss the theme takes no position, quote or hedge (hint: remove them, or remove discussed: false)",
    "stance-no-quote": "content/themes/balancing.yaml:13: error: stances[1].quote: required field is missing (hint: give the source's position and a verbatim quote, or write discussed: false)",
    "dispute-one-position": "content/disputes.yaml:5: error: disputes[0].positions: a dispute needs at least two positions, this has 1 (hint: add the position of a source that disagrees, or remove the dispute)",
    "dispute-single-source": "content/disputes.yaml:5: error: disputes[0].positions: every position is from 'alpha' (hint: a dispute needs positions from at least two different sources)",
    "dispute-duplicate-id": "content/disputes.yaml:15: error: disputes[1].id: 'balancing-risk' is also the id of disputes[0] (hint: give each dispute its own id)",
    "dispute-quote-not-found": "content/disputes.yaml:13: error: disputes[0].positions[1].quote: quote not found in seeds/beta.txt (hint: closest text is in p2: “balancing act worries the U.S”)",
    "dispute-unknown-actor": "content/disputes.yaml:4: error: disputes[0].actors[1]: unknown actor 'united-state' (hint: did you mean 'united-states'?)",
    "dispute-bad-id": "content/disputes.yaml:1: error: disputes[0].id: 'Balancing Risk' is not a valid id (hint: use lowercase letters, digits and single hyphens)",
    "dispute-missing-question": "content/disputes.yaml:1: error: disputes[0].question: required field is missing",
    "event-order-not-a-number": "content/events.yaml:7: error: events[0].order: expected a whole number, got a string",
    "strict-claim-without-kind": "content/sources/alpha.yaml:14: error: claims[0].kind: claim has no kind (hint: fact, assessment, forecast or recommendation)",
    "strict-theme-without-stances": "content/themes/bases.yaml:1: error: stances: theme 'bases' has no stances (hint: give each source's position, or discussed: false where a source does not discuss it)",
    "source-url-not-http": "content/sources/alpha.yaml:11: error: url: 'javascript:alert(1)' is not an http(s) address (hint: copy the address from the browser, or leave it empty)",
    "strict-seed-hash-differs": "content/sources/alpha.yaml:11: error: sha256: 'seeds/alpha.txt' has SHA-256 243d90edb10b25f438c11790fd1abc09d5c73a23481b6e06afe952a06d09ed19, not the ab00000000000000000000000000000000000000000000000000000000000000 recorded: the seed changed since it was received (hint: restore the article as received, or record the new hash if the change is meant)",
    "publish-text-unknown": "site.yaml:9: error: publish_text: 'some' is not one of: full, excerpts, none",
    "strict-information-limit": "content/themes/bases.yaml:6: error: stances: theme 'bases' rests only on sources written before 2025-06 (the latest: 2025-02) (hint: add a newer source, or lower site.yaml's information_limit)",
    "out-is-project": "--out: error: refusing to write the site there: '{tmp}/project' holds the project itself (hint: choose an empty folder or the project's output/)",
    "out-has-foreign-files": "--out: error: refusing to write the site there: '{tmp}/foreign' holds files the builder did not write (no .dossier-output marker) (hint: choose an empty folder or the project's output/)",
    "unknown-key-actor": "site.yaml:7: error: key_actors[0]: unknown actor 'rusia' (hint: did you mean 'russia'?)",
    "bottom-line-misquotes": "content/themes/bases.yaml:14: error: bottom_line: quoted words not found in the paragraphs it cites: “to settle the naval base” (hint: quote verbatim from a paragraph the bottom line links to, or cite the paragraph that holds the words)",
    "bottom-line-cites-nothing": "content/themes/bases.yaml:13: error: bottom_line: cites no paragraph (hint: link each sentence to the paragraphs it rests on: [label, p3](source:ID#p3))",
    "strict-bottom-line-too-long": "content/themes/bases.yaml:13: error: bottom_line: 4 sentences, more than the documented 3 (hint: keep the answer; the detail belongs in the synthesis)",
}


def run(argv):
    """build.py's main() in-process, its output captured."""
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def good_output(tmp_path_factory):
    """A good build of the fixture, to prove each failure leaves it byte-identical."""
    out = tmp_path_factory.mktemp("good") / "output"
    assert run(["--no-cache", "--project", str(FIXTURE), "--out", str(out)])[0] == 0
    return out


def test_the_table_has_at_least_thirty_cases():
    assert len(CASES) >= 30 and set(EXPECTED) == {name for name, _, _ in CASES}


@pytest.mark.parametrize("name,mutate,extra", CASES, ids=[c[0] for c in CASES])
def test_bad_input(name, mutate, extra, tmp_path, good_output):
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    out = tmp_path / "output"
    shutil.copytree(good_output, out)
    before = snapshot(out)
    mutate(project)
    args = [a.replace("{project}", str(project)) for a in extra]
    if "--out" not in args:
        args += ["--out", str(out)]
    code, stdout, stderr = run(["--project", str(project), *args])
    assert code == 1
    assert "Traceback" not in stderr and "internal error" not in stderr
    lines = [line.replace(str(tmp_path), "{tmp}") for line in stderr.splitlines()]
    assert EXPECTED[name] in lines
    assert lines[-1].startswith("Build failed: ")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary folders left


def test_script_in_yaml_comes_out_escaped(project, tmp_path):
    about = project / "content" / "pages" / "about.yaml"
    about.write_text(about.read_text().replace("title: About", 'title: "About <script>alert(1)</script>"'))
    code, _, stderr = run(["--project", str(project), "--out", str(tmp_path / "o")])
    assert code == 0, stderr
    page = (tmp_path / "o" / "pages" / "about.html").read_text()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


yaml_text = st.text(alphabet=st.sampled_from(list("abc:-[]{}#&*!|>'\"%@` \n\t-?,0123456789") + ["é", "\u00a0", "’"]), max_size=120)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actor=yaml_text, seed=st.text(max_size=300), site=st.one_of(st.none(), yaml_text))
def test_random_yaml_and_seed_text_never_crash(actor, seed, site, tmp_path_factory):
    project = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(FIXTURE, project)
    (project / "content" / "actors" / "russia.yaml").write_text(actor, encoding="utf-8")
    (project / "seeds" / "beta.txt").write_text(seed, encoding="utf-8")
    if site is not None:
        (project / "site.yaml").write_text(site, encoding="utf-8")
    code, stdout, stderr = run(["--project", str(project), "--out", str(project.parent / "out")])
    assert code in (0, 1), stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    if code == 1:
        assert stderr.splitlines()[-1].startswith("Build failed: ")

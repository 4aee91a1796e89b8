"""Messages a curator meets: did-you-mean, quotes across paragraphs, whole blocks for any seed, plurals, ¶ citations."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT, run_cli

from dossier.problems import did_you_mean, plural
from dossier.render import markdown
from dossier.render.helpers import xref_tags
from dossier.render.pages import environment
from dossier.render.parts import Parts


def change(project, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_error(project) -> str:
    done = run_cli("check", "--project", str(project))
    assert done.returncode == 1
    return done.stderr.splitlines()[0]


def test_a_quote_across_two_paragraphs_names_both_and_says_quotes_stay_within_one(project):
    change(
        project,
        "content/sources/alpha.yaml",
        'quote: "President Anna Berg met Vladimir Putin in Moscow"',
        'quote: "the naval base at Portus.[i] Key Points"',
    )
    assert first_error(project) == (
        "content/sources/alpha.yaml:15: error: claims[0].quote: the quote runs across p4 and p5 of seeds/alpha.txt "
        "(hint: a quote stays within one paragraph (the claim is placed on it): quote from p4 or from p5, or make two)"
    )


def test_every_unknown_id_gets_a_did_you_mean_or_says_what_to_do(project):
    change(project, "content/sources/alpha.yaml", "actors: [russia]", "actors: [berg]")
    assert (
        first_error(project)
        == "content/sources/alpha.yaml:21: error: claims[1].actors[0]: unknown actor 'berg' (hint: did you mean 'anna-berg'?)"
    )
    assert did_you_mean("assad", ["bashar-al-assad", "iran"]) == "did you mean 'bashar-al-assad'?"
    assert did_you_mean("theme-x", ["bases"]) == ""


def test_blocks_prints_whole_paragraphs_for_a_source_and_for_a_seed_with_no_record(project):
    done = run_cli("blocks", "alpha", "--project", str(project))
    assert done.returncode == 0
    footnote = next(line for line in done.stdout.splitlines() if line.strip().startswith("p12"))
    assert footnote.endswith("(Date of Access: 01.02.2025).") and len(footnote) > 120  # never cut
    assert done.stdout.splitlines()[-1] == "9 blocks kept, 3 dropped; cite a paragraph as source:alpha#pN."
    (project / "seeds" / "gamma.txt").write_text("Gamma\n\nSearch\n\nA first paragraph.\n", encoding="utf-8")
    done = run_cli("blocks", "seeds/gamma.txt", "--project", str(project))
    assert done.stdout.splitlines() == [
        "   p1  title        Gamma",
        "   p2  DROPPED (Search) Search",
        "   p3  paragraph    A first paragraph.",
        "2 blocks kept, 1 dropped; cite a paragraph as source:ID#pN once `dossier new-source seeds/gamma.txt` has drafted its record.",
    ]
    missing = run_cli("blocks", "alpah", "--project", str(project))
    assert (missing.returncode, missing.stderr) == (1, "blocks: no source or seed 'alpah' (hint: did you mean 'alpha'?)\n")


def test_counts_agree_with_their_nouns():
    assert [plural(n, "source") for n in (0, 1, 2)] == ["0 sources", "1 source", "2 sources"]
    assert plural(1, "analysis") == "1 analysis" and plural(3, "analysis") == "3 analyses"


def test_pages_say_1_source_and_1_time(tmp_path):
    assert run_cli("init", "x", cwd=tmp_path).returncode == 0
    done = run_cli("--project", str(tmp_path / "x"))
    assert done.returncode == 0, done.stderr
    out = tmp_path / "x" / "output"
    assert "Built from 1 source, 2 actors and 1 theme." in (out / "index.html").read_text(encoding="utf-8")
    assert "Named 2 times in 1 of 1 source." in (out / "actors" / "ada-moreau.html").read_text(encoding="utf-8")
    assert "The 1 article this dossier" in (out / "sources" / "index.html").read_text(encoding="utf-8")


def test_paragraph_links_read_as_pilcrows_on_every_page():
    html = markdown.render(
        markdown.parse("[memo, p6](source:m#p6), [p7](source:m#p7), [the piece](source:m), [p8 online](https://x.org)"),
        "a.html",
        xref_tags(Parts(environment(None), {}), "a.html"),
    )
    assert ">memo, ¶6</a>" in html and ">¶7</a>" in html and ">the piece</a>" in html and ">p8 online</a>" in html


def test_a_missing_package_says_which_and_how_to_install_it_not_internal_error(project):
    """A dependency absent from this Python (jinja2 blocked here) is an install problem: named, with the pip command."""
    blocked = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'jinja2': raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from dossier.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", blocked, "build", "--project", str(project), "--out", str(project.parent / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        f"dossier: error: the package jinja2>=3.1,<4 is not installed in this Python ({sys.executable}) "
        f'(hint: {sys.executable} -m pip install "jinja2>=3.1,<4", or reinstall the builder with its dependencies)\n'
    )


def test_check_reports_reference_and_quote_errors_behind_a_schema_error(project):
    """A field's error no longer hides the rest: an unknown actor and a quote not in its paragraph are listed too."""
    actor = project / "content" / "actors" / "russia.yaml"
    actor.write_text(actor.read_text(encoding="utf-8").replace("kind: state", "kind: country"), encoding="utf-8")
    source = project / "content" / "sources" / "alpha.yaml"
    text = source.read_text(encoding="utf-8")
    text = text.replace("actors: [russia]", "actors: [rusia]").replace(
        "The Kremlin wants to keep Portus.", "The Kremlin wants to sell Portus."
    )
    source.write_text(text, encoding="utf-8")
    done = run_cli("check", "--project", str(project))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert "content/actors/russia.yaml:3: error: kind: 'country' is not one of: person, state, organisation, place, outlet" in lines
    assert any(line.startswith("content/sources/alpha.yaml:21: error: claims[1].actors[0]: unknown actor 'rusia'") for line in lines), lines
    assert any("claims[1].quote: quote not found" in line for line in lines), lines
    assert lines[-1] == "Check failed: 3 problems."


def test_a_file_that_does_not_parse_stops_the_check_before_references_to_its_records(project):
    """A YAML error leaves the file's records out: the references to them would be false alarms, so none are listed."""
    actor = project / "content" / "actors" / "russia.yaml"
    actor.write_text(actor.read_text(encoding="utf-8").replace("aliases: [Moscow, Kremlin]", "aliases: [Moscow, Kremlin"), encoding="utf-8")
    done = run_cli("check", "--project", str(project))
    assert done.returncode == 1 and "unknown actor 'russia'" not in done.stderr
    assert done.stderr.splitlines()[-1] == "Check failed: 1 problem."

"""Aliases and names, inputs and exit codes (issue 26, points 6 and 7)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata

import pytest
import yaml
from helpers import ROOT, run_cli

from dossier.problems import Problem, visible
from dossier.text.common import common
from dossier.text.trie import compile_phrases


def _build(project, tmp_path, *extra, env=None):
    if env is None:
        return run_cli("--project", str(project), "--out", str(tmp_path / "out"), *extra)
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--project", str(project), "--out", str(tmp_path / "out"), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def _aliases(project, actor: str, extra: list[str], **fields):
    path = project / "content" / "actors" / f"{actor}.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["aliases"] = list(record.get("aliases") or []) + extra
    record.update(fields)
    path.write_text(yaml.safe_dump(record, allow_unicode=True, width=100_000), encoding="utf-8")


def _seed_line(project, text: str):
    seed = project / "seeds" / "alpha.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


# ---------------------------------------------------------------- aliases of any length (N23, N24)


@pytest.mark.parametrize("alias", ["Q" * 500, "Damascus " * 1250, "x" * 20_000, "Portus-" * 900 + "end"])
def test_an_alias_of_any_length_builds_and_links(project, tmp_path, alias):
    _aliases(project, "russia", [alias.strip()])
    _seed_line(project, f"They said {alias.strip()} there.")
    done = _build(project, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stderr
    assert 'href="../actors/russia.html' in (tmp_path / "out" / "sources" / "alpha.html").read_text(encoding="utf-8")


def test_hundreds_of_aliases_each_a_prefix_of_the_next_fall_back_to_one_alternation():
    phrases = {"Ab" + "c" * k: k for k in range(900)}
    pattern = compile_phrases(phrases, r"{}(?!\w)", word_start=True)
    text = "x Abccc y " + "Ab" + "c" * 899 + " z Abc"
    assert [m.group() for m in pattern.finditer(text)] == ["Abccc", "Ab" + "c" * 899, "Abc"]


@pytest.mark.parametrize("phrases", [["Iran", "Iranian", "Ira"], ["al-Sharaa", "Sharaa", "Ahmad al-Sharaa"], ["US", "U.S.", "USA"]])
def test_the_trie_and_the_flat_fallback_find_the_same(phrases, monkeypatch):
    import re as re_module

    text = " ".join(phrases) + " Iranians Sharaa’s U.S.A. " + " ".join(reversed(phrases))
    trie = [m.span() for m in compile_phrases(phrases, r"{}(?!\w)", word_start=True).finditer(text)]
    real = re_module.compile

    def deep(pattern, flags=0):
        if "(?:" in pattern and "|" in pattern and "(?<!" in pattern and pattern.count("(?<!") < len(phrases):
            raise RecursionError
        return real(pattern, flags)

    monkeypatch.setattr("dossier.text.trie.re.compile", deep)
    flat = [m.span() for m in compile_phrases(phrases, r"{}(?!\w)", word_start=True).finditer(text)]
    assert trie == flat and trie


# ---------------------------------------------------------------- common words (N26)


@pytest.mark.parametrize("word", ["The", "May", "the", "And", "Will", "Said"])
def test_a_common_word_as_an_alias_needs_allow_common(project, tmp_path, word):
    _aliases(project, "ruritania", [word])
    done = _build(project, tmp_path)
    assert done.returncode == 1
    assert re.search(rf"content/actors/ruritania.yaml:\d+: error: aliases\[\d\]: alias '{word}' is a common word", done.stderr), done.stderr
    _aliases(project, "ruritania", [], allow_common=True)
    done = _build(project, tmp_path)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("word", ["US", "THE", "Theresa", "Mayor", "Thebes", "Hague", "UN"])
def test_names_that_look_like_common_words_are_fine(word):
    assert not common(word)


def test_allow_common_must_be_a_boolean(project, tmp_path):
    _aliases(project, "ruritania", [], allow_common="yes")
    done = _build(project, tmp_path)
    assert done.returncode == 1 and "allow_common" in done.stderr


# ---------------------------------------------------------------- invisible characters in messages (N22)


INVISIBLE = [
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u2028",
    "\x1b",
    "\x9b",
    "\U000e0041",
]


@pytest.mark.parametrize("char", INVISIBLE)
def test_a_file_name_with_an_invisible_character_is_shown_escaped(project, tmp_path, char):
    try:
        (project / "content" / "pages" / f"x{char}gpj.yaml").write_text("title: X\nbody: X.\n", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses the name")
    done = _build(project, tmp_path)
    assert done.returncode == 1 and char not in done.stderr
    assert f"content/pages/x{visible(char)}gpj.yaml: error:" in done.stderr


def test_every_control_and_format_character_is_escaped():
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            assert visible(char) != char, hex(code)
    assert visible("Türkiye ‘quoted’ سوريا 叙利亚") == "Türkiye ‘quoted’ سوريا 叙利亚"
    assert str(Problem("a\u202eb.yaml", 1, "f", "m\u2066", "h\u200b")) == "a\\u202eb.yaml:1: error: f: m\\u2066 (hint: h\\u200b)"


def test_every_message_on_stderr_is_escaped(capsys, tmp_path):
    from dossier.cli import main

    assert main(["--project", str(tmp_path / "no\u202esuch")]) == 1
    err = capsys.readouterr().err
    assert "\u202e" not in err and "no\\u202esuch" in err


# ---------------------------------------------------------------- base URLs (N60, N64)


BAD_BASES = [
    "https://example.org/dossier/#top",
    "https://example.org/d/?a=1&b=2",
    "https://example.org/d#",
    "https://example.org/d?",
    "https://example.org?x=1/d/",
]


@pytest.mark.parametrize("base", BAD_BASES)
def test_a_base_url_with_a_query_or_fragment_is_refused_from_the_cli(project, tmp_path, base):
    done = _build(project, tmp_path, "--base-url", base)
    assert done.returncode == 1 and re.search(rf"--base-url: error: '{re.escape(base)}' (has a|is not an http)", done.stderr)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("base", BAD_BASES)
def test_a_base_url_with_a_query_or_fragment_is_refused_from_site_yaml(project, tmp_path, base):
    site = project / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("base_url: null", f'base_url: "{base}"'), encoding="utf-8")
    done = _build(project, tmp_path)
    assert done.returncode == 1 and re.search(r"site.yaml:\d+: error: base_url: .* (has a (query|fragment)|is not an http)", done.stderr), (
        done.stderr
    )


@pytest.mark.parametrize("base", ["https://example.org/d/", "https://example.org/a%23b/", "http://127.0.0.1:8000/"])
def test_plain_base_urls_are_fine(project, tmp_path, base):
    assert _build(project, tmp_path, "--base-url", base).returncode == 0


# ---------------------------------------------------------------- usage errors (N78)


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--port", "70000"],
        ["--bogus"],
        ["new-source"],
        ["frobnicate"],
        ["template"],
        ["serve", "--port"],
        ["build", "--strict=1"],
        ["--project"],
    ],
)
def test_a_usage_error_is_one_line_and_exit_1(argv):
    done = run_cli(*argv)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1 and ": error: " in lines[0] and "--help" in lines[0], done.stderr


def test_help_and_version_still_exit_0():
    assert run_cli("--help").returncode == 0 and run_cli("--version").returncode == 0


# ---------------------------------------------------------------- BOMs (N57)


def test_a_bom_is_dropped_from_every_text_input(project, tmp_path):
    bom = "\ufeff"
    from dossier.paths import BUILTIN_TEMPLATES

    (project / "templates" / "assets").mkdir(parents=True)
    css = (BUILTIN_TEMPLATES / "assets" / "style.css").read_text(encoding="utf-8")
    (project / "templates" / "assets" / "style.css").write_text(bom + css, encoding="utf-8")
    page = (BUILTIN_TEMPLATES / "page.html").read_text(encoding="utf-8")
    (project / "templates" / "page.html").write_text(bom + page, encoding="utf-8")
    for rel in ("content/pages/about.yaml", "site.yaml", "seeds/beta.txt"):
        path = project / rel
        path.write_text(bom + path.read_text(encoding="utf-8"), encoding="utf-8")
    done = _build(project, tmp_path)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    assert not (out / "assets" / "style.css").read_bytes().startswith(b"\xef\xbb\xbf")
    notfound = (out / "404.html").read_text(encoding="utf-8")
    assert bom not in notfound and re.search(r"<style>\s*/\*", notfound)
    assert not (out / "pages" / "about.html").read_bytes().startswith(b"\xef\xbb\xbf")
    assert all(bom not in p.read_text(encoding="utf-8") for p in out.rglob("*.html"))


# ---------------------------------------------------------------- a non-ASCII name with UTF-8 mode off (X08)


C_LOCALE = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


def test_a_non_ascii_record_name_with_utf8_mode_off_is_a_problem_not_a_crash(project, tmp_path):
    (project / "content" / "pages" / "çay.yaml").write_text("title: X\nbody: X.\n", encoding="utf-8")
    done = _build(project, tmp_path, env=C_LOCALE)
    assert done.returncode == 1 and "internal error" not in done.stderr and "the file name is not a valid id" in done.stderr


def test_a_non_ascii_asset_name_with_utf8_mode_off_builds_twice(project, tmp_path):
    (project / "templates" / "assets").mkdir(parents=True)
    (project / "templates" / "assets" / "çay.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    first = _build(project, tmp_path, env=C_LOCALE)
    assert first.returncode == 0, first.stderr
    again = _build(project, tmp_path, env=C_LOCALE)
    assert again.returncode == 0 and again.stdout.startswith("Up to date"), again.stderr


# ---------------------------------------------------------------- new-source and a page's controls (M20)


@pytest.mark.parametrize(
    "line", ["Share this article", "SHARE THIS STORY", "Print this page", "Skip to main content", "Share on X", "Listen to this article"]
)
def test_new_source_never_takes_a_page_control_for_the_title(project, line):
    (project / "seeds" / "gamma.txt").write_text(
        f"{line}\n\nThe Real Title Of It\n\nA paragraph of the article, long enough to be one.\n", encoding="utf-8"
    )
    done = run_cli("--project", str(project), "new-source", str(project / "seeds" / "gamma.txt"))
    assert done.returncode == 0, done.stderr
    draft = yaml.safe_load((project / "content" / "sources" / "gamma.yaml").read_text(encoding="utf-8"))
    assert draft["title"] == "The Real Title Of It" and line in draft["residue"]


@pytest.mark.parametrize("title", ["Sharing the burden", "Print media in Syria", "Email diplomacy between Moscow and Ankara"])
def test_a_title_that_starts_like_a_control_is_still_the_title(project, title):
    (project / "seeds" / "gamma.txt").write_text(f"{title}\n\nA paragraph of the article, long enough to be one.\n", encoding="utf-8")
    assert run_cli("--project", str(project), "new-source", str(project / "seeds" / "gamma.txt")).returncode == 0
    assert yaml.safe_load((project / "content" / "sources" / "gamma.yaml").read_text(encoding="utf-8"))["title"] == title

"""Faults and attacks (issue 19): what the bad-input table cannot express as one broken file."""

from __future__ import annotations

import os

import pytest
from helpers import run_cli

from dossier.render import markup
from dossier.text.ingest import Block
from dossier.text.mentions import Mention


def test_a_mention_link_escapes_its_href_whatever_the_id_holds():
    evil = 'x" onmouseover="alert(1)'
    block = Block("p1", 1, "paragraph", "Moscow said so.", "Moscow said so.")
    block.mentions.append(Mention(evil, "alpha", "p1", 0, 6, "Moscow", "name"))
    html = markup.block_html(block, "sources/alpha.html", set(), {evil: "Evil"}, set())
    assert 'onmouseover="' not in html and ("&#34;" in html or "&quot;" in html)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a mode-000 file")
def test_an_unreadable_record_is_one_line(project, tmp_path):
    (project / "content" / "pages" / "about.yaml").chmod(0)
    done = run_cli("--project", str(project), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "content/pages/about.yaml: error: cannot read it (permission denied) (hint: check the file's permissions)" in done.stderr


def test_a_new_source_from_a_non_latin_file_name_asks_for_a_latin_one(project):
    (project / "seeds" / "سوريا-روسيا.txt").write_text("A title\n\nSome text here that is long enough.\n", encoding="utf-8")
    done = run_cli("--project", str(project), "new-source", str(project / "seeds" / "سوريا-روسيا.txt"))
    assert done.returncode == 1
    assert "no id can be made from this file name" in done.stderr
    assert not (project / "content" / "sources" / ".yaml").exists()

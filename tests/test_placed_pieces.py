"""Claim cards rendered once for every folder (Parts.placed), their links made relative per page: the same bytes as
rendering each from its page's folder, and a project's own card partial still rendered per folder."""

from __future__ import annotations

import shutil

from helpers import FIXTURE, snapshot

from dossier.build.pipeline import build
from dossier.render import parts


def test_placed_cards_are_the_bytes_of_cards_rendered_per_folder(tmp_path, monkeypatch):
    shutil.copytree(FIXTURE, tmp_path / "d")
    build(tmp_path / "d", tmp_path / "placed")
    used: list = []
    original = parts.Parts.placed

    def spy(self, *args):
        found = original(self, *args)
        used.append(found is not None)
        return found

    monkeypatch.setattr(parts.Parts, "placed", spy)
    build(tmp_path / "d", tmp_path / "placed-again")
    assert used and all(used), "the builder's own card is placed, not rendered per folder"
    monkeypatch.setattr(parts.Parts, "placed", lambda self, *args: None)  # every card rendered from its page's folder
    build(tmp_path / "d", tmp_path / "per-folder")
    placed, per_folder = snapshot(tmp_path / "placed"), snapshot(tmp_path / "per-folder")
    placed.pop(".dossier-output"), per_folder.pop(".dossier-output")
    assert placed == per_folder


def test_a_projects_own_card_partial_is_rendered_per_folder(tmp_path):
    project = tmp_path / "d"
    shutil.copytree(FIXTURE, project)
    (project / "templates" / "partials").mkdir(parents=True)
    own = (parts.BUILTIN_TEMPLATES / "partials" / "chips.html").read_text(encoding="utf-8")
    own = own.replace('<a class="chip chip-actor"', '<a class="chip chip-actor" data-folder="{{ page }}"')
    (project / "templates" / "partials" / "chips.html").write_text(own, encoding="utf-8")
    build(project, tmp_path / "out")
    actor = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "actors").glob("*.html"))
    theme = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "themes").glob("*.html"))
    assert 'data-folder="actors/index.html"' in actor and 'data-folder="themes/index.html"' in theme
    assert "placeless" not in actor + theme

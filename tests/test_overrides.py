"""A project's own templates/ overrides the builder's file by file, everywhere the element appears."""

from __future__ import annotations

import shutil

import pytest
from helpers import FIXTURE, ROOT, snapshot
from overrides import MARKED, instances, marker, override_every_partial
from test_synth import synth

from dossier.build.pipeline import build
from dossier.render.parts import own_templates
from dossier.serve.server import error_page


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, str]]:
    """The real dossier (footnotes, URLs, demonyms), the test fixture (claim kinds, badges) and a synthetic one where actors and themes span more than 20 sources ('also in' lines), each built
    with the builder's templates and with every partial overridden."""
    scratch = tmp_path_factory.mktemp("overrides")
    real = scratch / "real"
    real.mkdir()
    for name in ("site.yaml", "content", "seeds"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, real / name)
    synth(scratch / "synthetic", sources=40, actors=8)
    shutil.copytree(FIXTURE, scratch / "fixture")  # the analytic layer: claim kinds, confidence, badges
    out: dict[str, dict[str, str]] = {"plain": {}, "overridden": {}}
    for project in (real, scratch / "synthetic", scratch / "fixture"):
        for how in ("plain", "overridden"):
            if how == "overridden":
                override_every_partial(project)
            build(project, scratch / how / project.name, base_url="https://example.org/d/")
            files = snapshot(scratch / how / project.name)
            out[how].update({f"{project.name}/{p}": data.decode("utf-8") for p, data in files.items() if p.endswith((".html", ".xml"))})
        out["overridden"][f"{project.name}/serve-error"] = error_page(project, ["content/x.yaml:1: error: a problem"])
        out["plain"][f"{project.name}/serve-error"] = error_page(None, ["content/x.yaml:1: error: a problem"])
    return {
        how: {path.partition("/")[2] + " " + path.partition("/")[0]: text for path, text in files.items()} for how, files in out.items()
    }


@pytest.mark.parametrize("name", sorted(MARKED))
def test_every_instance_of_an_overridden_partial_carries_its_marker(built, name):
    found = {}
    for how in ("plain", "overridden"):
        files = {}
        for key, text in built[how].items():
            path = key.rpartition(" ")[0]
            files[path] = files.get(path, "") + "\0" + text  # both projects' copies of a path, one string
        found[how] = instances(name, files)
    assert found["overridden"], f"no instance of {name}'s element in either build"
    assert set(found["overridden"]) == {marker(name)}, f"{found['overridden'].count(None)} instances without the marker"
    assert found["plain"] == [None] * len(found["overridden"])  # the same elements, unmarked with the builder's own


def test_serve_knows_when_a_project_has_templates_of_its_own(tmp_path):
    project = tmp_path / "d"
    (project / "templates" / "assets").mkdir(parents=True)
    (project / "templates" / "assets" / "style.css").write_text("body{}", encoding="utf-8")
    assert not own_templates(project)  # assets are copied, never rendered
    shutil.copy(ROOT / "templates" / "theme.html", project / "templates" / "theme.html")
    assert not own_templates(project)  # a copy of the builder's own
    (project / "templates" / "theme.html").write_text("{{ b.claims | length }}", encoding="utf-8")
    assert own_templates(project)
    assert not own_templates(ROOT)

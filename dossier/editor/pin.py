"""Where this builder was published, from its own metadata: the pin `init` writes into a new dossier's requirements."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata

from dossier import __version__
from dossier.paths import ENGINE

DIST = "dossier-builder"
# Written into the package by the release workflow (scripts/release.py stamp) just before the wheel is built;
# a source checkout has none.
RELEASE_FILE = ENGINE / "release.json"


@dataclass(frozen=True)
class Pin:
    """The requirement line for this builder, the comment that says what it is, and whether CI can reach it."""

    requirement: str
    note: str
    reachable: bool


def wheel_name(version: str = __version__) -> str:
    """The file name of this version's wheel (pure Python, any platform), as the release attaches it."""
    return f"dossier_builder-{version}-py3-none-any.whl"


def release_url(repository: str, tag: str, version: str = __version__) -> str:
    """Where a GitHub release serves an attached file: REPOSITORY/releases/download/TAG/FILE."""
    return f"{repository.rstrip('/')}/releases/download/{tag}/{wheel_name(version)}"


def stamped_release() -> dict | None:
    """The release this copy of the builder was built for (repository, tag, commit), if it is a release build."""
    try:
        found = json.loads(RELEASE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not all(isinstance(found.get(k), str) and found[k] for k in ("repository", "tag", "commit")):
        return None
    return found if found.get("version", __version__) == __version__ else None


def installed_from() -> dict | None:
    """pip's record of where this builder came from (PEP 610 direct_url.json; {} from an index), None if not installed.

    Only an installation counts (its record names an INSTALLER): the `.egg-info` an editable install leaves in a source
    checkout is found first when the checkout is on sys.path, and has no direct_url.json, so it would read as "from an
    index"."""
    installed = [d for d in metadata.distributions(name=DIST) if d.read_text("INSTALLER")]
    if not installed:
        return None
    text = installed[0].read_text("direct_url.json")
    try:
        return json.loads(text) if text else {}
    except ValueError:
        return None


def builder_pin() -> Pin:
    """The pinned place this builder can be installed from again: its release, its pip origin, or (not reachable) this folder."""
    release = stamped_release()
    if release:
        return Pin(
            f"{DIST} @ {release_url(release['repository'], release['tag'])}",
            f"release {release['tag']} of {release['repository']} (commit {release['commit']}), its wheel",
            True,
        )
    origin = installed_from()
    if origin == {}:  # installed by name from a package index, which therefore holds this version
        return Pin(f"{DIST}=={__version__}", "from the package index it was installed from", True)
    url = (origin or {}).get("url", "")
    if origin and url and not url.startswith("file:"):
        vcs = origin.get("vcs_info")
        if vcs and vcs.get("commit_id"):
            return Pin(f"{DIST} @ {vcs['vcs']}+{url}@{vcs['commit_id']}", f"{url} at commit {vcs['commit_id']}", True)
        hashes = (origin.get("archive_info") or {}).get("hashes") or {}
        digest = f"#sha256={hashes['sha256']}" if "sha256" in hashes else ""
        return Pin(f"{DIST} @ {url}{digest}", f"the file this builder was installed from, {url}", True)
    where = url or ENGINE.parent.as_uri()
    if ((origin or {}).get("dir_info") or {}).get("editable"):
        # An editable record names the checkout it was made from; the code running may be another copy of it (a
        # test's copy runs its own build.py): the folder to name is the running one.
        where = ENGINE.parent.as_uri()
    return Pin(f"{DIST} @ {where}", f"this builder's own folder ({where}): not a release, so GitHub's runners cannot install it", False)

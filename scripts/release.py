"""Release steps the release workflow runs: check that a tag names this version; stamp where the release lives."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMP = ROOT / "dossier" / "release.json"


def version() -> str:
    """The builder's version, read from dossier/__init__.py (nothing imported)."""
    found = re.search(r'^__version__ = "([^"]+)"$', (ROOT / "dossier" / "__init__.py").read_text(encoding="utf-8"), re.M)
    assert found, "dossier/__init__.py has no __version__"
    return found.group(1)


def check(tag: str) -> int:
    """A release tag is v + the version in dossier/__init__.py, so the wheel's name and the tag agree."""
    if tag != f"v{version()}":
        print(
            f"release: tag {tag} does not name version {version()} (hint: tag v{version()}, or bump dossier/__init__.py)", file=sys.stderr
        )
        return 1
    print(f"release: tag {tag} names version {version()}.")
    return 0


def stamp(repository: str, tag: str, commit: str) -> int:
    """Write dossier/release.json, which the wheel carries and `dossier init` reads to pin this release."""
    if not re.fullmatch(r"[0-9a-f]{40}", commit) or not re.match(r"https?://", repository):
        print(f"release: need a repository URL and a 40-digit commit, got {repository!r} and {commit!r}", file=sys.stderr)
        return 1
    record = {"repository": repository.rstrip("/"), "tag": tag, "commit": commit, "version": version()}
    STAMP.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"release: stamped {STAMP.relative_to(ROOT)}: {record}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="step", required=True)
    sub.add_parser("check").add_argument("tag")
    s = sub.add_parser("stamp")
    s.add_argument("--repository", required=True, help="e.g. https://github.com/OWNER/REPO ($GITHUB_SERVER_URL/$GITHUB_REPOSITORY)")
    s.add_argument("--tag", required=True)
    s.add_argument("--commit", required=True)
    args = parser.parse_args(argv)
    return check(args.tag) if args.step == "check" else stamp(args.repository, args.tag, args.commit)


if __name__ == "__main__":
    sys.exit(main())

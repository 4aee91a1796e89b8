"""The seeds are the articles as received: the bytes of every seed PROVENANCE.md lists never change."""

import hashlib
import re

import pytest
from helpers import ROOT

pytestmark = pytest.mark.content  # invariants of the dossier, run by the workflow's content job too


def test_seeds_match_their_recorded_checksums():
    provenance = ROOT / "seeds" / "PROVENANCE.md"
    if not provenance.is_file():  # this repository's own record of its articles; another dossier may keep none
        pytest.skip("this dossier keeps no seeds/PROVENANCE.md (the builder's own dossier does)")
    rows = re.findall(r"^\| (\S+\.txt) \| \S+ \| ([0-9a-f]{16}) \|$", provenance.read_text(), re.M)
    assert rows, "seeds/PROVENANCE.md lists no seed"
    for name, digest in rows:
        assert hashlib.sha256((ROOT / "seeds" / name).read_bytes()).hexdigest()[:16] == digest, name


def test_every_seed_has_a_source_record():
    seeds = {p.stem for p in (ROOT / "seeds").glob("*.txt")}
    sources = {p.stem for p in (ROOT / "content" / "sources").glob("*.yaml")}
    assert seeds == sources

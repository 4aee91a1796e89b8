"""The review queue: capitalised names in the seeds that no alias covers, so an editor sees what is not linked."""

from __future__ import annotations

import re
from collections import Counter

MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
NAME = re.compile(r"(?<![\w’'])(?:[A-Z][\w’'.-]*[\w]|[A-Z])(?:\s+(?:(?:of|the|de|al|bin)\s+)?[A-Z][\w’'.-]*\w)*")


def unlinked_names(seeds: dict) -> list[tuple[str, int, str]]:
    """(name, occurrences, first place 'source#pN'), most frequent first."""
    words = Counter(w for seed in seeds.values() for b in seed.blocks for w in re.findall(r"[a-z][\w’'-]*", b.text))
    found: Counter = Counter()
    first: dict[str, str] = {}
    for sid, seed in sorted(seeds.items()):
        for block in seed.blocks:
            if block.kind in ("title", "heading", "byline"):
                continue  # headings are in title case: every word would look like a name
            covered = [(m.start, m.end) for m in block.mentions]
            starts = {s for s, _ in block.sentences}
            for m in NAME.finditer(block.text):
                name = m.group(0).rstrip(".")
                if any(s < m.end() and m.start() < e for s, e in covered):
                    continue
                # A lone capitalised word that also occurs in lower case is an ordinary word at a sentence start.
                if " " not in name and (name.lower() in words or len(name) < 3 or m.start() in starts or name in MONTHS):
                    continue
                found[name] += 1
                first.setdefault(name, f"{sid}#{block.anchor}")
    return [(name, n, first[name]) for name, n in sorted(found.items(), key=lambda x: (-x[1], x[0]))]

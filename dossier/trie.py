"""A regular expression for many literal phrases, factored by common prefixes.

Python's `re` tries every branch of a plain alternation at every position; with hundreds of
aliases that dominates a build. Factored into a trie, the first character picks the branch, and
greedy optional tails still give the longest phrase that ends on a word edge.
"""
from __future__ import annotations

import re


def trie_pattern(phrases, ignore_case: bool = False) -> str:
    """A regex body matching any of the phrases, preferring the longest."""
    root: dict = {}
    for phrase in phrases:
        node = root
        for ch in phrase.lower() if ignore_case else phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node(root) if root else r"(?!x)x"


def _node(node: dict) -> str:
    branches = [re.escape(ch) + _node(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a phrase may end here: try the longer ones first, greedily
        return f"(?:{body})?"
    return body

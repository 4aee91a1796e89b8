"""A regular expression for many literal phrases, factored by common prefixes.

Python's `re` tries every branch of a plain alternation at every position; with hundreds of
aliases that dominates a build. Factored into a trie, the first character picks the branch, and
greedy optional tails still give the longest phrase that ends on a word edge.
"""

from __future__ import annotations

import re


def trie_pattern(phrases, ignore_case: bool = False) -> str:
    """A regex body matching any of the phrases, preferring the longest."""
    root = _trie(phrase.lower() if ignore_case else phrase for phrase in phrases)
    return _node(root) if root else r"(?!x)x"


def word_start_pattern(phrases) -> str:
    """Like trie_pattern, but only where no letter or digit comes just before the phrase.

    The check sits after each phrase's first character, not in front of the pattern: a pattern
    that opens with a set of literal characters lets `re` skip ahead to the next one of them
    (twice as fast on running text), an opening look-behind does not."""
    root = _trie(phrases)
    branches = [re.escape(ch) + r"(?<!\w[\s\S])" + _node(child) for ch, child in sorted(root.items()) if ch]
    return "(?:" + "|".join(branches) + ")" if branches else r"(?!x)x"


def compile_phrases(phrases, wrap: str = "{}", word_start: bool = False) -> re.Pattern:
    """`wrap` (with {} for the phrases' pattern) compiled, the phrases factored into a trie; where the trie nests too
    deep for `re` to compile (hundreds of aliases each a prefix of the next), one flat alternation, longest first,
    which finds the same matches more slowly."""
    phrases = list(phrases)
    try:
        return re.compile(wrap.format(word_start_pattern(phrases) if word_start else trie_pattern(phrases)))
    except RecursionError:
        flat = sorted(phrases, key=lambda p: (-len(p), p))
        if word_start:
            body = "|".join(re.escape(p[0]) + r"(?<!\w[\s\S])" + re.escape(p[1:]) for p in flat if p)
        else:
            body = "|".join(re.escape(p) for p in flat)
        return re.compile(wrap.format(f"(?:{body})" if body else r"(?!x)x"))


def _trie(phrases) -> dict:
    root: dict = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return root


def _node(top: dict) -> str:
    """The regex body of a trie node, built without recursion: an alias of any length (10 kB of 'Damascus ') is
    a path as deep as it is long, and Python's stack is not. A run of single-child nodes is one literal."""
    done: dict[int, str] = {}
    stack: list[tuple[dict, bool]] = [(top, False)]
    while stack:
        node, ready = stack.pop()
        if not ready:
            stack.append((node, True))
            stack.extend((_chain(child)[1], False) for ch, child in node.items() if ch)
            continue
        branches = []
        for ch, child in sorted(node.items()):
            if ch:
                literal, end = _chain(child)
                branches.append(re.escape(ch + literal) + done[id(end)])
        if not branches:
            done[id(node)] = ""
            continue
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # a phrase may end here: try the longer ones first, greedily
        done[id(node)] = f"(?:{body})?" if "" in node else body
    return done[id(top)]


def _chain(node: dict) -> tuple[str, dict]:
    """The characters of a run of nodes with one child each and no phrase ending in them, and the node it ends at."""
    letters = []
    while len(node) == 1 and "" not in node:
        ((ch, node),) = node.items()
        letters.append(ch)
    return "".join(letters), node

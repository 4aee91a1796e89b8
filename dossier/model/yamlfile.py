"""YAML reading that remembers the line of every key and list item."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml


class Mapping(dict):
    """A dict that knows the line it starts on and the line of each key."""

    line = 0
    file = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class Sequence(list):
    """A list that knows its line and the line of each item."""

    line = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:  # libyaml's loader where PyYAML was built with it
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKey(yaml.MarkedYAMLError):
    """Two equal keys in one mapping: PyYAML silently keeps the last, we refuse."""


class _Loader(_BaseLoader):
    """libyaml's parser when present (about ten times faster), with our constructors on top."""


def _mapping(loader, node):
    result = Mapping()
    result.line = node.start_mark.line + 1
    yield result
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(None, None, "a mapping key must be a plain value", key_node.start_mark)
        if key in result:
            raise DuplicateKey(None, None, f"duplicate key '{key}'", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1


def _sequence(loader, node):
    result = Sequence()
    result.line = node.start_mark.line + 1
    yield result
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.lines.append(item.start_mark.line + 1)


def _plain_string(loader, node):
    # Dates stay text: the content model keeps the precision the editor wrote ("2025-10").
    return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _plain_string)


def parse(text: str):
    """Parse YAML text into Mapping/Sequence/scalars; raises yaml.YAMLError with a mark."""
    return yaml.load(text, Loader=_Loader)


# A value that opens a quote and does not close it on its line: `key: "text…`, `- 'text…` (a quote doubled inside
# single quotes, or escaped inside double quotes, does not close it).
OPEN_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s:#"'][^:#]*:\s+)?(?:"(?:[^"\\]|\\.)*|'(?:[^']|'')*)$""")


def describe_error(exc: yaml.YAMLError, text: str = "") -> tuple[int, str]:
    """The line and a one-line message for a YAML syntax error; an unclosed quote is named where it opened."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else 0
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"{context}, {problem}" if context and problem else problem
    # The parser notices a quote left open only where the text stops making sense, often many lines later.
    opened = getattr(exc, "context_mark", None) if context and "quoted scalar" in context else None
    if opened is not None:
        line = opened.line + 1
    elif text and line:
        opened_at = [n for n, l in enumerate(text.splitlines()[: line - 1], 1) if OPEN_QUOTE.match(l)]
        if not opened_at:
            return line, " ".join(str(message).split())
        line = opened_at[-1]
    else:
        return line, " ".join(str(message).split())
    return line, f"a quote opened on this line is not closed ({' '.join(str(message).split())})"

"""Dates as readers see them: the precision the editor gave, no more."""

from __future__ import annotations

MONTHS = "January February March April May June July August September October November December".split()


def human_date(value: str | None) -> str:
    """'2025-10' -> 'October 2025': the precision the editor gave, no more."""
    if not value:
        return "undated"
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def qualified_date(value: str | None, qualifier: str | None) -> str:
    """'Before December 2024', 'About 2011', or the plain date."""
    text = human_date(value)
    return f"{qualifier.capitalize()} {text}" if qualifier else text

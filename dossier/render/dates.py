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
    """'Before December 2024', 'By December 2024' (at the latest then), 'About 2011', or the plain date."""
    text = human_date(value)
    return f"{qualifier.capitalize()} {text}" if qualifier else text


def writing_window(source) -> str:
    """When a source was written, as its record supports it: 'written between January and February 2025 (editor's inference)'."""
    window = source["written"] or {}
    early, late = window.get("not_before"), window.get("not_after")
    if early and late:
        text = f"written between {human_date(early)} and {human_date(late)}"
    elif early:
        text = f"written no earlier than {human_date(early)}"
    elif late:
        text = f"written by {human_date(late)}"
    else:
        return ""
    return text + (" (editor’s inference)" if window.get("inferred") else "")


def reported_by(source) -> str:
    """The latest an event a source reports can have happened, as its record gives it: 'reported by November 2025', or ''."""
    window = source["written"] or {}
    latest = source["published"] or window.get("not_after")
    return f"reported by {human_date(latest)}" if latest else ""

"""Where the builder's own files live (kept apart so a no-op rebuild imports nothing heavy)."""

from __future__ import annotations

from pathlib import Path

ENGINE = Path(__file__).resolve().parent
# An installed wheel carries the default theme inside the package (dossier/theme/); a source checkout
# keeps its one copy at the repository's top level, where site owners look for it.
_WHEEL_THEME = ENGINE / "theme"
BUILTIN_TEMPLATES = _WHEEL_THEME if _WHEEL_THEME.is_dir() else ENGINE.parent / "templates"

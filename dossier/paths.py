"""Where the builder's own files live (kept apart so a no-op rebuild imports nothing heavy)."""
from __future__ import annotations

from pathlib import Path

ENGINE = Path(__file__).resolve().parent
BUILTIN_TEMPLATES = ENGINE.parent / "templates"

"""Text laid out in columns for a terminal, where East Asian wide and full-width characters take two columns."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int, *, at_least: int = 0) -> str:
    """``text`` followed by spaces up to ``columns`` columns (and at least ``at_least`` spaces)."""
    return text + " " * max(columns - width(text), at_least)

"""The pieces every outline is made of: chapters, their sub-items, and what each sub-item needs from the plan.

Each type's official outline (``doctypes/<type>/outline.py``) is data built from these; rule R1 and the context
builders read the same data, so the checks and the document cannot disagree.
"""

from __future__ import annotations

from typing import NamedTuple

CN_NUMBERS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (enough for headings)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_NUMBERS[tens - 1]) + "十" + (CN_NUMBERS[ones - 1] if ones else "")


class Requirement(NamedTuple):
    """One thing a sub-item must contain, and where the YAML holds it."""

    path: tuple[str, ...]
    what: str
    warning: str = ""    # a part the outline asks for that a plan may still lack (a warning, R1.3): why it matters


class SubItem(NamedTuple):
    title: str
    key: str
    requires: tuple[Requirement, ...] = ()


class Chapter(NamedTuple):
    title: str
    key: str
    items: tuple[SubItem, ...] = ()


def requirements(*entries: tuple[str, ...]) -> tuple[Requirement, ...]:
    """Requirements from (dotted path, what it is[, why a missing one is only a warning])."""
    return tuple(Requirement(tuple(path.split(".")), what, *rest) for path, what, *rest in entries)

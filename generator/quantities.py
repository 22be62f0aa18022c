"""Arithmetic of the domain: years written several ways, average growth, amounts in comparable units."""

from __future__ import annotations

import re
from typing import Any, Iterable

#: Each unit's family and its size in the family's base — money in 万元 or 万美元 (the two currencies stay apart),
#: counts in ones — so amounts written in different units of one family can be compared and added.
UNITS: dict[str, tuple[str, float]] = {
    "元": ("CNY", 0.0001), "万元": ("CNY", 1.0), "亿元": ("CNY", 10_000.0), "万亿元": ("CNY", 100_000_000.0),
    "美元": ("USD", 0.0001), "万美元": ("USD", 1.0), "亿美元": ("USD", 10_000.0),
    "平方米": ("平方米", 1.0), "万平方米": ("平方米", 10_000.0),
    **{unit: (base, factor) for base in ("人", "人次", "个", "件", "单", "户", "家", "次", "吨", "项")
       for unit, factor in ((base, 1.0), (f"万{base}", 10_000.0), (f"亿{base}", 100_000_000.0))},
}


def year_of(value: Any) -> int | None:
    """The year in 2027, '2027-06', '2027年12月', '2027年底'; None for '长期' and the like."""
    if isinstance(value, int):
        return value
    match = re.match(r"^(\d{4})", str(value))
    return int(match.group(1)) if match else None


def month_key(value: Any) -> tuple[int, int] | None:
    """(year, month) of 2027 or '2027-06'; a bare year sorts before its months."""
    match = re.match(r"^(\d{4})(?:-(\d{1,2}))?$", str(value)) if value is not None else None
    return (int(match.group(1)), int(match.group(2) or 0)) if match else None


def derived_growth(baseline: float, target: float, years: int) -> float | None:
    """Average annual growth in percent from ``baseline`` to ``target`` over ``years`` years."""
    if years <= 0 or baseline <= 0 or target < 0:
        return None
    return ((target / baseline) ** (1 / years) - 1) * 100


def to_common(value: float, unit: str) -> tuple[str, float] | None:
    """An amount in its family's base (money in 万元 or 万美元), tagged with the family, so amounts in different
    units of one family can be compared; None for a unit without a family (%, 亩)."""
    family = UNITS.get(unit)
    return (family[0], value * family[1]) if family else None


def points_growth(item: dict[str, Any]) -> float | None:
    """The average annual growth from an indicator's baseline to its target, in percent (None if it has none)."""
    baseline, target = item.get("baseline") or {}, item.get("target") or {}
    try:
        return derived_growth(float(baseline["value"]), float(target["value"]), int(target["year"]) - int(baseline["year"]))
    except (KeyError, TypeError, ValueError):
        return None


def indicator_growth(item: dict[str, Any]) -> tuple[float | None, bool]:
    """(annual growth in percent, whether it was stated) for an indicator."""
    if isinstance(item.get("growth"), (int, float)):
        return float(item["growth"]), True
    return points_growth(item), False


def from_common(value: float, unit: str) -> float:
    """An amount in its family's base expressed in ``unit``; unchanged for a unit without a family."""
    return value / UNITS[unit][1] if unit in UNITS else value


def convert(value: float, source: str, target: str) -> float:
    """``value`` from unit ``source`` into ``target``; unchanged when they are not of one family."""
    a, b = to_common(1.0, str(source)), to_common(1.0, target)
    return value * (a[1] / b[1]) if a and b and a[0] == b[0] else value


def common_unit(units: Iterable[str]) -> str:
    """The money unit a table or a sum is shown in: the one unit all amounts share, else 万元."""
    distinct = set(units)
    return distinct.pop() if len(distinct) == 1 else "万元"


#: indicator kinds that are rates themselves, and kinds that are counted cumulatively (法规政策任务: so many rules
#: issued by the end): an average growth of either means nothing
RATE_KINDS = ("增长率", "应用普及程度")
CUMULATIVE_KINDS = ("法规政策任务",)


def no_growth(item: dict[str, Any]) -> bool:
    """Whether an indicator is a rate (unit % or a rate kind) or a cumulative count, of which no average growth is
    computed, checked or shown."""
    return item.get("unit") == "%" or item.get("kind") in RATE_KINDS + CUMULATIVE_KINDS


def shown_growth(item: dict[str, Any]) -> float | None:
    """The average annual growth a table or the 摘要 shows for an indicator: none where it means nothing."""
    return None if no_growth(item) else indicator_growth(item)[0]


def in_unit(value: Any, source: Any, target: str) -> float | None:
    """A known amount in ``target`` units; None for an amount still missing (a draft's placeholder), or one whose
    unit is (a unit still to be written cannot be added to 万元)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or to_common(1.0, str(source)) is None:
        return None
    return convert(float(value), str(source), target)


def plus(total: float | None, value: float | None) -> float | None:
    """A running total that is unknown as soon as one of its parts is."""
    return None if total is None or value is None else total + value

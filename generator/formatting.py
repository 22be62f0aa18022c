"""How numbers, dates and lists are written in a Chinese government document."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: Any) -> str:
    """Text as it can stand in a .docx: XML-1.0-illegal control characters removed, everything else kept."""
    return _XML_ILLEGAL.sub("", str(text))


def num(value: Any) -> str:
    """7260.5 → '7260.5', 12000.0 → '12000', 0.15000000001 → '0.15' (no thousands separators, as the seeds write)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return clean(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text if text not in ("-0", "") else "0"
    return str(value)


def amount(value: Any, unit: str) -> str:
    return f"{num(value)}{unit}"


def date_cn(value: Any) -> str:
    """2026-03-08 → 2026年3月8日 (no padding, as GB/T 9704 writes dates)."""
    if isinstance(value, _dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return clean(value)


def as_date(value: Any) -> _dt.date | None:
    """A YAML date, or one written 2026年3月8日."""
    if isinstance(value, _dt.date):
        return value
    match = re.match(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$", str(value))
    try:
        return _dt.date(*(int(g) for g in match.groups())) if match else None
    except ValueError:
        return None


def month_cn(value: Any) -> str:
    """2027 → 2027年; '2027-03' → 2027年3月."""
    match = re.match(r"^(\d{4})(?:-(\d{1,2}))?$", str(value))
    if not match:
        return clean(value)
    return f"{match.group(1)}年" + (f"{int(match.group(2))}月" if match.group(2) else "")


def join_cn(items: list[str]) -> str:
    return "、".join(clean(item) for item in items if str(item).strip())


def sentence(text: Any) -> str:
    """Ends a piece of text with a full stop unless it already ends with punctuation."""
    text = clean(text).strip()
    if not text or text[-1] in "。！？；…" or (len(text) > 1 and text[-1] in "”’）)" and text[-2] in "。！？"):
        return text
    return text + "。"

"""The forms a planner writes values in, read the same wherever a field asks for one: a year, a month or a date as
2026, 2026年, 2026年12月, 2026年12月31日, 2026-12 or 2026-12-31 (also with / or .), quoted or not; yes or no as 是/否;
a number in full-width digits (８６５．３) as typed with a Chinese input method; a span of years (创建期
2027—2029年) as its start and end. ``normalised`` gives each field's
value in the one form ecplan reads.

A field of the schema says what it asks for in its ``meta``: ``when: year`` (a year), ``month`` (a year, or a year
and month), ``date`` (a date; a month or a year stands as written) or ``deadline`` (a 完成时限, which may also read
2027年底, 长期…). ``normalised`` rewrites the plan's data before it is checked; a value in none of the forms is
left as it is, for the schema to report once (S206).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from generator.lazy import Pattern

_SEPARATED = Pattern(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_CHINESE = Pattern(r"^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$")

#: how the manual and the hints name the forms
FORMS = ("2026", "2026年", "2026年12月", "2026年12月31日", "2026-12", "2026-12-31")
#: yes and no as a planner writes them
YES_NO = {"是": True, "否": False, "对": True, "不": False, "有": True, "无": False, "true": True, "false": False,
          "yes": True, "no": False}
_NUMBER = Pattern(r"^[-+]?\d+(\.\d+)?$")
#: a span of years written in one line, as for 创建期: 2027—2029年, 2027-2029, 2027年至2029年
_SPAN = Pattern(r"^(\d{4})年?\s*(?:—|–|-|~|～|至|到)+\s*(\d{4})年?$")


def typed_number(text: str, *, commas: bool = False) -> int | float | None:
    """The number in ``text`` as typed (full-width digits read as such; with ``commas``, 1,860 too), or None."""
    plain = unicodedata.normalize("NFKC", text).strip()
    plain = plain.replace(",", "") if commas else plain
    if not _NUMBER.match(plain):
        return None
    return float(plain) if "." in plain else int(plain)


def _is_span(rules: dict[str, Any]) -> bool:
    """Whether a mapping's fields are a start year and an end year (创建期)."""
    fields = rules.get("schema") if isinstance(rules.get("schema"), dict) else {}
    return {"start", "end"} <= set(fields) and all(fields[key].get("meta", {}).get("when") == "year"
                                                   for key in ("start", "end"))


def parts(value: Any) -> tuple[int, int | None, int | None] | None:
    """Year, month and day of a value in one of the forms (None where not given); None for anything else (a month
    13 or a 30 February included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.year, value.month, value.day
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = re.sub(r"年度$", "年", re.sub(r"\s+", "", value))      # 2028年度
    else:
        return None
    match = _SEPARATED.match(text) or _CHINESE.match(text)
    if not match:
        return None
    year, month, day = (int(group) if group else None for group in match.groups())
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            dt.date(year, month, day)   # type: ignore[arg-type]
        except ValueError:
            return None
    return year, month, day


def as_kind(value: Any, kind: str) -> Any:
    """``value`` in the form a field of ``kind`` is read in; as it is when it is in none of the forms."""
    found = parts(value)
    if found is None:
        return value
    year, month, day = found
    if kind == "year":
        return year
    if kind == "month":
        return year if month is None else f"{year}-{month:02d}"
    if kind == "date":
        if day is not None:
            return dt.date(year, month, day)    # type: ignore[arg-type]
        return f"{year}年" + (f"{month}月" if month else "")
    if kind == "deadline":
        return f"{year}年" + (f"{month}月" if month else "") + (f"{day}日" if day else "")
    return value


def normalised(value: Any, rules: dict[str, Any] | None) -> Any:
    """The plan's data with every year, month, date and deadline, every yes/no and every number typed in full-width
    digits in the form its field is read in (the containers that change are copies; the data is not changed)."""
    if rules is None:
        return value
    kind = rules.get("meta", {}).get("when")
    if kind:
        read = as_kind(unicodedata.normalize("NFKC", value) if isinstance(value, str) else value, kind)
        return value if type(read) is type(value) and read == value else read
    types = rules.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    span = _SPAN.match(unicodedata.normalize("NFKC", value).strip()) if isinstance(value, str) else None
    if span and "dict" in types and _is_span(rules):       # period: 2027—2029年
        return {"start": int(span[1]), "end": int(span[2])}
    if isinstance(value, str) and "boolean" in types and value.strip().lower() in YES_NO:
        return YES_NO[value.strip().lower()]
    if isinstance(value, str) and ("number" in types or "integer" in types) and value != unicodedata.normalize("NFKC", value):
        number = typed_number(value)        # full-width digits, as an input method types them
        if number is not None:
            return float(number) if "integer" not in types else number
    if isinstance(value, dict):   # a container is copied only where something in it changes
        fields = rules.get("schema", {}) if isinstance(rules.get("schema"), dict) else {}
        if rules.get("type") == "list":
            return value
        read = {key: normalised(item, fields.get(key)) for key, item in value.items()}
        return value if all(read[key] is item for key, item in value.items()) else read
    if isinstance(value, list):
        inner = rules.get("schema")
        items = [normalised(item, inner if isinstance(inner, dict) else None) for item in value]
        return value if all(new is old for new, old in zip(items, value)) else items
    return value

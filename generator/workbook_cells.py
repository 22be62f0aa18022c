"""How a department's cell of each kind of column is read: numbers typed as text or in full-width digits, amounts
with their unit (4500万元), percentages (15, "15%", 0.15 in a percent cell), periods (2027-03—2028-12), Excel dates
as the cell shows them, targets with their bound (12000以上, ≥3000) or a milestone's words, lists, names, and the
measures of a task one a line."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from generator.forms import typed_number
from generator.lazy import Pattern
from generator.workbook_layout import Column


def number_of(value: Any) -> Any:
    """A number as a department stores it: a number, or text such as "1,860" or "１２３" (else the text, which the
    schema then reports where it stands)."""
    if isinstance(value, bool) or not isinstance(value, str):
        return value
    number = typed_number(value, commas=True)
    return value.strip() if number is None else number


def _percent(value: Any, cell_format: str) -> Any:
    """A percentage: 15, "15%", or 0.15 in a cell formatted as a percentage."""
    if isinstance(value, str) and value.strip().endswith(("%", "％")):
        number = number_of(value.strip()[:-1])
        return number if isinstance(number, (int, float)) else value
    number = number_of(value)
    if isinstance(number, (int, float)) and "%" in (cell_format or ""):
        return round(number * 100, 6)
    return number


_PERIOD = Pattern(r"^(\d{4}(?:\s*[.\-/年]\s*\d{1,2}\s*月?)?)\s*年?\s*(?:—+|–|~|～|至|到|-)\s*"
                     r"(\d{4}(?:\s*[.\-/年]\s*\d{1,2}\s*月?)?)\s*年?$")


_NUMBERED = Pattern(r"^\s*(?:[（(]\d+[）)]|\d+[.、．]|[①-⑳])\s*")


#: how a bound may be written beside a target's number: ≥3000, 3000+, 约3000
_SIGNS = {"≥": "不低于", ">=": "不低于", "＞": "以上", ">": "以上", "≤": "不超过", "<=": "不超过", "＜": "以内",
          "<": "以内", "约": "左右", "+": "以上"}
_TARGET = Pattern(r"^(?P<before>[^\d\s]*?)\s*(?P<number>[\d,]+(?:\.\d+)?)\s*(?P<unit>[^\d\s]*?)\s*(?P<after>以上|左右|以内|\+)?$")


def target_of(value: Any) -> dict[str, Any]:
    """A 目标值 cell as the target's fields: a number, a number with its bound (12000以上, 不低于80, ≥3000, 3000+,
    约3000, 3000家以上 — the indicator's unit may stand beside it), or the words of a milestone target. Text that is
    none of these (大约3000) stays a value, for the schema to report where it is."""
    from generator.doctypes.fields import ALL_UNITS
    from generator.doctypes.schema import BOUNDS
    from generator.placeholders import whole

    number = number_of(value)
    if not isinstance(number, str):
        return {"value": number}
    text = unicodedata.normalize("NFKC", number).strip()
    found = _TARGET.match(text)
    if found and (found.group("unit") in ALL_UNITS or not found.group("unit")):
        before, after = found.group("before"), found.group("after") or ""
        bound = _SIGNS.get(before) or (before if before in BOUNDS else None) if before else _SIGNS.get(after, after)
        parsed = number_of(found.group("number"))
        if isinstance(parsed, (int, float)) and (bound is None or bound in BOUNDS) and (bound or not before):
            return {"value": parsed, "bound": bound} if bound else {"value": parsed}
    if whole(text) is None and sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= 4 and not text[0].isdigit():
        return {"text": number}     # (a 待补充 stands for the number still to come)
    return {"value": number}


#: an amount typed with its unit in the cell: 4500万元, 1.5亿元
_AMOUNT = Pattern(r"^([\d,]+(?:\.\d+)?)\s*(元|万元|亿元|万亿元|万美元|亿美元)$")


def amount_in_cell(value: Any) -> tuple[float, str] | None:
    """A number and the unit typed with it in one cell (4500万元), or None."""
    if not isinstance(value, str):
        return None
    found = _AMOUNT.match(unicodedata.normalize("NFKC", value).strip())
    number = number_of(found.group(1)) if found else None
    return (number, found.group(2)) if isinstance(number, (int, float)) else None


def measure_line(measure: dict[str, Any]) -> str:
    """A task's measure as one line of the 具体措施 cell: 标题：内容, or either alone."""
    title, text = str(measure.get("title") or "").strip(), str(measure.get("text") or "").strip()
    return f"{title}：{text}" if title and text else title or text


def measures_of(value: Any) -> list[dict[str, str]]:
    """The measures of a 具体措施 cell, one a line (numbered or not): 标题：内容 is a titled measure."""
    found = []
    for line in str(value).splitlines():
        line = _NUMBERED.sub("", line).strip()
        if not line:
            continue
        title, colon, text = line.partition("：")
        found.append({"title": title, "text": text} if colon and text and len(title) <= 30
                     and not re.search(r"[，。；]", title) else {"text": line})
    return found


def _as_shown(value: dt.date, cell_format: str) -> Any:
    """An Excel date as its cell shows it: 2027-03 when the format has no day, 2027 when it has only the year."""
    shown = (cell_format or "").lower().replace("[", " ").split(";")[0]
    if "d" in shown or not re.search(r"[ym]", shown):
        return value
    return f"{value.year}-{value.month:02d}" if "m" in shown else value.year


def cell_value(column: Column, value: Any, cell_format: str) -> Any:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = _as_shown(value, cell_format)
    if column.kind == "number":
        return number_of(value)
    if column.kind == "percent":
        return _percent(value, cell_format)
    if column.kind == "list":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return [int(value)]
        parts = [number_of(part) for part in re.split(r"[、，,；;\s]+", unicodedata.normalize("NFKC", str(value)))
                 if part.strip()]
        return parts
    if column.kind == "names":          # 市财政局、市统计局 (or with commas, or on lines of their own)
        return [name for name in re.split(r"[、，,；;\s]+", str(value).strip()) if name]
    if column.kind == "target":         # 12000, 12000以上, 不低于80, or a milestone: 建成……平台
        return target_of(value)
    if column.kind == "measures":       # one a line (（1）…), a title before its text: 标题：内容
        return measures_of(value)
    if column.kind == "period":
        found = _PERIOD.match(unicodedata.normalize("NFKC", str(value)).strip())
        # a start alone (2027-03), or text in no form, stands as the start: the schema reports it there, once
        return (found.group(1).replace(" ", ""), found.group(2).replace(" ", "")) if found else (value,)
    if isinstance(value, str):
        return value.strip()
    return value

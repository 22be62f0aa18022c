"""Reading the values of a plan out of its sentences and tables, as Chinese plans write them: statistics in a sentence
(全市常住人口865.3万人；地区生产总值7260.5亿元，增长5.6%), a task's division after its text（牵头部门：…；配合部门：…；
完成时限：…） or in brackets (省商务厅、省财政厅), a key project's paragraph (支持方向：…。实施单位：…。建设期：…。总投资…),
and tables read as a department's sheet is (``workbook_sheet``): indicators, projects, yearly funding."""

from __future__ import annotations

import re
from typing import Any

from generator.lazy import Pattern
from generator.quantities import in_unit

_NUMBER = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
UNITS = r"(万亿元|亿元|万元|元|亿美元|万美元|万人|人|万户|户|万家|家|个|项|平方公里|%)"


def quantity(text: str, label: str) -> dict[str, Any] | None:
    """The figure a sentence gives for ``label``: its value and unit, its growth (增长5.6%, 下降2.1%) and its year
    (2025年，… or 2025年全市…); None when the label is not followed by a figure."""
    found = re.search(re.escape(label) + r"[^，；。\d]{0,12}?(?:为|达到|达|约)?\s*" + _NUMBER + r"\s*" + UNITS
                      + r"(?:[，,]\s*(?:同比|比上年)?(增长|下降)" + _NUMBER + r"\s*%)?", text)
    if not found:
        return None
    value = float(found.group(1).replace(",", ""))
    item: dict[str, Any] = {"value": int(value) if value.is_integer() else value, "unit": found.group(2)}
    if found.group(3):
        growth = float(found.group(4).replace(",", ""))
        item["growth"] = -growth if found.group(3) == "下降" else (int(growth) if growth.is_integer() else growth)
    year = re.search(r"(20\d\d)\s*年", text[:found.start()]) or re.search(r"(20\d\d)\s*年", text)
    if year:
        item["year"] = int(year.group(1))
    return item


_DIVISION = Pattern(r"^\s*(?:牵头(?:部门|单位)[:：]\s*(?P<lead>[^；;，,]+))?\s*[；;，,]?\s*"
                       r"(?:(?:配合|参与|责任)(?:部门|单位)[:：]\s*(?P<partners>[^；;，,]+(?:、[^；;，,]+)*))?\s*[；;，,]?\s*"
                       r"(?:完成(?:时限|时间)[:：]\s*(?P<deadline>[^；;，,]+))?\s*$")
_DEPARTMENTS = Pattern(r"^[^，。；：:]*?(?:局|委|厅|办|府|院|会|中心|公司|集团|海关)(?:、[^，。；：:]+)*$")


def _last_bracket(text: str) -> tuple[int, str] | None:
    """Where the bracketed part that ends ``text`` starts, and what it holds (brackets inside it kept: 各县（区）)."""
    stripped = text.rstrip().rstrip("。.")
    if not stripped.endswith(("）", ")")):
        return None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        depth += 1 if stripped[index] in "）)" else -1 if stripped[index] in "（(" else 0
        if depth == 0:
            return index, stripped[index + 1:-1]
    return None


def names(text: str) -> list[str]:
    """Departments listed with 、 (or commas), a bracket inside a name kept whole: 各县（区）人民政府."""
    found, depth, current = [], 0, ""
    for ch in text:
        depth += 1 if ch in "（(" else -1 if ch in "）)" else 0
        if ch in "、，,；;" and depth == 0:
            found.append(current)
            current = ""
        else:
            current += ch
    return [name.strip() for name in found + [current] if name.strip()]


def division(text: str) -> tuple[str, dict[str, Any]]:
    """A task's text and its division written after it: (牵头部门：…；配合部门：…；完成时限：…), or the departments in
    brackets (省商务厅、省财政厅) as Zhejiang's plan writes them: the first leads, the others take part."""
    bracket = _last_bracket(text)
    if bracket is None:
        return text, {}
    start, inner = bracket
    before = text[:start].rstrip()
    found = _DIVISION.match(inner)
    if found and any(found.group(k) for k in ("lead", "partners", "deadline")):
        fields: dict[str, Any] = {}
        if found.group("lead"):
            fields["lead"] = found.group("lead").strip()
        if found.group("partners"):
            fields["partners"] = names(found.group("partners"))
        if found.group("deadline"):
            fields["deadline"] = found.group("deadline").strip()
        return before or text, fields
    if _DEPARTMENTS.match(inner.strip()):
        departments = names(inner)
        fields = {"lead": departments[0]}
        if departments[1:]:
            fields["partners"] = departments[1:]
        return before + ("" if before.endswith("。") else "。"), fields
    return text, {}


_MONTH = Pattern(r"(20\d\d)\s*年\s*(?:(\d{1,2})\s*月)?")
_PROJECT_PARTS = (("direction", "支持方向"), ("unit", "实施单位"), ("location", "建设地点"), ("responsible", "责任单位"),
                  ("period", "建设期"), ("results", "预期成效"))


def _month(text: str) -> Any:
    found = _MONTH.search(text)
    if not found:
        return None
    return f"{found.group(1)}-{int(found.group(2)):02d}" if found.group(2) else int(found.group(1))


def project(text: str) -> dict[str, Any]:
    """A key project's fields from its paragraph: the content, then 支持方向：…。实施单位：…。建设期：2027年3月—2028年12月。
    总投资3200万元，其中政府投资3200万元。预期成效：…"""
    item: dict[str, Any] = {}
    labels = "|".join(label for _, label in _PROJECT_PARTS)
    first = re.search(rf"(?:{labels})[:：]|总投资", text)
    content = (text[:first.start()] if first else text).strip()
    if content:
        item["content"] = content
    for key, label in _PROJECT_PARTS:
        found = re.search(rf"{label}[:：]\s*([^。]+?)(?:。|$)", text)
        if not found:
            continue
        if key == "period":
            start, _, end = found.group(1).partition("—")
            item["start"], item["end"] = _month(start), _month(end)
        else:
            item[key] = found.group(1).strip() + ("。" if key == "results" else "")
    total = re.search(r"总投资\s*" + _NUMBER + r"\s*(亿元|万元|元)", text)
    if total:
        unit = "万元"
        value = in_unit(float(total.group(1).replace(",", "")), total.group(2), unit)
        investment: dict[str, Any] = {"total": _whole(value), "unit": unit}
        government = re.search(r"政府投资\s*" + _NUMBER + r"\s*(亿元|万元|元)", text)
        if government:
            investment["government"] = _whole(in_unit(float(government.group(1).replace(",", "")), government.group(2),
                                                      unit))
        item["investment"] = investment
    return item


def _whole(value: Any) -> Any:
    if isinstance(value, float):
        value = round(value, 4)
        return int(value) if value.is_integer() else value
    return value


def table_items(rows: list[tuple[str, ...]], part: Any) -> list[dict[str, Any]]:
    """The items of a table read as a department's sheet is read (headers matched, units in headers, totals…)."""
    from generator.readers.workbook_sheet import read_sheet

    def cell(text: str) -> Any:             # a number typed in a table is a number, as Excel keeps it
        text = text.replace("\n", "").strip()
        if text in ("—", "-", ""):
            return None
        return (float(text) if "." in text else int(text)) if re.fullmatch(r"\d+(\.\d+)?", text) else text

    values = [tuple(cell(text) for text in row) for row in rows]
    formats = [tuple("" for _ in row) for row in rows]
    sheet = read_sheet(values, formats, values, "表格", part)
    return sheet.items


def header_score(cells: tuple[str, ...], part: Any) -> int:
    """How many of a table's header cells name columns of ``part`` (a year column, 2029年目标, counting as one)."""
    from generator.workbook_layout import column_of, header_words

    return sum(1 for cell in cells if cell and (column_of(part, header_words(cell)[0]) or (
        part.year_header is not None and part.year_header.match(header_words(cell)[0]))))


def text_of(passages: list[Any]) -> str:
    """The paragraphs among ``passages``, one a line."""
    return "\n".join(p.text for p in passages if p and p.kind == "para")


def tables_of(section: Any) -> list[list[tuple[str, ...]]]:
    """The tables under a section, each as its rows' cells."""
    tables: dict[int, list[tuple[str, ...]]] = {}
    for passage in section.everything():
        if passage.kind == "row":
            tables.setdefault(passage.table, []).append(passage.cells)
    return list(tables.values())

"""What a department's sheet says about itself that can be checked before the plan is: its 合计 and 小计 rows
against the items they sum (X105), and its percentages — fractions (0.35) or percents (35), never both (X108)."""

from __future__ import annotations

import math
from typing import Any

from generator.diagnostics import ERROR, WARNING
from generator.workbook_cells import number_of
from generator.workbook_layout import Column, Part, letter, value_at


def _put(item: dict[str, Any], field: tuple[Any, ...], value: Any) -> None:
    for part in field[:-1]:
        item = item.setdefault(part, {})
    item[field[-1]] = value


def _plain(value: Any) -> bool:
    """A number the schema will take as one (not 是/否, not absurd), so a sum of such can be checked."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
        and 0 <= value < 1e12


def fractions(sheet: Any, part: Part, in_percent: set[tuple[str, ...]]) -> None:
    """A percentage column whose every number lies between 0 and 1 (0.15, 0.3) holds fractions: ×100 (a note, X109,
    when its header says its numbers are percents: 土建投资占比（%）). One with fractions and numbers above 1 (0.35
    beside 30) cannot be read either way: X108 at each number that does not fit the others."""
    for column in part.columns:
        if column.kind != "percent":
            continue
        numbers = [(value_at(item, column.field), cells.get(column.field, "")) for item, cells in
                   zip(sheet.items, sheet.cells)]
        numbers = [(n, cell) for n, cell in numbers if _plain(n) and cell not in sheet.percent_cells]
        small = [n for n, _ in numbers if 0 < n < 1]
        above = [(n, cell) for n, cell in numbers if n > 1]
        if small and above:
            odd = above if len(above) <= len(small) else [(n, cell) for n, cell in numbers if 0 < n < 1]
            for n, cell in odd:
                sheet.findings.append(("X108", ERROR, cell, f"“{column.headers[0]}”一列中有的填小数（如 {small[0]:g}，"
                                       f"即 {small[0] * 100:g}%），有的填百分数（如 {above[0][0]:g}），这一格 {n:g} 无法判断。"))
            continue
        if not small:
            continue
        if column.field in in_percent:
            sheet.findings.append(("X109", WARNING, numbers[0][1], f"“{column.headers[0]}（%）”一列的数都在 0 到 1 之间，"
                                   f"按小数读取（{small[0]:g} 读作 {small[0] * 100:g}%）。"))
        for item, cells in zip(sheet.items, sheet.cells):
            value = value_at(item, column.field)
            if _plain(value) and cells.get(column.field) not in sheet.percent_cells:
                _put(item, column.field, round(value * 100, 6))


def _parts(sheet: Any, column: Column, span: tuple[int, int | None]) -> list[Any]:
    """The values a total of ``column`` sums: the items of ``span`` (all, or a 小计's group); a year column's entry
    for its year."""
    items = sheet.items[span[0]:span[1]]
    if column.kind != "yearly":
        return [value_at(item, column.field) for item in items]
    path, key, year = column.field[:-1], column.field[-1], int(column.headers[0])
    found = []
    for item in items:
        entries = value_at(item, path) or []
        found += [entry.get(key) for entry in entries if isinstance(entry, dict) and entry.get("year") == year]
    return found


def check_total(sheet: Any, columns: dict[int, tuple[Column, str]], number: int, cells: dict[int, Any],
                span: tuple[int, int | None], label: str) -> None:
    """A 合计 row (``span`` all the items) or a 小计 row (its group's): each of its numbers equals the sum of the
    items' (X105 where it does not). Not while an item's value is one the schema refuses (reported there)."""
    explained = {(index, field) for index, field in sheet.explained}
    for index, (column, _) in columns.items():
        if column.kind not in ("number", "yearly") or index not in cells:
            continue
        stated = number_of(cells[index])
        parts = [p for p in _parts(sheet, column, span) if p is not None]
        end = len(sheet.items) if span[1] is None else span[1]
        if not _plain(stated) or not all(_plain(p) for p in parts) or any(
                field == column.field for item, field in explained if span[0] <= item < end):
            continue
        total = sum(parts)
        if abs(total - stated) > max(0.01, abs(total) * 0.001):
            name = f"{column.headers[0]}年" if column.kind == "yearly" else column.headers[0]
            sheet.findings.append(("X105", ERROR, f"{letter(index)}{number + 1}",
                                   f"{label}行的“{name}”为 {stated:g}，而{'本组' if label == '小计' else ''}各项之和为 {total:g}。"))

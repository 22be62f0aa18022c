"""A plan's tables from an Excel workbook (``tables: 附表.xlsx``), read as if the rows were written in YAML, each value
with its sheet and cell so every message names them (附表.xlsx:重点工程!F7). Tolerant of how departments fill sheets
(see ``workbook_layout`` for the headers): category rows, 合计 rows (checked, X105), blank rows, numbers as text,
percentages as 0.15 or "15%", unknown columns (left out, X103), formulas (their saved values; X104 without one)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import ERROR, WARNING, Diagnostic
from generator.errors import InputFileError
from generator.quantities import in_unit
from generator.readers.workbook_file import load, rows_of, sheet_for
from generator.readers.plan import LoadedPlan, PathKey, Position
from generator.readers.workbook_tasks import assign_tasks
from generator.workbook_layout import (INDICATORS, PARTS, TASK_DIVISION, TOTAL_WORDS, YEARLY, YEAR_COLUMN, Column, Part,
                                       cell_value, column_of, header_words, letter, number_of,
                                       value_at)

KEY = "tables"
_SERIAL = re.compile(r"^\d+(\.\d+)*$")


def _put(item: dict[str, Any], field: tuple[Any, ...], value: Any) -> None:
    for part in field[:-1]:
        item = item.setdefault(part, {})
    item[field[-1]] = value


@dataclass
class Sheet:
    """What one sheet gave: its rows as items (with where each value stands) and its findings."""

    title: str
    items: list[dict[str, Any]]
    cells: list[dict[tuple[str, ...], str]]     # per item: field → cell (A7)
    rows: list[int]                             # per item: its row number
    findings: list[tuple[str, str, str, str]]   # code, severity, cell, message


def _header_row(rows: list[tuple[Any, ...]], part: Part) -> int | None:
    best, at = 1, None
    for number, row in enumerate(rows[:10]):
        found = sum(1 for value in row if value is not None and column_of(part, header_words(value)[0]))
        if found > best:
            best, at = found, number
    return at


def read_sheet(values: list[tuple[Any, ...]], formats: list[tuple[str, ...]], formulas: list[tuple[Any, ...]],
               title: str, part: Part, kinds: tuple[str, ...] = ()) -> Sheet:
    """The items of one sheet: ``values`` as Excel saved them, ``formats`` their number formats, ``formulas`` the
    cells as written (to tell a formula without a saved value)."""
    sheet = Sheet(title, [], [], [], [])
    top = _header_row(values, part)
    if top is None:
        sheet.findings.append(("X106", ERROR, "A1", f"工作表“{title}”中找不到表头（如“"
                               + "”“".join(column.headers[0] for column in part.columns[:3]) + "”）。"))
        return sheet
    columns = _columns(sheet, values[top], top, part)
    key_index = next((i for i, (column, _) in columns.items() if column.field == (part.key_column,)), None)
    category = ""
    totals: list[tuple[int, dict[int, Any]]] = []
    for number in range(top + 1, len(values)):
        row, row_formulas = values[number], formulas[number]
        filled = [(index, value) for index, value in enumerate(row) if value not in (None, "")]
        for index, value in enumerate(row):
            written = row_formulas[index] if index < len(row_formulas) else None
            read = index in columns and columns[index][0].kind != "derived"      # a column left out may hold any
            if read and value is None and isinstance(written, str) and written.startswith("="):
                sheet.findings.append(("X104", ERROR, f"{letter(index)}{number + 1}",
                                       f"单元格是公式“{written}”，但文件中没有它的计算结果。"))
        if not filled or not any(index in columns for index, _ in filled):
            continue                    # blank, or only a 序号 numbered in advance
        words = [unicodedata.normalize("NFKC", str(value)).replace(" ", "") for _, value in filled[:3]]
        if any(word in TOTAL_WORDS for word in words):
            if "小计" not in words:         # a group's subtotal: not a sum of all the items
                totals.append((number, dict(filled)))
            continue
        if len(filled) == 1 and filled[0][0] == 0 != key_index and isinstance(filled[0][1], str) \
                and not _SERIAL.match(filled[0][1].strip()):
            category = re.sub(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])", "", filled[0][1].strip())
            continue
        item, cells = _item(row, formats[number], columns, number, top, part)
        if part is INDICATORS and category in kinds and "kind" not in item:
            item["kind"] = category
        sheet.items.append(item)
        sheet.cells.append(cells)
        sheet.rows.append(number + 1)
    _fractions(sheet, part, {column.field for column, unit in columns.values() if unit in ("%", "％")})
    for number, cells in totals:
        _check_total(sheet, part, columns, number, cells)
    return sheet


def _columns(sheet: Sheet, header: tuple[Any, ...], top: int, part: Part) -> dict[int, tuple[Column, str]]:
    """Which column of the sheet holds what (with a unit its header names); the columns not known get a note."""
    columns: dict[int, tuple[Column, str]] = {}
    for index, value in enumerate(header):
        words, unit = header_words(value)
        column = column_of(part, words) if words else None
        yearly = YEAR_COLUMN.match(words) if part is INDICATORS and words else None
        if yearly:                      # 2027年, 2028年…: the yearly targets
            columns[index] = (YEARLY, yearly.group(1))
        elif column and all(column is not known for known, _ in columns.values()):
            columns[index] = (column, unit)
        elif words and words not in ("序号", "编号") and not column:
            sheet.findings.append(("X103", WARNING, f"{letter(index)}{top + 1}",
                                   f"工作表“{sheet.title}”的列“{words}”不是{part.name}表的内容，未读取。"))
    return columns


def _item(row: tuple[Any, ...], formats: tuple[str, ...], columns: dict[int, tuple[Column, str]], number: int,
          top: int, part: Part) -> tuple[dict[str, Any], dict[tuple[Any, ...], str]]:
    """One row as an item of the plan, and the cell of each of its values."""
    item: dict[str, Any] = {}
    cells: dict[tuple[Any, ...], str] = {}
    for index, (column, unit) in columns.items():
        value = row[index] if index < len(row) else None
        if value in (None, "") or column.kind == "derived":
            continue
        cell = f"{letter(index)}{number + 1}"
        if column is YEARLY:
            targets = item.setdefault("yearly", [])
            targets.append({"year": int(unit), "value": number_of(value)})
            cells[("yearly", len(targets) - 1, "value")] = cell
            continue
        read = cell_value(column, value, formats[index] if index < len(formats) else "")
        if column.kind == "period":     # 起止年限: start and end (or a start alone)
            for field, part_value in zip(column.field, read):
                _put(item, (field,), part_value)
                cells[(field,)] = cell
            continue
        _put(item, column.field, read)
        cells[column.field] = cell
        if unit and part.unit_field and column.kind == "number":
            if part.unit_field not in cells:
                _put(item, part.unit_field, unit)
                cells[part.unit_field] = f"{letter(index)}{top + 1}"
            elif unit != value_at(item, part.unit_field) and isinstance(read, (int, float)):
                # 总投资（万元） beside 其中政府投资（亿元）: one unit for the item, as the plan keeps it
                converted = in_unit(read, unit, value_at(item, part.unit_field))
                _put(item, column.field, read if converted is None else round(converted, 6))
    return item, cells


def _fractions(sheet: Sheet, part: Part, in_percent: set[tuple[str, ...]]) -> None:
    """A percentage column whose every number lies between 0 and 1 (0.15, 0.3) holds fractions: ×100 — unless its
    header says its numbers are percentages (土建投资占比（%）)."""
    for column in part.columns:
        if column.kind != "percent" or column.field in in_percent:
            continue
        numbers = [value_at(item, column.field) for item in sheet.items]
        numbers = [n for n in numbers if isinstance(n, (int, float)) and not isinstance(n, bool)]
        if numbers and all(0 <= n <= 1 for n in numbers) and any(0 < n < 1 for n in numbers):
            for item in sheet.items:
                value = value_at(item, column.field)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    _put(item, column.field, round(value * 100, 6))


def _check_total(sheet: Sheet, part: Part, columns: dict[int, tuple[Column, str]], number: int,
                 cells: dict[int, Any]) -> None:
    """A 合计 row: each of its numbers equals the sum of the items' (X105 where it does not)."""
    for index, (column, _) in columns.items():
        if column.kind != "number" or index not in cells:
            continue
        stated = number_of(cells[index])
        parts = [value_at(item, column.field) for item in sheet.items]
        if not isinstance(stated, (int, float)) or not all(isinstance(p, (int, float)) for p in parts if p is not None):
            continue
        total = sum(p for p in parts if p is not None)
        if abs(total - stated) > max(0.01, abs(total) * 0.001):
            sheet.findings.append(("X105", ERROR, f"{letter(index)}{number + 1}",
                                   f"合计行的“{column.headers[0]}”为 {stated:g}，而各项之和为 {total:g}。"))


def _kinds(data: dict[str, Any], source: str) -> tuple[str, ...]:
    """The 指标类别 the plan's type allows (a category row naming one gives its items their kind)."""
    from generator import doctypes

    try:
        schema = doctypes.of_plan(data, False, source).schema
        return tuple(schema["targets"]["schema"]["indicators"]["schema"]["schema"]["kind"]["allowed"])
    except (InputFileError, KeyError, TypeError):
        return ()


def with_tables(plan: LoadedPlan, workbook: Path, shown: str) -> LoadedPlan:
    """``plan`` with the tables of ``workbook`` (named ``shown`` in messages) read into it. A part the YAML writes
    as well is an error (X102), and the YAML's rows stay."""
    values_book, formula_book = load(workbook, shown)
    data, positions = plan.data, dict(plan.positions)
    findings: list[Diagnostic] = []
    used: set[str] = set()
    kinds = _kinds(data, plan.path)
    try:
        for part in PARTS:
            title = sheet_for(values_book, part, used)
            if title is None:
                continue
            used.add(title)
            values, formats = rows_of(values_book[title])
            formulas, _ = rows_of(formula_book[title])
            sheet = read_sheet(values, formats, formulas, title, part, kinds)
            findings += [Diagnostic(code, severity, message, shown, sheet=title, cell=cell)
                         for code, severity, cell, message in sheet.findings]
            if part is TASK_DIVISION:        # assigns lead, partners and deadline to the tasks the text has
                findings += assign_tasks(data, positions, sheet, shown, plan)
                continue
            if _written(data, part.path):
                at = plan.position(part.path)
                findings.append(Diagnostic(
                    "X102", ERROR, f"{part.name}既写在方案文件中，又在工作簿“{shown}”的工作表“{title}”中：请只保留一处。",
                    at.file if at else plan.path, at.line if at else None, at.column if at else None,
                    path=".".join(map(str, part.path)),
                    hint=f"用工作簿时删去方案文件中的 `{'.'.join(map(str, part.path))}:`；或删去 `{KEY}:` 不用工作簿。"))
                continue
            _place(data, part.path, sheet.items)
            for index, (cells, row) in enumerate(zip(sheet.cells, sheet.rows)):
                base = part.path + (index,)
                positions[base] = Position(shown, None, None, title, f"A{row}")
                for field, cell in cells.items():
                    for depth in range(1, len(field)):
                        positions.setdefault(base + field[:depth], Position(shown, None, None, title, cell))
                    positions[base + field] = Position(shown, None, None, title, cell)
    finally:
        values_book.close()
        formula_book.close()
    return LoadedPlan(plan.path, data, positions, plan.diagnostics + findings)


def _written(data: dict[str, Any], path: PathKey) -> bool:
    node: Any = data
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return bool(node)


def _place(data: dict[str, Any], path: PathKey, items: list[dict[str, Any]]) -> None:
    node = data
    for part in path[:-1]:
        node = node.setdefault(part, {}) if isinstance(node.get(part, {}), dict) else node
    node[path[-1]] = items

"""One sheet of a department's workbook as the items of a table of the plan, each value with its cell. Tolerant of
how departments fill sheets (see ``workbook_layout`` for the headers): a header of one row or two (years under a
spanning 分年度投资), category rows, 合计 rows (checked, X105), blank rows, numbers as text, percentages as 0.15 or
"15%" (X108 when a column mixes them), unknown columns (left out, X103), formulas (their saved values; X104
without one)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field as dataclass_field
from typing import Any

from generator.diagnostics import ERROR, WARNING
from generator.lazy import Pattern
from generator.quantities import in_unit
from generator.readers.workbook_checks import check_total, fractions
from generator.workbook_cells import amount_in_cell, cell_value, number_of
from generator.workbook_layout import INDICATORS, TOTAL_WORDS, YEAR_ONLY, Column, Part, column_of, header_words, letter, value_at

_SERIAL = Pattern(r"^\d+(\.\d+)*$")


def _put(item: Any, field: tuple[Any, ...], value: Any) -> None:
    for part in field[:-1]:
        item = item[part] if isinstance(item, list) else item.setdefault(part, {})
    item[field[-1]] = value


@dataclass
class Sheet:
    """What one sheet gave: its rows as items (with where each value stands) and its findings."""

    title: str
    items: list[dict[str, Any]]
    cells: list[dict[tuple[str, ...], str]]     # per item: field → cell (A7)
    rows: list[int]                             # per item: its row number
    findings: list[tuple[str, str, str, str]]   # code, severity, cell, message
    percent_cells: set[str] = dataclass_field(default_factory=set)   # percentages written as such ("35%", a % format)
    #: values of items (item index, field) whose absence a finding of the sheet already explains (a formula without
    #: its saved value, a column the sheet lacks): not reported again as missing
    explained: list[tuple[int, tuple[Any, ...]]] = dataclass_field(default_factory=list)
    letters: dict[str, str] = dataclass_field(default_factory=dict)    # a column's field ("lead") → its letter


def _header_row(rows: list[tuple[Any, ...]], part: Part) -> int | None:
    best, at = 1, None
    for number, row in enumerate(rows[:10]):
        found = sum(1 for value in row if value is not None and column_of(part, header_words(value)[0]))
        if found > best:
            best, at = found, number
    return at


def read_sheet(values: list[tuple[Any, ...]], formats: list[tuple[str, ...]], formulas: list[tuple[Any, ...]],
               title: str, part: Part, kinds: tuple[str, ...] = (),
               merged: tuple[tuple[int, int, int, int], ...] = ()) -> Sheet:
    """The items of one sheet: ``values`` as Excel saved them, ``formats`` their number formats, ``formulas`` the
    cells as written (to tell a formula without a saved value), ``merged`` its merged ranges (first row, first
    column, last row, last column; from 1): one merged down over rows stands in each of them."""
    sheet = Sheet(title, [], [], [], [])
    top = _header_row(values, part)
    if top is None:
        sheet.findings.append(("X106", ERROR, "A1", f"工作表“{title}”中找不到表头（如“"
                               + "”“".join(column.headers[0] for column in part.columns[:3]) + "”）。"))
        return sheet
    header, first = _two_rows(values, top, part)
    values = _filled_down(values, merged, first)
    columns = _columns(sheet, header, top, part)
    sheet.letters = {".".join(map(str, column.field)): letter(index) for index, (column, _) in columns.items()}
    key_index = next((i for i, (column, _) in columns.items() if column.field == (part.key_column,)), None)
    category, group = "", 0
    totals: list[tuple[int, dict[int, Any], tuple[int, int | None], str]] = []
    for number in range(first, len(values)):
        row = values[number]
        filled = [(index, value) for index, value in enumerate(row) if value not in (None, "")]
        unsaved = _unsaved(sheet, columns, row, formulas[number], number)
        if not filled or not any(index in columns for index, _ in filled):
            continue                    # blank, or only a 序号 numbered in advance
        words = [unicodedata.normalize("NFKC", str(value)).replace(" ", "") for _, value in filled[:3]]
        if any(word in TOTAL_WORDS for word in words):   # checked against the items it sums: a 小计 its group's
            subtotal = "小计" in words
            totals.append((number, dict(filled), (group, len(sheet.items)) if subtotal else (0, None),
                           "小计" if subtotal else "合计"))
            group = len(sheet.items) if "小计" in words else group
            continue
        if len(filled) == 1 and filled[0][0] == 0 != key_index and isinstance(filled[0][1], str) \
                and not _SERIAL.match(filled[0][1].strip()):
            category = re.sub(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])", "", filled[0][1].strip())
            group = len(sheet.items)
            continue
        item, cells = _item(row, formats[number], columns, number, top, part, sheet.percent_cells)
        if part is INDICATORS and category in kinds and "kind" not in item:
            item["kind"] = category
        sheet.explained += [(len(sheet.items), columns[index][0].field) for index in unsaved]
        sheet.items.append(item)
        sheet.cells.append(cells)
        sheet.rows.append(number + 1)
    _missing_columns(sheet, part, columns, top)
    fractions(sheet, part, {column.field for column, unit in columns.values() if unit in ("%", "％")})
    for number, cells, span, label in totals:
        check_total(sheet, columns, number, cells, span, label)
    return sheet


def _unsaved(sheet: Sheet, columns: dict[int, tuple[Column, str]], row: tuple[Any, ...], written: tuple[Any, ...],
             number: int) -> list[int]:
    """The columns of a row whose formula has no saved value (X104 at each; a column left out may hold any)."""
    found = []
    for index, value in enumerate(row):
        formula = written[index] if index < len(written) else None
        if index in columns and columns[index][0].kind != "derived" and value is None and isinstance(formula, str) \
                and formula.startswith("="):
            sheet.findings.append(("X104", ERROR, f"{letter(index)}{number + 1}",
                                   f"单元格是公式“{formula}”，但文件中没有它的计算结果。"))
            found.append(index)
    return found


def _filled_down(values: list[tuple[Any, ...]], merged: tuple[tuple[int, int, int, int], ...],
                 first: int) -> list[tuple[Any, ...]]:
    """The rows with a cell merged down over several rows (one 实施单位 for two projects) standing in each of them;
    merges across a row (a category row, a 合计 label) stay as they are."""
    down = [(r1, c1, r2, c2) for r1, c1, r2, c2 in merged if r2 > r1 and r1 > first]
    if not down:
        return values
    rows = [list(row) for row in values]
    for r1, c1, r2, c2 in down:
        for r in range(r1, min(r2, len(rows))):
            for c in range(c1 - 1, c2):
                if c < len(rows[r]) and c < len(rows[r1 - 1]):
                    rows[r][c] = rows[r1 - 1][c]
    return [tuple(row) for row in rows]


def _missing_columns(sheet: Sheet, part: Part, columns: dict[int, tuple[Column, str]], top: int) -> None:
    """A column every row must fill that the sheet has not: one message (X113), not one per row."""
    have = set()
    for column, _ in columns.values():      # 起止年限 gives the start and the end
        have |= {(field,) for field in column.field} if column.kind == "period" else {column.field}
    for column in part.columns:
        if column.required and column.field not in have and sheet.items:
            sheet.findings.append(("X113", ERROR, f"A{top + 1}", f"工作表“{sheet.title}”中没有“{column.headers[0]}”列"
                                   f"（表头也可以写作“{'”“'.join(column.headers[1:3]) or column.headers[0]}”）。"))
            sheet.explained += [(index, column.field) for index in range(len(sheet.items))]


def _two_rows(values: list[tuple[Any, ...]], top: int, part: Part) -> tuple[tuple[Any, ...], int]:
    """The header, and the row the items start at: a header of two rows (分年度投资（万元） spanning columns headed
    2027年, 2028年… in the row below) is read as one (2027年投资（万元）…)."""
    if part.yearly is None or top + 1 >= len(values):
        return values[top], top + 1
    below = values[top + 1]
    years = {index: YEAR_ONLY.match(unicodedata.normalize("NFKC", str(value)).strip())
             for index, value in enumerate(below) if value not in (None, "")}
    if not years or not all(years.values()):
        return values[top], top + 1
    header = list(values[top]) + [None] * (len(below) - len(values[top]))
    spanning = list(header)
    for index, year in years.items():
        parent = next((spanning[j] for j in range(index, -1, -1) if spanning[j] not in (None, "")
                       and (j in years or j == index)), "")
        words, unit = header_words(parent)
        header[index] = f"{year.group(1)}年" + ("投资" if "投资" in words else "") + (f"（{unit}）" if unit else "")
    return tuple(header), top + 2


def _columns(sheet: Sheet, header: tuple[Any, ...], top: int, part: Part) -> dict[int, tuple[Column, str]]:
    """Which column of the sheet holds what (with a unit its header names); the columns not known get a note. A
    column per year is a Column of its own, its year as its header."""
    columns: dict[int, tuple[Column, str]] = {}
    for index, value in enumerate(header):
        words, unit = header_words(value)
        column = column_of(part, words) if words else None
        yearly = part.year_header.match(words) if part.year_header and words else None
        if yearly and part.yearly:      # 2027年, 2028年…: the yearly targets; 2027年投资…: a project's
            columns[index] = (Column(part.yearly.field, (yearly.group(1),), "yearly"), unit)
        elif column and all(column is not known for known, _ in columns.values()):
            columns[index] = (column, unit)
        elif words and words not in ("序号", "编号") and not column:
            sheet.findings.append(("X103", WARNING, f"{letter(index)}{top + 1}",
                                   f"工作表“{sheet.title}”的列“{words}”不是{part.name}表的内容，未读取。"))
    for index, (column, unit) in list(columns.items()):
        if column.stands_for and all(known.field != column.stands_for for known, _ in columns.values()):
            columns[index] = (next(c for c in part.columns if c.field == column.stands_for), unit)
    return columns


def _item(row: tuple[Any, ...], formats: tuple[str, ...], columns: dict[int, tuple[Column, str]], number: int,
          top: int, part: Part, percent_cells: set[str]) -> tuple[dict[str, Any], dict[tuple[Any, ...], str]]:
    """One row as an item of the plan, and the cell of each of its values."""
    item: dict[str, Any] = {}
    cells: dict[tuple[Any, ...], str] = {}
    for index, (column, unit) in columns.items():
        value = row[index] if index < len(row) else None
        if value in (None, "") or column.kind == "derived":
            continue
        cell = f"{letter(index)}{number + 1}"
        if column.kind == "yearly":     # an entry of the list the column's field names: {year: 2027, value: …}
            path, key = column.field[:-1], column.field[-1]
            entries = value_at(item, path)
            if entries is None:
                entries = []
                _put(item, path, entries)
            entries.append({"year": int(column.headers[0]), key: number_of(value)})
            field = path + (len(entries) - 1, key)
            cells[field] = cell
            _one_unit(item, cells, part, field, unit, f"{letter(index)}{top + 1}")
            continue
        cell_format = formats[index] if index < len(formats) else ""
        read = cell_value(column, value, cell_format)
        if column.kind == "percent" and ("%" in (cell_format or "") or str(value).strip().endswith(("%", "％"))):
            percent_cells.add(cell)
        if column.kind == "target":     # 目标值: a number (with its bound) or a milestone
            for key, part_value in read.items():
                _put(item, column.field[:-1] + (key,), part_value)
                cells[column.field[:-1] + (key,)] = cell
            continue
        if column.kind == "period":     # 起止年限: start and end (or a start alone)
            for field, part_value in zip(column.field, read):
                _put(item, (field,), part_value)
                cells[(field,)] = cell
            continue
        typed = amount_in_cell(value) if column.kind == "number" and part.unit_field else None
        if typed:                       # 4500万元, 1.5亿元 typed in the cell: in the header's unit, if it names one
            converted = in_unit(typed[0], typed[1], unit) if unit else None
            read, unit = (round(converted, 6), unit) if converted is not None else typed
        _put(item, column.field, read)
        cells[column.field] = cell
        if column.kind == "number":
            _one_unit(item, cells, part, column.field, unit, f"{letter(index)}{top + 1}")
    return item, cells


def _one_unit(item: dict[str, Any], cells: dict[tuple[Any, ...], str], part: Part, field: tuple[Any, ...],
              unit: str, header_cell: str) -> None:
    """The unit a number's header names (总投资（万元）) as the item's unit, the first time; a number whose header
    names another (其中政府投资（亿元）) converted to the item's, as the plan keeps one unit for an item."""
    if not unit or not part.unit_field:
        return
    if part.unit_field not in cells:
        _put(item, part.unit_field, unit)
        cells[part.unit_field] = header_cell
        return
    read = value_at(item, field)
    if unit != value_at(item, part.unit_field) and isinstance(read, (int, float)) and not isinstance(read, bool):
        converted = in_unit(read, unit, value_at(item, part.unit_field))
        _put(item, field, read if converted is None else round(converted, 6))

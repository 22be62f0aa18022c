"""A plan's tables from an Excel workbook (``tables: 附表.xlsx``), read as if the rows were written in YAML, each value
with its sheet and cell so every message names them (附表.xlsx:重点工程!F7). Each sheet is read by
``workbook_sheet``; the task division is matched to the plan's tasks by ``workbook_tasks``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.diagnostics import ERROR, WARNING, Diagnostic
from generator.errors import InputFileError
from generator.readers.plan import LoadedPlan, PathKey, Position
from generator.readers.workbook_file import also_like, as_written, load, rows_of, sheet_for
from generator.readers.workbook_sheet import read_sheet
from generator.readers.workbook_tasks import assign_tasks
from generator.workbook_layout import PARTS, TASK_DIVISION

KEY = "tables"


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
    explained: set[PathKey] = set()
    used: set[str] = set()
    kinds = _kinds(data, plan.path)
    try:
        for part in PARTS:
            title = sheet_for(values_book, part, used)
            if title is None:
                findings += _absent(plan, part, shown)
                continue
            used.add(title)
            findings += [Diagnostic("X112", WARNING, f"工作表“{other}”的表头与“{title}”一样，也像{part.name}表，未读取："
                                    f"一张表的各行请放在同一个工作表中。", shown, sheet=other, cell="A1")
                         for other in also_like(values_book, part, used, title)]
            values, formats = rows_of(values_book[title])
            formulas, merged = as_written(formula_book[title], len(values))
            sheet = read_sheet(values, formats, formulas, title, part, kinds, merged)
            findings += [Diagnostic(code, severity, message, shown, sheet=title, cell=cell)
                         for code, severity, cell, message in sheet.findings]
            if part is TASK_DIVISION:        # assigns lead, partners and deadline to the tasks the text has
                found, accounted = assign_tasks(data, positions, sheet, shown, plan)
                findings += found
                explained |= accounted
                continue
            if _written(data, part.path):
                at = plan.position(part.path)
                findings.append(Diagnostic(
                    "X102", ERROR, f"{part.name}既写在方案文件中，又在工作簿“{shown}”的工作表“{title}”中：请只保留一处。",
                    at.file if at else plan.path, at.line if at else None, at.column if at else None,
                    path=".".join(map(str, part.path)),
                    hint=f"用工作簿时删去方案文件中的 `{'.'.join(map(str, part.path))}:`；或删去 `{KEY}:` 不用工作簿。"))
                continue
            if not sheet.items:
                findings += _absent(plan, part, shown, title)
            _place(data, part.path, sheet.items)
            explained |= {part.path + (index,) + field for index, field in sheet.explained}
            _locate(positions, part, sheet, shown)
    finally:
        values_book.close()
        formula_book.close()
    return LoadedPlan(plan.path, data, positions, plan.diagnostics + findings, workbook=workbook,
                      explained=frozenset(explained))


def _locate(positions: dict[PathKey, Position], part: Any, sheet: Any, shown: str) -> None:
    """Where each value of the sheet's items stands: its cell (a row's first cell for the item itself)."""
    for index, (cells, row) in enumerate(zip(sheet.cells, sheet.rows)):
        base = part.path + (index,)
        positions[base] = Position(shown, None, None, sheet.title, f"A{row}")
        for field, cell in cells.items():
            for depth in range(1, len(field)):
                positions.setdefault(base + field[:depth], Position(shown, None, None, sheet.title, cell))
            positions[base + field] = Position(shown, None, None, sheet.title, cell)


def _absent(plan: LoadedPlan, part: Any, shown: str, title: str | None = None) -> list[Diagnostic]:
    """A table the plan's type has that neither the plan file nor the workbook gives (X111, a note where it was
    looked for)."""
    from generator import doctypes

    try:
        schema: Any = {"schema": doctypes.of_plan(plan.data, False, plan.path).schema}
        for key in part.path:
            schema = schema["schema"][key]
    except (InputFileError, KeyError, TypeError):
        return []                   # a table this type of plan has not (a base plan's projects)
    if part is TASK_DIVISION or _written(plan.data, part.path):
        return []
    where = f"工作表“{title}”中没有数据行" if title else f"找不到{part.name}表（工作表名含“{part.sheet_words[0]}”，表头如“" \
        + "”“".join(column.headers[0] for column in part.columns[:3]) + "”）"
    return [Diagnostic("X111", WARNING, f"工作簿“{shown}”中{where}，方案文件中也没有写{part.name}。", shown,
                       sheet=title or "", cell="A2" if title else None)]


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

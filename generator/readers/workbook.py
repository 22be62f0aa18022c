"""A plan's tables from an Excel workbook (``tables: 附表.xlsx``), read as if the rows were written in YAML, each value
with its sheet and cell so every message names them (附表.xlsx:重点工程!F7). Each sheet is read by
``workbook_sheet``; the task division is matched to the plan's tasks by ``workbook_tasks``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.diagnostics import ERROR, Diagnostic
from generator.errors import InputFileError
from generator.readers.plan import LoadedPlan, PathKey, Position
from generator.readers.workbook_file import load, rows_of, sheet_for
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
    return LoadedPlan(plan.path, data, positions, plan.diagnostics + findings, workbook=workbook)


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

"""The sheets of an exported workbook that concern the tasks: the task division (任务分工表: each task of the text
under its group's title, with its measures, lead, partners and deadline) and the departments the plan names (部门名单,
the drop-down list of 牵头单位 and 责任单位)."""

from __future__ import annotations

import re
from typing import Any

from generator.workbook_cells import measure_line
from generator.workbook_layout import fit_widths, listed


def task_sheet(book: Any, data: dict[str, Any], schema: dict[str, Any], font: Any, alignment: Any) -> None:
    """任务分工表: each task of the text under its group's title, with its lead, partners and deadline."""
    from generator.readers.workbook_tasks import group_title, task_at, task_paths

    sheet = book.create_sheet("任务分工表")
    measured = _has_field(schema.get("tasks"), "measures")    # a base plan's tasks have no 具体措施
    sheet.append(["序号", "任务", *(["具体措施"] if measured else []), "牵头单位", "配合单位", "完成时限"])
    group, number = None, 0
    for path in task_paths(data):
        title = group_title(data, schema, path)
        if title != group:
            group = title
            sheet.append([title])
        task = task_at(data, path)
        number += 1
        measures = "\n".join(measure_line(m) for m in listed(task.get("measures")) if isinstance(m, dict))
        deadline = task.get("deadline")
        sheet.append([number, task.get("title"), *([measures or None] if measured else []), task.get("lead"),
                      "、".join(map(str, listed(task.get("partners")))) or None,
                      str(deadline) if hasattr(deadline, "isoformat") else deadline])
        if measured:
            sheet.cell(sheet.max_row, 3).alignment = alignment(vertical="top", wrap_text=True)   # one a line
    for cell in sheet[1]:
        cell.font = font(bold=True)
        cell.alignment = alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = "A2"
    fit_widths(sheet)


def _has_field(rules: Any, key: str) -> bool:
    """Whether a field ``key`` appears anywhere in ``rules`` (a schema or a part of one)."""
    if not isinstance(rules, dict):
        return False
    inner = rules.get("schema")
    return (isinstance(inner, dict) and key in inner) or any(_has_field(value, key) for value in rules.values())


def departments(book: Any, data: dict[str, Any], validation: Any) -> None:
    """The departments the plan already names, on a sheet of their own, as the drop-down list of 牵头单位 in the
    task division (a department not yet named may still be typed: the list only helps)."""
    from generator.readers.workbook_tasks import task_at, task_paths

    organisation = (data.get("safeguards") or {}).get("organisation") or {}
    names = [organisation.get("lead_department"), *listed(organisation.get("departments"))]
    for path in task_paths(data):
        task = task_at(data, path)
        names += [task.get("lead"), *listed(task.get("partners"))]
    # a note after the name (市商务局（领导小组办公室设在市商务局）) is not part of it; 各县（区）人民政府 is whole
    names = list(dict.fromkeys(re.sub(r"（[^（）]*[，、设负][^（）]*）$", "", str(name)).strip() for name in names if name))
    if not names:
        return
    sheet = book.create_sheet("部门名单")
    sheet.append(["部门（任务分工表中牵头单位的下拉列表）"])
    for name in names:
        sheet.append([name])
    sheet.column_dimensions["A"].width = 40
    rule = validation(type="list", formula1=f"='部门名单'!$A$2:$A${len(names) + 1}", allow_blank=True,
                      showErrorMessage=False)
    division = book["任务分工表"]
    lead = next(cell.column_letter for cell in division[1] if cell.value == "牵头单位")
    rule.add(f"{lead}2:{lead}1000")
    division.add_data_validation(rule)
    for sheet in book.worksheets:       # 责任单位 of the projects and of the indicators: the same list
        column = next((cell.column_letter for cell in sheet[1] if cell.value == "责任单位"), None)
        if column:
            named = validation(type="list", formula1=f"='部门名单'!$A$2:$A${len(names) + 1}", allow_blank=True,
                               showErrorMessage=False)
            named.add(f"{column}2:{column}1000")
            sheet.add_data_validation(named)

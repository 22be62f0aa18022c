"""``ecplan excel``: a plan's tables as a workbook for departments to fill — one sheet per table, with the columns
Chinese tables use (the headers ``readers.workbook`` reads back), the rows the plan already has, drop-down lists where
the plan allows only some values, widths that fit Chinese text, frozen header rows, values (never formulas), and a
short 填表说明 sheet. Written byte-reproducibly and recognised later (``generator.package``), so a workbook a
department has changed is never overwritten."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from generator.formatting import target_text
from generator.quantities import common_unit, in_unit
from generator.workbook_division import departments, task_sheet
from generator.workbook_layout import FUNDING, INDICATORS, PROJECTS, Part, fit_widths, listed, value_at

#: the columns each sheet is written with, in order (by field), and the sheet's name
SHEETS: tuple[tuple[Part, str, tuple[tuple[str, ...], ...]], ...] = (
    (INDICATORS, "具体目标指标", (("kind",), ("name",), ("unit",), ("baseline", "year"), ("baseline", "value"),
                                ("target", "year"), ("target", "value"), ("growth",), "yearly", ("attribute",),
                                ("provincial_average",), ("responsible",), ("note",))),
    (PROJECTS, "重点工程", (("name",), ("unit",), ("location",), ("content",), ("start", "end"),
                          ("investment", "total"), ("investment", "government"), ("social",), "yearly",
                          ("direction",), ("meets",), ("construction_share",), ("responsible",), ("results",))),
    (FUNDING, "年度资金安排", (("year",), ("amount",), ("source",))),
)
GUIDE = (
    "填表说明",
    "1. 每张表第一行是表头：列的顺序可以调整，可以加自己的列；表头的名称请尽量不改，不需要的列可以空着。",
    "2. 每行填一项。金额的单位写在表头的括号里（如“总投资（万元）”），单元格里只填数字。",
    "3. 百分比只填数字：土建投资占比 35% 填 35；增长率 15% 填 15。",
    "4. 年份、年月填 2027 或 2027-03；起止年限填 2027-03—2028-12。",
    "5. 目标值可带界限词，如 12000以上、不低于80；不是数字的目标直接写，如“建成覆盖全市的公共服务平台”。",
    "6. 分年度投资每年一列，各年之和应等于总投资。",
    "7. 有下拉列表的单元格，请从列表中选择。",
    "8. 任务分工表中的任务名称要与方案中的一致；配合单位之间用顿号“、”分隔；具体措施每项一行（Alt+Enter 换行），"
    "有小标题的写“小标题：内容”。",
    "9. 数据暂时没有的，填“待补充（提供部门）”，如“待补充（市统计局）”。",
    "10. 填好后保存为 .xlsx 文件交回（不要另存为 .xls 或 .et）。",
)


def _rules_at(schema: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    """The rules of a field under the list at ``path`` (``[]``: each item's field), or {}."""
    from generator.labels import field_rules

    return field_rules(schema, tuple(0 if part == "[]" else part for part in path)) or {}


def _header(part: Part, field: tuple[str, ...], unit: str) -> str:
    column = next(c for c in part.columns if c.field == field)
    name = column.headers[0]
    if column.kind == "percent":
        return f"{name}（%）"
    if field in (("investment", "total"), ("investment", "government"), ("social",), ("amount",)) and unit:
        return f"{name}（{unit}）"
    return name


def _rows(part: Part, fields: tuple[Any, ...], items: list[dict[str, Any]], unit: str,
          years: list[int]) -> list[list[Any]]:
    rows = []
    for item in items:
        row: list[Any] = []
        for field in fields:
            if field == "yearly":
                path, key = part.yearly.field[:-1], part.yearly.field[-1]
                by_year = {entry.get("year"): entry.get(key) for entry in listed(value_at(item, path))
                           if isinstance(entry, dict)}
                row += [_in(by_year.get(year), item, unit) if part.unit_field else by_year.get(year)
                        for year in years]
            elif field == ("start", "end"):
                start, end = item.get("start"), item.get("end")
                row.append(f"{start}—{end}" if start and end else start or end)
            elif field == ("social",):
                total, government = _money(item, ("investment", "total"), unit), _money(item, ("investment", "government"), unit)
                row.append(round(total - government, 4) if isinstance(total, (int, float))
                           and isinstance(government, (int, float)) else None)
            elif field in (("investment", "total"), ("investment", "government")):
                row.append(_money(item, field, unit))
            elif field == ("amount",):
                row.append(in_unit(item.get("amount"), item.get("unit", unit), unit)
                           if isinstance(item.get("amount"), (int, float)) else item.get("amount"))
            elif field == ("target", "value"):     # 12000以上, 不低于80, or the milestone's words
                target = item.get("target") if isinstance(item.get("target"), dict) else {}
                row.append(target.get("value") if not target.get("bound") and target.get("value") is not None
                           else target_text(target, "") or None)
            elif field == ("meets",):
                row.append("、".join(map(str, listed(item.get("meets")))) or None)
            else:
                row.append(value_at(item, field))
        rows.append([str(value) if hasattr(value, "isoformat") else value for value in row])
    return rows


def _money(item: dict[str, Any], field: tuple[str, ...], unit: str) -> Any:
    return _in(value_at(item, field), item, unit)


def _in(value: Any, item: dict[str, Any], unit: str) -> Any:
    """A project's amount in the sheet's one unit."""
    return in_unit(value, (item.get("investment") or {}).get("unit", unit), unit) \
        if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _choices(schema: dict[str, Any], part: Part, field: tuple[str, ...]) -> list[str]:
    """The values a column allows (units, support directions, 属性…), for its drop-down list."""
    if field == ("unit",) and part is PROJECTS:
        return []
    rules = _rules_at(schema, part.path + ("[]",) + field)
    return [str(value) for value in rules.get("allowed", [])]


def workbook(data: dict[str, Any], schema: dict[str, Any]) -> bytes:
    """The tables of the plan ``data`` (of the type whose schema is ``schema``) as .xlsx bytes."""
    from generator.readers.workbook_file import openpyxl_module

    openpyxl = openpyxl_module("ecplan excel")
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from generator.package import finalize

    book = openpyxl.Workbook()
    book.remove(book.active)
    for part, title, fields in SHEETS:
        if not _rules_at(schema, part.path):
            continue            # a part this type of plan has not
        items = _items(data, part.path)
        unit = common_unit(_units(items, part)) if part.unit_field else ""
        years = _years(data, part, items)
        headers = []
        for field in fields:
            headers += [_year_header(part, year, unit) for year in years] if field == "yearly" \
                else [_header(part, field, unit)]
        sheet = book.create_sheet(title)
        sheet.append(["序号", *headers])
        for number, row in enumerate(_rows(part, fields, items, unit, years), start=1):
            sheet.append([number, *row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.freeze_panes = "A2"
        fit_widths(sheet)
        for column in sheet.iter_cols(min_row=2):       # long texts wrap in their column, as a table shows them
            if column and sheet.column_dimensions[column[0].column_letter].width >= 40:
                for cell in column:
                    cell.alignment = Alignment(vertical="top", wrap_text=True)
        _lists(sheet, schema, part, fields, years, DataValidation)
    if "tasks" in schema:
        task_sheet(book, data, schema, Font, Alignment)
        departments(book, data, DataValidation)
    guide = book.create_sheet("填表说明")
    for line in GUIDE:
        guide.append([line])
    guide["A1"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 80
    book.properties.creator = "ecplan"
    buffer = io.BytesIO()
    book.save(buffer)
    return finalize(_undated(buffer.getvalue()))


def _undated(raw: bytes) -> dict[str, bytes]:
    """The workbook's parts with the time openpyxl stamps on saving replaced by a fixed one: the same plan gives the
    same bytes."""
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    core = parts.get("docProps/core.xml")
    if core is not None:
        parts["docProps/core.xml"] = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                                            rb"\g<1>2000-01-01T00:00:00Z\g<2>", core)
    return parts


def _years(data: dict[str, Any], part: Part, items: list[dict[str, Any]]) -> list[int]:
    """The year columns of a sheet: the years its rows give; a project's every year of the 创建期 as well, for the
    departments to fill."""
    path = part.yearly.field[:-1] if part.yearly else ()
    years = {e.get("year") for i in items for e in listed(value_at(i, path))
             if isinstance(e, dict) and isinstance(e.get("year"), int)} if path else set()
    period = data.get("period") if isinstance(data.get("period"), dict) else {}
    start, end = period.get("start"), period.get("end")
    if part is PROJECTS and isinstance(start, int) and isinstance(end, int) and 0 <= end - start <= 10:
        years |= set(range(start, end + 1))
    return sorted(years)


def _year_header(part: Part, year: int, unit: str) -> str:
    return f"{year}年投资（{unit}）" if part is PROJECTS else f"{year}年"


def _items(data: dict[str, Any], path: tuple[str, ...]) -> list[dict[str, Any]]:
    node: Any = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return [item for item in node if isinstance(item, dict)] if isinstance(node, list) else []


def _units(items: list[dict[str, Any]], part: Part) -> list[str]:
    return [u for u in (value_at(item, part.unit_field) for item in items) if isinstance(u, str)] or ["万元"]


def _lists(sheet: Any, schema: dict[str, Any], part: Part, fields: tuple[Any, ...], years: list[int],
           validation: Any) -> None:
    """Drop-down lists for the columns that allow only some values, down to row 1000."""
    column = 2
    for field in fields:
        if field == "yearly":
            column += len(years)
            continue
        choices = _choices(schema, part, field)
        if choices and sum(len(c) + 1 for c in choices) < 250:   # Excel's limit for a list written in place
            rule = validation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                              showErrorMessage=True, errorTitle="请从列表中选择", error="请从下拉列表中选择一项。")
            from openpyxl.utils import get_column_letter

            letter = get_column_letter(column)
            rule.add(f"{letter}2:{letter}1000")
            sheet.add_data_validation(rule)
        column += 1


def write(target: Path, data: dict[str, Any], schema: dict[str, Any], *, source: Path, force: bool = False) -> Path | None:
    """Writes the workbook (never over one changed since ecplan wrote it, unless ``force``: then kept as .bak)."""
    from generator.output import write_output
    from generator.package import written_by_ecplan

    return write_output(target, workbook(data, schema), source=source, force=force, ours=written_by_ecplan)

"""How departments really fill the workbook (each case from a trial of the workflow): cells merged down, a task's
row missing or twice, an empty or doubled sheet, amounts typed with their unit, formulas never saved — each one
message, at its cell, in the sheet's terms, and nothing read wrong."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import DEMO, run, write_plan
from generator.readers.workbook_tasks import task_at, task_paths
from test_workbook import _with_every_column, _without_tables, _workbook


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if " 错误 " in line]


def _validate(tmp_path: Path, demo_data: dict[str, Any], change) -> str:
    _workbook(tmp_path / "附表.xlsx", demo_data, change)
    result = run("validate", write_plan(tmp_path / "plan.yaml", _without_tables(demo_data)))
    assert "Traceback" not in result.output
    return result.output


def test_a_cell_merged_down_over_two_projects_stands_in_both(tmp_path: Path, demo_data):
    def merged(book):
        sheet = book["重点工程"]
        sheet["B5"] = None
        sheet.merge_cells("B4:B5")                  # one 实施单位 for the second and third project
    output = _validate(tmp_path, demo_data, merged)
    assert not _errors(output), output
    assert run("render", tmp_path / "plan.yaml", "-o", tmp_path / "p.md").exit_code == 0
    second = demo_data["projects"]["items"][1]["unit"]
    assert (tmp_path / "p.md").read_text(encoding="utf-8").count(f"实施单位：{second}。") == 2


def test_fractions_and_percents_mixed_under_a_percent_header_are_not_guessed(tmp_path: Path, demo_data):
    def mixed(book):
        sheet = book["重点工程"]
        sheet["G1"] = "土建投资占比（%）"
        sheet["G4"] = 30                            # the others are 0.35, 0.2…
    output = _validate(tmp_path, demo_data, mixed)
    assert len(_errors(output)) == 1 and "重点工程!G4: 错误 X108" in output, output


def test_an_amount_typed_with_its_unit_is_read_in_the_headers_unit(tmp_path: Path, demo_data):
    def typed(book):
        book["重点工程"]["E5"] = "1.86亿元"          # the third project's 18600 万元
        book["重点工程"]["E4"] = "4500万元"
    output = _validate(tmp_path, demo_data, typed)
    assert not _errors(output), output
    assert run("render", tmp_path / "plan.yaml", "-o", tmp_path / "p.md").exit_code == 0
    assert run("render", DEMO, "-o", tmp_path / "demo.md").exit_code == 0
    body = lambda path: path.read_text(encoding="utf-8").split("\n", 1)[1]      # noqa: E731
    assert body(tmp_path / "p.md") == body(tmp_path / "demo.md")


def test_a_formula_without_its_value_is_one_message(tmp_path: Path, demo_data):
    output = _validate(tmp_path, demo_data, lambda book: book["重点工程"].__setitem__("E4", "=F4+1"))
    assert len(_errors(output)) == 1 and "重点工程!E4: 错误 X104" in output, output


@pytest.mark.parametrize("value, code", [(-3200, "S205"), (True, "S202")])
def test_a_value_the_schema_refuses_does_not_also_break_the_total(tmp_path: Path, demo_data, value, code):
    output = _validate(tmp_path, demo_data, lambda book: book["重点工程"].__setitem__("E4", value))
    assert len(_errors(output)) == 1 and f"重点工程!E4: 错误 {code}" in output, output
    assert "英文" not in output and "True" not in output and "bool" not in output


def test_a_header_variant_is_read_and_a_missing_column_is_one_message(tmp_path: Path, demo_data):
    output = _validate(tmp_path, demo_data, lambda book: book["重点工程"].__setitem__("E1", "投资总额（万元）"))
    assert not _errors(output), output
    output = _validate(tmp_path, demo_data, lambda book: book["重点工程"].__setitem__("E1", "说不清的列"))
    assert len(_errors(output)) == 1 and "重点工程!A1: 错误 X113" in output and "“总投资”列" in output, output


def test_an_empty_or_missing_sheet_says_where_it_was_looked_for(tmp_path: Path, demo_data):
    def empty(book):
        book["重点工程"].delete_rows(2, 20)           # the header alone
    output = _validate(tmp_path, demo_data, empty)
    assert "附表.xlsx:重点工程!A2: 警告 X111" in output and "工作表“重点工程”中没有数据行" in output, output
    output = _validate(tmp_path, demo_data, lambda book: book.remove(book["重点工程"]))
    assert re.search(r"^附表\.xlsx: 警告 X111: .*找不到重点工程表", output, re.M), output


def test_a_second_sheet_like_the_first_is_a_note_not_silence(tmp_path: Path, demo_data):
    def doubled(book):
        copy = book.copy_worksheet(book["重点工程"])
        copy.title = "重点工程（续）"
    output = _validate(tmp_path, demo_data, doubled)
    assert "附表.xlsx:重点工程（续）!A1: 警告 X112" in output, output


@pytest.fixture
def division(tmp_path: Path, demo_data) -> tuple[Path, dict[str, Any]]:
    """The demo's exported task division only, and the plan without its tasks' divisions."""
    assert run("excel", DEMO, "-o", tmp_path / "附表.xlsx").exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "附表.xlsx")
    for name in ("具体目标指标", "重点工程", "年度资金安排"):
        del book[name]
    book.save(tmp_path / "附表.xlsx")
    data = copy.deepcopy(demo_data)
    data["tables"] = "附表.xlsx"
    for path in task_paths(data):
        for field in ("lead", "partners", "deadline"):
            task_at(data, path).pop(field, None)
    return tmp_path / "附表.xlsx", data


def _division(tmp_path: Path, division, change) -> str:
    workbook, data = division
    book = openpyxl.load_workbook(workbook)
    change(book["任务分工表"])
    book.save(workbook)
    result = run("validate", write_plan(tmp_path / "plan.yaml", data))
    assert "Traceback" not in result.output
    return result.output


def test_a_lead_left_empty_is_said_at_its_cell(tmp_path: Path, division):
    output = _division(tmp_path, division, lambda sheet: sheet.__setitem__("D4", None))
    assert len(_errors(output)) == 1 and "任务分工表!D4: 错误 S203" in output, output
    assert "提示：在“牵头单位”一格填写内容" in output and "`" not in output


def test_a_task_twice_in_the_division_is_one_message(tmp_path: Path, division):
    output = _division(tmp_path, division, lambda sheet: sheet.__setitem__("B5", sheet["B4"].value))
    assert [line.split(" 错误 ")[1][:4] for line in _errors(output)] == ["X110"], output
    assert "出现了两次（第4行和第5行）；任务“制定平台经济规范发展指引”没有对应的行，这一行是不是它" in output


def test_a_task_renamed_beyond_recognition_is_read_by_its_place(tmp_path: Path, division, demo_data):
    output = _division(tmp_path, division, lambda sheet: sheet.__setitem__("B4", "另起的名字"))
    assert len(_errors(output)) == 1 and "任务分工表!B4: 错误 X107" in output and "按所在位置的任务" in output, output


def test_a_task_without_a_row_is_one_message(tmp_path: Path, division):
    output = _division(tmp_path, division, lambda sheet: sheet.delete_rows(4))
    assert [line.split(" 错误 ")[1][:4] for line in _errors(output)] == ["X114"], output


def test_a_deadline_typed_as_an_excel_month_is_that_month(tmp_path: Path, division):
    def month(sheet):
        sheet["F3"] = dt.datetime(2027, 3, 1)
        sheet["F3"].number_format = "yyyy-mm"
    _division(tmp_path, division, month)
    assert run("render", tmp_path / "plan.yaml", "-o", tmp_path / "p.md").exit_code == 0
    assert "完成时限：2027年3月）" in (tmp_path / "p.md").read_text(encoding="utf-8")


def test_a_plan_still_writing_every_division_is_one_message(tmp_path: Path, division, demo_data):
    workbook, _ = division
    data = copy.deepcopy(demo_data)
    data["tables"] = "附表.xlsx"
    output = run("validate", write_plan(tmp_path / "plan.yaml", data)).output
    division_errors = [line for line in _errors(output) if "任务分工" in line]
    assert len(division_errors) == 1 and "X102" in division_errors[0], output


def test_the_departments_list_keeps_whole_names(tmp_path: Path, demo_data):
    data = copy.deepcopy(demo_data)
    _with_every_column(data)
    assert run("excel", write_plan(tmp_path / "plan.yaml", data), "-o", tmp_path / "x.xlsx").exit_code == 0
    names = [row[0].value for row in openpyxl.load_workbook(tmp_path / "x.xlsx")["部门名单"].iter_rows(min_row=2)]
    assert all("（" not in name or name.endswith("政府") for name in names), names
    organisation = demo_data["safeguards"]["organisation"]
    whole = [d for d in organisation.get("departments", []) if "（" in d]
    assert all(name in names for name in whole), (whole, names)

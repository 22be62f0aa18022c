"""A plan's tables from an Excel workbook (`tables: 附表.xlsx`), filled as departments fill them: read into the plan
as if written in YAML, every message about a row naming the workbook, the sheet and the cell."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import DEMO, run, write_plan
from generator.readers.workbook_tasks import task_at, task_paths


def _without_tables(demo_data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(demo_data)
    data["projects"].pop("items")
    data["targets"].pop("indicators")
    data["tables"] = "附表.xlsx"
    return data


def _workbook(path: Path, demo_data: dict[str, Any], change=None) -> Path:
    """The demo's projects and indicators as a department would send them: columns in another order, units in the
    headers, a merged category row, a 合计 row, 土建占比 as fractions, one number stored as text, a column of its own,
    the yearly targets as year columns."""
    book = openpyxl.Workbook()
    projects = book.active
    projects.title = "重点工程"
    projects.append(["序号", "实施单位", "项目名称", "起止年限", "总投资（万元）", "其中政府投资（万元）", "土建投资占比", "支持方向",
                     "符合的推荐要求", "主要建设内容", "预期成效", "联系人"])
    projects.append(["一、公共服务平台"])
    projects.merge_cells("A2:L2")
    items = demo_data["projects"]["items"]
    for number, item in enumerate(items, start=1):
        total = item["investment"]["total"]
        projects.append([number, item["unit"], item["name"], f"{item['start']}—{item['end']}",
                         str(total) if number == 2 else total, item["investment"].get("government"),
                         item["construction_share"] / 100, item["direction"], "、".join(map(str, item["meets"])),
                         item["content"], item["results"], "张三"])
    projects.append(["合计", "", "", "", sum(item["investment"]["total"] for item in items)])
    targets = book.create_sheet("具体目标指标")
    years = sorted({entry["year"] for item in demo_data["targets"]["indicators"] for entry in item.get("yearly", [])})
    targets.append(["指标名称", "类别", "单位", "基期年份", "基期值", "目标年份", "目标值", *[f"{y}年" for y in years],
                    "全省平均", "属性", "说明"])
    for item in demo_data["targets"]["indicators"]:
        yearly = {entry["year"]: entry["value"] for entry in item.get("yearly", [])}
        targets.append([item["name"], item["kind"], item["unit"], item.get("baseline", {}).get("year"),
                        item.get("baseline", {}).get("value"), item["target"]["year"], item["target"].get("value"),
                        *[yearly.get(y) for y in years], item.get("provincial_average"), item.get("attribute"),
                        item.get("note")])
    if change:
        change(book)
    book.save(path)
    return path


@pytest.fixture
def from_workbook(tmp_path: Path, demo_data) -> Path:
    _workbook(tmp_path / "附表.xlsx", demo_data)
    return write_plan(tmp_path / "plan.yaml", _without_tables(demo_data))


def _body(markdown: Path) -> str:
    return markdown.read_text(encoding="utf-8").split("\n", 1)[1]


def test_a_departments_workbook_reads_as_the_yaml_rows(tmp_path: Path, from_workbook: Path):
    result = run("validate", from_workbook)
    assert result.exit_code == 0, result.output
    assert "附表.xlsx:重点工程!L1: 警告 X103" in result.output and "联系人" in result.output   # its own column: a note
    assert run("render", from_workbook, "-o", tmp_path / "plan.md").exit_code == 0
    assert run("render", DEMO, "-o", tmp_path / "demo.md").exit_code == 0
    assert _body(tmp_path / "plan.md") == _body(tmp_path / "demo.md")      # the same document text


def test_a_wrong_cell_is_named_by_sheet_and_cell(tmp_path: Path, demo_data):
    def wrong(book):
        book["重点工程"]["E4"] = "约4500"
        book["具体目标指标"]["C3"] = "亿"
    _workbook(tmp_path / "附表.xlsx", demo_data, wrong)
    result = run("validate", write_plan(tmp_path / "plan.yaml", _without_tables(demo_data)))
    assert result.exit_code == 1
    assert re.search(r"^附表\.xlsx:重点工程!E4: 错误 S202 .*\[projects\.items\[1\]\.investment\.total\]: 应为数字",
                     result.output, re.M), result.output
    assert re.search(r"^附表\.xlsx:具体目标指标!C3: 错误 S204 .*\[targets\.indicators\[1\]\.unit\]", result.output, re.M)
    assert "Traceback" not in result.output


def test_a_total_row_is_checked_not_read_as_an_item(tmp_path: Path, demo_data):
    _workbook(tmp_path / "附表.xlsx", demo_data, lambda book: book["重点工程"].cell(9, 5, 60000))
    result = run("validate", write_plan(tmp_path / "plan.yaml", _without_tables(demo_data)))
    assert "附表.xlsx:重点工程!E9: 错误 X105" in result.output and "而各项之和为 58000" in result.output
    assert "第7项" not in result.output


def test_a_formula_without_its_saved_value_is_a_clear_message(tmp_path: Path, demo_data):
    _workbook(tmp_path / "附表.xlsx", demo_data, lambda book: book["重点工程"].cell(9, 5, "=SUM(E3:E8)"))
    result = run("validate", write_plan(tmp_path / "plan.yaml", _without_tables(demo_data)))
    assert "附表.xlsx:重点工程!E9: 错误 X104" in result.output and "没有它的计算结果" in result.output


def test_a_table_in_both_the_yaml_and_the_workbook_is_an_error(tmp_path: Path, demo_data):
    _workbook(tmp_path / "附表.xlsx", demo_data)
    data = copy.deepcopy(demo_data)
    data["tables"] = "附表.xlsx"
    result = run("validate", write_plan(tmp_path / "plan.yaml", data))
    assert result.exit_code == 1 and "X102" in result.output and "既写在方案文件中" in result.output


@pytest.mark.parametrize(("named", "code"), [("../elsewhere.xlsx", "Y114"), ("缺少.xlsx", "Y112"), ("坏.xlsx", "X101")])
def test_a_workbook_that_cannot_be_used_says_why(tmp_path: Path, demo_data, named: str, code: str):
    (tmp_path / "坏.xlsx").write_text("不是工作簿", encoding="utf-8")
    (tmp_path.parent / "elsewhere.xlsx").write_bytes(b"")
    data = _without_tables(demo_data)
    data["tables"] = named
    result = run("validate", write_plan(tmp_path / "plan.yaml", data))
    assert result.exit_code == 1 and code in result.output and "Traceback" not in result.output, result.output


def test_percentages_written_as_text_and_numbers_in_full_width(tmp_path: Path, demo_data):
    def typed(book):
        sheet = book["重点工程"]
        sheet["G5"] = "35%"
        sheet["E5"] = "１８６００"
    _workbook(tmp_path / "附表.xlsx", demo_data, typed)
    plan = write_plan(tmp_path / "plan.yaml", _without_tables(demo_data))
    assert run("validate", plan).exit_code == 0
    assert run("render", plan, "-o", tmp_path / "plan.md").exit_code == 0
    assert "| 3 | 城乡共同配送智能物流信息平台 | 示例物流集团有限公司 | 2027年4月—2029年6月 | 18600 | 3000 | 35 |" in \
        (tmp_path / "plan.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("example", ["demo-city.yaml", "demo-base.yaml"])
def test_round_trip_export_reference_and_the_same_document(tmp_path: Path, example: str):
    """Export a plan's tables, point the plan at the workbook and remove the YAML rows: the same findings and the
    same document text."""
    import yaml

    from conftest import EXAMPLES

    source = tmp_path / example
    source.write_text((EXAMPLES / example).read_text(encoding="utf-8"), encoding="utf-8")
    result = run("excel", source, "-o", tmp_path / "附表.xlsx")
    assert result.exit_code == 0 and "已生成" in result.output, result.output
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["targets"].pop("indicators")
    data.get("projects", {}).pop("items", None)
    data["safeguards"]["funding"].pop("yearly")
    for path in task_paths(data):       # the task division: who leads each task, with whom, by when
        for field in ("lead", "partners", "deadline"):
            task_at(data, path).pop(field, None)
    data["tables"] = "附表.xlsx"
    plan = write_plan(tmp_path / "plan.yaml", data)

    def findings(path: Path) -> list[str]:
        return [re.sub(r"^\S+: ", "", line) for line in run("validate", path).output.splitlines() if "错误" in line
                or "警告" in line]
    assert findings(plan) == findings(source)
    assert run("render", source, "-o", tmp_path / "a.md").exit_code == 0
    assert run("render", plan, "-o", tmp_path / "b.md").exit_code == 0
    assert _body(tmp_path / "a.md") == _body(tmp_path / "b.md")


def test_the_exported_workbook_is_ready_for_departments(tmp_path: Path):
    target = tmp_path / "附表.xlsx"
    assert run("excel", DEMO, "-o", target).exit_code == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["具体目标指标", "重点工程", "年度资金安排", "任务分工表", "部门名单", "填表说明"]
    departments = [row[0].value for row in book["部门名单"].iter_rows(min_row=2)]
    assert "市商务局" in departments and len(departments) == len(set(departments))
    division = book["任务分工表"].data_validations.dataValidation
    assert any("部门名单" in rule.formula1 and "D2" in str(rule.sqref) for rule in division)   # 牵头单位
    projects = book["重点工程"]
    assert [c.value for c in projects[1]][:6] == ["序号", "项目名称", "实施单位", "主要建设内容", "起止年限", "总投资（万元）"]
    assert projects.freeze_panes == "A2" and projects.max_row == 7
    assert projects["B2"].value == "示例市电子商务经济运行监测平台" and projects["H2"].value == 0     # 社会投资, a value
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for row in projects for c in row)
    lists = {str(rule.sqref): rule.formula1 for rule in projects.data_validations.dataValidation}
    assert any("电子商务经济运行监测平台" in formula for formula in lists.values())           # 支持方向
    indicator_lists = [rule.formula1 for rule in book["具体目标指标"].data_validations.dataValidation]
    assert any("预期性" in f for f in indicator_lists) and any("亿元" in f for f in indicator_lists)
    assert projects.column_dimensions["D"].width > projects.column_dimensions["A"].width   # 建设内容 is wide
    again = tmp_path / "again.xlsx"
    import time

    time.sleep(1.1)                                     # the time of saving must not end up in the file
    assert run("excel", DEMO, "-o", again).exit_code == 0
    assert again.read_bytes() == target.read_bytes()                                       # same plan, same bytes


def test_a_workbook_a_department_changed_is_not_overwritten(tmp_path: Path):
    target = tmp_path / "附表.xlsx"
    assert run("excel", DEMO, "-o", target).exit_code == 0
    book = openpyxl.load_workbook(target)
    book["重点工程"]["F2"] = 3300
    book.save(target)
    changed = target.read_bytes()
    result = run("excel", DEMO, "-o", target)
    assert result.exit_code == 1 and target.read_bytes() == changed and "Traceback" not in result.output
    assert run("excel", DEMO, "-o", target, "--force").exit_code == 0
    assert (tmp_path / "附表.xlsx.bak").read_bytes() == changed


def test_the_task_division_assigns_leads_and_names_what_it_cannot_match(tmp_path: Path, demo_data):
    source = write_plan(tmp_path / "source.yaml", demo_data)
    assert run("excel", source, "-o", tmp_path / "附表.xlsx").exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "附表.xlsx")
    for title in ("具体目标指标", "重点工程", "年度资金安排"):
        del book[title]                                                # only the task division
    sheet = book["任务分工表"]
    assert [c.value for c in sheet[1]] == ["序号", "任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
    assert sheet["A2"].value == "完善电子商务政策法规环境"          # the group as a category row
    sheet["B3"] = "完善电子商务促进政策"                              # a name the text does not have
    sheet["D4"] = "市发展改革委"                                      # the second task's new lead
    book.save(tmp_path / "附表.xlsx")
    data = copy.deepcopy(demo_data)
    data["tables"] = "附表.xlsx"
    paths = task_paths(data)
    for path in paths[2:]:
        for field in ("lead", "partners", "deadline"):
            task_at(data, path).pop(field, None)
    task_at(data, paths[1]).pop("lead")                                # the sheet gives it
    task_at(data, paths[1]).pop("partners")
    result = run("validate", write_plan(tmp_path / "plan.yaml", data))
    assert "附表.xlsx:任务分工表!B3: 错误 X107" in result.output and "完善电子商务促进政策" in result.output
    assert re.search(r"plan\.yaml:\d+:\d+: 错误 X102 \[tasks\.policy\.tasks\[1\]\.deadline\]: .*完成时限既写在方案文件中",
                     result.output), result.output
    assert result.output.count("错误 ") == 2, result.output           # X107, X102 and nothing else
    assert run("render", tmp_path / "plan.yaml", "--strict", "-o", tmp_path / "p.md").exit_code == 1


def test_the_forms_departments_write_periods_subtotals_and_percent_headers_in(tmp_path: Path, demo_data):
    def typed(book):
        sheet = book["重点工程"]
        sheet["D3"] = "2027年—2028年"            # years with 年 on both sides
        sheet["D4"] = "2027-03"                   # a start alone: the end is missing, said once
        sheet["G1"] = "土建投资占比（%）"          # the header says these are percentages: 0.8 is 0.8 %
        for row in range(3, 9):
            sheet.cell(row, 7, 0)
        sheet["G5"] = 0.8
        sheet.insert_rows(6)
        sheet["A6"], sheet["E6"] = "小计", 12345   # a group's subtotal: not checked against all items
    _workbook(tmp_path / "附表.xlsx", demo_data, typed)
    plan = write_plan(tmp_path / "plan.yaml", _without_tables(demo_data))
    result = run("validate", plan)
    assert "X105" not in result.output and "R11.2" not in result.output          # not read as 80 %
    ends = [line for line in result.output.splitlines() if "projects.items[1]" in line]
    assert len(ends) == 1 and "R11.1" in ends[0] and "完工时间" in ends[0], result.output
    assert "S20" not in result.output                                            # 2027年—2028年 read as a period


def test_a_workbook_that_is_not_xlsx_is_a_message(tmp_path: Path, demo_data):
    (tmp_path / "附表.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)       # the old Excel format
    data = _without_tables(demo_data)
    data["tables"] = "附表.xls"
    result = run("validate", write_plan(tmp_path / "plan.yaml", data))
    assert result.exit_code == 1 and "X101" in result.output and "Traceback" not in result.output


def test_a_departments_own_sheet_mixed_units_and_a_colon_in_a_header(tmp_path: Path, demo_data):
    """A department's own sheet first (发改委项目储备清单), 其中：政府投资（亿元） beside 总投资（万元）, a stray cell far
    out: the projects are read from the right sheet, each amount in one unit, quickly."""
    def theirs(book):
        decoy = book.create_sheet("发改委项目储备清单", 0)
        decoy.append(["储备项目", "备注"])
        decoy.append(["某物流园", "谋划中"])
        sheet = book["重点工程"]
        sheet["F1"] = "其中：政府投资（亿元）"
        for row in range(3, 9):
            sheet.cell(row, 6, sheet.cell(row, 6).value / 10000)
        sheet["XFD1048576"] = "x"
    _workbook(tmp_path / "附表.xlsx", demo_data, theirs)
    plan = write_plan(tmp_path / "plan.yaml", _without_tables(demo_data))
    result = run("validate", plan)
    assert result.exit_code == 0, result.output
    assert run("render", plan, "-o", tmp_path / "p.md").exit_code == 0
    text = (tmp_path / "p.md").read_text(encoding="utf-8")
    assert "计划总投资5.8亿元，其中政府投资1.74亿元" in text and "某物流园" not in text


def test_without_openpyxl_the_message_names_what_to_install(tmp_path: Path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    result = run("excel", DEMO, "-o", tmp_path / "附表.xlsx")
    assert result.exit_code == 1 and "pip install 'openpyxl>=3.1'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "附表.xlsx").exists()

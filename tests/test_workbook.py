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
    assert run("render", DEMO, "-o", tmp_path / "demo.md").exit_code == 0    # the other rows' 0.3 are still 30%
    assert _body(tmp_path / "plan.md") == _body(tmp_path / "demo.md")


def _with_every_column(data: dict[str, Any]) -> None:
    """The columns Chinese tables have that the demo leaves empty: 建设地点, 责任单位, 分年度投资, an indicator's 责任单位."""
    first, second = data["projects"]["items"][:2]
    first.update(location="示例市高新区", responsible="市商务局")
    first["investment"]["yearly"] = [{"year": 2027, "amount": 1500}, {"year": 2028, "amount": 1700}]
    second["investment"]["yearly"] = [{"year": 2028, "amount": 4500}]
    data["targets"]["indicators"][0]["responsible"] = "市统计局"
    data["targets"]["indicators"][1]["responsible"] = "市统计局"


@pytest.mark.parametrize("example", ["demo-city.yaml", "demo-base.yaml", "yunxi.yaml", "every column"])
def test_round_trip_export_reference_and_the_same_document(tmp_path: Path, example: str):
    """Export a plan's tables, point the plan at the workbook and remove the YAML rows: the same findings and the
    same document text."""
    import yaml

    from conftest import EXAMPLES

    source = tmp_path / "source.yaml"
    if example == "every column":
        data = yaml.safe_load((EXAMPLES / "demo-city.yaml").read_text(encoding="utf-8"))
        _with_every_column(data)
        write_plan(source, data)
    else:
        source.write_text((EXAMPLES / example).read_text(encoding="utf-8"), encoding="utf-8")
    result = run("excel", source, "-o", tmp_path / "附表.xlsx")
    assert result.exit_code == 0 and "已生成" in result.output, result.output
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["targets"].pop("indicators")
    data.get("projects", {}).pop("items", None)
    data["safeguards"]["funding"].pop("yearly")
    for path in task_paths(data):       # the task division: who leads each task, with whom, by when, and how
        for field in ("lead", "partners", "deadline", "measures"):
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
    if example == "every column":
        text = (tmp_path / "b.md").read_text(encoding="utf-8")
        assert "建设地点：示例市高新区。责任单位：市商务局。" in text
        assert "；分年度投资：2027年1500万元，2028年1700万元。" in text
        assert "各项指标的责任单位：“电子商务交易额”、“跨境电子商务交易额”由市统计局负责。" in text


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
    assert [c.value for c in projects[1]] == [
        "序号", "项目名称", "实施单位", "建设地点", "主要建设内容", "起止年限", "总投资（万元）", "其中政府投资（万元）", "社会投资（万元）",
        "2027年投资（万元）", "2028年投资（万元）", "2029年投资（万元）", "支持方向", "符合的推荐要求", "土建投资占比（%）", "责任单位", "预期成效"]
    assert projects.freeze_panes == "A2" and projects.max_row == 7
    assert projects["B2"].value == "示例市电子商务经济运行监测平台" and projects["I2"].value == 0     # 社会投资, a value
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for row in projects for c in row)
    lists = {str(rule.sqref): rule.formula1 for rule in projects.data_validations.dataValidation}
    assert any("电子商务经济运行监测平台" in formula for formula in lists.values())           # 支持方向
    indicator_lists = [rule.formula1 for rule in book["具体目标指标"].data_validations.dataValidation]
    assert any("预期性" in f for f in indicator_lists) and any("亿元" in f for f in indicator_lists)
    assert projects.column_dimensions["E"].width > projects.column_dimensions["A"].width   # 建设内容 is wide
    assert any("部门名单" in rule.formula1 and "P2" in str(rule.sqref) for rule in projects.data_validations.dataValidation)
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


def test_a_misspelt_task_is_one_message_and_its_row_is_still_read(tmp_path: Path, demo_data):
    source = write_plan(tmp_path / "source.yaml", demo_data)
    assert run("excel", source, "-o", tmp_path / "附表.xlsx").exit_code == 0
    data = copy.deepcopy(demo_data)
    data["tables"] = "附表.xlsx"
    for path in task_paths(data):
        for field in ("lead", "partners", "deadline"):
            task_at(data, path).pop(field, None)
    title = task_at(data, task_paths(data)[3])["title"]
    book = openpyxl.load_workbook(tmp_path / "附表.xlsx")
    row = next(row for row in book["任务分工表"].iter_rows() if row[1].value == title)
    row[1].value = title[:-1] + "等" + title[-1]                      # one character typed in
    for name in ("具体目标指标", "重点工程", "年度资金安排"):
        del book[name]
    book.save(tmp_path / "附表.xlsx")
    result = run("validate", write_plan(tmp_path / "plan.yaml", data))
    assert result.output.count("错误 ") == 1, result.output           # not also "缺少牵头部门" at the task
    assert f"附表.xlsx:任务分工表!B{row[1].row}: 错误 X107" in result.output
    assert f"按最接近的任务“{title}”读取" in result.output and f"把任务名称改为“{title}”" in result.output


def test_a_percentage_column_with_fractions_and_percents_mixed_is_not_guessed(tmp_path: Path, demo_data):
    _workbook(tmp_path / "附表.xlsx", demo_data, lambda book: book["重点工程"].cell(4, 7, 30))   # 0.35, 30, 0.2…
    result = run("validate", write_plan(tmp_path / "plan.yaml", _without_tables(demo_data)))
    assert result.exit_code == 1
    found = [line for line in result.output.splitlines() if " X108" in line]
    assert len(found) == 1 and found[0].startswith("附表.xlsx:重点工程!G4: 错误 X108") and "这一格 30 无法判断" in found[0]


def test_exporting_over_the_workbook_the_plan_reads_is_refused(tmp_path: Path, from_workbook: Path):
    """The departments' workbook (with a column of their own) is the plan's source: exporting over it would put the
    plan's rows back and drop their column, even with --force."""
    before = (tmp_path / "附表.xlsx").read_bytes()
    for extra in ((), ("--force",)):
        result = run("excel", from_workbook, "-o", tmp_path / "附表.xlsx", *extra)
        assert result.exit_code == 1 and "方案的表格就是从这个工作簿读取的" in result.output, result.output
        assert (tmp_path / "附表.xlsx").read_bytes() == before and "Traceback" not in result.output
    assert not list(tmp_path.glob("*.bak"))
    assert run("excel", from_workbook, "-o", tmp_path / "副本.xlsx").exit_code == 0


def test_a_header_of_two_rows_with_the_years_under_it(tmp_path: Path, demo_data):
    """分年度投资（万元） spanning 2027年, 2028年, 2029年 in the row below, and 责任单位 as the only unit column: it is
    the 实施单位."""
    def two_rows(book):
        del book["重点工程"]
        sheet = book.create_sheet("项目汇总表")
        sheet.append(["序号", "项目名称", "责任单位", "起止年限", "总投资（万元）", "分年度投资（万元）", None, None, "支持方向",
                      "主要建设内容", "符合的推荐要求", "预期成效", "土建占比", "政府投资"])
        sheet.append([None, None, None, None, None, "2027年", "2028年", "2029年"])
        sheet.merge_cells("F1:H1")
        for number, item in enumerate(demo_data["projects"]["items"], start=1):
            total = item["investment"]["total"]
            sheet.append([number, item["name"], item["unit"], f"{item['start']}—{item['end']}", total,
                          total / 2, total / 2 if number != 3 else 1, None, item["direction"], item["content"],
                          "、".join(map(str, item["meets"])), item["results"], item["construction_share"],
                          item["investment"].get("government")])
    _workbook(tmp_path / "附表.xlsx", demo_data, two_rows)
    data = _without_tables(demo_data)
    result = run("validate", write_plan(tmp_path / "plan.yaml", data))
    found = [line for line in result.output.splitlines() if "R12.12" in line]
    assert len(found) == 1 and found[0].startswith("附表.xlsx:项目汇总表!F5: 错误 R12.12"), result.output
    assert "分年度投资合计 9301，与总投资 18600 不符" in found[0]
    assert "X103" not in result.output                                   # every column read
    book = openpyxl.load_workbook(tmp_path / "附表.xlsx")
    book["项目汇总表"]["G5"] = 9300
    book.save(tmp_path / "附表.xlsx")
    assert run("render", tmp_path / "plan.yaml", "-o", tmp_path / "p.md").exit_code == 0
    text = (tmp_path / "p.md").read_text(encoding="utf-8")
    first = demo_data["projects"]["items"][0]
    assert f"实施单位：{first['unit']}。" in text and "分年度投资：2027年9300万元，2028年9300万元。" in text


def test_measures_changed_in_the_sheet_and_kept_in_the_plan_are_one_message(tmp_path: Path):
    """具体措施 as the plan has them are no conflict; changed in the sheet while the plan keeps its own, X102 at the
    plan's measures."""
    import yaml

    from conftest import EXAMPLES

    source = tmp_path / "yunxi.yaml"
    source.write_text((EXAMPLES / "yunxi.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert run("excel", source, "-o", tmp_path / "附表.xlsx").exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "附表.xlsx")
    sheet = book["任务分工表"]
    cell = next(row[2] for row in sheet.iter_rows() if row[2].value and "认定标准" in str(row[2].value))
    assert cell.value == "2027年上半年出台电子商务企业认定标准。\n2027年第三季度起按季度发布全市电子商务发展监测报告。"
    for name in ("具体目标指标", "重点工程", "年度资金安排"):
        del book[name]
    book.save(tmp_path / "附表.xlsx")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["tables"] = "附表.xlsx"
    for path in task_paths(data):
        for field in ("lead", "partners", "deadline"):
            task_at(data, path).pop(field, None)
    plan = write_plan(tmp_path / "plan.yaml", data)
    assert run("validate", plan).exit_code == 0                         # the same measures: no conflict
    cell.value = "（1）2027年出台电子商务企业认定标准。"
    book.save(tmp_path / "附表.xlsx")
    result = run("validate", plan)
    found = [line for line in result.output.splitlines() if " 错误 " in line]
    assert len(found) == 1 and re.search(r"plan\.yaml:\d+:\d+: 错误 X102 .*\.measures\]: .*具体措施既写在方案文件中.*两处不同",
                                        found[0]), result.output


def test_a_target_cell_with_its_bound_a_milestone_or_a_mistake(tmp_path: Path, demo_data):
    def targets(book):
        sheet = book["具体目标指标"]
        sheet["G2"] = "12000以上"                    # value and bound
        sheet["G3"] = f"不低于 {demo_data['targets']['indicators'][1]['target']['value']}"   # before, a space typed
        sheet["G4"] = "大约12"                       # neither: a number with a word the schema reports
    _workbook(tmp_path / "附表.xlsx", demo_data, targets)
    plan = write_plan(tmp_path / "plan.yaml", _without_tables(demo_data))
    result = run("validate", plan)
    found = [line for line in result.output.splitlines() if " 错误 " in line]
    assert len(found) == 1 and found[0].startswith("附表.xlsx:具体目标指标!G4: 错误 S202"), result.output
    assert "提示：“目标值”填 12（“大约”写不进数字" in result.output
    book = openpyxl.load_workbook(tmp_path / "附表.xlsx")
    book["具体目标指标"]["G4"] = "建成全市电子商务统计监测体系"    # a milestone
    book.save(tmp_path / "附表.xlsx")
    assert run("render", plan, "-o", tmp_path / "p.md").exit_code == 0
    text = (tmp_path / "p.md").read_text(encoding="utf-8")
    assert "| 12000以上 |" in text and f"不低于{demo_data['targets']['indicators'][1]['target']['value']}" in text and "| 建成全市电子商务统计监测体系 |" in text


def test_a_wrong_cell_gets_a_hint_in_the_sheets_terms(tmp_path: Path, demo_data):
    def wrong(book):
        book["重点工程"]["E4"] = "约4500"
        book["重点工程"]["C5"] = None
        book["具体目标指标"]["D3"] = "去年"
    _workbook(tmp_path / "附表.xlsx", demo_data, wrong)
    result = run("validate", write_plan(tmp_path / "plan.yaml", _without_tables(demo_data)))
    assert "提示：“总投资”填 4500（“约”写不进数字" in result.output
    assert "提示：在这一行补填“项目名称”。" in result.output
    assert "`" not in result.output                                     # nothing in YAML's terms
    assert result.output.count("错误 ") == 3, result.output           # the sum of the totals and a base without
                                                                        # its year are not said again


def test_the_forms_departments_write_periods_subtotals_and_percent_headers_in(tmp_path: Path, demo_data):
    def typed(book):
        sheet = book["重点工程"]
        sheet["D3"] = "2027年—2028年"            # years with 年 on both sides
        sheet["D4"] = "2027-03"                   # a start alone: the end is missing, said once
        sheet["G1"] = "土建投资占比（%）"          # the header says percents, the cells are fractions: said
        for row in range(3, 9):
            sheet.cell(row, 7, 0)
        sheet["G5"] = 0.8
        sheet.insert_rows(6)
        sheet["A6"], sheet["E6"] = "小计", 12345   # a group's subtotal: checked against its group's items
        sheet.insert_rows(10)
        sheet["A10"], sheet["E10"] = "小计", 31700   # the next group: 9800 + 15000 + 6900
    _workbook(tmp_path / "附表.xlsx", demo_data, typed)
    plan = write_plan(tmp_path / "plan.yaml", _without_tables(demo_data))
    result = run("validate", plan)
    assert "附表.xlsx:重点工程!E6: 错误 X105: 小计行的“总投资”为 12345，而本组各项之和为 26300。" in result.output
    assert "E10" not in result.output
    assert "附表.xlsx:重点工程!G3: 警告 X109" in result.output and "0.8 读作 80%" in result.output
    assert "R11.2" in result.output                                              # read as 80 %: 以土建为主
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

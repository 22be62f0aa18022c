"""A draft's gaps as a planner writes them and as its readers see them: whole chapters still to come, units,
table cells, attachments, the ways people type a gap, who owes it, and what accept: and --strict do with drafts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, run, write_plan
from docx_text import document_lines


def _draft(plan: Path, tmp_path: Path, *options: str) -> list[str]:
    out = tmp_path / "draft.docx"
    result = run("render", "--draft", plan, "-o", out, "--force", *options)
    assert result.exit_code == 0, result.output
    return document_lines(out)


def _after(lines: list[str], heading: str) -> str:
    """The line that follows a heading in the body (its last occurrence: the 目录 lists it first)."""
    index = len(lines) - 1 - lines[::-1].index(heading)
    return lines[index + 1]


def test_a_whole_chapter_still_to_come_shows_its_mark_in_the_body_and_the_summary(mutated, tmp_path: Path):
    def owed(data: dict[str, Any]) -> None:
        data["economy"] = "待补充（市发展改革委）"
        data["safeguards"] = "待补充（市商务局）"
        data["summary"] = {}
    lines = _draft(mutated(owed), tmp_path)
    assert _after(lines, "二、城市经济社会发展现状与战略定位") == "【待补充：城市经济社会发展现状与战略定位（市发展改革委）】"
    assert _after(lines, "六、创建工作保障措施") == "【待补充：创建工作保障措施（市商务局）】"
    assert _after(lines, "（四）创建工作保障措施") == "创建工作保障措施【待补充：创建工作保障措施（市商务局）】。"
    assert "。" not in lines and not any(line.endswith("方面，") for line in lines)


def test_a_table_cell_still_to_come_shows_its_mark(mutated, tmp_path: Path):
    def owed(data: dict[str, Any]) -> None:
        data["targets"]["indicators"][0]["provincial_average"] = "待补充（省商务厅）"
    lines = _draft(mutated(owed), tmp_path)
    row = next(line for line in lines if line.startswith("1 | 电子商务交易额 |"))
    assert row.endswith("| 【待补充：全省平均水平（省商务厅）】")


def test_a_unit_still_to_come_is_marked_and_its_amount_is_not_added(mutated, tmp_path: Path):
    def owed(data: dict[str, Any]) -> None:
        data["targets"]["indicators"][0]["unit"] = "待定"
        data["projects"]["items"][0]["investment"]["unit"] = "待定"
        del data["projects"]["total_investment"]
    lines = _draft(mutated(owed), tmp_path)
    text = "\n".join(lines)
    assert "电子商务交易额由2025年的6850【待补充：指标单位】达到12000【待补充：指标单位】" in text
    assert "总投资3200【待补充：投资单位】" in text
    assert "计划总投资【待补充】" in text and "58000" not in text
    total = next(line for line in lines if line.startswith(" | 合计 |"))
    assert "【待补充】" in total


def test_a_stated_total_stands_while_one_projects_investment_is_to_come(mutated, tmp_path: Path):
    def owed(data: dict[str, Any]) -> None:
        data["projects"]["items"][0]["investment"]["total"] = "待补充（市大数据中心）"
    text = "\n".join(_draft(mutated(owed), tmp_path))
    assert "共安排重点工程六项，计划总投资5.8亿元" in text
    assert "创建期内共安排重点工程六项，计划总投资5.8亿元" in text


def test_a_base_plans_attachment_still_to_come_is_marked(tmp_path: Path):
    data = yaml.safe_load((EXAMPLES / "demo-base.yaml").read_text(encoding="utf-8"))
    data["attachments"]["plan"] = "待补充（园区管委会）"
    text = "\n".join(_draft(write_plan(tmp_path / "base.yaml", data), tmp_path))
    assert "附件2　基地电子商务发展规划【待补充：基地电子商务发展规划（园区管委会）】。" in text


@pytest.mark.parametrize(("field", "written"), [
    ("population", "XX"), ("population", "××"), ("population", "某某"), ("population", "XXXX"),
    ("population", "待 补充"), ("population", "暂缺"), ("population", "〔待补充〕"), ("population", "数据待补充"),
    ("year", "20XX"), ("deadline", "2027年XX月"),
])
def test_the_ways_people_type_a_gap_are_placeholders_not_type_errors(field: str, written: str, mutated):
    def owed(data: dict[str, Any]) -> None:
        if field == "population":
            data["economy"]["overview"]["population"]["value"] = written
        elif field == "year":
            data["economy"]["overview"]["population"]["year"] = written
        else:
            data["tasks"]["policy"]["tasks"][0]["deadline"] = written
    result = run("validate", "--draft", mutated(owed))
    assert result.exit_code == 0, result.output
    assert " 警告 P101 " in result.output and not re.search(r" (错误|警告) S2\d\d ", result.output), result.output


def test_a_number_that_is_neither_a_number_nor_a_placeholder_says_how_to_write_one(mutated):
    result = run("validate", mutated(lambda d: d["economy"]["overview"]["population"].update(value="约八百多万")))
    assert " 错误 S202 " in result.output and "待补充（提供部门）" in result.output


def test_an_unclosed_gap_in_a_text_is_found(mutated):
    result = run("validate", mutated(lambda d: d["economy"].update(strategy="建设国家中心城市，【待补充2025年定位")))
    assert " 错误 P102 " in result.output and "【待补充2025年定位" in result.output


def test_a_note_in_brackets_is_not_an_owner_and_a_leads_aside_is_not_part_of_its_name(mutated):
    def owed(data: dict[str, Any]) -> None:
        data["ecommerce"]["overview"]["tax"] = "（待补充数据）"
        data["tasks"]["policy"]["tasks"][0]["lead"] = "市商务局（会同市司法局）"
        data["tasks"]["policy"]["tasks"][0]["content"] = "研究制定促进办法，【待补充】。"
    plan = mutated(owed)
    result = run("validate", plan)
    assert "由数据提供" not in result.output
    status = run("status", plan)
    owners = next(line for line in status.output.splitlines() if line.startswith("待提供："))
    assert "市商务局 1 处" in owners and "数据" not in owners and "会同" not in owners, owners


def test_accept_needs_a_reason_and_says_when_an_entry_repeats_and_reads_codes_in_any_case(mutated):
    def accepting(data: dict[str, Any]) -> None:
        data["cover"]["city_status"] = "地级市"
        data["accept"] = [{"code": "r15.1", "reason": "经省商务厅推荐。"}, {"code": "R15.1", "reason": "同上。"},
                          {"code": "R7.1", "reason": "  "}]
    result = run("validate", mutated(accepting))
    assert "已接受的警告 R15.1" in result.output
    assert " 警告 A101 " in result.output and "与第 1 条重复" in result.output
    assert " 警告 A103 " in result.output and "没有写理由" in result.output


def test_draft_strict_fails_on_warnings_but_not_on_the_placeholders_a_draft_is_for(mutated, tmp_path: Path):
    def owed(status: str):
        def change(data: dict[str, Any]) -> None:
            data["economy"]["overview"]["gdp"] = "待补充（市统计局）"
            data["cover"]["city_status"] = status
        return change
    assert run("validate", "--draft", "--strict", mutated(owed("省会城市"))).exit_code == 0
    assert run("render", "--draft", "--strict", mutated(owed("省会城市")), "-o", tmp_path / "d.docx").exit_code == 0
    failed = run("validate", "--draft", "--strict", mutated(owed("地级市")))
    assert failed.exit_code == 1 and " 错误 R15.1 " in failed.output and " 警告 P101 " in failed.output


def test_a_final_stage_with_gaps_is_said_and_marked_as_a_first_draft(mutated, tmp_path: Path):
    def owed(data: dict[str, Any]) -> None:
        data["cover"]["stage"] = "定稿"
        data["economy"]["overview"]["gdp"] = "待补充（市统计局）"
    plan = mutated(owed)
    result = run("validate", "--draft", plan)
    assert " 警告 P103 " in result.output and "按“初稿”标注" in result.output
    assert _draft(plan, tmp_path)[0] == "初稿"


def test_a_falling_indicator_reads_as_falling(mutated, tmp_path: Path):
    def falls(data: dict[str, Any]) -> None:
        data["targets"]["indicators"].append({
            "name": "快递投诉率", "kind": "其他", "unit": "件", "trend": "下降",
            "baseline": {"year": 2025, "value": 5000}, "target": {"year": 2029, "value": 3000}})
    out = tmp_path / "plan.md"
    assert run("render", mutated(falls), "-o", out).exit_code == 0
    assert "快递投诉率由2025年的5000件下降到3000件，年均下降12.0%" in out.read_text(encoding="utf-8")


def test_a_zero_target_is_one_mistake(mutated):
    result = run("validate", mutated(lambda d: d["targets"]["indicators"][5]["target"].update(value=0)))
    assert " 错误 V101 " in result.output and " V103 " not in result.output


def test_a_brief_is_not_held_up_by_a_number_its_full_plan_owes(mutated, tmp_path: Path):
    def owed(data: dict[str, Any]) -> None:
        data["economy"]["overview"]["gdp"] = "待补充（市统计局）"
        data["brief"] = yaml.safe_load((EXAMPLES / "chongqing.yaml").read_text(encoding="utf-8"))["brief"]
    plan = mutated(owed)
    assert run("validate", "--brief", plan).exit_code == 0
    out = tmp_path / "brief.docx"
    result = run("render", "--brief", plan, "-o", out)
    assert result.exit_code == 0, result.output
    assert "待补充事项清单" not in document_lines(out)
    assert run("validate", plan).exit_code == 1   # the full plan still owes it

"""Accepting a warning with a reason (``accept:``), through the CLI: listed as accepted by validate and status, not
failing --strict; an acceptance that matches nothing is a warning; errors and placeholders cannot be accepted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import line_of, run

REASON = "经示例省商务厅推荐，作为地级市申报。"


def _prefecture(accept: list[dict[str, Any]]):
    def change(data: dict[str, Any]) -> None:
        data["cover"]["city_status"] = "地级市"
        data["accept"] = accept
    return change


def test_an_accepted_warning_is_listed_with_its_reason_and_fails_nothing(mutated):
    plan = mutated(_prefecture([{"code": "R15.1", "reason": REASON}]))
    plain = run("validate", plan)
    assert plain.exit_code == 0, plain.output
    assert "已接受的警告 R15.1 封面 › 城市类型 [cover.city_status]" in plain.output
    assert f"接受理由：{REASON}" in plain.output
    assert plain.output.rstrip().endswith("0 个错误，0 个警告，1 个已接受的警告")
    strict = run("validate", "--strict", plan)
    assert strict.exit_code == 0, strict.output
    checked = json.loads(run("validate", "--format", "json", plan).output)
    assert [(d["code"], d["severity"], d["accepted"]) for d in checked] == [("R15.1", "warning", REASON)]


def test_without_the_acceptance_strict_fails(mutated):
    plan = mutated(_prefecture([]))
    assert run("validate", plan).exit_code == 0
    assert run("validate", "--strict", plan).exit_code == 1


def test_render_strict_renders_a_plan_whose_only_warning_is_accepted(tmp_path: Path, mutated):
    plan = mutated(_prefecture([{"code": "R15.1", "field": "cover.city_status", "reason": REASON}]))
    out = tmp_path / "plan.md"
    result = run("render", "--strict", plan, "--format", "md", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_status_lists_accepted_warnings_apart_from_open_ones(tmp_path: Path, mutated):
    plan = mutated(_prefecture([{"code": "R15.1", "reason": REASON}]))
    text = run("status", plan)
    assert "错误 0 个，警告 0 个，已接受的警告 1 个" in text.output, text.output
    assert f"已接受：R15.1（cover.city_status）：{REASON}" in text.output
    rows = json.loads(run("status", "--format", "json", plan).output)["rows"]
    assert rows[0]["accepted"] == 1 and rows[0]["warnings"] == 0
    csv = run("status", "--format", "csv", plan).stdout_bytes.decode("utf-8-sig").splitlines()
    assert "已接受的警告" in csv[0].split(",")


def test_an_acceptance_limited_to_another_field_accepts_nothing(mutated):
    plan = mutated(_prefecture([{"code": "R15.1", "field": "cover.province", "reason": REASON}]))
    result = run("validate", plan)
    assert " 警告 R15.1 " in result.output
    assert " 警告 A101 " in result.output and "R15.1（字段 cover.province） 在本方案中没有出现" in result.output


def test_errors_and_placeholders_cannot_be_accepted(mutated):
    def change(data: dict[str, Any]) -> None:
        data["projects"]["total_investment"] = {"value": 9.9, "unit": "亿元"}
        data["economy"]["overview"]["population"] = "待补充（市统计局）"
        data["accept"] = [{"code": "R12.6", "reason": "投资合计待核。"}, {"code": "P101", "reason": "人口数据下月到。"}]
    plan = mutated(change)
    result = run("validate", plan)
    assert result.exit_code == 1
    assert " 错误 R12.6 " in result.output and " 错误 P101 " in result.output
    assert "R12.6 是错误，错误不能接受，只能改正。" in result.output
    assert "P101 不能接受：待补充之处只能填写。" in result.output
    assert f"{plan}:{line_of(plan, 'code: R12.6')}:" in result.output
    drafted = run("validate", "--draft", "--strict", plan)
    assert " 警告 P101 " in drafted.output and "已接受的警告 P101" not in drafted.output  # still open, not accepted


def test_an_acceptance_without_a_reason_is_refused(mutated):
    result = run("validate", mutated(_prefecture([{"code": "R15.1"}])))
    assert result.exit_code == 1
    assert " S203 " in result.output and "理由" in result.output
    assert " 警告 R15.1 " in result.output

"""Drafts: whatever is still missing is reported as missing, never taken for content, and shown where it stands."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import DEMO, EXAMPLES, run, write_plan
from docx_text import document_lines
from generator.placeholders import inside, whole


def blank(value: Any, key: Any = None) -> Any:
    """Every value of a plan replaced by a placeholder: texts by 【待补充】, numbers and years by 待补充."""
    if key == "type" or isinstance(value, bool):
        return value
    if isinstance(value, dict):
        return {k: blank(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [blank(v) for v in value]
    return "待补充" if isinstance(value, (int, float)) else "【待补充】"


@pytest.mark.parametrize(("written", "owner"), [
    ("待补充", ""), ("【待补充】", ""), ("（待补充）", ""), ("待定", ""), ("待核实", ""), ("TODO", ""),
    ("待补充（市统计局）", "市统计局"), ("待补充：市统计局", "市统计局"), ("【待补充：市统计局】", "市统计局"),
    ({"待补充": "市统计局"}, "市统计局"), ("待补充2025年数据", ""),
])
def test_every_written_form_is_a_placeholder_naming_its_owner(written: Any, owner: str):
    found = whole(written)
    assert found is not None and found.owner == owner


@pytest.mark.parametrize(("text", "gaps"), [
    ("达到【待补充（市商务局）】亿元", ["【待补充（市商务局）】"]), ("共（待补充）家", ["（待补充）"]),
    ("达到XX亿元", ["XX"]), ("由××局牵头", ["××"]), ("引进某某公司", ["某某"]),
    ("XXL码的服装", []), ("示例市人民政府", []), ("2027年", []),
])
def test_gaps_inside_a_text_are_found_and_ordinary_text_is_not(text: str, gaps: list[str]):
    assert [gap.written for gap in inside(text)] == gaps


@pytest.fixture(params=["demo-city.yaml", "demo-base.yaml", "chongqing.yaml", "yunxi.yaml"])
def blank_plan(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    data = blank(yaml.safe_load((EXAMPLES / request.param).read_text(encoding="utf-8")))
    return write_plan(tmp_path / request.param, data)


def test_a_plan_of_placeholders_is_not_finished_and_its_draft_shows_every_gap(blank_plan: Path, tmp_path: Path):
    checked = run("validate", blank_plan)
    assert checked.exit_code == 1
    gaps = [line for line in checked.output.splitlines() if " 错误 P101 " in line]
    lines = blank_plan.read_text(encoding="utf-8").splitlines()
    placeholder_lines = {n for n, line in enumerate(lines, start=1) if "待补充" in line}
    assert {int(line.split(":")[1]) for line in gaps} == placeholder_lines   # each with its line
    assert not [line for line in checked.output.splitlines() if re.search(r" 错误 [SRY]\d", line)]
    assert f"待补充共 {len(gaps)} 处" in checked.output
    assert run("validate", "--draft", blank_plan).exit_code == 0
    out = tmp_path / "draft.docx"
    assert run("render", blank_plan, "-o", out).exit_code == 1 and not out.exists()
    drafted = run("render", "--draft", blank_plan, "-o", out)
    assert drafted.exit_code == 0, drafted.output
    assert f"待补充共 {len(gaps)} 处" in drafted.output
    text = document_lines(out)
    body = "\n".join(text)
    assert text.index("待补充事项清单") > 0 and body.count("尚未填写") == len(gaps)
    assert not re.search(r"(?<![\d.])0(\.0+)?(亿元|万元|%|家|人|万人)", body), "a placeholder became a zero"
    assert "nan" not in body and "None" not in body


def test_one_number_owed_by_a_department_stays_a_placeholder_in_its_sentence(tmp_path: Path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(DEMO.read_text(encoding="utf-8").replace("      value: 6850.0", "      value: 待补充（市统计局）", 1),
                    encoding="utf-8")
    checked = run("validate", plan)
    assert checked.exit_code == 1 and "P101" in checked.output and "由市统计局提供" in checked.output
    out = tmp_path / "draft.docx"
    assert run("render", "--draft", plan, "-o", out, "--no-charts").exit_code == 0
    sentence = next(line for line in document_lines(out) if line.startswith("2025年，全市电子商务交易额"))
    assert sentence.startswith("2025年，全市电子商务交易额【待补充：电子商务交易额（市统计局）】亿元")


def test_a_project_without_its_investment_leaves_the_totals_unknown_not_zero(mutated, tmp_path: Path):
    def change(data: dict[str, Any]) -> None:
        data["projects"]["items"][0]["investment"]["total"] = "待补充（市发展改革委）"
        del data["projects"]["total_investment"]   # no stated total to fall back on

    plan = mutated(change)
    out = tmp_path / "draft.docx"
    result = run("render", "--draft", plan, "-o", out)
    assert result.exit_code == 0, result.output
    lines = document_lines(out)
    total = next(line for line in lines if line.startswith(" | 合计 |"))
    assert "【待补充】" in total
    summary = next(line for line in lines if "共安排重点工程" in line)
    assert "计划总投资【待补充】" in summary
    assert any("尚待补充的数值未画出" in line for line in lines)   # the investment figure says what it left out


def test_status_of_a_plan_of_placeholders_shows_every_chapter_undone(blank_plan: Path):
    result = run("status", blank_plan)
    assert result.exit_code == 0, result.output
    chapters = [line for line in result.output.splitlines()[2:] if line and not line.startswith((" ", "合计", "待提供",
                                                                                                   "摘要"))]
    assert chapters and all(line.rstrip().endswith(" 0%") for line in chapters), result.output
    assert "合计完成度 0%" in result.output and "（未注明）" in result.output


def test_status_names_the_department_that_owes_a_number_and_sums_many_plans(tmp_path: Path):
    import csv
    import io

    plan = tmp_path / "plan.yaml"
    plan.write_text(DEMO.read_text(encoding="utf-8").replace("      value: 6850.0", "      value: 待补充（市统计局）", 1),
                    encoding="utf-8")
    one = run("status", plan)
    assert "待提供：市统计局 1 处" in one.output and "合计完成度 99%" in one.output and "摘要 " in one.output
    many = run("status", "--format", "csv", DEMO, plan)
    rows = list(csv.reader(io.StringIO(many.output.lstrip("\ufeff"))))
    assert rows[0][:3] == ["文件", "完成度(%)", "待补充"] and rows[-1][:3] == ["合计", "99", "1"]
    assert [row[1] for row in rows[1:3]] == ["100", "99"]
    assert '"placeholders": 1' in run("status", "--format", "json", plan).output


def test_status_names_the_implementing_unit_of_a_project_not_a_money_unit(tmp_path: Path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(DEMO.read_text(encoding="utf-8").replace("investment: {total: 3200,", "investment: {total: 待补充,", 1),
                    encoding="utf-8")
    result = run("status", plan)
    assert result.exit_code == 0 and "待提供：示例市大数据中心 1 处" in result.output and "万元" not in result.output


def test_status_exits_1_for_a_file_it_cannot_read_and_writes_csv_on_any_console(tmp_path: Path):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    assert run("status", tmp_path / "missing.yaml").exit_code == 1
    out = tmp_path / "status.csv"
    with open(out, "wb") as stream:
        done = subprocess.run([sys.executable, "-m", "generator", "status", "--format", "csv", str(DEMO)], cwd=ROOT,
                              stdout=stream, stderr=subprocess.PIPE, env={**os.environ, "PYTHONIOENCODING": "gbk"})
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith("\ufeff文件,".encode("utf-8"))


def test_a_base_plan_with_its_attachments_to_come_can_be_drafted(tmp_path: Path):
    text = (EXAMPLES / "demo-base.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "base.yaml"
    plan.write_text(text[:text.index("\nattachments:")] + "\nattachments: 待补充（园区管委会）\n", encoding="utf-8")
    result = run("render", "--draft", plan, "-o", tmp_path / "base.docx", "--no-charts")
    assert result.exit_code == 0, result.output
    assert "园区管委会" in "\n".join(document_lines(tmp_path / "base.docx"))
    status = run("status", plan).output
    chapter = next(line for line in status.splitlines() if line.startswith("相关证明文件及附件"))
    assert chapter.split()[1:] == ["0", "1", "0", "0%"] and "待提供：园区管委会 1 处" in status


def test_status_counts_the_summary_while_a_rule_still_finds_errors_but_not_a_broken_structure(tmp_path: Path):
    plan = tmp_path / "plan.yaml"
    text = DEMO.read_text(encoding="utf-8")
    assert "      primary:\n        value: 290.4\n" in text
    plan.write_text(text.replace("      primary:\n        value: 290.4\n", "      primary:\n        value: 990.4\n", 1),
                    encoding="utf-8")                          # the three industries no longer add up to the GDP
    result = run("status", plan)
    assert "错误 2 个" in result.output and "摘要 " in result.output and "字 / 上限 3500 字" in result.output
    plan.write_text(text.replace("period:", "period: 五年\nperiod_was:", 1), encoding="utf-8")
    broken = run("status", plan)
    assert "错误" in broken.output and "字 / 上限" not in broken.output

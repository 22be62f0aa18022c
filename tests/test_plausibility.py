"""Plausibility (V1xx) and key projects (R11.5), through the CLI: each rule broken by a change of the demo a planner
could make, and satisfied by the nearest change that is right — so a rule is shown to tell the two apart."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from conftest import EXAMPLES, line_of, run, write_plan

BASE = EXAMPLES / "demo-base.yaml"


def _indicator(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(item for item in data["targets"]["indicators"] if item["name"] == name)


def _set(name: str, **values: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        _indicator(data, name).update(copy.deepcopy(values))
    return change


def _gdp(value: float) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["economy"]["overview"]["gdp"]["value"] = value
    return change


def _project_start(start: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["projects"]["items"][0]["start"] = start
    return change


def _duplicate(rename: str | None) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        again = copy.deepcopy(_indicator(data, "电子商务服务企业数量"))
        again["target"]["value"] = 3200
        if rename:
            again["name"] = rename
        data["targets"]["indicators"].append(again)
    return change


def _people_in(unit: str, factor: float) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        item = _indicator(data, "电子商务从业人员数量")
        item["unit"] = unit
        item["baseline"]["value"] *= factor
        item["target"]["value"] *= factor
    return change


#: code → (a change that breaks the rule, the nearest change that is right, words of the message)
CASES: dict[str, tuple[Callable[[dict[str, Any]], None], Callable[[dict[str, Any]], None], str]] = {
    "V101": (_gdp(0), _gdp(7260.5), "“地区生产总值”为 0，不可能为零"),
    "V101-target": (_set("电子商务服务企业数量", target={"year": 2029, "value": 0}),
                    # a cumulative count may start from nothing
                    _set("出台电子商务法规政策文件（累计）", baseline={"year": 2025, "value": 0}), "不可能为零"),
    "V102": (_set("中小企业电子商务应用普及率", target={"year": 2029, "value": 100.5}),
             _set("中小企业电子商务应用普及率", target={"year": 2029, "value": 100}), "超过 100%"),
    "V102-rate": (_set("规模以上企业电子商务应用普及率", provincial_average=168),
                  # a growth rate is not a share: 120 % growth is possible
                  _set("网络零售额增长率", target={"year": 2029, "value": 120}), "全省平均水平 168% 超过 100%"),
    "V103": (_set("电子商务从业人员数量", target={"year": 2029, "value": 30}),
             _set("电子商务从业人员数量", target={"year": 2029, "value": 30}, trend="下降"), "低于基期值"),
    "V103-declared": (_set("电子商务从业人员数量", trend="下降"),
                      _set("电子商务从业人员数量", trend="上升"), "写明为下降"),
    "V104": (_people_in("亿元", 1), _people_in("人", 10_000), "单位却是“亿元”"),
    "V105": (_duplicate(None), _duplicate("电子商务服务企业数量（规模以上）"), "重复出现"),
    "V106": (_project_start("2026-12"), _project_start("2027-01"), "早于创建期起始年份 2027"),
    "V107": (_set("出台电子商务法规政策文件（累计）", growth=18.9),
             _set("电子商务服务企业数量", growth=12.7), "是累计数量，年均增长率没有意义"),
}


def _findings(output: str, code: str) -> list[str]:
    return [line for line in output.splitlines() if re.search(rf" (错误|警告) {code} ", line)]


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_plausibility_rule_tells_a_mistake_from_the_nearest_right_value(case: str, mutated):
    code = case.split("-")[0]
    breaks, satisfies, words = CASES[case]
    bad = run("validate", mutated(breaks, "bad.yaml"))
    found = _findings(bad.output, code)
    assert found and any(words in line for line in found), bad.output
    assert "Traceback" not in bad.output
    assert bad.exit_code == (1 if " 错误 " in found[0] else 0)
    good = run("validate", "--strict", mutated(satisfies, "good.yaml"))
    assert not _findings(good.output, code), good.output
    assert good.exit_code == 0, good.output


def test_an_impossible_value_is_not_computed_with(mutated):
    """A GDP of 0 is one mistake, not three: no share or sum "disagrees" with it."""
    result = run("validate", mutated(_gdp(0)))
    assert _findings(result.output, "V101")
    assert not _findings(result.output, r"R12\.[23]"), result.output


def test_the_duplicate_names_the_line_of_the_first(tmp_path: Path, mutated):
    plan = mutated(_duplicate(None))
    first = line_of(plan, "name: 电子商务服务企业数量")
    result = run("validate", plan)
    assert f"另见第 {first} 行" in result.output, result.output


def test_no_growth_is_printed_for_a_cumulative_count_or_a_rate(tmp_path: Path, mutated):
    """Even stated, an average growth of a count of rules or of a share is left out of the 摘要 and the table."""
    def stated(data: dict[str, Any]) -> None:
        _indicator(data, "出台电子商务法规政策文件（累计）")["growth"] = 18.9
        _indicator(data, "中小企业电子商务应用普及率")["growth"] = 9.9
    plan = mutated(stated)
    out = tmp_path / "plan.md"
    result = run("render", plan, "--format", "md", "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "出台电子商务法规政策文件（累计）由2025年的6项达到12项。" in text
    assert "18.9" not in text and "9.9%" not in text
    row = next(line for line in text.splitlines() if line.startswith("| 8 | 出台电子商务法规政策文件"))
    assert "| — |" in row
    assert "电子商务服务企业数量由2025年的1860家达到3000家，年均增长12.7%" in text  # a count that grows keeps its rate


def test_a_base_plan_is_held_to_its_own_kinds_and_fields(tmp_path: Path):
    data = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    data["attachments"]["enterprises"][0]["employees"] = 0
    _indicator(data, "入驻电子商务企业数量")["unit"] = "万元"
    result = run("validate", write_plan(tmp_path / "base.yaml", data))
    assert result.exit_code == 1
    assert any("已入驻企业名单及经营情况第1项「示例云商科技有限公司」的就业人员数量”为 0" in line for line in _findings(result.output, "V101")), \
        result.output
    assert any("属于“企业聚集数量”类，单位却是“万元”" in line for line in _findings(result.output, "V104")), result.output
    assert "Traceback" not in result.output


def test_a_city_plan_without_key_projects_is_an_error(tmp_path: Path, mutated):
    def none(data: dict[str, Any]) -> None:
        data["projects"] = {"items": []}
    result = run("validate", mutated(none))
    assert result.exit_code == 1
    assert any("城市方案没有列出重点工程" in line for line in _findings(result.output, r"R11\.5")), result.output
    refused = run("render", mutated(none), "-o", tmp_path / "plan.docx")
    assert refused.exit_code == 1 and not (tmp_path / "plan.docx").exists()


def test_key_projects_still_to_come_are_a_gap_in_the_draft_not_an_absence(tmp_path: Path, mutated):
    def owed(data: dict[str, Any]) -> None:
        data["projects"] = "待补充（市发改委）"
    plan = mutated(owed)
    checked = run("validate", "--draft", plan)
    assert checked.exit_code == 0 and not _findings(checked.output, r"R11\.5"), checked.output
    out = tmp_path / "draft.md"
    assert run("render", "--draft", plan, "--format", "md", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "创建期内的重点工程【待补充：重点工程（市发改委）】。" in text
    assert "不单列" not in text


def test_r7_shows_which_tasks_it_counted_on_each_side(mutated):
    def hard(data: dict[str, Any]) -> None:
        data["tasks"]["infrastructure"]["tasks"] += [
            {"title": f"建设第{n}电子商务产业园区", "content": "建设标准厂房和仓储设施。", "lead": "市商务局",
             "deadline": "2028年底"} for n in range(1, 9)]
        data["tasks"]["policy"]["tasks"][0]["nature"] = "设施"
    result = run("validate", mutated(hard))
    text = re.sub(r"\n    提示：", "  提示：", result.output)
    line = next(line for line in text.splitlines() if " R7.1 " in line)
    soft, facilities = line.split("计为设施类的任务：")
    assert "计为规制类的任务：" in soft and "“建立电子商务统计监测制度”" in soft
    assert "“建设第1电子商务产业园区”（按名称）" in facilities
    assert "“完善电子商务促进政策体系”、" in facilities  # counted by its stated nature, not its title

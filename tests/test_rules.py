"""Each reviewer rule, broken and satisfied, through the CLI on mutations of the demo plan."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest

from conftest import run

Change = Callable[[dict[str, Any]], None]


def _indicator(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(i for i in data["targets"]["indicators"] if i["name"] == name)


def _set(path: str, value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
    return change


def _delete(path: str) -> Change:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[int(last) if last.isdigit() else last]
    return change


def _both(*changes: Change) -> Change:
    def change(data: dict[str, Any]) -> None:
        for each in changes:
            each(data)
    return change


def _long_summary(data: dict[str, Any]) -> None:
    data["summary"] = {key: "示例市推进电子商务发展。" * 100 for key in ("targets", "tasks", "projects", "safeguards")}


def _short_summary(data: dict[str, Any]) -> None:
    data["summary"] = {key: "示例市推进电子商务发展。" * 20 for key in ("targets", "tasks", "projects", "safeguards")}


def _penetration_below_average(data: dict[str, Any]) -> None:
    _indicator(data, "中小企业电子商务应用普及率")["provincial_average"] = 75.0


def _no_penetration(data: dict[str, Any]) -> None:
    data["targets"]["indicators"] = [i for i in data["targets"]["indicators"] if i["kind"] != "应用普及程度"]


def _all_tasks_hard(data: dict[str, Any]) -> None:
    for group in ("policy", "support", "infrastructure", "services", "applications"):
        for task in data["tasks"][group]["tasks"]:
            task["nature"] = "设施"


def _supervision_in_other_text(data: dict[str, Any]) -> None:
    del data["safeguards"]["supervision"]
    data["safeguards"]["other"].append({"title": "强化督查考核", "text": "实行目标考核，建立季度总结和经验交流制度。"})


def _civil_project(data: dict[str, Any]) -> None:
    data["projects"]["items"][2]["construction_share"] = 80


def _problem_without_countermeasure(data: dict[str, Any]) -> None:
    del data["ecommerce"]["problems"][1]["countermeasure"]


#: rule → (code it must produce, change that breaks it, change that satisfies it in another way than the demo)
CASES: dict[str, tuple[str, Change, Change]] = {
    "R1": ("R1.1", _delete("economy.overview.trade"), _set("economy.overview.trade.growth", 3.0)),
    "R2": ("R2.1", _long_summary, _short_summary),
    "R3": ("R3.1", _set("period.end", 2034), _both(
        _set("period.end", 2031), _delete("safeguards.funding.total"),
        lambda d: d["safeguards"]["funding"]["yearly"].extend(
            [{"year": y, "amount": 12000, "unit": "万元"} for y in (2030, 2031)]))),
    "R4": ("R4.1", _no_penetration, _delete("targets.indicators.2")),
    "R5": ("R5.1", _penetration_below_average, _set("targets.indicators.4.provincial_average", 69.9)),
    "R6": ("R6.1", _delete("tasks.applications"), _delete("tasks.extra")),
    "R7": ("R7.1", _all_tasks_hard, _set("tasks.support.tasks.0.nature", "规制")),
    "R8": ("R8.1", _delete("safeguards.organisation.problem_resolution"),
           _set("safeguards.organisation.departments", ["市财政局"])),
    "R9": ("R9.1", _set("safeguards.funding.yearly", []), _delete("safeguards.funding.total")),
    "R10": ("R10.1", _both(_delete("safeguards.supervision.assessment"), _delete("safeguards.funding.assessment"),
                           _set("safeguards.organisation.leader", "市长任组长。")),
            _supervision_in_other_text),
    "R11": ("R11.1", _delete("projects.items.0.unit"), _set("projects.items.0.construction_share", 50)),
    "R12": ("R12.6", _set("projects.total_investment.value", 6.2), _set("projects.total_investment.unit", "亿元")),
    "R13": ("R13.1", _problem_without_countermeasure, _delete("ecommerce.problems.1")),
    "R15": ("R15.1", _set("cover.city_status", "地级市"), _set("cover.city_status", "计划单列市")),
}


@pytest.mark.parametrize("rule", list(CASES))
def test_rule_is_reported_when_broken(rule: str, mutated):
    code, breaks, _ = CASES[rule]
    result = run("validate", "--strict", "--format", "json", mutated(breaks))
    assert result.exit_code == 1
    found = json.loads(result.output)
    assert code in {d["code"] for d in found}, result.output
    hit = next(d for d in found if d["code"] == code)
    assert hit["line"] and hit["file"].endswith("plan.yaml") and hit["label"] and hit["message"]


@pytest.mark.parametrize("rule", list(CASES))
def test_rule_is_quiet_when_satisfied(rule: str, mutated):
    _, _, satisfies = CASES[rule]
    result = run("validate", "--strict", mutated(satisfies))
    assert result.exit_code == 0, result.output
    assert "0 个错误，0 个警告" in result.output


def test_r5_missing_average_is_only_a_warning(mutated):
    plan = mutated(_delete("targets.indicators.0.provincial_average"))
    result = run("validate", plan)
    assert result.exit_code == 0 and "警告 R5.2" in result.output
    assert run("validate", "--strict", plan).exit_code == 1


def test_r12_stated_growth_must_match_values(mutated):
    result = run("validate", mutated(_set("targets.indicators.0.growth", 12.0)))
    assert result.exit_code == 1
    assert "R12.4" in result.output and "15.0%" in result.output


def test_r12_industry_shares_must_sum_to_100(mutated):
    result = run("validate", mutated(_set("economy.overview.industries.secondary.share", 38.0)))
    assert "R12.1" in result.output and "102.0%" in result.output


def test_r11_civil_construction_is_flagged(mutated):
    result = run("validate", mutated(_civil_project))
    assert result.exit_code == 0 and "R11.2" in result.output and "以土建为主" in result.output


def test_r2_names_count_limit_and_longest_parts(mutated):
    result = run("validate", mutated(_long_summary))
    assert "3500" in result.output and "（一）创建工作目标" in result.output


def test_all_problems_are_reported_at_once_sorted_by_line(mutated):
    plan = mutated(_both(_delete("economy.strategy"), _set("cover.city_status", "某市"),
                         _set("targets.indicators.0.growth", "很快")))
    result = run("validate", "--format", "json", plan)
    found = json.loads(result.output)
    codes = [d["code"] for d in found]
    assert {"R1.1", "S204", "S202"} <= set(codes)
    errors = [d for d in found if d["severity"] == "error"]
    assert [d["line"] for d in errors] == sorted(d["line"] for d in errors)


@pytest.mark.parametrize("kind", ["city", "base", "brief"])
def test_every_schema_is_a_valid_cerberus_definition(kind):
    """ecplan trusts its schemas at run time (see validate._validator); cerberus checks them here, in full."""
    import cerberus

    from generator import doctypes

    import copy

    from cerberus.schema import DefinitionSchema

    schema = doctypes.get(kind).schema
    cerberus.Validator(schema)  # raises SchemaError on any mistake
    assert DefinitionSchema.expand(copy.deepcopy(schema)) == schema  # no shorthand for cerberus to expand

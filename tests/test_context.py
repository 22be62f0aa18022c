"""Context building and validation as pure functions, for each document type: plan data in, blocks or findings out.
No .docx is written here."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from generator import doctypes
from generator.doctypes.base.outline import BASE_CHAPTERS
from generator.doctypes.city.outline import CITY_CHAPTERS, task_groups
from generator.doctypes.outline import cn_number
from generator.quantities import common_unit, shown_growth
from generator.readers import read_plan
from generator.validate import usable_data, validate


def _data(name: str) -> dict[str, Any]:
    return usable_data(read_plan(EXAMPLES / name).data)


def _headings(context: dict[str, Any], level: int) -> list[str]:
    return [block["text"] for block in context["blocks"] if block["kind"] == f"h{level}"]


def _table(context: dict[str, Any], kind: str) -> list[dict[str, str]]:
    return next(block["rows"] for block in context["blocks"] if block["kind"] == kind)


def test_city_context_has_the_outline_chapters_tables_and_totals():
    context = doctypes.get("city").build(_data("demo-city.yaml"))
    assert _headings(context, 1) == [f"{cn_number(n)}、{c.title}" for n, c in enumerate(CITY_CHAPTERS, start=1)]
    indicators = _table(context, "table_indicators")
    assert indicators[0] == {
        "no": "1", "name": "电子商务交易额", "unit": "亿元", "base_year": "2025", "base_value": "6850",
        "target_year": "2029", "target_value": "12000", "growth": "15.0", "provincial": "增速11.5%",
        "attribute": "—"}
    rates = [row for row in indicators if row["unit"] == "%"]
    assert rates and all(row["growth"] == "—" for row in rates)          # no growth of a rate
    projects = _table(context, "table_projects")
    assert projects[-1]["name"] == "合计" and float(projects[-1]["total"]) == pytest.approx(
        sum(float(row["total"]) for row in projects[:-1]))
    tasks = _table(context, "table_tasks")
    assert tasks[0]["no"] == "1.1" and context["summary"].count <= 3500
    assert [entry["level"] for entry in context["toc"]] and all(e["level"] <= 3 for e in context["toc"])


def test_figures_are_referred_to_only_when_they_are_drawn():
    data = _data("demo-city.yaml")
    city = doctypes.get("city")
    with_figures = city.build(data, None, frozenset(city.figures))
    without = city.build(data, None, frozenset())
    assert [b["text"][:2] for b in with_figures["blocks"] if b["kind"] == "figure"] == ["图1", "图2", "图3"]
    assert not [b for b in without["blocks"] if b["kind"] == "figure"]
    assert any("见图1" in b.get("text", "") for b in with_figures["blocks"])
    assert not any("见图" in b.get("text", "") for b in without["blocks"])


def test_base_context_has_eight_chapters_and_the_enterprise_table():
    context = doctypes.get("base").build(_data("demo-base.yaml"))
    assert _headings(context, 1) == [f"{cn_number(n)}、{c.title}" for n, c in enumerate(BASE_CHAPTERS, start=1)]
    indicators = _table(context, "table_base_indicators")
    assert "provincial" not in indicators[0] and indicators[0]["growth"] != "—"
    enterprises = _table(context, "table_enterprises")
    assert enterprises[-1]["name"] == "合计" and enterprises[-1]["business"] == f"{len(enterprises) - 1}家"
    assert context["summary"] is None and context["keywords"] == "国家电子商务示范基地;创建工作方案"


def test_brief_context_has_three_chapters_no_toc_and_its_own_title():
    context = doctypes.get("brief").build(_data("chongqing.yaml"))
    assert [h[2:] for h in _headings(context, 1)] == ["创建工作目标", "主要任务", "保障措施"]
    assert context["toc"] == [] and context["cover"]["title"].endswith("工作方案要点")
    assert _headings(context, 2)[0] == "（一）着力打造三大核心品牌"


def test_task_groups_come_in_the_documents_order():
    plan = {"tasks": {"extra": [{"title": "自设", "tasks": []}], "support": {"tasks": []}, "policy": {"tasks": []}}}
    assert [(path, title) for path, title, _ in task_groups(plan)] == [
        (("tasks", "policy"), "完善电子商务政策法规环境"), (("tasks", "support"), "健全电子商务支撑体系"),
        (("tasks", "extra", 0), "自设")]
    assert task_groups({"tasks": "not a mapping"}) == []


@pytest.mark.parametrize(("units", "expected"), [(["亿元", "亿元"], "亿元"), (["亿元", "万元"], "万元"), ([], "万元")])
def test_one_money_unit_for_a_table(units: list[str], expected: str):
    assert common_unit(units) == expected


@pytest.mark.parametrize(("item", "expected"), [
    ({"kind": "交易额", "unit": "亿元", "growth": 15}, 15.0),
    ({"kind": "交易额", "unit": "亿元", "baseline": {"year": 2025, "value": 100}, "target": {"year": 2027, "value": 121}},
     pytest.approx(10.0)),
    ({"kind": "增长率", "unit": "%", "growth": 15}, None),
    ({"kind": "企业聚集数量", "unit": "%", "growth": 15}, None),
    ({"kind": "应用普及程度", "unit": "家", "growth": 15}, None),
])
def test_growth_is_shown_for_amounts_and_counts_not_for_rates(item: dict[str, Any], expected: Any):
    assert shown_growth(item) == expected


@pytest.mark.parametrize(("example", "brief"), [("demo-city.yaml", False), ("demo-base.yaml", False),
                                                 ("harbin.yaml", True)])
def test_validation_reports_and_changes_nothing(example: str, brief: bool, tmp_path: Path):
    plan = read_plan(EXAMPLES / example)
    doctype = doctypes.of_plan(plan.data, brief)
    before = copy.deepcopy(plan.data)
    report = validate(plan, doctype.schema, doctype.rules)
    assert not report.errors and plan.data == before


def test_validation_of_broken_data_reports_and_still_changes_nothing():
    plan = read_plan(EXAMPLES / "demo-city.yaml")
    plan.data["period"]["start"] = "二〇二七"          # ill-typed: the rules must not see it
    plan.data["ecommerce"]["overview"]["tax"] = None    # left empty: not filled in
    plan.data["safeguards"]["organisation"]["leader"] = None
    before = copy.deepcopy(plan.data)
    city = doctypes.get("city")
    report = validate(plan, city.schema, city.rules)
    codes = {d.code for d in report.errors}
    assert {"S202", "R1.1", "R8.1"} <= codes and plan.data == before
    assert any(d.path == "safeguards.organisation.leader" for d in report.errors)


def test_text_misread_as_a_key_is_named_by_its_list_item():
    """S209: the label names the item ("第1项「…」"), as every other message about a list item does."""
    plan = read_plan(EXAMPLES / "demo-city.yaml")
    plan.data["projects"]["items"][0]["content"] = {"建设内容包括平台、数据中心和运营团队，具体如下": None}
    city = doctypes.get("city")
    found = [d for d in validate(plan, city.schema, city.rules).errors if d.code == "S209"]
    name = plan.data["projects"]["items"][0]["name"]
    assert len(found) == 1 and f"第1项「{name}」 › 建设内容" in found[0].label

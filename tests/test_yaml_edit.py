"""Rewriting a plan file to hold new data (what the browser workbench saves with): the fewest changes, comments,
order and quoting kept, lists reordered with their comments, and nothing written that reads as something else."""

from __future__ import annotations

import copy
import os
import random

import pytest
import yaml

from conftest import DEMO, EXAMPLES
from generator.yaml_edit import NotEditable, edited

TEXT = DEMO.read_text(encoding="utf-8")
OLD = yaml.safe_load(TEXT)
TASKS = ("tasks", "policy", "tasks")


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    import difflib

    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [line[2:] for line in diff if line.startswith("- ")], [line[2:] for line in diff if line.startswith("+ ")]


def test_a_changed_value_changes_its_line_only():
    new = copy.deepcopy(OLD)
    new["economy"]["overview"]["gdp"]["growth"] = 9.9
    new["cover"]["title"] = "新标题：#1"
    result = edited(TEXT, new, "demo.yaml")
    assert result.endswith("\n") and len(result.splitlines()) == len(TEXT.splitlines())
    removed, added = _changed_lines(TEXT, result)
    assert sorted(removed) == sorted(["      growth: 5.6", "  title: 示例市创建国家电子商务示范城市工作方案"])
    assert sorted(added) == sorted(["      growth: 9.9", "  title: 新标题：#1"])


def test_comments_stay_where_they_were():
    commented = TEXT.replace("  city: 示例市\n", "  # the city as the notice names it\n  city: 示例市  # 全称\n")
    new = copy.deepcopy(yaml.safe_load(commented))
    new["cover"]["city"] = "样例市"
    result = edited(commented, new, "demo.yaml")
    assert "  # the city as the notice names it\n  city: 样例市  # 全称\n" in result


def test_a_new_task_is_written_beside_the_others_and_a_removed_one_goes_with_its_lines():
    new = copy.deepcopy(OLD)
    new_task = {"title": "新任务", "content": "内容", "lead": "市商务局"}
    new["tasks"]["policy"]["tasks"].append(new_task)
    result = edited(TEXT, new, "demo.yaml")
    assert yaml.safe_load(result) == new
    _, added = _changed_lines(TEXT, result)
    assert added == ["      - title: 新任务", "        content: 内容", "        lead: 市商务局"]
    first = OLD["tasks"]["policy"]["tasks"][0]["title"]
    del new["tasks"]["policy"]["tasks"][0]
    count = len(OLD["tasks"]["policy"]["tasks"])
    result = edited(TEXT, new, "demo.yaml", {TASKS: [*range(1, count), None]})
    assert first not in result and yaml.safe_load(result) == new


def test_reordered_items_move_with_their_comments():
    commented = TEXT.replace("      - title: 建立电子商务统计监测制度", "      # 统计局牵头\n      - title: 建立电子商务统计监测制度")
    old = yaml.safe_load(commented)
    new = copy.deepcopy(old)
    tasks = new["tasks"]["policy"]["tasks"]
    order = list(range(len(tasks)))[::-1]
    new["tasks"]["policy"]["tasks"] = [tasks[i] for i in order]
    result = edited(commented, new, "demo.yaml", {TASKS: order})
    assert yaml.safe_load(result) == new
    block = result[result.index("    tasks:\n"):]
    assert block.index("# 统计局牵头") < block.index("建立电子商务统计监测制度") < block.index("完善电子商务促进政策体系")


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.name)
def test_random_edits_of_every_example_read_back_as_the_new_data(example):
    text = example.read_text(encoding="utf-8")
    if "*" in text and "&" in text:
        pytest.skip("anchors")
    old = yaml.safe_load(text)
    generator = random.Random(example.name)
    for _ in range(int(os.environ.get("ECPLAN_EDIT_ROUNDS", "30"))):
        new = copy.deepcopy(old)
        for _ in range(generator.randint(1, 4)):
            _mutate(new, generator)
        assert yaml.safe_load(edited(text, new, example.name)) == new


def _mutate(data: dict, generator: random.Random) -> None:
    """One change somewhere: a value, a key added or removed, a list item added, removed or moved."""
    node, parents = data, []
    while isinstance(node, (dict, list)) and node and generator.random() < 0.8:
        key = generator.choice(list(node) if isinstance(node, dict) else range(len(node)))
        parents.append((node, key))
        node = node[key]
    if not parents:
        return
    container, key = parents[-1]
    action = generator.choice(["value", "remove", "add", "move"])
    if action == "value":
        container[key] = generator.choice(["改过的文字", 12.5, 2027, "【待补充（市统计局）】", "带 # 号: 的文字"])
    elif action == "remove" and len(container) > 1:
        del container[key]
    elif action == "add":
        if isinstance(container, list):
            container.append(copy.deepcopy(container[0]))
        else:
            container["added_field"] = "新增"
    elif action == "move" and isinstance(container, list) and len(container) > 1:
        container.insert(0, container.pop())


def test_a_file_with_anchors_is_not_rewritten(tmp_path):
    text = "shared: &s {a: 1}\ncover: *s\n"
    with pytest.raises(NotEditable, match="锚点"):
        edited(text, {"shared": {"a": 2}, "cover": {"a": 1}}, "x.yaml")


def test_the_empty_values_of_a_new_plan_are_filled_where_they_stand():
    """A plan from ``ecplan init`` writes its fields empty (``city:``): each is filled on its own line."""
    from generator.doctypes import REGISTRY
    from generator.scaffold import scaffold

    text = scaffold(REGISTRY["city"])
    old = yaml.safe_load(text)
    new = copy.deepcopy(old)
    new["cover"].update(city="青岚市", province="示例省", date="2026年12月")
    result = edited(text, new, "new.yaml")
    assert "  city: 青岚市\n" in result and "  province: 示例省\n" in result
    assert len(result.splitlines()) == len(text.splitlines())


@pytest.mark.parametrize("name", ["city", "base"])
def test_random_edits_of_a_new_plan_read_back_as_the_new_data(name):
    from generator.doctypes import REGISTRY
    from generator.scaffold import scaffold

    text = scaffold(REGISTRY[name])
    old = yaml.safe_load(text)
    generator = random.Random(name)
    for _ in range(int(os.environ.get("ECPLAN_EDIT_ROUNDS", "30"))):
        new = copy.deepcopy(old)
        for _ in range(generator.randint(1, 4)):
            _mutate(new, generator)
        assert yaml.safe_load(edited(text, new, name)) == new

"""Sweeps over the demo plan: delete or retype any value — never a traceback, and required parts are named."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Iterator

import pytest

from conftest import run, write_plan
from generator.doctypes.city.outline import CITY_CHAPTERS, TASK_GROUPS
from generator.doctypes.city.rules import ORGANISATION_PARTS
from generator.doctypes.city.schema import SCHEMA as CITY_SCHEMA
from generator.labels import field_meta
from generator.pipeline import report_of as check
from generator.readers import dotted_path


def all_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if path:
        yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from all_paths(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from all_paths(child, path + (index,))


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _schema_required(path: tuple[Any, ...]) -> bool:
    rules: Any = {"type": "dict", "schema": CITY_SCHEMA}
    for part in path:
        rules = rules.get("schema", {}) if isinstance(part, int) else rules.get("schema", {}).get(part, {})
    return bool(rules.get("required"))


def required_paths(data: dict[str, Any]) -> set[tuple[Any, ...]]:
    """Everything whose removal must fail validation: outline items, required fields, task groups, safeguards."""
    needed = {need.path for chapter in CITY_CHAPTERS for item in chapter.items for need in item.requires
              if not need.warning}  # what the outline asks for but a plan may lack (R1.3) is a warning
    needed |= {("tasks", group.key) for group in TASK_GROUPS}
    needed |= {("safeguards", "organisation", key) for key, _ in ORGANISATION_PARTS}
    needed |= {("safeguards", "funding", key) for key in ("yearly", "management", "assessment")}
    needed |= {p for p in all_paths(data) if not isinstance(p[-1], int) and _schema_required(p)}
    return needed


def _related(diagnostic_path: str, deleted: tuple[Any, ...]) -> bool:
    written = dotted_path(deleted)
    return written.startswith(diagnostic_path) or diagnostic_path.startswith(written)


def test_removing_any_required_part_fails_naming_it_and_its_line(tmp_path: Path, demo_data: dict[str, Any]):
    required = required_paths(demo_data)
    assert len(required) > 100  # the sweep really covers the format
    for path in sorted(required, key=str):
        data = copy.deepcopy(demo_data)
        del _parent(data, path)[path[-1]]
        report = check(write_plan(tmp_path / "plan.yaml", data))
        assert report.errors, f"removing {dotted_path(path)} was not reported"
        assert any(_related(d.path, path) and d.line for d in report.errors), (path, report.format_text())


def test_removing_a_required_section_through_the_cli(mutated):
    plan = mutated(lambda d: d["safeguards"].pop("organisation"))
    result = run("validate", plan)
    assert result.exit_code == 1
    assert "组织保障措施" in result.output and "plan.yaml:" in result.output


def _variants() -> list[Any]:
    return [["列表"], {"键": "值"}, None, "很长的文字" * 2000, -1e300, 10**40, "{{ 7*7 }}{% for x in y %}",
            "<w:t>&amp;</w:t> & <", "\x07控制字符\x1b", "😀𠀀", "2026-13-45", True]


def test_no_deletion_or_retyping_ever_crashes(tmp_path: Path, demo_data: dict[str, Any]):
    variants = _variants()
    for number, path in enumerate(all_paths(demo_data)):
        for change in ("delete", "retype"):
            data = copy.deepcopy(demo_data)
            parent = _parent(data, path)
            if change == "delete":
                del parent[path[-1]]
            else:
                parent[path[-1]] = variants[number % len(variants)]
            report = check(write_plan(tmp_path / "plan.yaml", data))
            for diagnostic in report.diagnostics:
                assert diagnostic.line and diagnostic.message and diagnostic.code


@pytest.mark.parametrize("field", ["cover.title", "targets.indicators", "tasks.policy.tasks", "projects.items"])
def test_labels_exist_for_every_schema_field(field: str):
    assert field_meta(CITY_SCHEMA, tuple(field.split(".")))["label"]

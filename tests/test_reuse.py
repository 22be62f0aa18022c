"""``extends:``: a plan built on shared files renders like the same plan written out, and errors keep their origin."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from conftest import DEMO, line_of, run, write_plan
from docx_text import document_lines

SHARED_KEYS = ("guiding_ideology", "principles", "safeguards")


def _split(tmp_path: Path, demo: dict[str, Any]) -> tuple[Path, Path, dict[str, Any]]:
    """The demo as a consultant would keep it: standard text in shared/standard.yaml, the city's own in city.yaml."""
    city = copy.deepcopy(demo)
    shared = {key: city.pop(key) for key in SHARED_KEYS}
    (tmp_path / "shared").mkdir()
    write_plan(tmp_path / "shared" / "standard.yaml", shared)
    write_plan(tmp_path / "city.yaml", {"extends": "shared/standard.yaml", **city})
    return tmp_path / "city.yaml", tmp_path / "shared" / "standard.yaml", shared


def test_extending_plan_renders_the_same_document(tmp_path: Path, demo_data: dict[str, Any]) -> None:
    city, _, _ = _split(tmp_path, demo_data)
    assert run("render", city, "-o", tmp_path / "city.docx").exit_code == 0
    assert run("render", DEMO, "-o", tmp_path / "demo.docx").exit_code == 0
    assert document_lines(tmp_path / "city.docx") == document_lines(tmp_path / "demo.docx")


def test_error_in_shared_file_names_the_shared_line(tmp_path: Path, demo_data: dict[str, Any]) -> None:
    city, standard, shared = _split(tmp_path, demo_data)
    shared["safeguards"]["funding"]["management"] = 12345
    write_plan(standard, shared)
    result = run("validate", city)
    assert result.exit_code == 1
    line = line_of(standard, "management: 12345")
    assert f"{standard}:{line}:5: 错误 S202" in result.output
    assert "[safeguards.funding.management]" in result.output
    assert "city.yaml: 1 个错误" in result.output or "city.yaml: 2 个错误" in result.output


def test_error_in_the_plan_itself_still_names_its_own_line(tmp_path: Path, demo_data: dict[str, Any]) -> None:
    city, _, _ = _split(tmp_path, demo_data)
    text = city.read_text(encoding="utf-8").replace("start: 2027\n", "start: 二〇二七\n", 1)
    city.write_text(text, encoding="utf-8")
    result = run("validate", city)
    assert f"{city}:{line_of(city, 'start: 二〇二七')}:" in result.output


def test_plan_overrides_and_removes_shared_values(tmp_path: Path, demo_data: dict[str, Any]) -> None:
    city, _, _ = _split(tmp_path, demo_data)
    text = city.read_text(encoding="utf-8")
    text += ("safeguards:\n  supervision:\n    assessment: 本市另行制定考核办法，按季度考核。\n"
             "principles:\n")  # replaces one shared value and removes the shared (optional) principles
    city.write_text(text, encoding="utf-8")
    assert run("render", city, "--format", "md", "-o", tmp_path / "city.md").exit_code == 0
    out = (tmp_path / "city.md").read_text(encoding="utf-8")
    assert "本市另行制定考核办法，按季度考核。" in out
    assert demo_data["safeguards"]["supervision"]["summary_exchange"] in out  # the sibling stays shared
    assert demo_data["principles"][0]["text"] not in out


def test_added_list_items_merge_by_title(tmp_path: Path, demo_data: dict[str, Any]) -> None:
    city, _, _ = _split(tmp_path, demo_data)
    first = demo_data["safeguards"]["other"][0]["title"]
    text = city.read_text(encoding="utf-8")
    text += ("safeguards:\n  other+:\n"
             f"    - title: {first}\n      text: 本市在主流媒体开设创建专栏，每月发布创建进展。\n"
             "    - title: 加强人才保障\n      text: 实施电子商务人才培养计划，每年培训从业人员五千人次。\n")
    city.write_text(text, encoding="utf-8")
    assert run("render", city, "--format", "md", "-o", tmp_path / "city.md").exit_code == 0
    out = (tmp_path / "city.md").read_text(encoding="utf-8")
    replaced, kept, added = (out.index("本市在主流媒体开设创建专栏"), out.index(demo_data["safeguards"]["other"][1]["text"]),
                             out.index("实施电子商务人才培养计划"))
    assert replaced < kept < added  # merged in place, then appended
    assert demo_data["safeguards"]["other"][0]["text"] not in out


def test_two_shared_files_later_wins(tmp_path: Path, demo_data: dict[str, Any]) -> None:
    city, _, _ = _split(tmp_path, demo_data)
    write_plan(tmp_path / "shared" / "province.yaml",
               {"guiding_ideology": "全面贯彻省委省政府关于数字经济发展的部署，以示范城市创建带动全省电子商务发展。"})
    text = city.read_text(encoding="utf-8").replace(
        "extends: shared/standard.yaml", "extends: [shared/standard.yaml, shared/province.yaml]")
    city.write_text(text, encoding="utf-8")
    assert run("render", city, "--format", "md", "-o", tmp_path / "city.md").exit_code == 0
    assert "全面贯彻省委省政府关于数字经济发展的部署" in (tmp_path / "city.md").read_text(encoding="utf-8")


def test_missing_shared_file_is_a_clear_error(tmp_path: Path, demo_data: dict[str, Any]) -> None:
    city, standard, _ = _split(tmp_path, demo_data)
    standard.unlink()
    result = run("validate", city)
    assert result.exit_code == 1
    assert f"{city}:1:" in result.output and "extends 引用的文件“shared/standard.yaml”不存在" in result.output
    assert "Traceback" not in result.output


def test_cycle_is_a_clear_error(tmp_path: Path, demo_data: dict[str, Any]) -> None:
    city, standard, shared = _split(tmp_path, demo_data)
    write_plan(standard, {"extends": "../city.yaml", **shared})
    result = run("render", city, "-o", tmp_path / "out.docx")
    assert result.exit_code == 1 and "extends 形成循环引用" in result.output
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize("value", ["[]", "12", "{a: b}"])
def test_malformed_extends_is_a_clear_error(tmp_path: Path, value: str) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"cover:\n  title: 标题\nextends: {value}\n", encoding="utf-8")
    result = run("validate", plan)
    assert result.exit_code == 1 and f"{plan}:3:" in result.output and "extends 应写一个文件路径" in result.output


def test_add_and_replace_of_one_key_is_refused(tmp_path: Path, demo_data: dict[str, Any]) -> None:
    city, _, _ = _split(tmp_path, demo_data)
    text = city.read_text(encoding="utf-8") + "safeguards:\n  other: []\n  other+: []\n"
    city.write_text(text, encoding="utf-8")
    result = run("validate", city)
    assert result.exit_code == 1 and "“other+”与“other”不能同时出现" in result.output

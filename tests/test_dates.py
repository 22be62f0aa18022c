"""One set of date forms everywhere: wherever a year, a month, a date or a 完成时限 is asked for, each of 2026,
2026年, 2026年12月, 2026年12月31日, 2026-12 and 2026-12-31, quoted or not, is read — and a value in the wrong form is
reported once, never also as missing."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, run, write_plan
from generator import doctypes

EXAMPLE_OF = {"city": "demo-city.yaml", "base": "demo-base.yaml", "notice": "yunxi.yaml"}


def _fields() -> list[tuple[str, tuple[Any, ...], str]]:
    """(example, path, kind) of the first value of each year, month, date and deadline field the examples fill."""
    found: dict[tuple[str, str], tuple[str, tuple[Any, ...], str]] = {}

    def walk(example: str, value: Any, rules: dict[str, Any] | None, path: tuple[Any, ...], name: str) -> None:
        if not rules:
            return
        kind = rules.get("meta", {}).get("when")
        if kind:
            found.setdefault((example, name), (example, path, kind))
        elif isinstance(value, dict) and isinstance(rules.get("schema"), dict) and rules.get("type") != "list":
            for key, item in value.items():
                walk(example, item, rules["schema"].get(key), path + (key,), f"{name}.{key}")
        elif isinstance(value, list) and isinstance(rules.get("schema"), dict):
            for index, item in enumerate(value):
                walk(example, item, rules["schema"], path + (index,), f"{name}[]")

    for example, name in EXAMPLE_OF.items():
        data = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
        schema = doctypes.of_plan(data, False, name).schema
        walk(example, data, {"type": "dict", "schema": schema}, (), "")
    return sorted(found.values(), key=lambda f: (f[0], str(f[1])))


FIELDS = _fields()


def _forms(value: Any) -> list[str]:
    """The six forms of the field's own year (and month and day, where it has them), each quoted and unquoted."""
    if isinstance(value, dt.date):
        year, month, day = value.year, value.month, value.day
    else:
        numbers = [int(n) for n in re.findall(r"\d+", str(value))] + [6, 30]
        year, month, day = numbers[0], numbers[1] if numbers[1] <= 12 else 6, 30 if numbers[1] != 2 else 28
    written = [f"{year}", f"{year}年", f"{year}年{month}月", f"{year}年{month}月{day}日", f"{year}-{month:02d}",
               f"{year}-{month:02d}-{day:02d}"]
    return written + [f"'{form}'" for form in written]


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def test_every_kind_of_field_is_covered():
    kinds = {kind for _, _, kind in FIELDS}
    assert kinds == {"year", "month", "date", "deadline"}, FIELDS
    assert len(FIELDS) >= 10


@pytest.mark.parametrize(("example", "path", "kind"), FIELDS,
                         ids=[f"{e}:{'.'.join(map(str, p))}" for e, p, _ in FIELDS])
def test_each_form_is_read_in_each_field(tmp_path: Path, example: str, path: tuple[Any, ...], kind: str):
    data = yaml.safe_load((EXAMPLES / EXAMPLE_OF[example]).read_text(encoding="utf-8"))
    data.pop("extends", None)
    files = []
    for number, form in enumerate(_forms(_get(data, path))):
        changed = copy.deepcopy(data)
        _get(changed, path[:-1])[path[-1]] = "__WHEN__"
        target = write_plan(tmp_path / f"form{number}.yaml", changed)
        target.write_text(target.read_text(encoding="utf-8").replace("__WHEN__", form), encoding="utf-8")
        files.append((target, form))
    result = run("validate", "--shared", EXAMPLES, *[target for target, _ in files])
    dotted = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")
    for target, form in files:
        wrong = [line for line in result.output.splitlines()
                 if line.startswith(f"{target}:") and f"[{dotted}]" in line and re.search(r"错误 (S2\d\d|Y1\d\d)", line)]
        assert not wrong, (form, wrong)


def test_a_value_in_no_form_is_reported_once(tmp_path: Path, demo_data):
    """`start: 2027年3月前` is a 格式 mistake — not also 缺少开工时间."""
    changed = copy.deepcopy(demo_data)
    changed["projects"]["items"][0]["start"] = "2027年3月前"
    result = run("validate", write_plan(tmp_path / "plan.yaml", changed))
    found = [line for line in result.output.splitlines() if "[projects.items[0].start]" in line]
    assert len(found) == 1 and "S206" in found[0], found


def test_a_value_in_the_wrong_form_is_not_reported_again_by_what_depends_on_it(tmp_path: Path, demo_data):
    """A base year written 去年 is not also "a base value without its year"; a project's total written 约4500 does not
    also make the stated total disagree with the sum."""
    changed = copy.deepcopy(demo_data)
    changed["targets"]["indicators"][1]["baseline"]["year"] = "去年"
    changed["projects"]["items"][1]["investment"]["total"] = "约4500"
    result = run("validate", write_plan(tmp_path / "plan.yaml", changed))
    assert result.output.count("错误 ") == 2 and result.output.count("错误 S202") == 2, result.output


def test_an_unknown_field_standing_for_a_missing_one_is_one_message(tmp_path: Path, demo_data):
    """`城市: 青岚市` where `city:` should be, or `provence:` for `province:`: one S201 that names the field, not also
    S203 缺少城市名称."""
    changed = copy.deepcopy(demo_data)
    cover = changed["cover"]
    cover["城市"], cover["provence"] = cover.pop("city"), cover.pop("province")
    result = run("validate", write_plan(tmp_path / "plan.yaml", changed))
    findings = [line for line in result.output.splitlines() if re.search(r"错误 S20[13]", line)]
    assert len(findings) == 2 and all("S201" in line for line in findings), findings
    assert "是否想写 `city:`（城市名称）？键要用英文" in result.output
    assert "是否想写 `province:`（所在省份）？把“provence”改为 `province`" in result.output


def test_a_fall_written_in_words_is_hinted_as_a_negative_number(tmp_path: Path, demo_data):
    changed = copy.deepcopy(demo_data)
    changed["targets"]["indicators"][0]["growth"] = "下降2.1%"
    result = run("validate", write_plan(tmp_path / "plan.yaml", changed))
    assert "写作 `growth: -2.1`" in result.output, result.output


def test_a_period_written_as_a_span_of_years_reads_as_its_start_and_end(tmp_path: Path, demo_data):
    changed = copy.deepcopy(demo_data)
    changed["period"] = "2027—2029年"
    plan = write_plan(tmp_path / "plan.yaml", changed)
    assert run("validate", plan).exit_code == 0
    assert run("render", plan, "-o", tmp_path / "plan.md").exit_code == 0
    assert "创建期（2027—2029年）" in (tmp_path / "plan.md").read_text(encoding="utf-8")

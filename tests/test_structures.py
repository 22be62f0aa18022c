"""What real plans say that the outline's skeleton alone does not (issue: real plans' structures), through the CLI:
each construct used correctly and misused, with the message a planner gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any


from conftest import EXAMPLES, run
from docx_text import document_lines

CHONGQING = EXAMPLES / "chongqing.yaml"


def _codes(output: str, code: str) -> list[str]:
    return [line for line in output.splitlines() if f" {code} " in line]


def test_units_of_one_family_are_compared_across_their_sizes(mutated):
    """A baseline in 万元 against chapter 三's figure in 亿元 is the same number, and a wrong one is still caught."""
    def in_wan(value: float):
        def change(data: dict[str, Any]) -> None:
            item = data["targets"]["indicators"][0]
            item.update(unit="万元", baseline={"year": 2025, "value": value},
                        target={"year": 2029, "value": 120_000_000}, yearly=[])
            item.pop("growth")
        return change
    same = run("validate", mutated(in_wan(68_500_000)))
    assert not _codes(same.output, "R12.10"), same.output
    wrong = run("validate", mutated(in_wan(60_000_000)))
    assert any("基期值 6e+07万元 与第三章所写 2025 年数值 6850亿元 不一致" in line or "与第三章所写 2025 年数值 6850亿元" in line
               for line in _codes(wrong.output, "R12.10")), wrong.output


def test_the_units_real_tables_use_are_accepted(mutated, tmp_path: Path):
    def parcels(data: dict[str, Any]) -> None:
        data["targets"]["indicators"].append({
            "name": "快递业务量", "kind": "其他", "unit": "万件", "baseline": {"year": 2025, "value": 42000},
            "target": {"year": 2029, "value": 68000}})
        data["targets"]["indicators"].append({
            "name": "电子商务培训", "kind": "其他", "unit": "万人次", "baseline": {"year": 2025, "value": 3.2},
            "target": {"year": 2029, "value": 8}})
    plan = mutated(parcels)
    result = run("validate", "--strict", plan)
    assert result.exit_code == 0, result.output
    out = tmp_path / "plan.md"
    assert run("render", plan, "-o", out).exit_code == 0
    assert "快递业务量由2025年的42000万件达到68000万件" in out.read_text(encoding="utf-8")
    bad = run("validate", mutated(lambda d: d["targets"]["indicators"][0].update(unit="万吨次")))
    assert bad.exit_code == 1 and _codes(bad.output, "S204")


def test_a_total_without_its_split_is_a_warning_and_no_sum_is_checked(mutated):
    def total_only(data: dict[str, Any]) -> None:
        overview = data["ecommerce"]["overview"]
        del overview["domestic_transactions"], overview["cross_border_transactions"]
    result = run("validate", mutated(total_only))
    assert result.exit_code == 0, result.output
    warned = _codes(result.output, r"R1.3")
    assert len(warned) == 2 and any("未写国内电子商务交易额" in line for line in warned)
    assert not _codes(result.output, "R12.9") and not _codes(result.output, "R1.1")


def test_a_district_applicant_and_a_two_year_period_are_warnings_that_can_be_accepted(mutated):
    def district(accept: bool):
        def change(data: dict[str, Any]) -> None:
            data["cover"]["city_status"] = "国家级新区"
            data["period"] = {"start": 2028, "end": 2029}
            for item in data["targets"]["indicators"]:
                item["baseline"]["year"] = 2026
                item.pop("yearly", None)
                item.pop("growth", None)
            data["projects"]["items"] = [{**p, "start": "2028-01", "end": "2029-06"} for p in data["projects"]["items"]]
            groups = [g for key, g in data["tasks"].items() if key != "extra"] + data["tasks"].get("extra", [])
            for group in groups:
                for task in group.get("tasks", []):
                    task["deadline"] = "2029年底"
            data["safeguards"]["funding"]["yearly"] = [y for y in data["safeguards"]["funding"]["yearly"]
                                                       if y["year"] >= 2028]
            data["safeguards"]["funding"].pop("total", None)
            if accept:
                data["accept"] = [{"code": "R15.1", "reason": "经省政府同意，以国家级新区申报。"},
                                  {"code": "R3.9", "reason": "按第三批申报要求，创建期至2029年。"}]
        return change
    warned = run("validate", mutated(district(False)))
    assert warned.exit_code == 0, warned.output
    assert any("本市为“国家级新区”" in line for line in _codes(warned.output, "R15.1"))
    assert any("只有 2 年" in line for line in _codes(warned.output, "R3.9"))
    assert "1284号" in warned.output
    accepted = run("validate", "--strict", mutated(district(True)))
    assert accepted.exit_code == 0, accepted.output
    assert "2 个已接受的警告" in accepted.output


def test_guiding_ideology_and_principles_are_run_in_paragraphs_not_repeated_headings(tmp_path: Path):
    out = tmp_path / "plan.docx"
    assert run("render", EXAMPLES / "demo-city.yaml", "-o", out).exit_code == 0
    lines = document_lines(out)
    chapter = len(lines) - 1 - lines[::-1].index("四、创建工作总体目标与具体目标")   # the heading, not its 目录 entry
    start = lines.index("（一）总体目标", chapter)
    assert lines[start + 1].startswith("指导思想：以习近平新时代中国特色社会主义思想为指导")
    assert lines[start + 2].startswith("基本原则：一是政府引导，市场主导。充分发挥") and "二是立足特色，错位发展。" in lines[start + 2]
    assert lines[start + 3].startswith("到2029年")
    assert lines[start + 4] == "（二）具体目标"
    assert not any(line.endswith("总体目标") and line != "（一）总体目标" and "创建工作" not in line for line in lines)

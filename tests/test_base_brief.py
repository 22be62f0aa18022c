"""Base plans (示范基地) and city briefs (要点), through the CLI: validation with lines, the documents' contents."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from conftest import EXAMPLES, line_of, run, write_plan
from generator.doctypes.outline import cn_number
from generator.doctypes.base.outline import BASE_CHAPTERS, BASE_WORK_ITEMS

BASE = EXAMPLES / "demo-base.yaml"
#: the three cities' 要点 as published (重庆, 哈尔滨, 成都), the lines the examples transcribe
SEED = Path(__file__).resolve().parent / "fixtures" / "seed-briefs.txt"


@pytest.fixture(scope="module")
def base_data() -> dict[str, Any]:
    return yaml.safe_load(BASE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def base_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("base") / "base.docx"
    result = run("render", BASE, "-o", target)
    assert result.exit_code == 0, result.output
    return target


def _paragraphs(path: Path, style: str | None = None) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if style is None or p.style.name == style]


def _changed(tmp_path: Path, data: dict[str, Any], change) -> Path:
    copied = copy.deepcopy(data)
    change(copied)
    return write_plan(tmp_path / "plan.yaml", copied)


def test_demo_base_validates_with_no_errors_and_no_warnings():
    result = run("validate", BASE)
    assert result.exit_code == 0 and "0 个错误，0 个警告" in result.output, result.output


def test_base_plan_has_the_eight_chapters_in_official_order_and_wording(base_docx):
    expected = [f"{cn_number(n)}、{chapter.title}" for n, chapter in enumerate(BASE_CHAPTERS, start=1)]
    assert _paragraphs(base_docx, "Heading 1") == expected
    assert expected[2] == "三、创建工作基础" and expected[7] == "八、相关证明文件及附件"
    level2 = _paragraphs(base_docx, "Heading 2")
    for key, title, _ in BASE_WORK_ITEMS:
        assert any(text.endswith(title) for text in level2), title
    for title in ("园区范围", "园区规划", "管理机构", "已入驻企业情况", "已出台政策情况", "相关配套设施情况"):
        assert any(text.endswith(title) for text in level2), title


def test_base_plan_has_the_stage_plan_and_the_enterprise_table(base_docx, base_data):
    level2 = _paragraphs(base_docx, "Heading 2")
    assert "（一）启动建设阶段（2027年1月—2027年12月）" in level2
    text = "\n".join(_paragraphs(base_docx))
    assert "阶段目标：入驻电子商务企业达到320家；园区促进电子商务发展办法印发实施（2027年6月前完成）。" in text
    assert "附件5" in _paragraphs(base_docx, "附件标记")
    document = docx.Document(str(base_docx))
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "企业（单位）名称")
    rows = [[cell.text.replace("\n", "") for cell in row.cells] for row in table.rows[1:]]   # lines in a cell
    enterprises = base_data["attachments"]["enterprises"]
    assert [row[1] for row in rows[:-1]] == [e["name"] for e in enterprises]
    assert rows[0][2:] == ["装备零部件B2B交易平台", "52000", "620"]
    assert rows[-1][1] == "合计" and rows[-1][3] == str(sum(e["output"]["value"] for e in enterprises))
    assert rows[-1][4] == str(sum(e["employees"] for e in enterprises))


REQUIRED_PARTS = [need.path for chapter in BASE_CHAPTERS for item in chapter.items for need in item.requires]


@pytest.mark.parametrize("path", REQUIRED_PARTS, ids=[".".join(p) for p in REQUIRED_PARTS])
def test_removing_a_required_part_fails_with_its_line(tmp_path, base_data, path):
    def remove(data):
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        del parent[path[-1]]

    plan = _changed(tmp_path, base_data, remove)
    result = run("validate", plan)
    assert result.exit_code == 1
    line = next(l for l in result.output.splitlines() if "R1.1" in l and ".".join(path) in l)
    parent_line = line_of(plan, f"{path[-2]}:") if len(path) > 1 else 1
    assert line.startswith(f"{plan}:{parent_line}:"), line


CASES = {
    "R3.1 period of six years": (lambda d: d["period"].update(end=2032), "R3.1"),
    "R3.7 stage outside the period": (lambda d: d["schedule"]["phases"][2].update(end="2030-06"), "R3.7"),
    "R4.1 indicator kind missing": (lambda d: d["targets"]["indicators"].pop(3), "R4.1"),
    "R6.2 work item without tasks": (lambda d: d["work"]["market"].update(tasks=[]), "R6.2"),
    "R8.1 no division of duties": (lambda d: d["safeguards"]["organisation"].pop("duties"), "R8.1"),
    "R9.1 no yearly funding": (lambda d: d["safeguards"]["funding"].pop("yearly"), "R9.1"),
    "R10.2 no summary and exchange": (lambda d: d["safeguards"].pop("supervision"), "R10.2"),
    "R12.4 growth contradicts values": (lambda d: d["targets"]["indicators"][0].update(growth=30), "R12.4"),
    "R12.8 funding total": (lambda d: d["safeguards"]["funding"]["total"].update(value=20000), "R12.8"),
    "R12.11 enterprise listed twice": (lambda d: d["attachments"]["enterprises"].append(
        copy.deepcopy(d["attachments"]["enterprises"][0])), "R12.11"),
    "R14.1 stage target not assessable": (lambda d: d["schedule"]["phases"][1]["targets"].append(
        {"text": "园区服务能力明显提升"}), "R14.1"),
    "R14.2 attachment missing": (lambda d: d["attachments"].pop("approval"), "R14.2"),
    "S204 unknown indicator kind": (lambda d: d["targets"]["indicators"][0].update(kind="交易额"), "S204"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_base_rules_break_with_their_code_and_line(tmp_path, base_data, case):
    change, code = CASES[case]
    plan = _changed(tmp_path, base_data, change)
    result = run("validate", plan)
    found = [l for l in result.output.splitlines() if f" {code} " in l]
    assert found, result.output
    assert re.match(rf"^{re.escape(str(plan))}:\d+:\d+: ", found[0]), found[0]
    if "错误" in found[0]:
        assert result.exit_code == 1


def test_base_plan_cannot_have_a_brief(tmp_path):
    result = run("render", "--brief", BASE, "-o", tmp_path / "x.docx")
    assert result.exit_code == 1 and "--brief 只用于示范城市方案" in result.output
    assert "Traceback" not in result.output


# ---- briefs ----------------------------------------------------------------------------------------------------

BRIEFS = {
    "chongqing": ("第三篇", ["2000万户", "20万户", "2500亿元", "3亿元", "2000亿美元", "15家", "50%", "1万家"]),
    "harbin": ("第四篇", ["462亿元", "250亿元", "212亿元", "5000万元", "20%", "23%"]),
    "chengdu": ("第五篇", ["5000亿元", "15%", "80%", "500万平方米", "10万人", "20万台", "200Gbps"]),
}


def _seed_section(part: str) -> list[str]:
    """The seed lines of one 要点 (from its 第N篇 line to the next), as they should appear in the brief."""
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    start = next(i for i, line in enumerate(lines) if line.startswith(part))
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^第.篇", lines[i])), len(lines))
    return lines[start + 2:end]


def _normal(text: str) -> str:
    """Punctuation width and line breaks aside (the examples write full-width marks and join broken lines)."""
    table = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})
    return re.sub(r"\s+", "", text.translate(table))


@pytest.mark.parametrize("city", sorted(BRIEFS))
def test_brief_renders_the_three_chapters_with_the_seed_text_and_figures(tmp_path, city):
    part, figures = BRIEFS[city]
    source = EXAMPLES / f"{city}.yaml"
    assert run("validate", "--brief", source).exit_code == 0
    result = run("render", "--brief", source, "-o", tmp_path / "brief.docx")
    assert result.exit_code == 0, result.output
    chapters = _paragraphs(tmp_path / "brief.docx", "Heading 1")
    assert [c[2:] for c in chapters][1:] == ["主要任务", "保障措施"] and chapters[0].endswith("工作目标")
    title = _paragraphs(tmp_path / "brief.docx", "Title")[0].replace("\n", "")
    assert title.endswith("创建国家电子商务示范城市工作方案要点")
    body = _normal("".join(_paragraphs(tmp_path / "brief.docx")))
    for figure in figures:
        assert figure in body, figure
    for line in _seed_section(part):
        words = re.sub(r"^([一二三]、|\([一二三四五六七八九十]+\))", "", line.strip())
        assert _normal(words) in body, line[:30]


def test_default_name_of_a_brief(tmp_path):
    source = tmp_path / "chongqing.yaml"
    source.write_bytes((EXAMPLES / "chongqing.yaml").read_bytes())
    assert run("render", "--brief", source).exit_code == 0
    assert (tmp_path / "chongqing-brief.docx").exists() and not (tmp_path / "chongqing.docx").exists()


def test_a_brief_grows_into_a_full_plan_in_the_same_file(tmp_path):
    assert run("validate", EXAMPLES / "chongqing.yaml").exit_code == 0  # type: brief: checked as a brief
    text = (EXAMPLES / "chongqing.yaml").read_text(encoding="utf-8").replace("type: brief\n", "")
    (tmp_path / "chongqing.yaml").write_text(text, encoding="utf-8")
    full = run("validate", tmp_path / "chongqing.yaml")
    assert full.exit_code == 1
    assert "[economy." in full.output and "[ecommerce." in full.output and "[brief" not in full.output
    assert run("validate", "--brief", tmp_path / "chongqing.yaml").exit_code == 0


def test_brief_needs_a_number_in_its_quantified_targets(tmp_path):
    data = yaml.safe_load((EXAMPLES / "harbin.yaml").read_text(encoding="utf-8"))
    data["brief"]["targets"]["quantified"] = ["电子商务服务业成为重要的新兴产业。"]
    plan = write_plan(tmp_path / "plan.yaml", data)
    result = run("validate", "--brief", plan)
    assert result.exit_code == 1
    assert f"{plan}:{line_of(plan, 'quantified:')}:" in result.output and "R4.2" in result.output


def test_brief_needs_its_own_parts(tmp_path):
    data = yaml.safe_load((EXAMPLES / "harbin.yaml").read_text(encoding="utf-8"))
    del data["brief"]["safeguards"]
    plan = write_plan(tmp_path / "plan.yaml", data)
    result = run("validate", "--brief", plan)
    assert result.exit_code == 1
    assert f"{plan}:{line_of(plan, 'brief:')}:" in result.output
    assert "S203" in result.output and "[brief.safeguards]" in result.output


def test_brief_checks_types_of_what_is_already_written(tmp_path):
    data = yaml.safe_load((EXAMPLES / "harbin.yaml").read_text(encoding="utf-8"))
    data["period"] = {"start": "二〇二七"}
    plan = write_plan(tmp_path / "plan.yaml", data)
    result = run("validate", "--brief", plan)
    assert result.exit_code == 1 and "S202" in result.output and "[period.start]" in result.output

"""The document-type registry: the CLI, the scaffold and the JSON Schema read it, and a new type is one record —
registered here, from inside the test, and rendered through the command line without touching the package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest

from conftest import line_of, run
from docx_text import document_lines
from generator import doctypes
from generator.doctypes.blocks import Doc, cover_context, render_context
from generator.doctypes.fields import listof, mapping, number, text, year
from generator.doctypes.schema import COVER_DATE
from generator.formatting import amount, as_date, clean
from generator.validate import RuleContext

# --- a small document type of the test's own: 资金申请报告, two chapters, one rule, one table -------------------------

MEMO_SCHEMA = {
    "type": {"type": "string", "allowed": ["memo"], "required": True,
             "meta": {"label": "方案类型", "desc": "memo：资金申请报告"}},
    "cover": mapping("封面", "封面与文件信息", {
        "title": text("标题", "报告标题", required=True),
        "applicant": text("申报单位", "申报单位", required=True),
        "date": COVER_DATE,
    }, required=True),
    "background": text("项目背景", "第一章：为什么申请资金", required=True),
    "funding": listof("年度资金", "第二章：每年申请的资金", mapping("年度资金", "一个年份", {
        "year": year("年份", "年份", required=True),
        "amount": number("金额", "该年申请的金额（万元）", required=True),
        "source": text("资金来源", "如“省级专项资金”"),
    }), required=True, min_items=1),
}


def m1_amounts_positive(ctx: RuleContext) -> None:
    """M1.1: every year asks for some money."""
    for index, item in ctx.items(("funding",)):
        if isinstance(item.get("amount"), (int, float)) and item["amount"] <= 0:
            ctx.error("M1.1", ("funding", index, "amount"), f"{item.get('year')}年申请的资金为 {item['amount']}，应大于零。",
                      hint="删去这一年，或填写申请的金额。")


def build_memo(data: dict[str, Any], template_dir: Any = None, figures: frozenset[str] = frozenset()) -> Any:
    doc = Doc()
    doc.titled(1, "项目背景", data["background"])
    doc.heading(1, "资金安排")
    doc.para(f"共申请资金{sum(item['amount'] for item in data['funding']):g}万元，分年度安排见表1。")
    doc.table("table_funding", "分年度资金安排", [{"year": f"{item['year']}年", "amount": amount(item["amount"], "万元"),
                                              "source": clean(item.get("source", "—"))} for item in data["funding"]])
    return render_context(doc, cover_context(data["cover"]), as_date(data["cover"]["date"]), "资金申请报告", toc=False)


MEMO = doctypes.DocType("memo", "资金申请报告", "电子商务发展专项资金申请报告", "city-brief.docx", MEMO_SCHEMA,
                        [m1_amounts_positive], build_memo, front_matter=False)

MEMO_FILE = """type: memo
cover:
  title: 示例市电子商务公共服务中心专项资金申请报告
  applicant: 示例市商务局
  date: 2026-11-10
background: 示例市电子商务公共服务中心服务中小企业三千余家，需扩建培训和直播场地。
funding:
  - {year: 2027, amount: 300, source: 省级专项资金}
  - {year: 2028, amount: 200}
"""


@pytest.fixture
def memo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setitem(doctypes.REGISTRY, "memo", MEMO)
    path = tmp_path / "memo.yaml"
    path.write_text(MEMO_FILE, encoding="utf-8")
    return path


def test_a_type_registered_from_outside_the_package_renders_through_the_cli(memo: Path, tmp_path: Path):
    assert run("validate", memo).exit_code == 0
    out = tmp_path / "memo.docx"
    result = run("render", memo, "-o", out)
    assert result.exit_code == 0, result.output
    lines = document_lines(out)
    assert lines[:6] == ["示例市电子商务公共服务中心专项资金申请报告", "一、项目背景",
                         "示例市电子商务公共服务中心服务中小企业三千余家，需扩建培训和直播场地。", "二、资金安排",
                         "共申请资金500万元，分年度安排见表1。", "表1 分年度资金安排"]
    assert "2027年 | 300万元 | 省级专项资金" in lines and "2028年 | 200万元 | —" in lines
    assert docx.Document(str(out)).core_properties.keywords == "资金申请报告"
    markdown = tmp_path / "memo.md"
    assert run("render", memo, "--format", "md", "-o", markdown).exit_code == 0
    assert "| 2027年 | 300万元 | 省级专项资金 |" in markdown.read_text(encoding="utf-8")


def test_the_new_types_schema_and_rule_report_with_lines(memo: Path):
    memo.write_text(MEMO_FILE.replace("amount: 200", "amount: 0").replace("background:", "backgruond:"),
                    encoding="utf-8")
    result = run("validate", memo)
    assert result.exit_code == 1
    assert f"{memo}:{line_of(memo, 'amount: 0')}:" in result.output and "M1.1" in result.output
    assert "2028年申请的资金为 0，应大于零" in result.output
    assert "S201" in result.output and "是否想写 `background:`（项目背景）？" in result.output
    assert "S203" not in result.output          # the misspelt key and the missing field are one mistake: one message


def test_brief_of_a_type_without_one_is_a_clear_error(memo: Path):
    result = run("render", "--brief", memo)
    assert result.exit_code == 1 and "这是资金申请报告（type: memo），没有“要点”文档" in result.output
    assert "Traceback" not in result.output


# --- the registry is what the rest of ecplan reads --------------------------------------------------------------------


def test_the_cli_offers_the_registered_types():
    assert "[city|base|brief]" in run("schema", "--help").output
    assert "[city|base]" in run("init", "--help").output


def test_each_registered_master_template_exists_and_each_type_builds_its_schema():
    from generator.templating import find_template

    for doctype in doctypes.REGISTRY.values():
        assert find_template(doctype.template).is_file()
        assert doctype.schema["cover"]["required"] and doctype.rules
        # its outline's chapters, each written from a section its schema has
        assert doctype.outline and all(chapter.key in doctype.schema for chapter in doctype.outline)


def test_the_scaffold_names_the_type(tmp_path: Path):
    target = tmp_path / "base.yaml"
    assert run("init", target, "--type", "base").exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("# 国家电子商务示范基地创建工作方案：") and "\ntype: base\n" in text


@pytest.mark.parametrize(("declared", "brief", "expected"), [
    (None, False, "city"), ("city", False, "city"), ("base", False, "base"), ("brief", False, "brief"),
    (None, True, "brief"), ("brief", True, "brief"), ("nonsense", False, "city"), (7, False, "city"),
])
def test_the_type_of_a_plan(declared: Any, brief: bool, expected: str):
    data = {} if declared is None else {"type": declared}
    assert doctypes.of_plan(data, brief).name == expected

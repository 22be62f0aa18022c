"""`ecplan import PLAN.docx -o plan.yaml`: a plan written in Word or WPS into the input format. A document ecplan
wrote gives back its plan (with the edits made since); any other is mapped onto the outline from its headings,
tables and text, with a report of what it could not place."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml

from conftest import EXAMPLES, run, write_plan
from test_workbook import _with_every_column
from word_docs import list_numbered, typed_headings


def _findings(path: Path) -> list[str]:
    """The messages of a validation without where they stand (the lines differ between two files)."""
    output = run("validate", path).output
    return sorted(re.sub(r"^\S+?: ", "", line) for line in output.splitlines() if " 错误 " in line or " 警告 " in line)


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n", 1)[1]


def _plans() -> list[str]:
    return sorted(path.name for path in EXAMPLES.glob("*.yaml")) + ["every column"]


@pytest.mark.parametrize("example", _plans())
def test_import_of_the_rendered_document_gives_the_plan_back(tmp_path: Path, example: str, demo_data):
    """Every example, and a plan the tests generate: render, import, and the plan validates with the same findings
    and renders to the same text."""
    source = tmp_path / "source.yaml"
    if example == "every column":
        data = copy.deepcopy(demo_data)
        _with_every_column(data)
        write_plan(source, data)
    else:
        shutil.copy(EXAMPLES / example, source)
    assert run("render", source, "-o", tmp_path / "plan.docx").exit_code == 0
    result = run("import", tmp_path / "plan.docx", "-o", tmp_path / "imported.yaml")
    assert result.exit_code == 0 and "ecplan 生成的文档" in result.output, result.output
    assert _findings(tmp_path / "imported.yaml") == _findings(source)
    for plan, out in ((source, "a.md"), (tmp_path / "imported.yaml", "b.md")):
        assert run("render", plan, "-o", tmp_path / out).exit_code == 0
    assert _body(tmp_path / "a.md") == _body(tmp_path / "b.md")


def test_an_edited_document_of_ecplans_comes_back_with_its_edits(tmp_path: Path):
    shutil.copy(EXAMPLES / "demo-city.yaml", tmp_path / "plan.yaml")
    assert run("render", tmp_path / "plan.yaml", "-o", tmp_path / "plan.docx").exit_code == 0
    edited = docx.Document(str(tmp_path / "plan.docx"))
    for paragraph in edited.paragraphs:
        for r in paragraph.runs:
            r.text = r.text.replace("全市常住人口865.3万人", "全市常住人口870万人")
    edited.add_paragraph("新增的一段。")
    edited.save(str(tmp_path / "plan.docx"))
    result = run("import", tmp_path / "plan.docx", "-o", tmp_path / "imported.yaml")
    assert result.exit_code == 0, result.output
    assert "865.3 → 870" in result.output and "新增：\n      现为：新增的一段。" in result.output
    data = yaml.safe_load((tmp_path / "imported.yaml").read_text(encoding="utf-8"))
    assert data["economy"]["overview"]["population"]["value"] == 870


@pytest.mark.parametrize("build", [typed_headings, list_numbered], ids=["typed numbering in 黑体 and 楷体",
                                                                         "Word's Chinese list numbering"])
def test_a_plan_written_in_word_is_mapped_with_a_report(tmp_path: Path, build):
    document = build(tmp_path / "青岚市方案.docx")
    result = run("import", document, "-o", tmp_path / "青岚市.yaml")
    assert result.exit_code == 0, result.output
    assert "主要任务 › 完善电子商务政策法规环境" in result.output and "具体目标（指标表）" in result.output
    assert "未能对应到方案字段的段落（1 段" in result.output and "本方案由市商务局负责解释。" in result.output
    assert re.search(r"第\d+段：本方案由市商务局负责解释", result.output)
    text = (tmp_path / "青岚市.yaml").read_text(encoding="utf-8")
    assert "# 原文中没有找到申报单位。" in text and "applicant: 待补充" in text
    data = yaml.safe_load(text)
    assert data["cover"]["title"] == "青岚市创建国家电子商务示范城市工作方案" and data["cover"]["city"] == "青岚市"
    assert data["cover"]["province"] == "浙江省" and data["period"] == {"start": 2027, "end": 2029}
    overview = data["economy"]["overview"]
    assert overview["population"] == {"value": 512.6, "unit": "万人", "year": 2025}
    assert overview["gdp"] == {"value": 4860.2, "unit": "亿元", "growth": 6.1, "year": 2025}
    first, second = data["tasks"]["policy"]["tasks"]
    assert first["lead"] == "市商务局" and first["partners"] == ["市财政局", "市自然资源局"]
    assert first["deadline"] == "2027年12月" and "（牵头部门" not in first["content"]
    assert second["lead"] == "市统计局" and second["partners"] == ["市商务局"]      # (市统计局、市商务局)
    indicators = data["targets"]["indicators"]
    assert indicators[1]["target"] == {"year": 2029, "value": 1500, "bound": "以上"}
    assert data["safeguards"]["organisation"]["lead_department"] == "市商务局"
    assert data["ecommerce"]["problems"] == [{"problem": "电子商务龙头企业偏少，本土平台规模不大。",
                                              "countermeasure": "引进培育一批电子商务龙头企业。"}]
    validated = run("validate", tmp_path / "青岚市.yaml")
    assert "Traceback" not in validated.output and "P101" in validated.output   # its gaps, said where they are


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_doc_file_is_converted_by_libreoffice_first(tmp_path: Path):
    source = typed_headings(tmp_path / "青岚市方案.docx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(source)], check=True,
                   capture_output=True, timeout=180)
    result = run("import", tmp_path / "doc" / "青岚市方案.doc", "-o", tmp_path / "青岚市.yaml")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tmp_path / "青岚市.yaml").read_text(encoding="utf-8"))
    assert data["tasks"]["policy"]["tasks"][0]["lead"] == "市商务局"
    assert not list(tmp_path.glob("doc/*.docx")) and not list(Path("/tmp").glob("ecplan-office-*/青岚市方案.docx"))


def test_without_its_plan_an_ecplan_document_is_still_mapped(tmp_path: Path):
    """render --no-source leaves the plan out: the document is then read as any other, and reads back closely."""
    shutil.copy(EXAMPLES / "demo-city.yaml", tmp_path / "plan.yaml")
    assert run("render", tmp_path / "plan.yaml", "-o", tmp_path / "plan.docx", "--no-source").exit_code == 0
    result = run("import", tmp_path / "plan.docx", "-o", tmp_path / "imported.yaml")
    assert result.exit_code == 0 and "按示范城市创建工作方案读取" in result.output, result.output
    assert run("validate", tmp_path / "imported.yaml").exit_code == 0
    original = yaml.safe_load((EXAMPLES / "demo-city.yaml").read_text(encoding="utf-8"))
    data = yaml.safe_load((tmp_path / "imported.yaml").read_text(encoding="utf-8"))
    assert [t["title"] for t in data["tasks"]["policy"]["tasks"]] == [t["title"] for t in original["tasks"]["policy"]["tasks"]]
    assert [p["investment"] for p in data["projects"]["items"]] == [p["investment"] for p in original["projects"]["items"]]
    assert data["economy"]["overview"]["gdp"] == original["economy"]["overview"]["gdp"]


def test_an_existing_yaml_is_not_overwritten_and_bad_files_are_messages(tmp_path: Path):
    document = typed_headings(tmp_path / "a.docx")
    (tmp_path / "a.yaml").write_text("# 我的方案\n", encoding="utf-8")
    result = run("import", document)
    assert result.exit_code == 1 and "拒绝覆盖" in result.output
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == "# 我的方案\n"
    (tmp_path / "b.docx").write_text("不是文档", encoding="utf-8")
    (tmp_path / "c.pdf").write_text("%PDF", encoding="utf-8")
    for bad in ("b.docx", "c.pdf"):
        result = run("import", tmp_path / bad, "-o", tmp_path / "x.yaml")
        assert result.exit_code == 1 and "Traceback" not in result.output and not (tmp_path / "x.yaml").exists()

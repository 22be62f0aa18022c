"""Edits made in Word come back: `ecplan import --against plan.yaml edited.docx` lists, field by field, what the edits
to a document ecplan wrote changed, and `--apply` writes the texts and numbers into the plan, comments intact."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

from conftest import EXAMPLES, run
from generator import figures, pipeline
from generator.readers.word_text import read
from generator.validate import usable_data
from generator.word_edits import passages


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("example", sorted(path.name for path in EXAMPLES.glob("*.yaml")))
def test_the_document_read_back_is_the_document_built(tmp_path: Path, example: str):
    """What `word_text.read` reads from a rendered .docx is, passage for passage, what the plan's context holds:
    the ground that tracing edits stands on."""
    assert run("render", EXAMPLES / example, "-o", tmp_path / "out.docx").exit_code == 0
    checked = pipeline.check(EXAMPLES / example)
    data = usable_data(checked.plan.data, None)
    context = checked.doctype.build(data, None, figures.wanted(data, checked.doctype.figures, True))
    assert [_norm(text) for text in passages(context)] == [_norm(p.text) for p in read(tmp_path / "out.docx")]


def _replace(document: docx.Document, old: str, new: str) -> int:
    """Replaces ``old`` in every run of the body (and table cells) that holds it, as Word keeps an edit in a run."""
    count = 0
    paragraphs = list(document.paragraphs) + [p for table in document.tables for row in table.rows
                                              for cell in row.cells for p in cell.paragraphs]
    for paragraph in paragraphs:
        for r in paragraph.runs:
            if old in r.text:
                r.text = r.text.replace(old, new)
                count += 1
    return count


@pytest.fixture
def rendered(tmp_path: Path) -> tuple[Path, Path]:
    plan = tmp_path / "示例市.yaml"
    shutil.copy(EXAMPLES / "demo-city.yaml", plan)
    assert run("render", plan, "-o", tmp_path / "示例市.docx").exit_code == 0
    return plan, tmp_path / "示例市.docx"


def test_a_number_and_a_sentence_edited_in_word_come_back_into_the_yaml(rendered: tuple[Path, Path]):
    plan, document = rendered
    before = plan.read_text(encoding="utf-8")
    edited = docx.Document(str(document))
    assert _replace(edited, "全市常住人口865.3万人", "全市常住人口870.2万人") >= 1
    assert _replace(edited, "我市定位为区域性商贸物流中心", "我市定位为区域性商贸物流枢纽") == 1
    assert _replace(edited, "总投资1.86亿元", "总投资1.9亿元") >= 1           # shown in 亿元, written in 万元
    edited.save(str(document))

    listed = run("import", document, "--against", plan)
    assert listed.exit_code == 0, listed.output
    assert "[economy.overview.population.value]" in listed.output and "865.3 → 870.2" in listed.output
    assert "…我市定位为区域性商贸物流〔中心→枢纽〕、先进制造业基地和内陆开…" in listed.output
    assert "[projects.items[2].investment.total]" in listed.output and "18600 → 19000" in listed.output
    assert plan.read_text(encoding="utf-8") == before                   # listing writes nothing

    applied = run("import", document, "--against", plan, "--apply")
    assert applied.exit_code == 0 and "已写入" in applied.output, applied.output
    after = plan.read_text(encoding="utf-8")
    assert Path(f"{plan}.bak").read_text(encoding="utf-8") == before
    assert [line for line in after.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in before.splitlines() if line.lstrip().startswith("#")]          # comments intact
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(after.splitlines()) == len(before.splitlines()) and len(changed) == 4, changed
    assert "      value: 870.2" in after and "区域性商贸物流枢纽、先进制造业基地" in after
    assert "investment: {total: 19000, government: 3000, unit: 万元}" in after
    assert run("render", plan, "-o", document, "--force").exit_code == 0       # the next draft, from the plan
    again = run("import", document, "--against", plan)
    assert "文档与方案一致" in again.output, again.output
    assert run("validate", plan).exit_code == 0


def test_what_no_field_explains_is_listed_for_the_planner(rendered: tuple[Path, Path]):
    plan, document = rendered
    edited = docx.Document(str(document))
    assert _replace(edited, "加强电子商务基础设施和交易保障设施建设", "加强电子商务基础设施和安全保障设施建设") >= 1   # the outline's
    edited.add_paragraph("新增的一段：加强督查督办。")
    edited.save(str(document))
    result = run("import", document, "--against", plan, "--apply")
    assert result.exit_code == 0
    assert "无法对应到字段的修改" in result.output and "新增：\n      现为：新增的一段：加强督查督办。" in result.output
    assert "原文：（三）加强电子商务基础设施和交易保障设施建设" in result.output
    assert not Path(f"{plan}.bak").exists()                             # nothing to write


def test_a_field_inherited_from_a_shared_file_is_named_not_written(tmp_path: Path):
    shared = tmp_path / "_共同.yaml"
    shared.write_text((EXAMPLES / "demo-city.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("extends: _共同.yaml\ncover:\n  date: 2026-11-10  # 印发日期\n", encoding="utf-8")
    assert run("render", plan, "-o", tmp_path / "plan.docx").exit_code == 0
    edited = docx.Document(str(tmp_path / "plan.docx"))
    assert _replace(edited, "全市常住人口865.3万人", "全市常住人口870万人") >= 1
    edited.save(str(tmp_path / "plan.docx"))
    before = plan.read_text(encoding="utf-8")
    result = run("import", tmp_path / "plan.docx", "--against", plan, "--apply")
    assert result.exit_code == 0, result.output
    assert "（不在此文件中，未写入）" in result.output and "_共同.yaml:" in result.output
    assert plan.read_text(encoding="utf-8") == before and "865.3" in shared.read_text(encoding="utf-8")


def test_a_block_of_lines_is_rewritten_as_a_block(tmp_path: Path):
    text = (EXAMPLES / "demo-city.yaml").read_text(encoding="utf-8")
    original = re.search(r"^  strategy: (.*)$", text, re.M).group(1)
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace(f"  strategy: {original}", f"  strategy: |\n    {original}"), encoding="utf-8")
    assert run("render", plan, "-o", tmp_path / "plan.docx").exit_code == 0
    edited = docx.Document(str(tmp_path / "plan.docx"))
    assert _replace(edited, "内陆开放高地", "内陆开放新高地") == 1
    edited.save(str(tmp_path / "plan.docx"))
    assert run("import", tmp_path / "plan.docx", "--against", plan, "--apply").exit_code == 0
    assert f"  strategy: |\n    {original.replace('内陆开放高地', '内陆开放新高地')}\n" in plan.read_text(encoding="utf-8")


def test_a_file_that_is_not_a_word_document_is_a_message(tmp_path: Path):
    fake = tmp_path / "x.docx"
    fake.write_text("不是 Word 文档", encoding="utf-8")
    result = run("import", fake, "--against", EXAMPLES / "demo-city.yaml")
    assert result.exit_code == 1 and "不是可以读取的 Word 文档" in result.output and "Traceback" not in result.output


def test_an_amount_written_over_in_another_unit_comes_back_in_the_plans(rendered: tuple[Path, Path]):
    plan, document = rendered
    edited = docx.Document(str(document))
    assert _replace(edited, "总投资9800万元", "总投资1.05亿元") >= 1
    edited.save(str(document))
    result = run("import", document, "--against", plan, "--apply")
    assert "9800 → 10500" in result.output and "已写入" in result.output, result.output
    assert "investment: {total: 10500, government: 2500, unit: 万元}" in plan.read_text(encoding="utf-8")


def test_an_edit_in_one_place_is_applied_once_and_its_other_copies_are_not_edits(rendered: tuple[Path, Path]):
    """A number written in a task's text also stands in the 摘要; edited in the task only, it is applied once — and
    again the same document changes nothing, the plan it carries telling what was edited since."""
    plan, document = rendered
    edited = docx.Document(str(document))
    task = next(p for p in edited.paragraphs if p.text.startswith("制定城市配送车辆通行"))
    for r in task.runs:
        r.text = r.text.replace("智能快件箱2,000组", "智能快件箱2,500组")
    edited.save(str(document))
    first = run("import", document, "--against", plan, "--apply")
    assert first.exit_code == 0 and "〔2,000→2,500〕" in first.output, first.output
    assert "（删去）" not in first.output                                   # the text keeps its full stop
    after = plan.read_text(encoding="utf-8")
    assert "智能快件箱2,500组，解决城市配送“最后一公里”问题。" in after
    again = run("import", document, "--against", plan, "--apply")
    assert "文档与方案一致" in again.output, again.output
    assert plan.read_text(encoding="utf-8") == after and not Path(f"{plan}.bak1").exists()


def test_a_document_of_another_plan_is_refused(tmp_path: Path, rendered: tuple[Path, Path]):
    _, document = rendered
    result = run("import", document, "--against", EXAMPLES / "yunxi.yaml")
    assert result.exit_code == 1 and "文档不是由" in result.output and "Traceback" not in result.output


def test_a_field_changed_in_the_plan_since_is_a_conflict_not_overwritten(rendered: tuple[Path, Path]):
    plan, document = rendered
    edited = docx.Document(str(document))
    assert _replace(edited, "我市定位为区域性商贸物流中心", "我市定位为区域性商贸物流枢纽") == 1
    edited.save(str(document))
    plan.write_text(plan.read_text(encoding="utf-8").replace("区域性商贸物流中心", "区域性商贸中心"), encoding="utf-8")
    before = plan.read_text(encoding="utf-8")
    result = run("import", document, "--against", plan, "--apply")
    assert "冲突" in result.output and "在生成文档之后方案中也改过" in result.output, result.output
    assert plan.read_text(encoding="utf-8") == before


def test_applying_a_value_the_plan_then_disagrees_with_says_so(rendered: tuple[Path, Path]):
    """A project's total changed in Word: written, and the plan's stated 计划总投资 that no longer agrees named."""
    plan, document = rendered
    edited = docx.Document(str(document))
    assert _replace(edited, "总投资3200万元", "总投资9200万元") >= 1
    edited.save(str(document))
    result = run("import", document, "--against", plan, "--apply")
    assert "已写入" in result.output and "写入后检查" in result.output and "R12.6" in result.output, result.output
    assert "无法对应" not in result.output                  # both places the total is shown: one field, 3200 → 9200
    assert result.exit_code == 1 and "investment: {total: 9200, government: 3200" in plan.read_text(encoding="utf-8")

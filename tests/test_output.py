"""Writing output: same bytes every time, nothing half-written, nothing a user edited is lost."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import docx
import pytest

from conftest import DEMO, client_template_dir, run
from docx_text import document_lines
from generator import output
from generator.errors import RenderError
from generator.options import RenderOptions
from generator.pipeline import render_file
from generator.templating import builtin_dir


def test_same_input_gives_identical_bytes(tmp_path: Path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run("render", DEMO, "-o", first).exit_code == 0
    assert run("render", DEMO, "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert run("render", DEMO, "-o", first).exit_code == 0  # an unchanged ecplan output may be replaced
    assert first.read_bytes() == second.read_bytes()


def test_edited_output_is_not_overwritten_without_force(tmp_path: Path):
    out = tmp_path / "plan.docx"
    assert run("render", DEMO, "-o", out).exit_code == 0
    edited = docx.Document(str(out))
    edited.add_paragraph("计划处补充的意见")
    edited.save(str(out))
    before = out.read_bytes()
    refused = run("render", DEMO, "-o", out)
    assert refused.exit_code == 1 and "被修改过" in refused.output and "--force" in refused.output
    assert out.read_bytes() == before
    forced = run("render", DEMO, "-o", out, "--force")
    assert forced.exit_code == 0 and ".bak" in forced.output
    assert (tmp_path / "plan.docx.bak").read_bytes() == before
    assert "计划处补充的意见" not in "\n".join(document_lines(out))


def test_a_file_ecplan_did_not_write_is_refused(tmp_path: Path):
    out = tmp_path / "notes.md"
    out.write_text("# 我的笔记\n", encoding="utf-8")
    result = run("render", DEMO, "--format", "md", "-o", out)
    assert result.exit_code == 1 and out.read_text(encoding="utf-8") == "# 我的笔记\n"


def test_output_equal_to_input_is_refused(tmp_path: Path):
    plan = tmp_path / "plan.yaml"
    shutil.copy(DEMO, plan)
    result = run("render", plan, "-o", plan)
    assert result.exit_code == 1 and "输入" in result.output
    assert plan.read_bytes() == DEMO.read_bytes()


def test_a_failure_mid_write_leaves_no_partial_file_and_the_old_one_untouched(tmp_path: Path, monkeypatch):
    out = tmp_path / "plan.docx"
    assert run("render", DEMO, "-o", out).exit_code == 0
    before = out.read_bytes()

    def full_disk(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full_disk)
    with pytest.raises(RenderError, match="磁盘空间不足"):
        render_file(DEMO, RenderOptions(output=str(out), force=True))
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.docx"]


def test_missing_output_directory_is_a_clear_error(tmp_path: Path):
    result = run("render", DEMO, "-o", tmp_path / "没有这个目录" / "plan.docx")
    assert result.exit_code == 1 and "输出目录" in result.output and "Traceback" not in result.output


def test_invalid_plan_writes_nothing(mutated, tmp_path: Path):
    plan = mutated(lambda d: d.pop("period"))
    out = tmp_path / "never.docx"
    result = run("render", plan, "-o", out)
    assert result.exit_code == 1 and "S203" in result.output and not out.exists()


def test_awkward_characters_come_through_exactly(mutated, tmp_path: Path):
    awkward = "A<B & C>D \"引号\" 'single' 𠀀 {{ 7*7 }} {% if %} <w:t>x</w:t> &amp;"
    plan = mutated(lambda d: d["economy"].update(strategy=awkward + "\x07\x1b"))
    out = tmp_path / "awkward.docx"
    assert run("render", plan, "-o", out).exit_code == 0
    assert awkward in document_lines(out)


@pytest.mark.parametrize(("text", "expected"), [
    ("{{ client_logo }}", "client_logo"),
    ("{{ ''.__class__.__mro__ }}", "city-plan.docx"),
    ("{% for x in %}", "模板语法错误"),
])
def test_template_mistakes_name_the_template_and_never_crash(tmp_path: Path, text: str, expected: str):
    folder = client_template_dir(tmp_path, text)
    result = run("render", DEMO, "-o", tmp_path / "out.docx", "--template-dir", folder)
    assert result.exit_code == 1, result.output
    assert "city-plan.docx" in result.output and expected in result.output
    assert not (tmp_path / "out.docx").exists()


def test_missing_variable_names_its_paragraph(tmp_path: Path):
    folder = client_template_dir(tmp_path, "客户标志：{{ client_logo }}")
    result = run("render", DEMO, "-o", tmp_path / "out.docx", "--template-dir", folder)
    assert "客户标志" in result.output and "可用变量" in result.output


def test_a_restyled_copy_is_used_before_the_builtin(tmp_path: Path):
    folder = tmp_path / "client"
    folder.mkdir()
    document = docx.Document(str(builtin_dir() / "city-plan.docx"))
    document.styles["Title"].font.size = docx.shared.Pt(26)
    document.save(str(folder / "city-plan.docx"))
    out = tmp_path / "out.docx"
    assert run("render", DEMO, "-o", out, "--template-dir", folder).exit_code == 0
    assert docx.Document(str(out)).styles["Title"].font.size == docx.shared.Pt(26)

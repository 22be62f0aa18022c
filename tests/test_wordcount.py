"""Counting 字数 as Word does, the 摘要 against its limit, and a cross-check with LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from conftest import DEMO, run
from generator.wordcount import count_text, count_zishu

WORD_CASES = [
    ("使用 Adobe Photoshop 打开图片", 8), ("私はappleを買った", 7), ("東京2024オリンピック", 9), ("Hello、World。", 4),
    ("「こんにちは」", 7), ("①②③④⑤", 1), ("ＡＢＣＤＥ", 5), ("Hello 世界", 3),
]


@pytest.mark.parametrize(("text", "expected"), WORD_CASES)
def test_count_command_gives_words_numbers(text: str, expected: int):
    result = CliRunnerInput(text)
    assert result.exit_code == 0
    assert f"字数\t{expected}\n" in result.output


def CliRunnerInput(text: str) -> Any:  # noqa: N802 - reads like the command it drives
    from click.testing import CliRunner

    from generator.cli import main

    return CliRunner().invoke(main, ["count", "-"], input=text.encode("utf-8"))


def test_count_reports_all_five_numbers(tmp_path: Path):
    sample = tmp_path / "s.txt"
    sample.write_text("2024年GDP增长5.2%\n推进——发展", encoding="utf-8")
    result = run("count", sample)
    # 年 增 长 推 进 — — 发 展 = 9 East Asian; 2024 | GDP | 5.2% = 3 words; the line break is not a character
    assert result.output.splitlines() == ["字数\t12", "中文字符\t9", "非中文单词\t3",
                                          "字符数(不计空格)\t20", "字符数(计空格)\t20"]
    assert count_zishu("2024年GDP增长5.2%") == 6


def _summary_paragraphs(path: Path) -> list[str]:
    """The 摘要 chapter as extracted from the rendered .docx (body headings, not the 目录)."""
    paragraphs = [p for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    start = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == "一、摘要")
    end = next(i for i, p in enumerate(paragraphs) if i > start and p.style.name == "Heading 1")
    return [p.text for p in paragraphs[start:end]]


def test_stats_summary_equals_the_count_of_the_rendered_summary(tmp_path: Path):
    out = tmp_path / "demo.docx"
    assert run("render", DEMO, "-o", out).exit_code == 0
    extracted = sum(count_text(p).zishu for p in _summary_paragraphs(out))
    stats = run("stats", DEMO)
    assert stats.exit_code == 0
    reported = int(re.search(r"摘要合计 (\d+) 字 / 上限 3500 字", stats.output).group(1))
    assert reported == extracted <= 3500
    assert "五、创建工作主要任务" in stats.output and "（七）创建工作重点工程" in stats.output


def test_stats_counts_an_attachment_table_of_its_own_columns():
    stats = run("stats", DEMO.with_name("yunxi.yaml"))            # 附件2 is a table of its own columns
    assert stats.exit_code == 0, stats.output
    heading = next(line for line in stats.output.splitlines() if line.startswith("附件2"))
    assert int(heading.split()[-2]) > 100


def test_supplied_summary_too_long_fails_validate_and_render(mutated, tmp_path: Path):
    def long_summary(data: dict[str, Any]) -> None:
        data["summary"] = {"targets": "目标" * 200, "tasks": "推进电子商务应用。" * 350, "projects": "工程。" * 50,
                           "safeguards": "保障。" * 40}

    plan = mutated(long_summary)
    for command in (["validate"], ["render", "-o", str(tmp_path / "x.docx")]):
        result = run(*command, plan)
        assert result.exit_code == 1
        assert "3500" in result.output and "R2.1" in result.output
        assert "（二）创建工作主要任务 3150 字" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_many_tasks_and_projects_still_render_with_a_fitted_summary(mutated, tmp_path: Path):
    def grow(data: dict[str, Any]) -> None:
        template = data["tasks"]["support"]["tasks"][0]
        data["tasks"]["support"]["tasks"] += [dict(template, title=f"推进第{i}个县区物流配送网络建设与政策落实")
                                              for i in range(120)]
        project = data["projects"]["items"][0]
        data["projects"]["items"] += [dict(project, name=f"县区电子商务公共服务平台{i}") for i in range(60)]
        data["projects"].pop("total_investment")

    out = tmp_path / "big.docx"
    result = run("render", mutated(grow), "-o", out)
    assert result.exit_code == 0, result.output
    assert "省略了" in result.output
    reported = int(re.search(r"摘要 (\d+) 字", result.output).group(1))
    assert reported == sum(count_text(p).zishu for p in _summary_paragraphs(out)) <= 3500


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed; CI installs it")
def test_libreoffice_agrees_with_our_count(tmp_path: Path):
    full = tmp_path / "demo.docx"
    assert run("render", DEMO, "-o", full).exit_code == 0
    summary = _summary_paragraphs(full)
    only = docx.Document()
    for text in summary:
        only.add_paragraph(text)
    source = tmp_path / "summary.docx"
    only.save(str(source))
    subprocess.run([_soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "odt", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    meta = zipfile.ZipFile(tmp_path / "summary.odt").read("meta.xml").decode()
    office_words = int(re.search(r'meta:word-count="(\d+)"', meta).group(1))
    office_chars = int(re.search(r'meta:non-whitespace-character-count="(\d+)"', meta).group(1))
    ours = sum((count_text(p) for p in summary[1:]), count_text(summary[0]))
    assert office_words <= ours.zishu <= ours.chars_no_spaces
    assert office_chars == ours.chars_no_spaces


def test_user_text_that_leaves_no_room_for_the_composed_rest_is_refused(mutated, tmp_path: Path):
    plan = mutated(lambda d: d.update(summary={"tasks": "推进电子商务应用。" * 370}))
    out = tmp_path / "x.docx"
    assert run("validate", plan).exit_code == 0          # 3330 字 of the user's own: within the limit alone
    result = run("render", plan, "-o", out)
    assert result.exit_code == 1 and "超过 3500 字" in result.output and "tasks 3330 字（用户所写）" in result.output
    assert not out.exists()


def _reference_count(text: str) -> tuple[int, int, int, int, int]:
    """The rule written out character by character: the compiled patterns must give the same five numbers."""
    from generator.wordcount import _EAST_ASIAN_RANGES, AMBIGUOUS_MARKS

    east_asian = words = no_spaces = with_spaces = 0
    in_word = False
    for char in text:
        if char in "\r\n\v\f\u2028\u2029":
            in_word = False
            continue
        with_spaces += 1
        if char.isspace():
            in_word = False
            continue
        no_spaces += 1
        if char in AMBIGUOUS_MARKS or any(low <= ord(char) <= high for low, high in _EAST_ASIAN_RANGES):
            east_asian += 1
            in_word = False
        elif not in_word:
            words += 1
            in_word = True
    return (east_asian + words, east_asian, words, no_spaces, with_spaces)


def test_count_matches_the_rule_on_any_text():
    from hypothesis import given, strategies as st

    from test_properties import SETTINGS

    alphabet = st.sampled_from(list("中文，。　 \t\r\n\v\f\u2028\u2029abcＡ１2“”—…·-_.:\u00a0\u3000") + ["𠀀", "ア", "한"])
    texts = st.one_of(st.text(alphabet), st.text())

    @SETTINGS
    @given(texts)
    def check(text: str) -> None:
        assert count_text(text).as_tuple() == _reference_count(text)

    check()

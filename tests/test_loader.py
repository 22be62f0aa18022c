"""Reading plan files: positions, and a clear message for every way a file can be unreadable."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from conftest import DEMO, line_of, run
from generator.errors import InputFileError
from generator.readers import read_file as load_plan
from generator.readers.yaml import parse as parse_plan


def test_positions_point_at_the_key_of_each_value():
    plan = parse_plan("cover:\n  title: 标题\n  date: 2026-03-08\nperiod: {start: 2027, end: 2029}\n", "x.yaml")
    assert (plan.positions[("cover", "title")].line, plan.positions[("cover", "title")].column) == (2, 3)
    assert plan.positions[("period", "end")].line == 4
    assert plan.position(("cover", "missing", "deeper")).line == 1  # nearest written parent


@pytest.mark.parametrize(("text", "code", "line"), [
    ("cover:\n  title: [未闭合\n", "Y101", 2),  # where the [ was opened
    ("cover:\n\ttitle: x\n", "Y123", 2),      # a tab in the indentation: an input method's mistake
    ("- 一\n- 二\n", "Y103", 1),
    ("", "Y104", 1),
    ("   \n# 只有注释\n", "Y104", 1),
    ("cover:\n  date: 2026-13-45\n", "Y109", 2),
])
def test_unreadable_yaml_gives_code_file_and_line(tmp_path: Path, text: str, code: str, line: int):
    plan = tmp_path / "bad.yaml"
    plan.write_text(text, encoding="utf-8")
    result = run("validate", plan)
    assert result.exit_code == 1
    assert f"bad.yaml:{line}" in result.output
    assert code in result.output
    assert "Traceback" not in result.output


def test_duplicated_key_is_an_error_naming_both_lines(tmp_path: Path):
    plan = tmp_path / "dup.yaml"
    plan.write_text("cover:\n  title: 一\nperiod: {start: 2027, end: 2029}\ncover:\n  title: 二\n", encoding="utf-8")
    result = run("validate", plan)
    assert result.exit_code == 1
    assert "dup.yaml:4:1: 错误 Y102" in result.output
    assert "第一次在第 1 行" in result.output



def test_two_keys_yaml_reads_as_one_number_are_named_as_written_and_as_keys(tmp_path: Path):
    """YAML 1.1 reads 1: and 01: as the number 1, so they are one key: said as the planner wrote them, and the path
    names a key (cover.01), not a list's item (cover[1])."""
    plan = tmp_path / "dup.yaml"
    plan.write_text("cover:\n  1: 第一稿\n  01: 第二稿\nperiod: {start: 2027, end: 2029}\n", encoding="utf-8")
    result = run("validate", plan)
    assert result.exit_code == 1
    assert "dup.yaml:3:3: 错误 Y102 [cover.01]: 键“1”（第 2 行）和“01”是同一个键" in result.output, result.output
    assert "cover[1]" not in result.output and "[cover.1]" in result.output    # S201 of the key kept


#: three English words in a row: a message of the parser's or of Python's passed through
ENGLISH = re.compile(r"[A-Za-z]{2,} [a-z]{2,} [a-z]{2,}")


@pytest.mark.parametrize(("text", "line", "words"), [
    ('cover:\n  title: "\\uZZZZ"\n', 2, "后面应是十六进制数字"),
    ('cover:\n  title: "\\U0011FFFF"\n', 2, "不是有效的字符编码"),
    ('cover:\n  title: "C:\\data\\方案"\n', 2, "不认识的转义字符"),
    ("cover:\n  title: 标题\x01\n", 2, "控制字符 U+0001"),
    ("cover:\n  date: 2026-13-01\n", 2, "年、月、日超出范围"),
    ("period:\n  start: !!int 20x7\n", 2, "不是 !!int 的写法"),
    ("cover:\n  title: 甲\n---\ncover:\n  title: 乙\n", 3, "第二个文档"),
    ("cover:\n  - 甲\n title: 乙\n", 3, "此处应是“键: 值”"),
])
def test_the_parsers_and_pythons_messages_are_said_in_chinese_at_their_line(tmp_path: Path, text: str, line: int,
                                                                            words: str):
    plan = tmp_path / "bad.yaml"
    plan.write_text(text, encoding="utf-8")
    result = run("validate", plan)
    assert result.exit_code == 1 and f"bad.yaml:{line}:" in result.output and words in result.output, result.output
    assert not ENGLISH.search(result.output), result.output


def test_gb18030_file_is_read_with_a_warning(tmp_path: Path):
    plan = tmp_path / "gbk.yaml"
    plan.write_bytes(DEMO.read_text(encoding="utf-8").encode("gb18030"))
    result = run("validate", plan)
    assert result.exit_code == 0, result.output
    assert "Y105" in result.output and "GB18030" in result.output
    assert run("validate", "--strict", plan).exit_code == 1


def test_bom_and_crlf_are_accepted(tmp_path: Path):
    plan = tmp_path / "bom.yaml"
    text = DEMO.read_text(encoding="utf-8").replace("\n", "\r\n")
    plan.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    result = run("validate", plan)
    assert result.exit_code == 0, result.output
    assert "Y106" in result.output
    assert load_plan(plan).positions[("cover", "title")].line == line_of(DEMO, "title: 示例市创建")


def test_undecodable_bytes_are_refused_with_a_hint(tmp_path: Path):
    plan = tmp_path / "binary.yaml"
    plan.write_bytes(b"cover:\n  title: \xff\xfe\xfa\x80\x81\n")
    with pytest.raises(InputFileError) as caught:
        load_plan(plan)
    assert caught.value.code == "Y107" and "UTF-8" in str(caught.value)


def test_missing_file_and_directory(tmp_path: Path):
    result = run("validate", tmp_path / "nope.yaml")
    assert result.exit_code == 1 and "文件不存在" in result.output
    with pytest.raises(InputFileError, match="目录"):
        load_plan(tmp_path)


def test_alias_bomb_is_refused_quickly(tmp_path: Path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    plan = tmp_path / "lol.yaml"
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", plan)
    assert result.exit_code == 1 and "Y109" in result.output and "展开过多" in result.output


def test_deep_nesting_is_refused(tmp_path: Path):
    plan = tmp_path / "deep.yaml"
    plan.write_text("cover: " + "[" * 60 + "]" * 60 + "\n", encoding="utf-8")
    result = run("validate", plan)
    assert result.exit_code == 1 and "嵌套层级过深" in result.output


def test_merge_keys_follow_yaml_written_keys_win_and_point_where_they_were_written():
    text = ("shared: &shared\n  unit: 万元\n  source: 市财政\n"
            "other: &other\n  unit: 亿元\n  note: 备注\n"
            "item:\n  <<: [*shared, *other]\n  source: 社会资本\n")
    plan = parse_plan(text, "x.yaml")
    assert plan.data["item"] == {"unit": "万元", "source": "社会资本", "note": "备注"}
    assert plan.diagnostics == []  # a written key overriding a merged one is not a repeated key
    assert plan.positions[("item", "source")].line == 9
    assert plan.positions[("item", "unit")].line == 2  # where the merged value was written
    assert plan.positions[("item", "note")].line == 6


def test_an_alias_is_a_copy_with_the_positions_of_its_anchor():
    plan = parse_plan("a: &list\n  - 甲\n  - 乙\nb: *list\n", "x.yaml")
    assert plan.data["a"] == plan.data["b"] and plan.data["a"] is not plan.data["b"]
    plan.data["b"].append("丙")
    assert plan.data["a"] == ["甲", "乙"]
    assert plan.positions[("b", 1)].line == 3
    assert plan.positions[("b",)].line == 4


@pytest.mark.parametrize(("text", "code", "words"), [
    ("a: &loop\n  - *loop\n", "Y109", "包含它自己"),
    ("a: 1\n---\nb: 2\n", "Y101", "YAML 语法错误"),
    ("? [复杂, 键]\n: 值\n", "Y109", "键必须是简单的文字"),
    ("a:\n  <<: 文字\n", "Y109", "合并键"),
])
def test_structures_yaml_allows_but_a_plan_cannot_use(text: str, code: str, words: str):
    with pytest.raises(InputFileError) as caught:
        parse_plan(text, "x.yaml")
    assert caught.value.code == code and words in str(caught.value)


def test_a_plan_sharing_values_through_anchors_and_merge_keys_validates_and_points_at_the_shared_line(tmp_path: Path):
    """A consultant writes the common part of several projects once (&anchor) and merges it (<<: *anchor): the plan
    validates as if written out, and a wrong shared value is reported on the line where it is written."""
    text = DEMO.read_text(encoding="utf-8")
    text = text.replace("investment: {total: 3200, government: 3200, unit: 万元}",
                        "investment: &shared {total: 3200, government: 3200, unit: 万元}", 1)
    text = text.replace("investment: {total: 4500, government: 1800, unit: 万元}",
                        "investment: {<<: *shared, total: 4500, government: 1800}", 1)
    plan = tmp_path / "shared.yaml"
    plan.write_text(text, encoding="utf-8")
    assert run("validate", plan).exit_code == 0
    assert load_plan(plan).data["projects"]["items"][1]["investment"] == {"total": 4500, "government": 1800,
                                                                          "unit": "万元"}
    plan.write_text(text.replace("unit: 万元}", "unit: 万}", 1), encoding="utf-8")
    result = run("validate", plan)
    shared_line = line_of(plan, "&shared")
    assert result.exit_code == 1
    assert f"shared.yaml:{shared_line}:" in result.output and "projects.items[1].investment.unit" in result.output

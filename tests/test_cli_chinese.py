"""The command line speaks Chinese throughout: every command's help, and what click says of a mistyped command, a
missing argument or a wrong value — no English text from the framework remains."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import DEMO
from generator.cli import main

#: what click writes in English, as words and phrases (its messages and its names of values)
FRAMEWORK_ENGLISH = re.compile(
    r"\b(Usage|Options|Commands|Show this message|Show the version|default:|required|Error:|Try '|for help|"
    r"No such|Did you mean|Missing|Invalid value|does not exist|is not one of|is not a valid|not in the range|"
    r"Got unexpected|requires an argument|does not take a value|Aborted|version \d|"
    r"OPTIONS|COMMAND|ARGS|TEXT|PATH|FILES?|DIRECTORY|INTEGER|INPUTS|NAME|OUTPUT_DIR)\b")


def _commands(group: click.Group = main, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, path + (name,))
        else:
            found.append(path + (name,))
    return found


def _run(*args: object) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], prog_name="ecplan", catch_exceptions=False,
                                terminal_width=80)
    return result.output


@pytest.mark.parametrize("path", _commands(), ids=lambda path: " ".join(("ecplan",) + path))
def test_every_commands_help_is_chinese(path: tuple[str, ...]):
    text = _run(*path, "--help")
    assert text.startswith("用法：ecplan"), text
    assert "选项：" in text and "显示此帮助并退出。" in text
    assert not FRAMEWORK_ENGLISH.search(text), (FRAMEWORK_ENGLISH.search(text), text)


def test_the_help_columns_line_up_with_chinese_value_names():
    lines = _run("batch", "--help").splitlines()
    starts = {len(re.match(r"(\s*\S.*?\s{2,})\S", line).group(1).encode("gbk"))   # two bytes per wide character
              for line in lines if line.startswith("  -") and re.match(r"\s*\S.*?\s{2,}\S", line)}
    assert len(starts) == 1, lines
    assert "[默认：2；1<=x<=64]" in "".join(lines)


@pytest.mark.parametrize(("args", "expected"), [
    (("vaidate", DEMO), ["没有命令“vaidate”", "您是不是要输入“validate”", "运行 “ecplan --help” 查看帮助"]),
    (("render",), ["缺少参数“文件”", "用法：ecplan render [选项] 文件"]),
    (("render", "--bogus", DEMO), ["没有选项“--bogus”"]),
    (("render", "--pfd", DEMO), ["没有选项“--pfd”", "您是不是要输入其中之一：“--pdf”、“--png”"]),
    (("validate", "--format", "xml", DEMO), ["“xml”不在可选范围内", "text", "json"]),
    (("batch", "-j", "abc", "-o", "out", DEMO), ["“abc”不是有效的整数"]),
    (("batch", "-j", "100", "-o", "out", DEMO), ["100 不在 1<=x<=64 范围内"]),
    (("batch", DEMO), ["缺少选项“-o”"]),
    (("validate", "--shared", "no-such-folder", DEMO), ["目录“no-such-folder”不存在"]),
    (("render", "-o"), ["选项“-o”后面需要一个值"]),
    (("--version",), ["ecplan，版本"]),
], ids=["mistyped-command", "missing-argument", "unknown-option", "mistyped-option", "bad-choice", "not-a-number",
        "out-of-range", "missing-option", "missing-folder", "option-without-value", "version"])
def test_mistakes_on_the_command_line_are_told_in_chinese(tmp_path: Path, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    text = _run(*args)
    for words in expected:
        assert words in text, text
    assert not FRAMEWORK_ENGLISH.search(text), (FRAMEWORK_ENGLISH.search(text), text)
    assert "Traceback" not in text


def test_commands_printed_for_copying_work_as_printed(tmp_path: Path, monkeypatch):
    """`ecplan init` and the T101 hint print a command with the user's file name; with spaces in it, the command
    still works when pasted into a shell."""
    import shlex
    import subprocess
    import sys

    monkeypatch.chdir(tmp_path)
    printed = _run("init", "青岚市 创建方案 初稿.yaml")
    command = re.search(r"运行 (ecplan validate .+?) 查看", printed).group(1)
    assert command == 'ecplan validate "青岚市 创建方案 初稿.yaml"'
    argv = [sys.executable, "-m", "generator"] + shlex.split(command)[1:]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path)
    assert "青岚市 创建方案 初稿.yaml:" in done.stdout and "Traceback" not in done.stderr, done.stdout + done.stderr
    assert "不存在" not in done.stdout + done.stderr

    (tmp_path / "繁体 文件.yaml").write_text(f"extends: {DEMO.as_posix()}\npreamble:\n  - 為加快電子商務發展，制定本方案。\n",
                                           encoding="utf-8")
    hint = _run("validate", "--shared", DEMO.parent, "繁体 文件.yaml")
    fix = re.search(r"运行 (ecplan fix .+?) 自动修正", hint).group(1)
    done = subprocess.run([sys.executable, "-m", "generator"] + shlex.split(fix)[1:], capture_output=True, text=True,
                          cwd=tmp_path)
    assert done.returncode == 0 and "已修正" in done.stdout, done.stdout + done.stderr
    assert "为加快电子商务发展" in (tmp_path / "繁体 文件.yaml").read_text(encoding="utf-8")

"""The command line as a user meets it: exit codes, python -m, any working directory, a fast --help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEMO, run


def test_demo_validates_clean_even_when_strict():
    result = run("validate", "--strict", DEMO)
    assert result.exit_code == 0
    assert result.output.strip().endswith("0 个错误，0 个警告")


def test_usage_errors_exit_2():
    assert run("validate").exit_code == 2
    assert run("validate", "--format", "xml", DEMO).exit_code == 2
    assert run("nonsense").exit_code == 2


def test_json_output_is_machine_readable(mutated):
    plan = mutated(lambda d: d["cover"].pop("compiler"))
    result = run("validate", "--format", "json", plan, DEMO)
    items = json.loads(result.output)
    assert result.exit_code == 1
    assert set(items[0]) >= {"code", "severity", "file", "line", "column", "path", "message"}
    assert items[0]["path"] == "cover.compiler" and items[0]["severity"] == "error"


def test_several_files_exit_1_if_any_has_errors(mutated):
    bad = mutated(lambda d: d.pop("period"))
    result = run("validate", DEMO, bad)
    assert result.exit_code == 1
    assert "demo-city.yaml: 0 个错误" in result.output and "plan.yaml: 1 个错误" in result.output


def _python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_python_dash_m_from_another_directory(tmp_path: Path):
    done = _python("-m", "generator", "validate", str(DEMO), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "0 个错误，0 个警告" in done.stdout


def test_help_does_not_import_docx_or_lxml(tmp_path: Path):
    probe = ("import sys\nfrom generator.cli import main\n"
             "for argv in (['--help'], ['validate', '--help']):\n"
             "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
             "print(sorted(m for m in ('docx', 'docxtpl', 'lxml', 'cerberus') if m in sys.modules))")
    done = _python("-c", probe, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "validate" in done.stdout and done.stdout.strip().endswith("[]")


def test_the_collector_is_paused_until_the_plan_is_read(tmp_path: Path):
    """The entry point pauses Python's garbage collector while the command imports; reading the plan sets aside what
    exists then and starts it again, so the work's garbage is collected as usual (see generator/collector.py)."""
    probe = ("import gc, sys\nfrom generator import pipeline\nfrom generator.__main__ import main\nchecked = []\n"
             "def check(*args, **kwargs):\n    checked.append((gc.isenabled(), gc.get_freeze_count() > 0))\n"
             "    found = real(*args, **kwargs)\n    checked.append((gc.isenabled(), gc.get_freeze_count() > 0))\n"
             "    return found\nreal, pipeline.read_plan = pipeline.read_plan, check\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\nprint(checked, gc.isenabled())\n")
    done = _python("-c", probe, "validate", str(DEMO), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[(False, False), (False, False)] True"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="没有 /dev/full（它模拟写满的磁盘）")
@pytest.mark.parametrize("args", [["validate", str(DEMO)], ["--help"], ["schema"]])
def test_an_output_that_cannot_be_written_is_said_in_chinese(tmp_path: Path, args: list[str]):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "generator", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, cwd=tmp_path, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert done.returncode == 1
    assert done.stderr == "ecplan: 无法写出结果：磁盘空间不足。\n"


def test_unreadable_file_never_shows_a_traceback(tmp_path: Path):
    plan = tmp_path / "x.yaml"
    plan.write_text("cover: {title: 未闭合\n", encoding="utf-8")
    done = _python("-m", "generator", "validate", str(plan), cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr and "YAML 语法错误" in done.stdout


def test_the_output_name_chooses_the_format_and_a_contradiction_is_refused(tmp_path):
    md = tmp_path / "plan.md"
    result = run("render", DEMO, "-o", md)
    assert result.exit_code == 0, result.output
    assert md.read_text(encoding="utf-8").startswith("<!-- ecplan-sha256:")
    clash = run("render", DEMO, "-o", tmp_path / "other.md", "--format", "docx")
    assert clash.exit_code == 2 and "other.md 的扩展名与 --format docx 不符" in clash.output
    assert not (tmp_path / "other.md").exists()
    pdf = run("render", DEMO, "-o", tmp_path / "plan.pdf")
    assert pdf.exit_code == 2 and "请加 --pdf" in pdf.output and not (tmp_path / "plan.pdf").exists()
    docx_file = tmp_path / "plan.docx"
    assert run("render", DEMO, "-o", docx_file).exit_code == 0 and docx_file.read_bytes()[:2] == b"PK"

"""ecplan batch: every example rendered in parallel, a broken file reported while the others still render."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from conftest import DEMO, EXAMPLES, ROOT, run

EXPECTED = {"demo-city.yaml": "demo-city.docx", "demo-base.yaml": "demo-base.docx",
            "chongqing.yaml": "chongqing-brief.docx", "harbin.yaml": "harbin-brief.docx",
            "chengdu.yaml": "chengdu-brief.docx", "yunxi.yaml": "yunxi.docx"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The examples, a file with a YAML mistake, and a shared file (skipped: its name starts with _)."""
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLES, plans, ignore=shutil.ignore_patterns("*.docx", "*.md", "*.pdf"))
    (plans / "broken.yaml").write_text("cover:\n  title: [未闭合\n", encoding="utf-8")
    (plans / "_shared.yaml").write_text("safeguards:\n  other: []\n", encoding="utf-8")
    return plans


def test_batch_renders_every_example_and_reports_the_broken_file(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "generator", "batch", str(folder), "-o", str(out), "--jobs", "2"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    progress = [line for line in done.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == len(EXPECTED) + 1 and progress[-1].startswith(f"[{len(EXPECTED) + 1}/{len(EXPECTED) + 1}]")
    assert f"共 {len(EXPECTED) + 1} 个文件，2 个进程" in done.stderr
    assert f"成功 {len(EXPECTED)} 个，失败 1 个" in done.stdout
    broken_row = next(line for line in done.stdout.splitlines() if line.startswith("broken.yaml"))
    assert "失败：" in broken_row and "broken.yaml:2:" in broken_row and "YAML 语法错误" in broken_row
    for source, output in EXPECTED.items():
        title = docx.Document(str(out / output)).core_properties.title
        assert title, output
        row = next(line for line in done.stdout.splitlines() if line.startswith(source))
        assert str(out / output) in row
    assert not list(out.glob("_shared*")) and not list(out.glob("broken*"))

    rows = list(csv.DictReader((out / "ecplan-batch.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert list(rows[0]) == ["文件", "结果", "错误", "警告", "摘要字数", "输出", "PDF", "说明", "用时(秒)"]   # for Excel
    assert [row["文件"] for row in rows] == sorted(str(folder / name) for name in [*EXPECTED, "broken.yaml"])
    by_name = {Path(row["文件"]).name: row for row in rows}
    assert by_name["broken.yaml"]["结果"] == "失败" and by_name["broken.yaml"]["错误"] == "1"
    assert by_name["demo-city.yaml"]["结果"] == "成功" and 0 < int(by_name["demo-city.yaml"]["摘要字数"]) < 3500
    assert by_name["demo-city.yaml"]["错误"] == "0"
    report = json.loads((out / "ecplan-batch.json").read_text(encoding="utf-8"))
    assert report["totals"] == {"files": len(EXPECTED) + 1, "ok": len(EXPECTED), "failed": 1}
    assert [entry["file"] for entry in report["files"]] == [row["文件"] for row in rows]


def test_batch_output_is_the_same_as_a_single_render(tmp_path: Path) -> None:
    result = run("batch", DEMO, "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert run("render", DEMO, "-o", tmp_path / "single.docx").exit_code == 0
    assert (tmp_path / "out" / "demo-city.docx").read_bytes() == (tmp_path / "single.docx").read_bytes()


def test_batch_keeps_going_past_an_edited_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "demo-city.docx").write_bytes(b"edited by hand")
    result = run("batch", DEMO, EXAMPLES / "demo-base.yaml", "-o", out, "--jobs", "2")
    assert result.exit_code == 1
    assert (out / "demo-city.docx").read_bytes() == b"edited by hand"
    assert (out / "demo-base.docx").exists()
    assert "被修改过" in result.output
    forced = run("batch", DEMO, "-o", out, "--force")
    assert forced.exit_code == 0 and (out / "demo-city.docx.bak").read_bytes() == b"edited by hand"


def test_batch_refuses_two_inputs_with_one_output_name(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    shutil.copy(DEMO, tmp_path / "a" / "demo-city.yaml")
    result = run("batch", DEMO, tmp_path / "a" / "demo-city.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "同名" in result.output
    assert not (tmp_path / "out").exists()


def test_batch_with_nothing_to_do_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("batch", tmp_path / "empty", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "没有找到方案文件" in result.output
    assert run("batch", tmp_path / "nothing-here", "-o", tmp_path / "out").exit_code == 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed; CI installs it")
def test_batch_pdf_uses_the_long_lived_office_or_one_per_worker(tmp_path: Path) -> None:
    from generator import office_client

    before = (office_client.running() or {}).get("documents", 0)
    out = tmp_path / "out"
    result = run("batch", DEMO, EXAMPLES / "harbin.yaml", EXAMPLES / "demo-base.yaml", "-o", out, "--jobs", "2",
                 "--pdf")
    assert result.exit_code == 0, result.output
    for name in ("demo-city", "harbin-brief", "demo-base"):
        assert (out / f"{name}.pdf").read_bytes().startswith(b"%PDF")
    assert office_client.running()["documents"] >= before + 3          # the workers used it
    assert office_client.stop()                                         # and all of its LibreOffices with it

    def offices() -> set[str]:
        return set(subprocess.run(["pgrep", "-f", "ecplan-office-"], capture_output=True, text=True).stdout.split())
    running = offices()                                                 # (another program's, if any)
    done = subprocess.run([sys.executable, "-m", "generator", "batch", str(DEMO), str(EXAMPLES / "harbin.yaml"), "-o",
                           str(tmp_path / "out2"), "--jobs", "2", "--pdf"], capture_output=True, text=True,
                          env={**os.environ, "ECPLAN_OFFICE_SERVER": "0"}, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr    # without it: each worker its own, closed at the end
    assert office_client.running() is None
    assert not offices() - running, "a LibreOffice outlived the batch"
"""Size: a plan with thousands of tasks and key projects renders completely; an oversized file is refused at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx

from conftest import ROOT, run

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402


def test_thousands_of_tasks_and_projects_render_completely(tmp_path: Path):
    plan = synthetic.write(tmp_path / "big.yaml", 2000, 1000)
    out = tmp_path / "big.docx"
    done = subprocess.run([sys.executable, "-m", "generator", "render", str(plan), "-o", str(out), "--no-charts"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert sum("（第" in h and "项）" in h for h in headings) == 2000
    assert sum("（第" in h and "期）" in h for h in headings) == 1000
    summary = done.stdout.split("摘要 ")[1].split(" 字")[0]
    assert int(summary) <= 3500


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path):
    plan = tmp_path / "huge.yaml"
    with plan.open("wb") as stream:
        stream.truncate(6 * 1024 * 1024)
    result = run("validate", plan)
    assert result.exit_code == 1 and "Y108" in result.output and "文件过大" in result.output


def test_an_output_directory_without_write_permission_is_a_clear_error(tmp_path: Path, monkeypatch):
    import tempfile

    from conftest import DEMO

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)  # as root, chmod cannot take write permission away
    out = tmp_path / "plan.docx"
    result = run("render", DEMO, "-o", out, "--no-charts")
    assert result.exit_code == 1 and "没有写入目录" in result.output and "Traceback" not in result.output
    assert not out.exists()

"""The long-lived office: the first PDF starts it, the next ones reuse it; a LibreOffice killed mid-document is a
clear message and the next PDF is made; ``ecplan office`` starts, shows and stops it; ``--no-server`` does without."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DEMO, run
from generator import office_client

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def test_a_second_pdf_reuses_the_running_office(tmp_path: Path):
    assert run("render", DEMO, "-o", tmp_path / "a.docx", "--pdf").exit_code == 0
    first = office_client.running()
    assert first and first["offices"] >= 1
    assert run("render", DEMO, "-o", tmp_path / "b.docx", "--pdf").exit_code == 0
    second = office_client.running()
    assert second["pid"] == first["pid"] and second["documents"] == first["documents"] + 1
    # the same plan, the same PDF — though one LibreOffice made both (it numbers the fonts it embeds on: pdf_fonts)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    fonts = subprocess.run(["pdffonts", str(tmp_path / "b.pdf")], capture_output=True, text=True)
    assert fonts.returncode == 0 and "Type 1" in fonts.stdout and not fonts.stderr.strip()   # the fonts intact
    shown = run("office", "status")
    assert shown.exit_code == 0 and f"进程 {first['pid']}" in shown.output


def test_warm_pdfs_start_no_libreoffice(tmp_path: Path):
    """Once the pool has one LibreOffice ready for each slot, PDF after PDF starts none (starting one beside each
    document made every PDF compete with it for the processor) and closes none."""
    for name in ("a", "b"):
        assert run("render", DEMO, "-o", tmp_path / f"{name}.docx", "--pdf").exit_code == 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:          # until what it started is up
        status = office_client.running()
        if status["offices"] == len(status["folders"]) and not status["busy"]:
            break
        time.sleep(0.1)
    for name in ("c", "d", "e"):
        assert run("render", DEMO, "-o", tmp_path / f"{name}.docx", "--pdf").exit_code == 0
        after = office_client.running()
        assert sorted(after["folders"]) == sorted(status["folders"]) and after["offices"] == status["offices"]


def _long_plan(tmp_path: Path) -> Path:
    """A plan of 300 tasks: LibreOffice takes long enough over it to be killed while it works."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import synthetic

    return synthetic.write(tmp_path / "long.yaml", 300)


def test_a_libreoffice_killed_mid_document_is_a_message_and_the_next_pdf_is_made(tmp_path: Path):
    assert run("office", "start").exit_code == 0
    command = [sys.executable, "-m", "generator", "render", str(_long_plan(tmp_path)), "-o", str(tmp_path / "a.docx"),
               "--pdf", "--no-charts"]
    job = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (office_client.running() or {}).get("working"):
        time.sleep(0.02)                        # until a LibreOffice has the document
    time.sleep(0.3)
    folders = office_client.running()["folders"]
    for folder in folders:                      # as the OOM killer would
        subprocess.run(["pkill", "-9", "-f", folder], check=False)
    output, _ = job.communicate(timeout=120)
    assert job.returncode == 1 and "Traceback" not in output
    assert "LibreOffice" in output and "Word 文档已生成" in output, output
    assert (tmp_path / "a.docx").exists() and not (tmp_path / "a.pdf").exists()
    assert run("render", DEMO, "-o", tmp_path / "b.docx", "--pdf").exit_code == 0      # a new LibreOffice
    assert run("office", "stop").exit_code == 0
    assert not [folder for folder in folders if Path(folder).exists()]                 # the dead ones cleared too
    assert not list(Path(os.environ["TMPDIR"]).glob("lu*.tmp"))     # LibreOffice's own temporary files with them


def test_a_caller_ended_early_has_its_libreoffice_stopped_and_the_office_works_on(tmp_path: Path):
    """A document nobody will get is not laid out to its end (a large plan takes half a minute)."""
    assert run("office", "start").exit_code == 0
    command = [sys.executable, "-m", "generator", "render", str(_long_plan(tmp_path)), "-o", str(tmp_path / "a.docx"),
               "--pdf", "--no-charts"]
    job = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (office_client.running() or {}).get("working"):
        time.sleep(0.02)
    working = office_client.running()["working"]
    job.send_signal(signal.SIGINT)              # Ctrl-C while LibreOffice lays the document out
    job.wait(timeout=60)
    assert run("render", DEMO, "-o", tmp_path / "b.docx", "--pdf").exit_code == 0      # the office still works
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and office_client.running()["busy"]:
        time.sleep(0.2)
    assert office_client.running()["busy"] == 0
    assert working and not any(Path(folder).exists() for folder in working)    # the one left working was stopped


def test_the_office_by_hand_and_without_it(tmp_path: Path, monkeypatch):
    assert run("office", "stop").exit_code == 0
    assert run("office", "status").exit_code == 1
    result = run("render", DEMO, "-o", tmp_path / "a.docx", "--pdf", "--no-server")
    assert result.exit_code == 0 and (tmp_path / "a.pdf").exists()
    assert office_client.running() is None                                  # none was started
    monkeypatch.setenv("ECPLAN_OFFICE_SERVER", "0")
    assert run("pdf", tmp_path / "a.docx", "-o", tmp_path / "c.pdf").exit_code == 0
    assert office_client.running() is None
    monkeypatch.delenv("ECPLAN_OFFICE_SERVER")
    started = run("office", "start")
    assert started.exit_code == 0 and "正在运行" in started.output
    assert run("office", "stop").output.startswith("已停止")
    assert not (Path(os.environ["ECPLAN_OFFICE_DIR"]) / "office.sock").exists()


def test_a_folder_others_may_enter_is_not_used(tmp_path: Path, monkeypatch):
    """The server's folder must be this user's alone: one others may write to (or a link) is refused, and PDFs are
    then made by a one-off LibreOffice."""
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    os.chmod(shared, 0o777)
    monkeypatch.setenv("ECPLAN_OFFICE_DIR", str(shared))
    refused = run("office", "start")
    assert refused.exit_code == 1 and "不是只属于当前用户的文件夹" in refused.output
    result = run("render", DEMO, "-o", tmp_path / "a.docx", "--pdf")
    assert result.exit_code == 0 and (tmp_path / "a.pdf").exists()
    assert f"注意：常驻的 LibreOffice 用不了，这次单独启动一个。原因：{shared} 不是只属于当前用户的文件夹" in result.output
    assert not (shared / "office.sock").exists()


def test_a_server_of_another_ecplan_retires_and_each_caller_keeps_its_own_time_limit(tmp_path: Path, monkeypatch):
    """A server left running by another version of ecplan (here: another LibreOffice named by ECPLAN_SOFFICE, which
    is part of what a server runs) is not used: it ends and a new one makes the PDF. The time limit of a request
    is the caller's own, not that of whoever started the server."""
    soffice = Path(shutil.which("soffice")).resolve()
    assert run("office", "stop").exit_code == 0
    monkeypatch.setenv("ECPLAN_SOFFICE", str(soffice))
    assert run("office", "start").exit_code == 0
    old = office_client.running()
    monkeypatch.delenv("ECPLAN_SOFFICE")
    assert old["stamp"] != office_client.code_stamp()
    assert run("render", DEMO, "-o", tmp_path / "a.docx", "--pdf").exit_code == 0
    new = office_client.running()
    assert new["pid"] != old["pid"] and new["stamp"] == office_client.code_stamp()
    assert not Path(f"/proc/{old['pid']}").exists() or not office_client._alive(old["pid"])
    monkeypatch.setenv("ECPLAN_OFFICE_TIMEOUT", "0.05")
    result = run("render", DEMO, "-o", tmp_path / "b.docx", "--pdf")
    assert result.exit_code == 1 and "超过 0 秒仍未完成" in result.output and "Traceback" not in result.output
    monkeypatch.delenv("ECPLAN_OFFICE_TIMEOUT")
    assert run("render", DEMO, "-o", tmp_path / "c.docx", "--pdf").exit_code == 0     # the next one is made


@pytest.mark.parametrize("name", ["ECPLAN_OFFICE_TIMEOUT", "ECPLAN_OFFICE_IDLE"])
def test_a_bad_setting_is_said_and_starts_no_office(tmp_path: Path, monkeypatch, name: str):
    assert run("office", "stop").exit_code == 0
    monkeypatch.setenv(name, "abc")
    for command in (["render", DEMO, "-o", tmp_path / "a.docx", "--pdf"], ["office", "start"]):
        result = run(*command)
        assert result.exit_code == 1 and f"环境变量 {name}=abc 无效" in result.output, result.output
    assert office_client.running() is None


def test_a_server_started_with_a_bad_setting_serves_with_the_default(tmp_path: Path):
    """One started by hand (or by an older ecplan) in an environment with a bad limit: it does not die on the
    first document, and still answers, and stops."""
    assert run("office", "stop").exit_code == 0
    env = {**os.environ, "ECPLAN_OFFICE_IDLE": "abc", "ECPLAN_OFFICE_TIMEOUT": "-1"}
    subprocess.Popen([sys.executable, "-m", "generator.office_server"], env=env, start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and office_client.running() is None:
        time.sleep(0.1)
    pid = office_client.running()["pid"]
    assert run("render", DEMO, "-o", tmp_path / "a.docx", "--pdf").exit_code == 0
    assert office_client.running()["pid"] == pid and office_client.running()["busy"] == 0
    assert run("office", "stop").exit_code == 0 and office_client.running() is None

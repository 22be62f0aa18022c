"""The warm renderer: with the long-lived office running, ``python -m generator render --pdf`` (and ``ecplan pdf``)
run in a copy of a process that has ecplan loaded — in the caller's folder, with its environment, its streams and
its exit code, the same bytes as run in the caller; Ctrl-C and the caller's end stop the copy; a renderer of other
code is not used."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DEMO, run
from generator import office_client
from generator.office_render import folder_path, package_stamp

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
ECPLAN = [sys.executable, "-m", "generator"]


def _renderer() -> int:
    """The renderer's pid once it listens (the server starts it when it is idle and LibreOffice is up), and no
    document in the works (one a test abandoned is finished first)."""
    assert run("office", "start").exit_code == 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = office_client.running() or {}
        if status.get("renderer") and (Path(folder_path()) / "render.sock").exists() and not status["busy"]:
            return status["renderer"]
        time.sleep(0.1)
    raise AssertionError("the renderer did not start")


def _copies(renderer: int) -> list[int]:
    """The renderer's copies now running (its children; not one that has ended and is not yet waited for)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split() if entry.name.isdigit() else []
            if fields and int(fields[1]) == renderer and fields[0] != "Z":
                found.append(int(entry.name))
        except (OSError, ValueError):
            continue
    return found


def _laid_out(tmp_path: Path, env: dict[str, str] | None = None, **started: object) -> subprocess.Popen[str]:
    """``render --pdf`` of a long plan, started and waited for until a LibreOffice lays it out (long enough then
    to be signalled while it works)."""
    job = subprocess.Popen(ECPLAN + ["render", str(_long_plan(tmp_path)), "-o", str(tmp_path / "a.docx"), "--pdf",
                                     "--no-charts"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, **started)  # type: ignore[call-overload]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (office_client.running() or {}).get("working"):
        time.sleep(0.02)
    return job


def _office_idle() -> None:
    """Waits until the long-lived office has no document in the works (an abandoned one stopped or done)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and office_client.running()["busy"]:
        time.sleep(0.1)


def _new_scratch(before: set[Path]) -> set[Path]:
    """ecplan's scratch folders in TMPDIR not in ``before`` (the long-lived LibreOffices' own left out)."""
    found = set(Path(os.environ["TMPDIR"]).glob("ecplan-*")) - before
    return {path for path in found if not path.name.startswith("ecplan-office-")}


def _long_plan(tmp_path: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import synthetic

    return synthetic.write(tmp_path / "long.yaml", 300)


def test_a_pdf_command_runs_in_a_copy_in_the_callers_folder_and_gives_the_same_bytes(tmp_path: Path):
    renderer = _renderer()
    work = tmp_path / "work"
    (work / "out").mkdir(parents=True)
    shutil.copy(DEMO, work / "plan.yaml")
    job = subprocess.Popen(ECPLAN + ["render", "plan.yaml", "-o", "out/a.docx", "--pdf"], cwd=work,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    while job.poll() is None:                   # the command's process is a copy of the renderer, in our folder
        for pid in _copies(renderer):
            try:
                seen.append(os.readlink(f"/proc/{pid}/cwd"))
            except OSError:                     # it has just ended
                pass
        time.sleep(0.02)
    out, err = job.communicate()
    assert job.returncode == 0, err
    assert str(work) in seen
    assert "摘要" in out and f"已生成 out{os.sep}a.pdf" in out and "Traceback" not in err
    env = {**os.environ, "ECPLAN_OFFICE_RENDER": "0"}          # the same command run in this process
    alone = subprocess.run(ECPLAN + ["render", "plan.yaml", "-o", "out/b.docx", "--pdf"], cwd=work, env=env,
                           capture_output=True, text=True)
    assert alone.returncode == 0 and alone.stdout.replace("b.", "a.") == out
    for suffix in (".docx", ".pdf"):
        assert (work / "out" / f"a{suffix}").read_bytes() == (work / "out" / f"b{suffix}").read_bytes()
    assert not _copies(renderer)


def test_the_callers_environment_errors_and_exit_code_are_its_own(tmp_path: Path):
    _renderer()
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEMO.read_text(encoding="utf-8").replace("period:", "period: [", 1), encoding="utf-8")
    failed = subprocess.run(ECPLAN + ["render", str(bad), "--pdf"], capture_output=True, text=True)
    assert failed.returncode == 1 and "bad.yaml" in failed.stderr and "Traceback" not in failed.stderr
    env = {**os.environ, "ECPLAN_OFFICE_TIMEOUT": "0.05"}       # the caller's own limit, not the server's
    slow = subprocess.run(ECPLAN + ["render", str(DEMO), "-o", str(tmp_path / "a.docx"), "--pdf"], env=env,
                          capture_output=True, text=True)
    assert slow.returncode == 1 and "超过 0 秒仍未完成" in slow.stderr and "Word 文档已生成" in slow.stderr
    usage = subprocess.run(ECPLAN + ["pdf"], capture_output=True, text=True)
    assert usage.returncode == 2 and "python -m generator pdf" in usage.stderr
    done = subprocess.run(ECPLAN + ["pdf", str(tmp_path / "a.docx"), "-o", str(tmp_path / "c.pdf")],
                          capture_output=True, text=True)
    assert done.returncode == 0 and (tmp_path / "c.pdf").exists(), done.stderr
    if Path("/dev/full").exists():                              # an output that cannot be written: said, no traceback
        with open("/dev/full", "w") as full:
            unwritten = subprocess.run(ECPLAN + ["pdf", str(tmp_path / "a.docx"), "-o", str(tmp_path / "d.pdf")],
                                       stdout=full, stderr=subprocess.PIPE, text=True)
        assert unwritten.returncode == 1 and unwritten.stderr == "ecplan: 无法写出结果：磁盘空间不足。\n"


@pytest.mark.parametrize("ending", [signal.SIGINT, signal.SIGKILL])
def test_ctrl_c_or_the_callers_end_stops_the_copy(tmp_path: Path, ending: int):
    renderer = _renderer()
    before = _new_scratch(set())
    job = _laid_out(tmp_path)
    copies = _copies(renderer)
    assert copies
    job.send_signal(ending)
    _, err = job.communicate(timeout=60)
    if ending == signal.SIGINT:
        assert job.returncode == 1 and "已中止" in err and "Traceback" not in err, err
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in copies):
        time.sleep(0.1)
    assert not _copies(renderer)                # the copy ended with its caller
    _office_idle()                              # LibreOffice done with the abandoned document: its PDF not
    assert not (tmp_path / "a.pdf").exists()    # written into the folder the copy removed (made again, left)
    assert not _new_scratch(before)             # nor left its scratch folder
    assert run("render", DEMO, "-o", tmp_path / "b.docx", "--pdf").exit_code == 0


def test_a_renderer_of_other_code_refuses_and_the_caller_runs_the_command(tmp_path: Path):
    _renderer()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(str(Path(folder_path()) / "render.sock"))
        request = {"argv": ["ecplan", "render", str(DEMO), "--pdf"], "stamp": package_stamp() + "-old"}
        socket.send_fds(connection, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
        assert json.loads(connection.makefile().readline()) == {"refused": True}
    env = {**os.environ, "ECPLAN_OFFICE_RENDER": "0"}
    result = subprocess.run(ECPLAN + ["render", str(DEMO), "-o", str(tmp_path / "a.docx"), "--pdf"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0 and (tmp_path / "a.pdf").exists()
    shown = run("office", "status")
    assert shown.exit_code == 0 and "生成进程已预先载入" in shown.output
    assert run("office", "stop").exit_code == 0
    assert not (Path(folder_path()) / "render.sock").exists()
    time.sleep(1)                               # nor is one started as the server ends
    found = subprocess.run(["pgrep", "-f", f"generator.office_warm {folder_path()}"], capture_output=True)
    assert not found.stdout


def test_the_stamp_is_the_same_for_each_name_of_one_python():
    """``ecplan`` runs bin/python3, ``python -m generator`` often bin/python: one interpreter, one stamp (else each
    alternation retired the long-lived office and the renderer refused)."""
    names = [Path(sys.executable).with_name(name) for name in ("python", "python3", Path(sys.executable).name)]
    stamps = {subprocess.run([str(name), "-c", "from generator.office_render import package_stamp as s; print(s())"],
                             capture_output=True, text=True, check=True).stdout for name in names if name.exists()}
    assert len(stamps) == 1


def test_a_caller_that_reads_file_names_otherwise_is_refused():
    _renderer()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(str(Path(folder_path()) / "render.sock"))
        request = {"argv": ["ecplan", "render", str(DEMO), "--pdf"], "prog": "ecplan", "cwd": os.getcwd(),
                   "env": dict(os.environ), "umask": 0o022, "streams": [[None, None, False]] * 3,
                   "stamp": package_stamp(), "encoding": ["gbk", "surrogateescape", 0]}    # a zh_CN.GBK locale
        socket.send_fds(connection, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
        assert json.loads(connection.makefile().readline()) == {"refused": True}


def test_a_stopped_server_starts_no_renderer_and_a_late_one_neither_listens_nor_removes_another(tmp_path: Path):
    from generator.office_warm import Renderer, _unlink_own

    renderer = Renderer(str(tmp_path))
    renderer.stop()
    renderer.keep()                             # the idle watch, after the server's end began
    assert renderer.process is None
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    late = subprocess.run([sys.executable, "-m", "generator.office_warm", str(home), "1"], timeout=120)
    assert late.returncode == 0 and not (home / "render.sock").exists()     # its server (pid 1 here) is not its own
    other = home / "render.sock"
    other.write_text("")
    _unlink_own(str(other), other.stat().st_ino + 1)
    assert other.exists()


def test_a_caller_ended_by_a_signal_ends_by_it_and_one_not_answered_runs_the_command_itself(tmp_path: Path):
    renderer = _renderer()
    job = _laid_out(tmp_path)
    job.send_signal(signal.SIGTERM)             # kill, timeout: as the command run here would end
    _, err = job.communicate(timeout=60)
    assert job.returncode == -signal.SIGTERM and "意外结束" not in err, err
    os.kill(renderer, signal.SIGSTOP)           # a renderer that does not answer
    try:
        started = time.monotonic()
        alone = subprocess.run(ECPLAN + ["render", str(DEMO), "-o", str(tmp_path / "b.docx"), "--pdf"],
                               capture_output=True, text=True, timeout=120)
    finally:
        os.kill(renderer, signal.SIGCONT)
    assert alone.returncode == 0 and (tmp_path / "b.pdf").exists() and time.monotonic() - started < 60


def test_a_renderer_whose_own_code_changed_retires_and_a_fresh_one_takes_over(tmp_path: Path):
    """A caller of the same copy of ecplan with another stamp: the files changed under the renderer (an upgrade, an
    edit). It refuses, retires, and the server starts a fresh one, which then takes the commands."""
    from generator.office_render import PACKAGE

    old = _renderer()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(str(Path(folder_path()) / "render.sock"))
        request = {"argv": ["ecplan", "render", str(DEMO), "--pdf"], "stamp": "changed", "package": PACKAGE}
        connection.sendall(json.dumps(request).encode() + b"\n")
        assert json.loads(connection.makefile().readline()) == {"refused": True}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _renderer() == old:
        time.sleep(0.1)
    new = _renderer()
    assert new != old and not office_client._alive(old)
    job = subprocess.Popen(ECPLAN + ["render", str(DEMO), "-o", str(tmp_path / "a.docx"), "--pdf"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    handed = False
    while job.poll() is None:
        handed = handed or bool(_copies(new))
        time.sleep(0.02)
    assert job.wait() == 0 and handed


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return ""


def test_ctrl_z_stops_the_copy_with_its_caller_and_both_go_on(tmp_path: Path):
    renderer = _renderer()
    job = _laid_out(tmp_path)
    copy, deadline = _copies(renderer)[0], time.monotonic() + 60
    job.send_signal(signal.SIGTSTP)             # Ctrl-Z
    while time.monotonic() < deadline and _state(job.pid) != "T":
        time.sleep(0.02)
    if _state(job.pid) == "T":                  # (a process group without a terminal may not stop at all)
        while time.monotonic() < deadline and _state(copy) != "T":
            time.sleep(0.02)                    # (the signal is taken when the copy next runs)
        assert _state(copy) == "T"              # the copy stopped with its caller: nothing more on the terminal
    job.send_signal(signal.SIGCONT)             # fg
    out, err = job.communicate(timeout=300)
    assert job.returncode == 0 and (tmp_path / "a.pdf").exists(), err


@pytest.mark.parametrize("handed", [True, False], ids=["handed-over", "in-its-own-process"])
@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGHUP], ids=["kill", "terminal-closed"])
def test_kill_or_a_closed_terminal_tidies_up_then_ends_by_the_signal(tmp_path: Path, handed: bool, ending: int):
    renderer = _renderer()
    before = _new_scratch(set())
    env = {**os.environ, "ECPLAN_OFFICE_RENDER": "1" if handed else "0"}
    job = _laid_out(tmp_path, env)
    assert bool(_copies(renderer)) == handed
    job.send_signal(ending)
    _, err = job.communicate(timeout=60)
    assert job.returncode == -ending and "Traceback" not in err, err
    _office_idle()
    assert not _new_scratch(before) and not (tmp_path / "a.pdf").exists()     # its scratch folder removed first


@pytest.mark.parametrize("handed", [True, False], ids=["handed-over", "in-its-own-process"])
def test_a_caller_started_to_ignore_ctrl_c_ignores_it(tmp_path: Path, handed: bool):
    """A shell's background job ignores SIGINT; the copy does as the caller would have."""
    renderer = _renderer()
    env = {**os.environ, "ECPLAN_OFFICE_RENDER": "1" if handed else "0"}
    job = _laid_out(tmp_path, env, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert bool(_copies(renderer)) == handed
    job.send_signal(signal.SIGINT)
    _, err = job.communicate(timeout=300)
    assert job.returncode == 0 and (tmp_path / "a.pdf").exists(), err

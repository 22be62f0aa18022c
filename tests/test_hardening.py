"""Hostile and careless use, each case reproduced through the command line where a user would meet it: no lost
edits, no way out of the files the user named, no hangs, no tracebacks."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import DEMO, EXAMPLES, ROOT, run

ECPLAN = [sys.executable, "-m", "generator"]
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file semantics")


def _ecplan(*args: object, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **kwargs.pop("env", {})}
    return subprocess.run([*ECPLAN, *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=timeout,
                          env=env, **kwargs)


# --- lost work -------------------------------------------------------------------------------------------------------


def test_concurrent_forced_renders_never_lose_an_edit(tmp_path: Path):
    """100 pairs of `render --force` started together over an edited output: every edit survives in a backup."""
    out = tmp_path / "out.md"
    assert run("render", DEMO, "--format", "md", "-o", out).exit_code == 0
    command = [*ECPLAN, "render", str(DEMO), "--format", "md", "-o", str(out), "--force"]
    for number in range(100):
        out.write_text(f"编辑{number}\n", encoding="utf-8")
        pair = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for _ in range(2)]
        assert all(process.wait(timeout=120) == 0 for process in pair)
    kept = [path.read_text(encoding="utf-8") for path in tmp_path.glob("out.md.bak*")]
    assert sorted(kept) == sorted(f"编辑{number}\n" for number in range(100))


def test_a_second_force_never_overwrites_the_first_backup_nor_the_users_own(tmp_path: Path):
    out = tmp_path / "plan.md"
    (tmp_path / "plan.md.bak").write_text("我自己的备份", encoding="utf-8")
    assert run("render", DEMO, "--format", "md", "-o", out).exit_code == 0
    for edit in ("修改甲", "修改乙"):
        out.write_text(edit, encoding="utf-8")
        result = run("render", DEMO, "--format", "md", "-o", out, "--force")
        assert result.exit_code == 0 and "原文件已另存为" in result.output
    assert (tmp_path / "plan.md.bak").read_text(encoding="utf-8") == "我自己的备份"
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("plan.md.bak?*")} == {
        "plan.md.bak1": "修改甲", "plan.md.bak2": "修改乙"}


def test_batch_refuses_two_inputs_whose_outputs_have_one_name(tmp_path: Path):
    (tmp_path / "a.yaml").write_bytes((EXAMPLES / "harbin.yaml").read_bytes())       # type: brief → a-brief.docx
    (tmp_path / "a-brief.yaml").write_bytes((EXAMPLES / "demo-city.yaml").read_bytes())  # → a-brief.docx
    result = run("batch", tmp_path / "a.yaml", tmp_path / "a-brief.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "a-brief.docx" in result.output and "同名" in result.output
    assert not (tmp_path / "out").exists()


@posix_only
def test_a_dead_batch_worker_fails_only_the_file_that_killed_it(tmp_path: Path):
    from batch_tasks import killing_task

    from generator import batch
    from generator.options import RenderOptions

    files = []
    for name in ("a", "b", "killer", "c", "d", "e"):
        files.append(tmp_path / f"{name}.yaml")
        files[-1].write_bytes((EXAMPLES / "harbin.yaml").read_bytes())
    (tmp_path / "out").mkdir()
    jobs = batch.plan_jobs(files, tmp_path / "out", RenderOptions(output_format="md"))
    outcomes = batch.run(jobs, 2, task=killing_task)
    assert [o.ok for o in outcomes] == [True, True, False, True, True, True]
    assert "工作进程意外退出" in outcomes[2].message
    assert sorted(p.name for p in (tmp_path / "out").glob("*.md")) == [
        f"{name}-brief.md" for name in ("a", "b", "c", "d", "e")]


@posix_only
def test_fix_writes_through_a_symlink_and_into_every_hard_link_keeping_the_mode(tmp_path: Path):
    text = DEMO.read_text(encoding="utf-8").replace("制定本方案。", "制定本方案.", 1)
    shared = tmp_path / "shared.yaml"
    shared.write_text(text, encoding="utf-8")
    os.chmod(shared, 0o600)
    link = tmp_path / "link.yaml"
    link.symlink_to(shared)
    result = run("fix", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and "制定本方案。" in shared.read_text(encoding="utf-8")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o600
    backup = next(tmp_path.glob("shared.yaml.bak*"))
    assert backup.read_text(encoding="utf-8") == text and stat.S_IMODE(backup.stat().st_mode) == 0o600
    other = tmp_path / "other.yaml"
    other.write_text(text, encoding="utf-8")
    hard = tmp_path / "hard.yaml"
    os.link(other, hard)
    assert run("fix", hard).exit_code == 0
    assert other.read_text(encoding="utf-8") == hard.read_text(encoding="utf-8") != text
    assert os.path.samefile(other, hard)


@posix_only
def test_an_output_through_a_symlink_keeps_the_link_and_any_name_is_recognised(tmp_path: Path):
    real = tmp_path / "real.docx"
    link = tmp_path / "link.docx"
    link.symlink_to(real)
    assert run("render", DEMO, "-o", link, "--no-charts").exit_code == 0
    assert link.is_symlink() and real.is_file()
    assert run("render", DEMO, "-o", link, "--no-charts").exit_code == 0   # recognised as ecplan's own
    odd = tmp_path / "plan.out"
    assert run("render", DEMO, "-o", odd, "--no-charts").exit_code == 0
    assert run("render", DEMO, "-o", odd, "--no-charts").exit_code == 0    # not "edited" for its suffix


def test_a_full_disk_leaves_no_partial_cache_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from generator import cache

    monkeypatch.setenv("ECPLAN_CACHE_DIR", str(tmp_path / "cache"))
    where = cache.folder("charts")
    assert where is not None

    class Full(io.BytesIO):
        def write(self, data: bytes) -> int:
            raise OSError(28, "No space left on device")

    real_fdopen = os.fdopen
    monkeypatch.setattr(cache.os, "fdopen", lambda fd, *a: (os.close(fd), Full())[1] if a == ("wb",) else real_fdopen(fd, *a))
    cache.keep(where, "x.png", b"data")
    assert not list(where.iterdir())


@posix_only
def test_new_outputs_honour_the_umask_and_replaced_files_keep_their_mode(tmp_path: Path):
    out = tmp_path / "plan.md"
    done = _ecplan("render", DEMO, "--format", "md", "-o", out, preexec_fn=lambda: os.umask(0o077))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    os.chmod(out, 0o640)
    assert run("render", DEMO, "--format", "md", "-o", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_the_batch_report_never_holds_a_formula(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    Path("=1+2.yaml").write_text("cover: [\n", encoding="utf-8")
    result = run("batch", "=1+2.yaml", "-o", "out")
    assert result.exit_code == 1
    rows = list(csv.reader(io.StringIO(Path("out/ecplan-batch.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][0] == "'=1+2.yaml" and rows[1][7].startswith("'=1+2.yaml")
    assert not any(cell[:1] in "=+-@" for row in rows[1:] for cell in row if cell)


# --- hangs and memory ------------------------------------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("command", [["validate"], ["fix"], ["stats"], ["count"], ["render"]])
def test_a_fifo_or_a_device_is_refused_at_once(tmp_path: Path, command: list[str]):
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    for source in (fifo, "/dev/zero"):
        done = _ecplan(*command, source, timeout=30)
        assert done.returncode == 1 and "不是普通文件" in done.stderr + done.stdout, done.stderr
        assert "Traceback" not in done.stderr


def test_fix_has_the_loaders_limits(tmp_path: Path):
    bomb = tmp_path / "bomb.yaml"
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = _ecplan("fix", bomb, timeout=30)
    assert done.returncode == 1 and "Y109" not in done.stdout and "别名" in done.stderr, done.stderr
    big = tmp_path / "big.yaml"
    big.write_text("preamble:\n" + "  - 文字\n" * 1_200_000, encoding="utf-8")
    done = _ecplan("fix", big, timeout=30)
    assert done.returncode == 1 and "文件过大" in done.stderr and "Traceback" not in done.stderr

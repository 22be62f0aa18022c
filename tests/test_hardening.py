"""Hostile and careless use, each case reproduced through the command line where a user would meet it: no lost
edits, no way out of the files the user named, no hangs, no tracebacks."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import subprocess
import sys
import time
import zipfile
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


@posix_only
@pytest.mark.parametrize("command", [["import", "{}", "-o", "{out}.yaml"], ["import", "{}", "--against", str(DEMO)],
                                     ["compare", str(DEMO), "{}", "-o", "{out}.docx"]])
def test_a_fifo_or_a_device_is_refused_as_a_word_document(tmp_path: Path, command: list[str]):
    fifo = tmp_path / "plan.docx"
    os.mkfifo(fifo)
    for source in (fifo, "/dev/zero"):
        done = _ecplan(*[str(source) if part == "{}" else part.replace("{out}", str(tmp_path / "out"))
                         for part in command], timeout=60)
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



def _timed(*args: object) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    done = _ecplan(*args, timeout=60)
    return done, time.monotonic() - started


def test_an_input_method_slip_beside_a_long_paragraph_is_found_at_once(tmp_path: Path):
    """A full-width colon on one line and a 40 000-character paragraph on another: the line scan was quadratic in
    the paragraph (23 s at 15 000 characters, minutes at 40 000), in validate and in fix."""
    text = DEMO.read_text(encoding="utf-8").replace("  city: 示例市", "  city： 示例市", 1)
    paragraph = ("以创建国家电子商务示范城市为抓手，" * 2400)[:40_000]
    plan = tmp_path / "plan.yaml"
    plan.write_text(re.sub(r"^guiding_ideology: .*$", "guiding_ideology: " + paragraph, text, count=1, flags=re.M),
                    encoding="utf-8")
    done, seconds = _timed("validate", plan)
    assert done.returncode == 1 and "Y121" in done.stdout and seconds < 10, (seconds, done.stdout[-500:])
    done, seconds = _timed("fix", plan)
    assert done.returncode == 0 and "输入法造成的错误改正 1 处" in done.stdout and seconds < 10, (seconds, done.stderr)
    assert "  city: 示例市\n" in plan.read_text(encoding="utf-8")


@pytest.mark.parametrize("text", ["[" * 100_000 + "\n", "cover: " + "[" * 2000 + "]" * 2000 + "\n",
                                  "cover:\n  title: " + "{a: " * 45 + "1" + "}" * 45 + "\n"],
                         ids=["100000-brackets", "2000-levels", "45-levels"])
def test_nesting_past_the_limit_is_refused_at_once_in_chinese(tmp_path: Path, text: str):
    """README: nesting deeper than 40 levels is refused (Y109), in brackets as in indentation; a line of brackets
    hung the line scan, and past libyaml's own limit (1000) its message was English."""
    plan = tmp_path / "deep.yaml"
    plan.write_text(text, encoding="utf-8")
    for command in ("validate", "fix"):
        done, seconds = _timed(command, plan)
        said = done.stdout + done.stderr
        assert done.returncode == 1 and "嵌套层级过深（超过 40 层）" in said and seconds < 10, (seconds, said[-300:])
        assert "exceeded" not in said and "Traceback" not in said


# --- templates, shared files and the cache reaching where they must not ------------------------------------------


def _md_template(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "city-plan.md.j2").write_text(text, encoding="utf-8")
    return folder


@posix_only
def test_a_link_in_a_template_directory_cannot_reach_outside_it(tmp_path: Path):
    folder = _md_template(tmp_path / "client", "{% include 'etcdir/passwd' %}")
    (folder / "etcdir").symlink_to("/etc")
    result = run("render", DEMO, "--format", "md", "-o", tmp_path / "a.md", "--template-dir", folder)
    assert result.exit_code == 1 and "root:" not in result.output and "Traceback" not in result.output
    linked = tmp_path / "linked"
    (linked / "summary").mkdir(parents=True)
    (linked / "summary" / "targets.txt.j2").symlink_to("/etc/passwd")
    result = run("render", DEMO, "--format", "md", "-o", tmp_path / "b.md", "--template-dir", linked)
    assert result.exit_code == 0 and "root:" not in (tmp_path / "b.md").read_text(encoding="utf-8")


def _client_docx(tmp_path: Path, change) -> Path:
    """The built-in city master, its parts changed by ``change(parts)``, as a client's template directory."""
    import zipfile

    from generator.templating import builtin_dir

    folder = tmp_path / "client"
    folder.mkdir(exist_ok=True)
    with zipfile.ZipFile(builtin_dir() / "city-plan.docx") as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    change(parts)
    with zipfile.ZipFile(folder / "city-plan.docx", "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return folder


EXTERNAL_IMAGE = ('<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                  'image" Target="file:///etc/passwd" TargetMode="External"/></Relationships>')


@pytest.mark.parametrize(("change", "words"), [
    (lambda parts: parts.__setitem__("word/_rels/document.xml.rels", parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", EXTERNAL_IMAGE.encode())), "引用了文档之外的文件或网址"),
    *[(lambda parts, relationship=relationship: parts.__setitem__(
        "word/_rels/document.xml.rels", parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", relationship.encode() + b"</Relationships>")), words)
      for relationship, words in (                   # the same, however it is written
          ("<Relationship Id='rId98' Type='http://schemas.openxmlformats.org/officeDocument/2006/relationships/image'"
           " Target='file:///etc/passwd' TargetMode='External'/>", "引用了文档之外的文件或网址"),
          ('<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"'
           ' xType="/hyperlink" Target="file:///etc/passwd" TargetMode = "&#69;xternal"/>', "引用了文档之外的文件或网址"),
          ('<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"'
           ' Target="../../../../etc/passwd"/>', "指向文档之外"),
          ('<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"'
           ' Target="file:///etc/passwd"/>', "指向文档之外"))],
    (lambda parts: parts.__setitem__("word/Extra.XML", b'<?xml version="1.0"?><!DOCTYPE x><x/>'), "DTD"),
    (lambda parts: parts.__setitem__("../../escape.xml", b"<x/>"), "不安全的文件名"),
    (lambda parts: parts.__setitem__("/tmp/escape.xml", b"<x/>"), "不安全的文件名"),
    (lambda parts: parts.__setitem__("word/styles.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">'
                                     b'<!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>'), "DTD"),
    (lambda parts: parts.__setitem__("word/styles.xml", b"<w:styles><unclosed></w:styles>"), "不是格式正确的 XML"),
    (lambda parts: parts.__setitem__("word/media/huge.bin", b"\0" * (80 * 1024 * 1024)), "解压后过大"),
])
def test_an_unsafe_client_template_is_refused_with_its_reason(tmp_path: Path, change, words: str):
    folder = _client_docx(tmp_path, change)
    out = tmp_path / "plan.docx"
    result = run("render", DEMO, "-o", out, "--template-dir", folder, "--no-charts")
    assert result.exit_code == 1 and "拒绝使用此模板" in result.output and words in result.output, result.output
    assert "Traceback" not in result.output and not out.exists()


def test_extends_stays_in_the_plans_directory_unless_told(tmp_path: Path):
    (tmp_path / "client-a").mkdir()
    (tmp_path / "client-b").mkdir()
    (tmp_path / "client-b" / "secret.yaml").write_text("cover:\n  title: 乙客户的机密\n", encoding="utf-8")
    plan = tmp_path / "client-a" / "plan.yaml"
    plan.write_text("extends: ../client-b/secret.yaml\n", encoding="utf-8")
    result = run("validate", plan)
    assert result.exit_code == 1 and "Y114" in result.output and "不在方案所在的目录中" in result.output
    assert "--shared" in result.output and "乙客户的机密" not in result.output
    widened = run("validate", "--shared", tmp_path / "client-b", plan)
    assert "Y114" not in widened.output and "S203" in widened.output
    for target in ("/proc/self/status", "/etc/passwd"):
        plan.write_text(f"extends: {target}\n", encoding="utf-8")
        assert "Y114" in run("validate", plan).output


@posix_only
@pytest.mark.parametrize("target", ["loop.yaml", "a\0b.yaml", "x" * 5000 + ".yaml", "y" * 300 + ".yaml"])
def test_extends_with_a_broken_path_is_a_clear_error(tmp_path: Path, target: str):
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    plan = tmp_path / "plan.yaml"
    written = target.replace(chr(0), "\\0")  # YAML's escape: the name holds a NUL byte
    plan.write_text('extends: "' + written + '"\n', encoding="utf-8")
    result = run("validate", plan)
    assert result.exit_code == 1 and "Y112" in result.output and "Traceback" not in result.output


@posix_only
def test_a_planted_cache_entry_never_runs_and_the_cache_is_private(tmp_path: Path):
    import marshal

    cache = tmp_path / "cache"
    env = {"ECPLAN_CACHE_DIR": str(cache)}
    out = tmp_path / "plan.md"
    done = _ecplan("render", DEMO, "--format", "md", "-o", out, env=env, preexec_fn=lambda: os.umask(0))
    assert done.returncode == 0, done.stderr
    assert _ecplan("render", DEMO, "-o", tmp_path / "plan.docx", "--no-charts", env=env).returncode == 0
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in cache.iterdir() if p.is_dir())
    marker = tmp_path / "pwned"
    planted = compile(f"open({str(marker)!r}, 'w').write('x')", "<planted>", "exec")
    for entry in (cache / "templates").iterdir():
        entry.write_bytes(marshal.dumps(planted))
    for entry in (cache / "prepared").iterdir():
        entry.write_bytes(marshal.dumps(1))
    done = _ecplan("render", DEMO, "--format", "md", "-o", out, env=env)
    assert done.returncode == 0 and not marker.exists(), done.stderr
    done = _ecplan("render", DEMO, "-o", tmp_path / "plan.docx", "--no-charts", env=env)
    assert done.returncode == 0 and not marker.exists(), done.stderr


@posix_only
def test_a_cache_directory_someone_else_can_write_to_is_not_used(tmp_path: Path):
    cache = tmp_path / "shared-cache"
    cache.mkdir()
    os.chmod(cache, 0o777)
    done = _ecplan("render", DEMO, "--format", "md", "-o", tmp_path / "plan.md", env={"ECPLAN_CACHE_DIR": str(cache)})
    assert done.returncode == 0
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700  # ours: made private before use


# --- tracebacks become messages ----------------------------------------------------------------------------------


def _demo_with(tmp_path: Path, old: str, new: str) -> Path:
    text = DEMO.read_text(encoding="utf-8")
    assert old in text, old
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    return plan


@pytest.mark.parametrize(("old", "new", "code"), [
    ("value: 7260.5", "value: " + "9" * 320, "S210"),
    ("value: 7260.5", "value: .nan", "S211"),
    ("value: 7260.5", "value: .inf", "S211"),
    ("total: 3200", "total: .nan", "S211"),
    ("total: 3200", "total: " + "9" * 320, "S210"),
])
def test_huge_and_non_finite_numbers_are_errors_with_their_line(tmp_path: Path, old: str, new: str, code: str):
    plan = _demo_with(tmp_path, old, new)
    outputs = {"render": ["-o", tmp_path / "x.docx"], "excel": ["-o", tmp_path / "x.xlsx"]}
    for command in ("validate", "render", "excel"):
        result = run(command, plan, *outputs.get(command, []))
        assert result.exit_code == 1 and code in result.output and "Traceback" not in result.output
        assert f"{plan}:{plan.read_text(encoding='utf-8').splitlines().index(next(l for l in plan.read_text(encoding='utf-8').splitlines() if new.split(': ')[1][:10] in l)) + 1}:" in result.output
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "x.xlsx").exists()


def test_a_yearly_target_in_chinese_numerals_is_a_type_error(mutated):
    def change(data: dict) -> None:
        indicator = next(i for i in data["targets"]["indicators"] if i.get("yearly"))
        indicator["yearly"][-1]["value"] = "一万二"   # the target year's own value: R12.5 compares it

    result = run("validate", mutated(change))
    assert result.exit_code == 1 and "S202" in result.output and "一万二" in result.output
    assert "Traceback" not in result.output


def test_a_30000_character_title_is_an_error_at_once(tmp_path: Path):
    plan = _demo_with(tmp_path, "title: 示例市创建国家电子商务示范城市工作方案", "title: " + "示例" * 15000)
    result = run("render", plan, "-o", tmp_path / "x.docx")
    assert result.exit_code == 1 and "S212" in result.output and "上限 200" in result.output


@pytest.mark.parametrize("expression", ["{{ 'a' * 300000000 }}", "{{ 'x'.ljust(2000000000) }}",
                                        "{{ '{:>2000000000}'.format(1) }}", "{{ '%2000000000s' % 1 }}",
                                        "{{ 'a'|center(2000000000) }}", "{{ 9 ** 9999999 }}"])
def test_a_template_cannot_exhaust_memory(tmp_path: Path, expression: str):
    folder = _md_template(tmp_path / "client", expression)
    result = run("render", DEMO, "--format", "md", "-o", tmp_path / "a.md", "--template-dir", folder)
    assert result.exit_code == 1 and "city-plan.md.j2" in result.output and "Traceback" not in result.output
    assert "过长" in result.output or "过大" in result.output


@pytest.mark.parametrize(("variable", "value"), [("ECPLAN_TEMPLATE_TIMEOUT", "inf"), ("ECPLAN_TEMPLATE_TIMEOUT", "abc"),
                                                 ("ECPLAN_OFFICE_TIMEOUT", "abc"), ("ECPLAN_OFFICE_TIMEOUT", "-1"),
                                                 ("ECPLAN_OFFICE_TIMEOUT", "inf"), ("ECPLAN_TEMPLATE_OUTPUT", "abc"),
                                                 ("ECPLAN_TEMPLATE_OUTPUT", "1.5"), ("ECPLAN_TEMPLATE_OUTPUT", "0")])
def test_a_bad_time_limit_setting_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str):
    monkeypatch.setenv(variable, value)
    monkeypatch.setenv("ECPLAN_SOFFICE", "/bin/true")
    result = run("render", DEMO, "-o", tmp_path / "x.docx", "--no-charts",
                 *(["--pdf"] if variable == "ECPLAN_OFFICE_TIMEOUT" else []))
    assert result.exit_code == 1 and f"环境变量 {variable}={value} 无效" in result.output
    assert "Traceback" not in result.output and "模板 " not in result.output


@posix_only
def test_templates_copy_stays_in_its_directory_and_reports_what_it_cannot_do(tmp_path: Path):
    from generator.templating import builtin_dir

    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")   # a directory cannot be made inside it (as in a read-only place)
    result = run("templates", "copy", "city-plan.docx", blocked / "sub")
    assert result.exit_code == 1 and "无法创建目录" in result.output and "Traceback" not in result.output
    for name in (str(builtin_dir() / "city-plan.docx"), "../README.md", "summary/../../README.md"):
        result = run("templates", "copy", name, tmp_path / "client" / "sub", "--force")
        assert result.exit_code == 1 and "找不到模板" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "client" / "README.md").exists() and not (tmp_path / "README.md").exists()
    result = run("templates", "copy", "city-plan.docx", builtin_dir(), "--force")
    assert result.exit_code == 1 and "内置模板本身" in result.output
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / "summary").symlink_to(outside)      # a link in the client's folder leading out of it
    result = run("templates", "copy", "all", tmp_path / "linked")
    assert result.exit_code == 1 and "符号链接" in result.output and "Traceback" not in result.output
    assert not list(outside.iterdir()) and not (tmp_path / "linked" / "city-plan.docx").exists()   # none copied


# --- wrong output ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("codec", "named"), [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("big5", "Big5"),
                                              ("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32")])
def test_utf16_utf32_and_big5_files_are_read_and_named(tmp_path: Path, codec: str, named: str):
    import opencc

    text = (EXAMPLES / "harbin.yaml").read_text(encoding="utf-8")
    if codec == "big5":
        text = opencc.OpenCC("s2tw").convert(text)
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(text.encode(codec, errors="replace"))
    result = run("validate", plan)
    assert f"已按 {named} 编码读取" in result.output and "Traceback" not in result.output
    assert result.exit_code == 0 or codec == "big5"  # Big5 may hold characters it cannot encode (as ?)
    fixed = run("fix", plan)
    assert fixed.exit_code == 0 and "UTF-8" in fixed.output
    assert plan.read_text(encoding="utf-8").startswith("# 哈尔滨市创建国家电子商务示范城市工作方案要点")



@pytest.mark.parametrize(("title", "codec", "named", "fixed"), [
    ("電子商務", "big5", "Big5", "电子商务"),      # read as GB18030: 筿 and a private-use character
    ("示範城市", "big5", "Big5", "示范城市"),      # read as GB18030: ボ絛カ
    ("監測", "big5", "Big5", "监测"),             # read as GB18030: 菏代, common characters but rare ones
    ("电子商务", "gb18030", "GB18030", "电子商务"),
    ("電子商務", "gb18030", "GB18030", "电子商务"),  # traditional characters in a GBK file are still GBK
    ("监测", "gb18030", "GB18030", "监测"),
])
def test_a_short_file_is_read_in_its_own_encoding_and_fixed_without_mojibake(tmp_path: Path, title: str, codec: str,
                                                                              named: str, fixed: str):
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(f"type: city\ncover:\n  title: {title}\n".encode(codec))
    result = run("validate", plan)
    assert f"已按 {named} 编码读取" in result.output and "Traceback" not in result.output
    result = run("fix", plan)
    assert result.exit_code == 0 and f"已按 {named} 编码读取" in result.output, result.output
    assert plan.read_text(encoding="utf-8") == f"type: city\ncover:\n  title: {fixed}\n"


def test_yaml_corners_are_read_as_a_planner_means_them(tmp_path: Path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("cover:\n  yes: 甲\n  1: 乙\nperiod:\n  start: 33:47\n  2029: 丙\n", encoding="utf-8")
    result = run("validate", plan)
    assert "Y102" not in result.output                       # yes: and 1: are two keys
    assert "应为年份" in result.output and "33:47" in result.output  # not 2027 (sexagesimal)
    assert "第2030项" not in result.output
    for tagged in ("cover: !!set {a, b}\n", "cover: !custom {title: 甲}\n", "period:\n  start: !custom 2027\n"):
        plan.write_text(tagged, encoding="utf-8")
        result = run("validate", plan)
        assert result.exit_code == 1 and "不认识 YAML 标签" in result.output and "Traceback" not in result.output



@pytest.mark.parametrize(("value", "words"), [
    ("!!foo 2027", "ecplan 不认识 YAML 标签“!!foo”"),
    ("!!binary MjAyNw==", "ecplan 不认识 YAML 标签“!!binary”"),
    ("!!bool maybe", "无法识别的值“maybe”：不是 !!bool 的写法"),
    ("!!timestamp 明年", "无法识别的日期“明年”：不是 !!timestamp 的写法"),
    ("!!int 20x7", "无法识别的值“20x7”：不是 !!int 的写法"),
])
def test_a_standard_tag_ecplan_does_not_take_or_a_value_it_cannot_read_is_said_in_chinese(tmp_path: Path, value: str,
                                                                                          words: str):
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"period:\n  start: {value}\n  end: 2029\n", encoding="utf-8")
    result = run("validate", plan)
    assert result.exit_code == 1 and f"{plan}:2:10: 错误 Y109" in result.output and words in result.output
    assert "tag:yaml.org" not in result.output and "constructor" not in result.output


def test_docx_keeps_a_plans_own_braces_and_template_properties_are_not_escaped_twice(tmp_path: Path):
    import docx

    plan = _demo_with(tmp_path, "为贯彻落实", "为贯彻落实{_{甲}_}")
    out = tmp_path / "plan.docx"
    folder = _client_docx(tmp_path, lambda parts: parts.__setitem__("docProps/core.xml", parts["docProps/core.xml"]
                                                                     .replace(b"</cp:coreProperties>",
                                                                              b"<cp:category>R&amp;D</cp:category>"
                                                                              b"</cp:coreProperties>")))
    assert run("render", plan, "-o", out, "--no-charts").exit_code == 0
    assert any(p.text.startswith("为贯彻落实{_{甲}_}") for p in docx.Document(str(out)).paragraphs)
    result = run("render", DEMO, "-o", tmp_path / "client.docx", "--template-dir", folder, "--no-charts")
    assert result.exit_code == 0, result.output
    assert docx.Document(str(tmp_path / "client.docx")).core_properties.category == "R&D"


def test_the_cache_keeps_no_huge_entry_and_trims_a_full_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from generator import cache

    monkeypatch.setenv("ECPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "MAX_ENTRY", 1000)
    monkeypatch.setattr(cache, "MAX_FOLDER", 4000)
    where = cache.folder("charts")
    cache.keep(where, "huge.png", b"x" * 2000)
    assert not (where / "huge.png").exists()
    for number in range(10):
        cache.keep(where, f"{number}.png", bytes([number]) * 900)
        os.utime(where / f"{number}.png", (number, number))
    assert sum(p.stat().st_size for p in where.iterdir()) <= 4000
    assert cache.fetch(where, "9.png") == bytes([9]) * 900 and cache.fetch(where, "0.png") is None


def test_a_whole_file_read_as_one_misread_sentence_is_reported(tmp_path: Path):
    """Found by the property tests: b'\\xaa@;:' reads (as Big5) as one sentence ending in a colon."""
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(b"\xaa@;:")
    result = run("validate", plan)
    assert result.exit_code == 1 and "S209" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_a_word_document_with_broken_xml_is_a_message(tmp_path: Path, part: str):
    """A .docx cut off inside one of its XML parts (a failed copy, a damaged download): import, import --against and
    compare say it is damaged, in Chinese; lxml's own error never reaches the planner."""
    good = tmp_path / "good.docx"
    assert run("render", DEMO, "-o", good, "--no-charts").exit_code == 0
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data[:len(data) // 2] if info.filename == part else data)
    for command in (["import", broken, "-o", tmp_path / "a.yaml"], ["import", broken, "--against", DEMO],
                    ["compare", good, broken, "-o", tmp_path / "c.docx"]):
        done = _ecplan(*command, timeout=60)
        assert done.returncode == 1 and "文档已损坏" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not (tmp_path / "a.yaml").exists() and not (tmp_path / "c.docx").exists()


@posix_only
def test_extends_from_a_linked_plan_and_to_what_is_not_a_file(tmp_path: Path):
    """A plan that is a link to a file elsewhere extends the names beside the link (where the user put it), and a
    target that is a dangling or looping link, or a pipe, is said to be so — not that it does not exist."""
    (tmp_path / "real").mkdir()
    (tmp_path / "here").mkdir()
    (tmp_path / "real" / "plan.yaml").write_text("extends: base.yaml\n", encoding="utf-8")
    (tmp_path / "here" / "base.yaml").write_bytes(DEMO.read_bytes())
    (tmp_path / "here" / "plan.yaml").symlink_to(tmp_path / "real" / "plan.yaml")
    result = run("validate", tmp_path / "here" / "plan.yaml")
    assert result.exit_code == 0 and "Y114" not in result.output, result.output
    (tmp_path / "here" / "loop.yaml").symlink_to("loop.yaml")
    os.mkfifo(tmp_path / "here" / "pipe.yaml")
    for target, words in (("loop.yaml", "自己指向自己"), ("pipe.yaml", "不是普通文件")):
        plan = tmp_path / "here" / f"with-{target}"
        plan.write_text(f"extends: {target}\n", encoding="utf-8")
        result = run("validate", plan)
        assert result.exit_code == 1 and "Y112" in result.output and words in result.output, result.output

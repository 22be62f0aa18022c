"""Templates from a third party: no way out of the sandbox, no endless loop, every mistake named; and a very
deep file read by the pure-Python parser is refused like any other."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import DEMO, ROOT, client_template_dir, run


@pytest.mark.parametrize("attack", [
    "{{ cycler.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ joiner.__init__.__globals__.os.system('id') }}",
    "{{ self._TemplateReference__context }}",
    "{% include '/etc/passwd' %}",
    "{% include '../../../../etc/passwd' %}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
])
def test_escapes_from_the_sandbox_are_stopped(tmp_path: Path, attack: str):
    folder = client_template_dir(tmp_path, attack)
    out = tmp_path / "out.docx"
    result = run("render", DEMO, "-o", out, "--template-dir", folder, "--no-charts")
    assert result.exit_code == 1, result.output
    assert "模板 city-plan.docx" in result.output and "Traceback" not in result.output
    assert "root:" not in result.output and "uid=" not in result.output
    assert not out.exists()


def test_an_endless_loop_in_a_docx_template_is_stopped(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("ECPLAN_TEMPLATE_TIMEOUT", "1")
    folder = client_template_dir(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    started = time.monotonic()
    result = run("render", DEMO, "-o", tmp_path / "out.docx", "--template-dir", folder, "--no-charts")
    assert time.monotonic() - started < 20
    assert result.exit_code == 1 and "死循环" in result.output and "city-plan.docx" in result.output
    assert not (tmp_path / "out.docx").exists()


def test_an_endless_loop_in_a_text_template_is_stopped(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("ECPLAN_TEMPLATE_TIMEOUT", "1")
    folder = tmp_path / "client"
    folder.mkdir()
    (folder / "city-plan.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", encoding="utf-8")
    result = run("render", DEMO, "--format", "md", "-o", tmp_path / "out.md", "--template-dir", folder)
    assert result.exit_code == 1 and "死循环" in result.output and "city-plan.md.j2" in result.output


def test_recursion_in_a_template_is_stopped(tmp_path: Path):
    folder = tmp_path / "client"
    folder.mkdir()
    (folder / "city-plan.md.j2").write_text("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", encoding="utf-8")
    result = run("render", DEMO, "--format", "md", "-o", tmp_path / "out.md", "--template-dir", folder)
    assert result.exit_code == 1 and "city-plan.md.j2" in result.output and "Traceback" not in result.output


def test_deep_nesting_is_refused_by_the_pure_python_parser_too(tmp_path: Path, monkeypatch):
    import yaml

    from generator.readers import yaml_events as loader

    monkeypatch.setattr(loader, "_FAST_LOADER", yaml.SafeLoader)
    plan = tmp_path / "deep.yaml"
    plan.write_text("a: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    result = run("validate", plan)
    assert result.exit_code == 1 and "Y109" in result.output and "Traceback" not in result.output
    fixed = run("fix", plan)
    assert fixed.exit_code == 1 and "Traceback" not in fixed.output


# --- what a template may make ----------------------------------------------------------------------------------------

posix_only = pytest.mark.skipif(os.name != "posix", reason="resource limits and wait4 are POSIX")


def _md_template(tmp_path: Path, text: str) -> tuple[Path, int]:
    """A client's copy of the built-in Markdown template with ``text`` as its last line, and that line's number."""
    from generator.templating import builtin_dir

    folder = tmp_path / "client"
    folder.mkdir()
    source = (builtin_dir() / "city-plan.md.j2").read_text(encoding="utf-8").rstrip("\n") + "\n"
    (folder / "city-plan.md.j2").write_text(source + text + "\n", encoding="utf-8")
    return folder, source.count("\n") + 1


def _in_two_gigabytes(*args: object) -> tuple[int, str, int]:
    """``ecplan args`` in a process of its own whose address space is held to 2 GB (a bound that failed would end
    in MemoryError, not in the message looked for): its exit code, its output and its peak resident memory (MB)."""
    import resource

    def hold() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        process = subprocess.Popen([sys.executable, "-m", "generator", *map(str, args)], cwd=ROOT, stdout=log,
                                   stderr=subprocess.STDOUT, preexec_fn=hold)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        return process.returncode, log.read(), usage.ru_maxrss // 1024


@posix_only
@pytest.mark.parametrize("kind", ["md", "docx"])
@pytest.mark.parametrize(("expression", "said"), [
    ("{{ '{0:{1}}'.format(1, 2000000000) }}", "要生成的文字过长"),             # a width given as an argument
    ("{{ 'x\\ny'|indent(100000000) }}", "要生成的文字过长"),
    ("{{ ('a'*4000000 ~ 'b'*4000000 ~ 'c'*4000000)|length }}", "要生成的文字过长"),
    ("{% for i in range(300) %}{{ 'a'*4000000 }}{% endfor %}", "生成的内容超过 200000000 个字符的上限，已停止"),
    ("{{ 1|wordwrap(3) }}", "渲染失败：值没有这个属性或方法"),
])
def test_a_template_is_stopped_before_it_exhausts_memory(tmp_path: Path, kind: str, expression: str, said: str):
    if kind == "md":
        folder, line = _md_template(tmp_path, expression)
        place, out = f"模板 city-plan.md.j2（第{line}行）: ", tmp_path / "out.md"
    else:
        folder, out = client_template_dir(tmp_path, expression), tmp_path / "out.docx"
        place = f"模板 city-plan.docx（第158段“{expression[:40]}”）: "
    code, output, peak = _in_two_gigabytes("render", DEMO, "--format", kind, "-o", out, "--template-dir", folder,
                                           "--no-charts")
    assert code == 1 and place + said in output, output
    assert "Traceback" not in output and "MemoryError" not in output
    assert not out.exists() and not list(tmp_path.glob(".out.*.tmp"))   # nor a half-written one
    assert peak < 600, f"{peak} MB"


@pytest.mark.parametrize("expression", [
    "{{ '{a:{b}}'.format(a=1, b=2000000000) }}", "{{ '{a:{b}}'.format_map({'a': 1, 'b': 2000000000}) }}",
    "{{ '{:.2000000000f}'.format(1.5) }}", "{{ ('{:>4000000}' * 3).format(1, 2, 3) }}",
    "{{ ('{:>2000000000}'|attr('format'))(1) }}", "{{ '%*s' % (2000000000, 'x') }}", "{{ '%-*s' % (-2000000000, 1) }}",
    "{{ '%.*f' % (2000000000, 1.5) }}", "{{ '%(a(b)c)2000000000s' % {'a(b)c': 1} }}",
    "{{ '%s%s' % ('a' * 4000000, 'a' * 4000000) }}", "{{ '%*s'|format(2000000000, 1) }}",
    "{{ 'x'.rjust(2000000000) }}", "{{ 'x'.center(2000000000) }}", "{{ 'x'.zfill(2000000000) }}",
    "{{ ('\\t' * 1000).expandtabs(100000000) }}", "{{ 'a'.encode().ljust(2000000000) }}",
    "{{ ('x\\ry' * 1000000)|indent(10) }}", "{{ 'a b c d'|wordwrap(1, wrapstring='x' * 4000000) }}",
    "{{ ('a' * 4000000 + 'b' * 4000000)|length }}", "{{ ['a' * 4000000] * 1000000 }}",
    "{{ (['a' * 4000000] * 1000000)|join }}", "{{ ','.join(['a' * 4000000] * 1000000) }}",
    "{{ ('a' * 4000000).replace('a', 'aaaaaaaaaa') }}", "{{ ('a' * 4000000)|replace('a', 'aaaaaaaaaa') }}",
    "{{ 'aaaa'.translate({97: 'b' * 4000000}) }}", "{{ [[1, [2, [3]]]]|tojson(2000000000) }}",
    "{{ {'k' * 1000000: range(100000)|list}|pprint }}", "{{ ('http://a.b ' * 100000)|urlize(target='x' * 1000) }}",
    "{{ lipsum(2000000000) }}", "{{ [1]|batch(2000000000, 0)|list }}", "{{ [1]|slice(2000000000)|list }}",
    "{{ ('&' * 3000000)|e|e|length }}", "{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}",
    "{{ (10 ** 10000) ** 10000 > 0 }}",
    "{% set ns = namespace(x=2 ** 10000) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}{% endfor %}",
])
def test_every_way_of_making_a_long_text_is_reckoned_before_it_is_made(tmp_path: Path, expression: str):
    folder, line = _md_template(tmp_path, expression)
    result = run("render", DEMO, "--format", "md", "-o", tmp_path / "out.md", "--template-dir", folder)
    assert result.exit_code == 1 and f"模板 city-plan.md.j2（第{line}行）: " in result.output, result.output
    assert "过长" in result.output or "过大" in result.output or "过多" in result.output
    assert "已停止" in result.output and "Traceback" not in result.output and not (tmp_path / "out.md").exists()


@pytest.mark.parametrize("expression", [
    "{% macro m() %}{% for i in range(300) %}{{ 'a' * 1000000 }}{% endfor %}{% endmacro %}{{ m()|length }}",
    "{% set x %}{% for i in range(300) %}{{ 'a' * 1000000 }}{% endfor %}{% endset %}{{ x|length }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}",
    "{% set l = [] %}{% for i in range(100000) %}{% set _ = l.append('a' * 1000000) %}{% endfor %}",
    "{% set l = [] %}{% for i in range(100000) %}{% set _ = l.append(('a' * 1000000)|upper) %}{% endfor %}",
    "{% set ns = namespace(l=[]) %}{% for i in range(100000) %}{% set ns.l = ns.l + ['a' * 1000000] %}{% endfor %}",
    "{{ range(100000)|map('string')|map('center', 1000000)|list|length }}",
])
def test_what_a_render_generates_or_keeps_is_counted_against_its_limit(tmp_path: Path, monkeypatch, expression: str):
    monkeypatch.setenv("ECPLAN_TEMPLATE_OUTPUT", "20000000")
    folder, line = _md_template(tmp_path, expression)
    result = run("render", DEMO, "--format", "md", "-o", tmp_path / "out.md", "--template-dir", folder)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert f"模板 city-plan.md.j2（第{line}行）: 生成的内容超过 20000000 个字符的上限，已停止" in result.output
    assert "ECPLAN_TEMPLATE_OUTPUT" in result.output and not (tmp_path / "out.md").exists()


@pytest.mark.parametrize(("expression", "said"), [("{{ 1/0 }}", "除数为零"), ("{{ 5|dictsort }}", "属性或方法"),
                                                  ("{{ 'abc'|truncate(1, end='xyz') }}", "参数不合要求"),
                                                  ("{{ '%d' % 'x' }}", "类型不适用")])
def test_an_exception_in_a_filter_or_an_expression_is_the_templates_mistake(tmp_path: Path, expression: str, said: str):
    folder, line = _md_template(tmp_path, expression)
    result = run("render", DEMO, "--format", "md", "-o", tmp_path / "out.md", "--template-dir", folder)
    assert result.exit_code == 1 and f"模板 city-plan.md.j2（第{line}行）: 渲染失败：" in result.output
    assert said in result.output and "Traceback" not in result.output and not (tmp_path / "out.md").exists()


def test_a_long_text_from_the_output_may_still_be_shortened_and_the_builtins_render_as_before(tmp_path: Path):
    folder, _ = _md_template(tmp_path, "{% set x %}{% for i in range(7) %}{{ 'a' * 1000000 }}{% endfor %}{% endset %}"
                                       "{{ x|replace('a', 'b')|trim|truncate(3, end='')|length }} {{ x|length }} "
                                       "{{ '{:>5}|{:.3}|%5.1f'.format(1, 'abcdef') % 2.25 }} {{ [1, 2] + [3] }}")
    result = run("render", DEMO, "--format", "md", "-o", tmp_path / "out.md", "--template-dir", folder)
    assert result.exit_code == 0, result.output
    assert "3 7000000 " + "    1|abc|  2.2 [1, 2, 3]" in (tmp_path / "out.md").read_text(encoding="utf-8")

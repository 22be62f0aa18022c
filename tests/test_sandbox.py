"""Templates from a third party: no way out of the sandbox, no endless loop, every mistake named; and a very
deep file read by the pure-Python parser is refused like any other."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import DEMO, client_template_dir, run


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

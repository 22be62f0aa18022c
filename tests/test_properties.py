"""Property-based tests: whatever a planner types, pastes or breaks, ``validate`` and ``render`` end with exit 0 or 1
and a message — never a traceback, never a hang — and a rendered value comes out as written.

CI runs a bounded number of examples; for a longer local run:

    ECPLAN_HYPOTHESIS_EXAMPLES=3000 pytest tests/test_properties.py
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import time
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, run, write_plan

EXAMPLES_N = int(os.environ.get("ECPLAN_HYPOTHESIS_EXAMPLES", "25"))
SETTINGS = settings(max_examples=EXAMPLES_N, deadline=None, derandomize=not os.environ.get("ECPLAN_HYPOTHESIS_EXAMPLES"),
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SECONDS = 60  # one validate + render must end well within this

AWKWARD = ["", " ", "\t", "\x00", "\x07\x1b", "😀", "𠀀𪚥", "{{ 7*7 }}", "{% for x in y %}", "{{ cycler.__init__ }}",
           "<w:t>x</w:t>", "&amp; & < >", "\u202e", "\ufeff", "a" * 5000, "发(fā)展", "電子商務", "：:", "- x", "*a"]
#: numbers as planners write them when no number is at hand yet, or in Chinese
CHINESE_NUMERALS = ["一万二", "二〇二七", "三千五百", "百分之十五", "约2000", "1.2万", "２０２７", "十二点五"]
LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.integers(min_value=10**300, max_value=10**400) | st.integers(min_value=-10**400, max_value=-10**300),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([float("nan"), float("inf"), -float("inf")]),
    st.sampled_from(AWKWARD), st.sampled_from(CHINESE_NUMERALS),
    st.text(max_size=40), st.dates(min_value=dt.date(1, 1, 1)).map(str),
)
VALUES = st.recursive(LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)


def _no_crash(result: Any) -> None:
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert result.output.strip(), "a command must always say something"


def _validate_and_render(path: Path, out: Path) -> None:
    started = time.monotonic()
    checked = run("validate", path)
    _no_crash(checked)
    for output_format, target in (("md", out), ("docx", out.with_suffix(".docx"))):
        rendered = run("render", path, "--format", output_format, "-o", target, "--force", "--no-charts")
        _no_crash(rendered)
        if checked.exit_code == 1:
            assert rendered.exit_code == 1 and not target.exists()
    assert time.monotonic() - started < SECONDS


@SETTINGS
@given(document=st.dictionaries(st.sampled_from(["cover", "period", "economy", "ecommerce", "targets", "tasks",
                                                 "projects", "safeguards", "type", "brief", "extends", "其他"]),
                                VALUES, max_size=6))
def test_random_documents_never_crash(tmp_path_factory, document):
    folder = tmp_path_factory.mktemp("random")
    plan = folder / "plan.yaml"
    try:
        plan.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8", errors="surrogatepass")
    except (UnicodeEncodeError, yaml.YAMLError):
        return
    _validate_and_render(plan, folder / "plan.md")


@SETTINGS
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_random_bytes_never_crash(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("bytes")
    plan = folder / "plan.yaml"
    plan.write_bytes(raw)
    _validate_and_render(plan, folder / "plan.md")


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, path + (index,))
    return found


def _mutate(data: dict[str, Any], path: tuple[Any, ...], operation: str, replacement: Any) -> None:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if operation == "delete":
        del parent[key]
    elif operation == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(parent[key]))
    else:
        parent[key] = replacement


REPLACEMENTS = st.one_of(
    st.sampled_from(["很长" * 3000, [], {}, None, 10**40, 10**320, -1, -10**12, float("nan"), float("inf"),
                     "2026-02-30", "明年", "\x01\x02", "😀 emoji", "𠀀", "{{ 7*7 }}", "{% if %}", "<w:t>&</w:t>",
                     [1, [2, [3]]], {"a": {"b": "c"}}, *CHINESE_NUMERALS]),
    VALUES,
)
EXAMPLE_DATA = {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(EXAMPLES.glob("*.yaml"))}


@SETTINGS
@given(name=st.sampled_from(sorted(EXAMPLE_DATA)), data=st.data(),
       operation=st.sampled_from(["delete", "duplicate", "replace", "replace", "replace"]), replacement=REPLACEMENTS)
def test_mutations_of_every_example_never_crash(tmp_path_factory, name, data, operation, replacement):
    plan_data = copy.deepcopy(EXAMPLE_DATA[name])
    path = data.draw(st.sampled_from(_paths(plan_data)))
    _mutate(plan_data, path, operation, replacement)
    folder = tmp_path_factory.mktemp("mutated")
    plan = write_plan(folder / name, plan_data)
    _validate_and_render(plan, folder / "plan.md")


TEXT_FIELDS = [("economy", "strategy"), ("guiding_ideology",), ("targets", "overall")]


@SETTINGS
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200),
       where=st.sampled_from(TEXT_FIELDS))
def test_any_text_comes_out_exactly(tmp_path_factory, text, where):
    """Every character a planner writes reaches the document as written (apart from the XML-illegal ones that are
    removed, and spaces at either end, which a paragraph does not keep)."""
    from generator.formatting import clean

    plan_data = copy.deepcopy(EXAMPLE_DATA["demo-city.yaml"])
    target = plan_data
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = "开头" + text + "结尾"
    folder = tmp_path_factory.mktemp("text")
    plan = write_plan(folder / "plan.yaml", plan_data)
    out = folder / "plan.md"
    result = run("render", plan, "--format", "md", "-o", out)
    _no_crash(result)
    if result.exit_code == 0:
        expected = clean("开头" + text + "结尾").strip()
        body = out.read_text(encoding="utf-8")
        assert " ".join(expected.split()) in " ".join(body.split())


#: what a path a planner names may turn out to be
KINDS_OF_FILE = ["plan", "link to plan", "dangling link", "link loop", "fifo", "directory", "/dev/null", "/dev/zero",
                 "empty", "link to /etc/passwd"]


def _make(folder: Path, kind: str) -> Path:
    plan = folder / "plan.yaml"
    if kind.startswith("/dev/"):
        return Path(kind)
    if kind in ("plan", "link to plan"):
        plan.write_bytes((EXAMPLES / "harbin.yaml").read_bytes())
    if kind == "link to plan":
        (folder / "link.yaml").symlink_to(plan)
        return folder / "link.yaml"
    if kind == "dangling link":
        plan.symlink_to(folder / "nowhere.yaml")
    elif kind == "link loop":
        plan.symlink_to(plan)
    elif kind == "fifo":
        os.mkfifo(plan)
    elif kind == "directory":
        plan.mkdir()
    elif kind == "empty":
        plan.write_bytes(b"")
    elif kind == "link to /etc/passwd":
        plan.symlink_to("/etc/passwd")
    return plan


@SETTINGS
@given(kind=st.sampled_from(KINDS_OF_FILE), command=st.sampled_from(["validate", "render", "fix", "stats", "count"]))
def test_any_kind_of_file_is_read_or_refused_at_once(tmp_path_factory, kind, command):
    """Links, loops, FIFOs, directories and devices given where a plan is expected: a message, never a hang."""
    if os.name != "posix":
        return
    folder = tmp_path_factory.mktemp("kind")
    source = _make(folder, kind)
    started = time.monotonic()
    arguments = [command, source] + (["--format", "md", "-o", folder / "out.md"] if command == "render" else [])
    result = run(*arguments)
    _no_crash(result)
    assert time.monotonic() - started < SECONDS
    assert "root:x:" not in result.output


EXTENDS_TARGETS = ["/etc/passwd", "/proc/self/status", "/dev/zero", "../outside.yaml", "loop.yaml", "fifo.yaml",
                   "dir", "a\0b.yaml", "x" * 5000, "y" * 300 + ".yaml", "shared.yaml", "", " ", "~/x.yaml"]


@SETTINGS
@given(target=st.sampled_from(EXTENDS_TARGETS) | st.text(max_size=60))
def test_any_extends_target_is_read_or_refused(tmp_path_factory, target):
    if os.name != "posix":
        return
    root = tmp_path_factory.mktemp("extends")
    folder = root / "plan"
    folder.mkdir()
    (root / "outside.yaml").write_text("cover:\n  title: 别人的方案\n", encoding="utf-8")
    (folder / "shared.yaml").write_text("period: {start: 2027, end: 2029}\n", encoding="utf-8")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    os.mkfifo(folder / "fifo.yaml")
    (folder / "dir").mkdir()
    plan = folder / "plan.yaml"
    plan.write_text("extends: " + json.dumps(target, ensure_ascii=False) + "\ncover:\n  title: 标题\n",
                    encoding="utf-8", errors="surrogatepass")
    started = time.monotonic()
    result = run("validate", plan)
    _no_crash(result)
    assert time.monotonic() - started < SECONDS
    assert "别人的方案" not in result.output

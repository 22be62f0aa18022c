"""ecplan schema (editor completion) and ecplan templates list/copy (a client's restyled copy)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import docx
import jsonschema
import pytest
import yaml

from conftest import DEMO, EXAMPLES, run

SCHEMA_OF = {"demo-city": "city", "demo-base": "base", "chongqing": "brief", "harbin": "brief", "chengdu": "brief"}


def _as_editor_sees(path: Path):
    """The YAML as an editor's JSON view of it: dates become text."""
    def plain(value):
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict]:
    result = {}
    for kind in ("city", "base", "brief"):
        output = run("schema", "--type", kind)
        assert output.exit_code == 0
        result[kind] = json.loads(output.output)
        jsonschema.Draft202012Validator.check_schema(result[kind])
    return result


@pytest.mark.parametrize("example", sorted(SCHEMA_OF))
def test_examples_validate_against_the_generated_json_schema(schemas, example):
    validator = jsonschema.Draft202012Validator(schemas[SCHEMA_OF[example]])
    errors = [error.message for error in validator.iter_errors(_as_editor_sees(EXAMPLES / f"{example}.yaml"))]
    assert not errors, errors


def test_json_schema_carries_labels_descriptions_enums_and_required_fields(schemas):
    city = schemas["city"]
    cover = city["properties"]["cover"]
    assert cover["title"] == "封面" and "title" in cover["required"]
    assert cover["properties"]["city_status"]["enum"][0] == "省会城市"
    indicator = city["properties"]["targets"]["properties"]["indicators"]["items"]
    assert indicator["properties"]["kind"]["title"] == "指标类别" and "交易额" in indicator["properties"]["kind"]["enum"]
    assert indicator["additionalProperties"] is False
    assert "required" not in schemas["brief"]["properties"]["economy"]


def test_json_schema_catches_what_the_validator_catches(schemas, tmp_path):
    data = _as_editor_sees(DEMO)
    data["cover"]["city_status"] = "直辖"
    data["targets"]["indicators"][0]["unti"] = "亿元"
    messages = [e.message for e in jsonschema.Draft202012Validator(schemas["city"]).iter_errors(data)]
    assert any("直辖" in m for m in messages) and any("unti" in m for m in messages)


def test_templates_list_shows_every_builtin_and_where_it_comes_from(tmp_path):
    result = run("templates", "list")
    assert result.exit_code == 0
    for name in ("city-plan.docx", "base-plan.docx", "city-brief.docx", "city-plan.md.j2", "summary/tasks.txt.j2"):
        assert name in result.output
    assert run("templates", "copy", "city-brief.docx", tmp_path).exit_code == 0
    listed = run("templates", "list", "--template-dir", tmp_path).output
    line = next(line for line in listed.splitlines() if line.startswith("city-brief.docx"))
    assert str(tmp_path) in line


def test_a_copied_template_restyled_renders_with_the_new_style(tmp_path):
    assert run("templates", "copy", "city-plan.docx", tmp_path / "client").exit_code == 0
    copied = tmp_path / "client" / "city-plan.docx"
    document = docx.Document(str(copied))
    title = document.styles["Title"]
    fonts = title.element.rPr.rFonts
    fonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "华文中宋")
    document.save(str(copied))
    target = tmp_path / "plan.docx"
    result = run("render", DEMO, "-o", target, "--template-dir", tmp_path / "client")
    assert result.exit_code == 0, result.output
    rendered = docx.Document(str(target))
    east_asia = rendered.styles["Title"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east_asia == "华文中宋"


def test_templates_copy_never_overwrites_and_names_what_exists(tmp_path):
    assert run("templates", "copy", "all", tmp_path).exit_code == 0
    assert (tmp_path / "summary" / "tasks.txt.j2").exists()
    (tmp_path / "city-plan.md.j2").write_text("客户改过的模板", encoding="utf-8")
    again = run("templates", "copy", "city-plan.md.j2", tmp_path)
    assert again.exit_code == 1 and "--force" in again.output
    assert (tmp_path / "city-plan.md.j2").read_text(encoding="utf-8") == "客户改过的模板"
    missing = run("templates", "copy", "nope.docx", tmp_path)
    assert missing.exit_code == 1 and "city-plan.docx" in missing.output and "Traceback" not in missing.output

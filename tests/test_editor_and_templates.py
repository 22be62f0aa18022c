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

SCHEMA_OF = {"demo-city": "city", "demo-base": "base", "chongqing": "brief", "harbin": "brief", "chengdu": "brief",
             "yunxi": "city"}


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
    city = schemas["city"]["$defs"]["complete"]
    cover = city["properties"]["cover"]
    assert cover["title"] == "封面" and "title" in cover["required"]
    assert cover["properties"]["city_status"]["enum"][0] == "省会城市"
    indicator = city["properties"]["targets"]["properties"]["indicators"]["items"]
    assert indicator["properties"]["kind"]["title"] == "指标类别" and "交易额" in indicator["properties"]["kind"]["enum"]
    assert indicator["additionalProperties"] is False
    assert "required" not in schemas["brief"]["$defs"]["complete"]["properties"]["economy"]
    assert schemas["city"]["properties"]["cover"]["properties"]["city_status"]["title"]  # completion without extends


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


def _merge(scaffold, values):
    """The scaffold's structure filled with ``values`` (lists are taken from ``values`` as they are)."""
    if isinstance(scaffold, dict) and isinstance(values, dict):
        merged = dict(scaffold)
        for key, value in values.items():
            merged[key] = _merge(scaffold.get(key), value)
        return merged
    return values


@pytest.mark.parametrize(("plan_type", "example"), [("city", "demo-city"), ("base", "demo-base")])
def test_init_scaffold_lists_what_to_fill_and_validates_once_filled(tmp_path, plan_type, example):
    target = tmp_path / "new.yaml"
    result = run("init", "--type", plan_type, target)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# 方案标题：" in text and "（必填）" in text
    checked = run("validate", target)
    assert checked.exit_code == 1 and "Traceback" not in checked.output
    cover_title = next(line for line in checked.output.splitlines() if "[cover.title]" in line)
    assert cover_title.startswith(f"{target}:{text.splitlines().index('  title:') + 1}:")
    assert len([line for line in checked.output.splitlines() if " 错误 " in line]) > 50
    filled = _merge(yaml.safe_load(text), yaml.safe_load((EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8")))
    plan = tmp_path / "filled.yaml"
    plan.write_text(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("validate", plan)
    assert result.exit_code == 0 and "0 个错误，0 个警告" in result.output, result.output


def test_init_never_overwrites(tmp_path):
    target = tmp_path / "plan.yaml"
    target.write_text("cover: {}\n", encoding="utf-8")
    result = run("init", target)
    assert result.exit_code == 1 and "已存在" in result.output
    assert target.read_text(encoding="utf-8") == "cover: {}\n"


def test_json_schema_accepts_extends_and_added_lists(schemas, tmp_path):
    validator = jsonschema.Draft202012Validator(schemas["city"])
    shared_file = {"extends": "shared/standard.yaml", "cover": {"title": "某市创建国家电子商务示范城市工作方案"},
                   "safeguards": {"other+": [{"title": "加强人才保障", "text": "实施电子商务人才培养计划。"}]}}
    assert not [error.message for error in validator.iter_errors(shared_file)]
    without = {key: value for key, value in shared_file.items() if key != "extends"}
    assert any("required" in error.message for error in validator.iter_errors(without))


def _png(width: int, height: int) -> bytes:
    """A small solid-red PNG, written by hand (no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_a_copied_template_with_a_logo_on_the_cover_renders_it(tmp_path):
    assert run("templates", "copy", "city-plan.docx", tmp_path / "client").exit_code == 0
    copied = tmp_path / "client" / "city-plan.docx"
    (tmp_path / "logo.png").write_bytes(_png(40, 20))
    document = docx.Document(str(copied))
    cover = document.paragraphs[0]
    cover.insert_paragraph_before().add_run().add_picture(str(tmp_path / "logo.png"), width=docx.shared.Mm(30))
    document.save(str(copied))
    target = tmp_path / "plan.docx"
    result = run("render", DEMO, "-o", target, "--template-dir", tmp_path / "client", "--no-charts")
    assert result.exit_code == 0, result.output
    rendered = docx.Document(str(target))
    pictures = rendered.inline_shapes
    assert len(pictures) == 1 and abs(pictures[0].width - docx.shared.Mm(30)) < docx.shared.Mm(0.1)
    assert rendered.paragraphs[0].runs[0].element.xpath(".//pic:pic")  # still first on the cover
    blobs = [part.blob for part in rendered.part.package.parts if part.partname.startswith("/word/media/")]
    assert blobs == [(tmp_path / "logo.png").read_bytes()]

"""The streaming renderer writes the document docxtpl writes: compared part by part, in canonical XML."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from conftest import EXAMPLES, client_template_dir, run
from generator.charts import draw_all
from generator.formats import docx_fill, docx_prepare, docx_stream
from generator.pipeline import check
from generator.templating import builtin_dir, environment
from generator.validate import usable_data


def _canonical(xml: bytes) -> bytes:
    """The XML as a reader of it sees it: canonical form, whitespace between elements ignored."""
    return etree.tostring(etree.fromstring(xml, etree.XMLParser(remove_blank_text=True)), method="c14n")


def _relationships(xml: bytes) -> list[tuple[str, str]]:
    return sorted((rel.get("Type"), rel.get("Target")) for rel in etree.fromstring(xml))


def _core(xml: bytes) -> dict[str, str]:
    return {etree.QName(child).localname: child.text or "" for child in etree.fromstring(xml)}


def assert_same_document(streamed: dict[str, bytes], reference: dict[str, bytes]) -> None:
    assert sorted(streamed) == sorted(reference)
    for name, data in reference.items():
        if name.endswith(".rels"):
            assert _relationships(streamed[name]) == _relationships(data), name
        elif name == "docProps/core.xml":
            assert _core(streamed[name]) == _core(data)
        elif name == "[Content_Types].xml":
            assert ({(e.get("Extension"), e.get("PartName"), e.get("ContentType")) for e in etree.fromstring(data)}
                    == {(e.get("Extension"), e.get("PartName"), e.get("ContentType"))
                        for e in etree.fromstring(streamed[name])})
        elif name.endswith(".xml"):
            assert _canonical(streamed[name]) == _canonical(data), name
        else:
            assert streamed[name] == data, name


def _context(path: Path, template_dir: Path | None = None) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """The master template's name, the render context and the drawn figures of a plan, as ``render`` has them."""
    checked = check(path)
    data = usable_data(checked.plan.data)
    pictures, _ = draw_all(data, checked.doctype.figures)
    return checked.doctype.template, checked.doctype.build(data, template_dir, frozenset(pictures)), pictures


@pytest.mark.parametrize("example", ["demo-city.yaml", "demo-base.yaml", "chongqing.yaml"])
def test_streaming_writes_what_docxtpl_writes(example: str):
    name, context, pictures = _context(EXAMPLES / example)
    assert docx_prepare.prepared(builtin_dir() / name).streamable
    assert_same_document(docx_fill.render_docx(context, name, None, pictures),
                         docx_fill.render_with_docxtpl(context, name, None, pictures))


def test_chunks_cut_between_paragraphs_change_nothing(monkeypatch: pytest.MonkeyPatch):
    name, context, pictures = _context(EXAMPLES / "demo-city.yaml")
    whole = docx_fill.render_docx(context, name, None, pictures)
    monkeypatch.setattr(docx_stream, "CHUNK", 200)
    assert docx_fill.render_docx(context, name, None, pictures) == whole


def test_a_client_template_streams_like_docxtpl(tmp_path: Path):
    folder = client_template_dir(tmp_path, "本方案由{{ cover.applicant }}负责解释。")
    name, context, pictures = _context(EXAMPLES / "demo-city.yaml", folder)
    streamed = docx_fill.render_docx(context, name, folder, pictures)
    assert_same_document(streamed, docx_fill.render_with_docxtpl(context, name, folder, pictures))
    assert "本方案由示例市人民政府负责解释。".encode() in streamed["word/document.xml"]


def test_text_with_tabs_and_breaks_becomes_runs_as_in_docxtpl():
    from docxtpl import DocxTemplate

    paragraph = ('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
                 '<w:t xml:space="preserve">甲\t乙\n丙\a丁\f戊</w:t></w:r><w:r><w:t>己</w:t></w:r></w:p>')
    assert docx_stream.listing(paragraph) == DocxTemplate.resolve_listing(None, paragraph)
    assert "<w:br/>" in docx_stream.listing(paragraph) and "<w:tab/>" in docx_stream.listing(paragraph)


def _table_loop_template(tmp_path: Path) -> Path:
    """A client template with a docxtpl column loop ({%tc %}), which needs docxtpl's repair of the table grid."""
    folder = tmp_path / "columns"
    folder.mkdir()
    document = docx.Document(str(builtin_dir() / "city-plan.docx"))
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["{%tc for year in ['2025年', '2026年', '2027年'] %}", "{{ year }}",
                                                 "{%tc endfor %}"]):
        cell.text = text
    document.save(str(folder / "city-plan.docx"))
    return folder


def test_a_template_with_column_loops_goes_through_docxtpl(tmp_path: Path):
    folder = _table_loop_template(tmp_path)
    assert not docx_prepare.prepared(folder / "city-plan.docx").streamable
    out = tmp_path / "plan.docx"
    result = run("render", str(EXAMPLES / "demo-city.yaml"), "-o", str(out), "--template-dir", str(folder),
                 "--no-charts")
    assert result.exit_code == 0, result.output
    table = docx.Document(str(out)).tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == ["2025年", "2026年", "2027年"]


def test_output_that_is_not_well_formed_is_left_to_docxtpl(tmp_path: Path):
    folder = client_template_dir(tmp_path, '{{ "<w:r>" | safe }}')
    name, context, pictures = _context(EXAMPLES / "demo-city.yaml", folder)
    template = docx_prepare.prepared(folder / "city-plan.docx")
    assert docx_fill.render_streaming(template, context, name, environment(folder), pictures) is None
    parts = docx_fill.render_docx(context, name, folder, pictures)  # docxtpl's parser repairs it
    assert zipfile.ZipFile(io.BytesIO(_zipped(parts))).testzip() is None


def _zipped(parts: dict[str, bytes]) -> bytes:
    from generator.formats.docx import finalize

    return finalize(parts)


def test_a_prepared_template_is_kept_between_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ECPLAN_CACHE_DIR", str(tmp_path / "cache"))
    docx_prepare._PREPARED.clear()
    first = docx_prepare.prepared(builtin_dir() / "city-plan.docx")
    assert list((tmp_path / "cache" / "prepared").glob("*.tpl"))
    docx_prepare._PREPARED.clear()
    again = docx_prepare.prepared(builtin_dir() / "city-plan.docx")
    assert again == first and again is not first


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken", None])
def test_a_damaged_client_template_is_named_without_a_traceback(tmp_path: Path, content: bytes | None):
    folder = tmp_path / "client"
    folder.mkdir()
    if content is None:  # a real zip without a body
        with zipfile.ZipFile(folder / "city-plan.docx", "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
    else:
        (folder / "city-plan.docx").write_bytes(content)
    result = run("render", str(EXAMPLES / "demo-city.yaml"), "-o", str(tmp_path / "plan.docx"), "--template-dir",
                 str(folder))
    assert result.exit_code == 1
    assert "不是有效的 Word 模板" in result.output and "city-plan.docx" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "plan.docx").exists()


def test_a_damaged_prepared_template_in_the_cache_is_prepared_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import marshal

    monkeypatch.setenv("ECPLAN_CACHE_DIR", str(tmp_path / "cache"))
    docx_prepare._PREPARED.clear()
    first = docx_prepare.prepared(builtin_dir() / "city-plan.docx")
    for entry in (tmp_path / "cache" / "prepared").glob("*.tpl"):
        entry.write_bytes(marshal.dumps((1, 2, 3, 4, 5, 6, 7)))
    docx_prepare._PREPARED.clear()
    assert docx_prepare.prepared(builtin_dir() / "city-plan.docx") == first

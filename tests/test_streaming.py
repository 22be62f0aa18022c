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
from generator import docx_render, docx_stream
from generator.kinds import build
from generator.pipeline import chosen_charts, load_and_validate
from generator.templating import builtin_dir, environment


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


def _context(path: Path, template_dir: Path | None = None) -> tuple[str, dict[str, Any]]:
    plan, _, kind = load_and_validate(path)
    return kind.key, build(kind, plan.data, template_dir, chosen_charts(plan, kind))


@pytest.mark.parametrize("example", ["demo-city.yaml", "demo-base.yaml", "chongqing.yaml"])
def test_streaming_writes_what_docxtpl_writes(example: str):
    kind, context = _context(EXAMPLES / example)
    assert docx_stream.prepared(builtin_dir() / docx_render.TEMPLATES[kind]).streamable
    assert_same_document(docx_render.render_docx(context, kind), docx_render.render_with_docxtpl(context, kind))


def test_chunks_cut_between_paragraphs_change_nothing(monkeypatch: pytest.MonkeyPatch):
    kind, context = _context(EXAMPLES / "demo-city.yaml")
    whole = docx_render.render_docx(context, kind)
    monkeypatch.setattr(docx_stream, "CHUNK", 200)
    assert docx_render.render_docx(context, kind) == whole


def test_a_client_template_streams_like_docxtpl(tmp_path: Path):
    folder = client_template_dir(tmp_path, "本方案由{{ cover.applicant }}负责解释。")
    kind, context = _context(EXAMPLES / "demo-city.yaml", folder)
    streamed = docx_render.render_docx(context, kind, folder)
    assert_same_document(streamed, docx_render.render_with_docxtpl(context, kind, folder))
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
    assert not docx_stream.prepared(folder / "city-plan.docx").streamable
    out = tmp_path / "plan.docx"
    result = run("render", str(EXAMPLES / "demo-city.yaml"), "-o", str(out), "--template-dir", str(folder),
                 "--no-charts")
    assert result.exit_code == 0, result.output
    table = docx.Document(str(out)).tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == ["2025年", "2026年", "2027年"]


def test_output_that_is_not_well_formed_is_left_to_docxtpl(tmp_path: Path):
    folder = client_template_dir(tmp_path, '{{ "<w:r>" | safe }}')
    kind, context = _context(EXAMPLES / "demo-city.yaml", folder)
    template = docx_stream.prepared(folder / "city-plan.docx")
    assert docx_render.render_streaming(template, context, "city-plan.docx", environment(folder)) is None
    parts = docx_render.render_docx(context, kind, folder)  # docxtpl's parser repairs it
    assert zipfile.ZipFile(io.BytesIO(_zipped(parts))).testzip() is None


def _zipped(parts: dict[str, bytes]) -> bytes:
    from generator.output import finalize_docx

    return finalize_docx(parts)


def test_a_prepared_template_is_kept_between_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ECPLAN_CACHE_DIR", str(tmp_path / "cache"))
    docx_stream._PREPARED.clear()
    first = docx_stream.prepared(builtin_dir() / "city-plan.docx")
    assert list((tmp_path / "cache" / "prepared").glob("*.tpl"))
    docx_stream._PREPARED.clear()
    again = docx_stream.prepared(builtin_dir() / "city-plan.docx")
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
    docx_stream._PREPARED.clear()
    first = docx_stream.prepared(builtin_dir() / "city-plan.docx")
    for entry in (tmp_path / "cache" / "prepared").glob("*.tpl"):
        entry.write_bytes(marshal.dumps((1, 2, 3, 4, 5, 6, 7)))
    docx_stream._PREPARED.clear()
    assert docx_stream.prepared(builtin_dir() / "city-plan.docx") == first

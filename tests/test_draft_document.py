"""The draft as its readers see it: the status mark on the first page and in every page's header, following the
plan's stated stage; each placeholder highlighted where it stands; a final plan unmarked — in the .docx, the
Markdown, a client's template with its own header, and (once) the PDF's pages."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX

from conftest import DEMO, client_template_dir, run
from pdf_pages import MM, read_pages


def _staged(stage: str | None, gdp_owed: bool = False):
    def change(data: dict[str, Any]) -> None:
        if stage:
            data["cover"]["stage"] = stage
        if gdp_owed:
            data["economy"]["overview"]["gdp"] = "待补充（市统计局）"
    return change


def _headers(document: Any) -> list[str]:
    texts = []
    for section in document.sections:
        for header in (section.header, section.even_page_header):
            texts.append("\n".join(p.text for p in header.paragraphs))
    return texts


@pytest.mark.parametrize("stage", ["初稿", "征求意见稿", "送审稿"])
def test_the_stated_stage_is_marked_on_the_first_page_and_in_every_header(stage: str, mutated, tmp_path: Path):
    out = tmp_path / "plan.docx"
    result = run("render", mutated(_staged(stage)), "-o", out)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    first = document.paragraphs[0]
    assert first.text == stage
    assert first.runs[0].font.size.pt == 16 and first.alignment == 2  # 三号, right
    headers = _headers(document)
    assert len(headers) == 2 * len(document.sections) == 6
    assert all(text == stage for text in headers), headers
    cover = document.sections[0]
    assert cover.different_first_page_header_footer and not cover.first_page_header.paragraphs[0].text  # once on it
    assert document.core_properties.content_status == stage
    md = tmp_path / "plan.md"
    assert run("render", mutated(_staged(stage)), "--format", "md", "-o", md).exit_code == 0
    assert md.read_text(encoding="utf-8").splitlines()[1] == f"**{stage}**"


@pytest.mark.parametrize("stage", [None, "定稿"])
def test_a_final_plan_carries_no_mark(stage: str | None, mutated, tmp_path: Path):
    out = tmp_path / "plan.docx"
    assert run("render", mutated(_staged(stage)), "-o", out).exit_code == 0
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == ""           # the cover's first spacing line, as the template has it
    assert not any(_headers(document))
    assert not document.core_properties.content_status
    same = tmp_path / "demo.docx"
    assert run("render", DEMO, "-o", same).exit_code == 0
    if stage == "定稿":  # stating the final stage changes nothing in the document
        with_stage = docx.Document(str(out))
        assert [p.text for p in with_stage.paragraphs] == [p.text for p in docx.Document(str(same)).paragraphs]


def test_a_draft_with_gaps_is_an_初稿_unless_it_states_its_stage(mutated, tmp_path: Path):
    out = tmp_path / "draft.docx"
    assert run("render", "--draft", mutated(_staged(None, gdp_owed=True)), "-o", out).exit_code == 0
    assert docx.Document(str(out)).paragraphs[0].text == "初稿"
    assert run("render", "--draft", mutated(_staged("征求意见稿", gdp_owed=True)), "-o", out, "--force").exit_code == 0
    assert set(_headers(docx.Document(str(out)))) == {"征求意见稿"}


def test_each_placeholder_is_highlighted_where_it_stands_and_nothing_else(mutated, tmp_path: Path):
    def owed(data: dict[str, Any]) -> None:
        data["economy"]["overview"]["gdp"] = "待补充（市统计局）"
        data["economy"]["overview"]["location"] = "示例市地处长江中游，辖XX个区、3个县。"
    out = tmp_path / "draft.docx"
    assert run("render", "--draft", mutated(owed), "-o", out).exit_code == 0
    document = docx.Document(str(out))
    paragraphs = document.paragraphs
    body = paragraphs[:[p.text for p in paragraphs].index("待补充事项清单")]   # the list at the end quotes gaps again
    highlighted = [(p.text, r.text) for p in body for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert [run_text for _, run_text in highlighted] == ["XX", "【待补充：地区生产总值（市统计局）】"]
    sentence = next(text for text, run_text in highlighted if run_text.startswith("【"))
    assert "地区生产总值【待补充：地区生产总值（市统计局）】；三次产业增加值" in sentence
    paragraph = next(p for p in document.paragraphs if "辖XX个区" in p.text)
    assert [r.text for r in paragraph.runs] == ["示例市地处长江中游，辖", "XX", "个区、3个县。"]
    assert len({r.font.name for r in paragraph.runs}) == 1  # the pieces keep the run's own formatting


def test_a_client_templates_own_header_keeps_its_text_and_gains_the_mark(mutated, tmp_path: Path):
    folder = client_template_dir(tmp_path, "")
    template = docx.Document(str(folder / "city-plan.docx"))
    for section in template.sections:
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = "示例咨询公司"
    template.save(str(folder / "city-plan.docx"))
    out = tmp_path / "plan.docx"
    result = run("render", mutated(_staged("送审稿")), "--template-dir", folder, "-o", out)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert all(section.header.paragraphs[0].text == "示例咨询公司" for section in document.sections)
    assert all(section.header.paragraphs[-1].text == "送审稿" for section in document.sections)


def test_the_same_draft_gives_the_same_bytes(mutated, tmp_path: Path):
    plan = mutated(_staged("征求意见稿", gdp_owed=True))
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run("render", "--draft", plan, "-o", first).exit_code == 0
    assert run("render", "--draft", plan, "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler-utils are not installed; CI installs them")
def test_on_the_pages_the_mark_heads_every_page_and_the_gap_is_yellow(mutated, tmp_path: Path):
    from PIL import Image

    out = tmp_path / "draft.docx"
    result = run("render", "--draft", mutated(_staged("征求意见稿", gdp_owed=True)), "-o", out, "--png",
                 tmp_path / "pages")
    assert result.exit_code == 0, result.output
    pages = read_pages(tmp_path / "draft.pdf")
    cover = [line for line in pages[0].lines if line.text == "征求意见稿"]
    assert len(cover) == 1 and cover[0].y0 > 36 * MM and cover[0].x1 > pages[0].width - 30 * MM  # once, top right
    for page in pages[1:]:
        top = min(page.lines, key=lambda line: line.y0)
        assert top.text == "征求意见稿" and top.y1 < 37 * MM, (page.number, top)  # in the top margin, above the text
    gap = next(page for page in pages if "待补充：地区生产总值" in page.text.replace("\n", ""))
    images = sorted((tmp_path / "pages").glob("*.png"))
    assert _yellow(Image.open(images[gap.number - 1])) > 500
    assert _yellow(Image.open(images[0])) == 0   # no gap on the cover


def _yellow(image: Any) -> int:
    data = image.convert("RGB").tobytes()
    return sum(1 for r, g, b in zip(data[0::3], data[1::3], data[2::3]) if r > 220 and g > 220 and b < 80)

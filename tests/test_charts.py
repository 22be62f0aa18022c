"""Figures: in the document with their captions, drawn in a real CJK font with no missing glyphs, reproducible,
and left out (with a clear warning) when they cannot be drawn."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import docx
import pytest
import yaml

from conftest import DEMO, EXAMPLES, run, write_plan
from generator import chart_drawings, charts
from generator import doctypes

pytest.importorskip("matplotlib")
needs_cjk_font = pytest.mark.skipif(charts.cjk_font() is None, reason="no CJK font installed (fonts-noto-cjk)")
pytestmark = needs_cjk_font

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def demo_docx(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    target = tmp_path_factory.mktemp("charts") / "demo.docx"
    result = run("render", DEMO, "-o", target)
    assert result.exit_code == 0, result.output
    return target, result.output


def _figure_paragraphs(path: Path) -> list[tuple[docx.text.paragraph.Paragraph, docx.text.paragraph.Paragraph]]:
    paragraphs = docx.Document(str(path)).paragraphs
    return [(p, paragraphs[i + 1]) for i, p in enumerate(paragraphs) if p.style.name == "图"]


def test_demo_has_three_figures_with_numbered_captions_below(demo_docx):
    path, output = demo_docx
    figures = _figure_paragraphs(path)
    captions = [caption.text for _, caption in figures]
    assert captions == ["图1 创建工作具体目标（基期值与目标值，按单位分组）", "图2 电子商务交易额分年度目标",
                        "图3 重点工程投资（按支持方向）"]
    assert all(caption.style.name == "图题" for _, caption in figures)
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "基期值与目标值的对比见图1，分年度目标见图2" in text and "各支持方向的投资见图3" in text
    for picture, _ in figures:
        assert picture._p.xpath(".//pic:pic")
    shapes = document.inline_shapes
    assert len(shapes) == 3
    assert all(shape.width <= docx.shared.Mm(156.05) for shape in shapes)       # within the text block
    assert all(shape.height <= docx.shared.Mm(225) for shape in shapes)
    assert "缺少部分字符" not in output and "图表已略去" not in output


def test_figure_order_follows_the_text(demo_docx):
    path, _ = demo_docx
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    table_reference = next(i for i, t in enumerate(texts) if "主要指标如表1所示" in t)
    first, second = texts.index("图1 创建工作具体目标（基期值与目标值，按单位分组）"), texts.index("图2 电子商务交易额分年度目标")
    projects = next(i for i, t in enumerate(texts) if "各支持方向的投资见图3" in t)
    assert table_reference < first < second < projects < texts.index("图3 重点工程投资（按支持方向）")


def _blocks(source: Path, kind: str = "city") -> list[dict]:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    doctype = doctypes.get(kind)
    return [b for b in doctype.build(data, None, frozenset(doctype.figures))["blocks"] if b["kind"] == "figure"]


def test_figure_text_uses_a_cjk_font_and_no_glyph_is_missing():
    from matplotlib.ft2font import FT2Font

    family, path = charts.cjk_font()
    assert family in charts.CJK_FAMILIES
    face = FT2Font(path)
    for block in _blocks(DEMO):
        drawn = charts.draw(block)
        assert drawn.font == family and drawn.missing_glyphs == [], block["text"]
        labels = "".join(item["name"] for group in block["data"].get("groups", []) for item in group["items"])
        labels += "".join(row["direction"] for row in block["data"].get("rows", []))
        assert all(face.get_char_index(ord(ch)) for ch in set(labels + "单位基期目标政府投资社会年"))


def test_pngs_are_reproducible_high_resolution_and_carry_no_time(demo_docx, tmp_path):
    path, _ = demo_docx
    again = tmp_path / "again.docx"
    assert run("render", DEMO, "-o", again).exit_code == 0
    assert again.read_bytes() == path.read_bytes()
    from PIL import Image

    for block in _blocks(DEMO):
        png = charts.draw(block).png
        chunks, offset = [], 8
        while offset < len(png):
            length, kind = struct.unpack(">I4s", png[offset:offset + 8])
            chunks.append(kind)
            offset += 12 + length
        assert b"tIME" not in chunks and b"tEXt" not in chunks and b"iTXt" not in chunks
        image = Image.open(__import__("io").BytesIO(png))
        assert 200 <= round(image.info["dpi"][0]) <= 300
        assert image.size[0] == round(charts.WIDTH_MM / 25.4 * charts.DPI)


def test_no_charts_and_single_switches(tmp_path, demo_data):
    plain = tmp_path / "plain.docx"
    assert run("render", DEMO, "-o", plain, "--no-charts").exit_code == 0
    document = docx.Document(str(plain))
    assert len(document.inline_shapes) == 0
    assert not any(p.text.startswith("图") and p.style.name == "图题" for p in document.paragraphs)
    assert "见图" not in "\n".join(p.text for p in document.paragraphs)

    data = {**demo_data, "charts": {"trajectory": False}}
    plan = write_plan(tmp_path / "plan.yaml", data)
    target = tmp_path / "plan.docx"
    assert run("render", plan, "-o", target).exit_code == 0
    captions = [caption.text for _, caption in _figure_paragraphs(target)]
    assert captions == ["图1 创建工作具体目标（基期值与目标值，按单位分组）", "图2 重点工程投资（按支持方向）"]
    bad = write_plan(tmp_path / "bad.yaml", {**demo_data, "charts": {"trajectory": "不要"}})
    checked = run("validate", bad)
    assert checked.exit_code == 1 and "[charts.trajectory]" in checked.output


def test_without_a_cjk_font_the_plan_renders_without_figures(tmp_path, monkeypatch):
    monkeypatch.setenv("ECPLAN_CACHE_DIR", "off")
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    target = tmp_path / "plan.docx"
    result = run("render", DEMO, "-o", target)
    assert result.exit_code == 0, result.output
    assert "未找到中文字体" in result.output and "fonts-noto-cjk" in result.output
    assert len(docx.Document(str(target)).inline_shapes) == 0


def test_without_matplotlib_the_plan_renders_and_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("ECPLAN_CACHE_DIR", "off")
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    target = tmp_path / "plan.docx"
    result = run("render", DEMO, "-o", target)
    assert result.exit_code == 0, result.output
    assert "ecplan[charts]" in result.output
    assert len(docx.Document(str(target)).inline_shapes) == 0


def test_base_plan_and_markdown_carry_the_figures(tmp_path):
    base = tmp_path / "base.docx"
    assert run("render", EXAMPLES / "demo-base.yaml", "-o", base).exit_code == 0
    assert _figure_paragraphs(base)[0][1].text.startswith("图1 创建工作具体目标")
    markdown = tmp_path / "demo.md"
    assert run("render", DEMO, "--format", "md", "-o", markdown).exit_code == 0
    assert "*[图3 重点工程投资（按支持方向）：见 Word 文档]*" in markdown.read_text(encoding="utf-8")


def test_balanced_label_lines():
    assert chart_drawings.wrap("规模以上企业电子商务应用普及率", 14) == "规模以上企业电子\n商务应用普及率"
    assert chart_drawings.wrap("电子商务交易额", 14) == "电子商务交易额"


def test_figures_drawn_once_are_taken_from_the_cache_without_matplotlib(tmp_path, monkeypatch):
    import subprocess

    from conftest import ROOT

    monkeypatch.setenv("ECPLAN_CACHE_DIR", str(tmp_path / "cache"))
    first, second = tmp_path / "first.docx", tmp_path / "second.docx"
    assert run("render", DEMO, "-o", first).exit_code == 0
    assert len(list((tmp_path / "cache" / "charts").glob("*.png"))) == 3
    probe = ("import sys; from generator.options import RenderOptions; from generator.pipeline import render_file; "
             f"render_file({str(DEMO)!r}, RenderOptions(output={str(second)!r})); print('matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.stdout.strip() == "False", done.stderr
    assert second.read_bytes() == first.read_bytes()
    monkeypatch.setenv("ECPLAN_CACHE_DIR", "off")
    third = tmp_path / "third.docx"
    assert run("render", DEMO, "-o", third).exit_code == 0
    assert third.read_bytes() == first.read_bytes()


def test_a_damaged_cache_entry_is_drawn_again(tmp_path, monkeypatch):
    monkeypatch.setenv("ECPLAN_CACHE_DIR", str(tmp_path / "cache"))
    assert run("render", DEMO, "-o", tmp_path / "a.docx").exit_code == 0
    for png in (tmp_path / "cache" / "charts").glob("*.png"):
        png.write_bytes(b"not a png")
    assert run("render", DEMO, "-o", tmp_path / "b.docx").exit_code == 0
    assert (tmp_path / "b.docx").read_bytes() == (tmp_path / "a.docx").read_bytes()


def test_a_figure_of_nothing_but_zeros_or_unknowns_is_not_drawn(mutated, tmp_path):
    from generator import figures

    def zeros(data):
        for item in data["targets"]["indicators"]:
            item["baseline"]["value"] = 0
            item["target"] = {"year": 2029, "text": "待定目标"}
        for project in data["projects"]["items"]:
            project["investment"].update(total=0, government=0)
    data = yaml.safe_load(mutated(zeros).read_text(encoding="utf-8"))
    assert figures.indicators(data) is None and figures.investment(data) is None

    def unknown(data):
        for item in data["targets"]["indicators"]:
            item["baseline"]["value"] = item["target"]["value"] = "待补充（市统计局）"
            item.pop("yearly", None)
            item.pop("growth", None)
        for project in data["projects"]["items"]:
            project["investment"]["total"] = "待补充（市发展改革委）"
            project["investment"].pop("government", None)
        data["projects"].pop("total_investment", None)
    out = tmp_path / "draft.docx"
    result = run("render", "--draft", mutated(unknown), "-o", out)
    assert result.exit_code == 0, result.output
    captions = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "图题"]
    assert captions == [], captions

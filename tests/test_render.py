"""ecplan render on the demo: the document a reviewer opens, checked through python-docx."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from conftest import DEMO, client_template_dir, run
from generator.doctypes.city.outline import CITY_CHAPTERS, TASK_GROUPS
from generator.doctypes.outline import cn_number

@pytest.fixture(scope="module")
def demo_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render") / "demo.docx"
    result = run("render", DEMO, "-o", out)
    assert result.exit_code == 0, result.output
    assert "摘要" in result.output and "已生成" in result.output
    return out


def _styled(path: Path, style: str) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == style]


def test_six_chapters_in_official_order_and_wording(demo_docx: Path):
    expected = [f"{cn_number(n)}、{chapter.title}" for n, chapter in enumerate(CITY_CHAPTERS, start=1)]
    assert _styled(demo_docx, "Heading 1") == expected


def test_every_outline_sub_item_is_its_own_heading(demo_docx: Path):
    level2 = [text.replace("\n", "") for text in _styled(demo_docx, "Heading 2")]   # a long one is broken in two
    for chapter in CITY_CHAPTERS:
        for number, item in enumerate(chapter.items, start=1):
            assert f"（{cn_number(number)}）{item.title}" in level2
    tasks = level2[level2.index("（一）完善电子商务政策法规环境"):]
    assert [t.split("）", 1)[1] for t in tasks[:5]] == [g.title for g in TASK_GROUPS]
    assert tasks[5] == "（六）加强电子商务人才队伍建设"       # the city's own group continues the numbering
    assert tasks[6] == "（七）创建工作重点工程"


def test_four_tables_carry_the_demo_data(demo_docx: Path):
    tables = docx.Document(str(demo_docx)).tables
    assert len(tables) == 4
    text = ["\n".join(" | ".join(c.text.replace("\n", "") for c in row.cells) for row in t.rows) for t in tables]
    indicators, projects, funding, tasks = text
    assert "1 | 电子商务交易额 | 亿元 | 2025 | 6850 | 2029 | 12000 | 15.0 | 增速11.5%" in indicators   # what 11.5 is
    assert "| 合计 |" in projects and "58000 | 17400" in projects
    assert "2027年 | 10000 | 市级电子商务发展专项资金" in funding and "合计 | 34000 |" in funding   # one unit: 万元
    assert "建立电子商务统计监测制度 | 市统计局 | 市商务局、市市场监督管理局、市大数据中心 | 2027年9月" in tasks
    header = tables[0].rows[0].cells[0].paragraphs[0]
    assert header.style.name == "表头文字" and tables[0].rows[1].cells[0].paragraphs[0].style.name == "表格文字"


def test_page_setup_fields_and_toc(demo_docx: Path):
    document = docx.Document(str(demo_docx))
    assert len(document.sections) == 3
    for section in document.sections:
        measured = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                    section.left_margin, section.right_margin)
        for value, expected in zip(measured, (210, 297, 37, 35, 28, 26)):
            assert abs(value - Mm(expected)) < Mm(0.1)   # twips round to 1/56.7 mm
    body = document.sections[2]
    for footer in (body.footer, body.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "— " in xml and " —" in xml
    assert body.footer.paragraphs[0].style.name == "Footer"
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert document.sections[0].footer.is_linked_to_previous  # cover and 目录 carry no page number
    xml = document.element.xml
    assert 'TOC \\o "1-2"' in xml                                  # two levels by default
    toc = [p.text for p in document.paragraphs if p.style.name.startswith("toc ")]
    assert toc[0] == "一、摘要" and "（三）城市电子商务发展存在的\n主要问题及拟采取的应对措施" in toc  # between words
    assert not any(text.startswith("1.") for text in toc) and "创建工作任务分工表" in toc   # 附件 are listed
    settings = document.settings.element
    # without page numbers in the 目录 (no LibreOffice), Word is asked to update it on opening
    assert settings.find(qn("w:updateFields")) is not None and settings.find(qn("w:evenAndOddHeaders")) is not None


def _east_asia(style) -> str | None:
    fonts = style.element.find(qn("w:rPr"))
    fonts = fonts.find(qn("w:rFonts")) if fonts is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


@pytest.mark.parametrize(("style", "east_asia", "ascii_font"), [
    ("Normal", "仿宋_GB2312", "Times New Roman"), ("Heading 1", "黑体", "Times New Roman"),
    ("Heading 2", "楷体_GB2312", "Times New Roman"), ("Heading 3", "仿宋_GB2312", "Times New Roman"),
    ("Heading 4", "仿宋_GB2312", "Times New Roman"), ("Title", "方正小标宋简体", "Times New Roman"),
    ("表头文字", "黑体", "Times New Roman"), ("表格文字", "仿宋_GB2312", "Times New Roman"),
])
def test_fonts_of_heading_body_and_table_styles(demo_docx: Path, style: str, east_asia: str, ascii_font: str):
    found = docx.Document(str(demo_docx)).styles[style]
    assert _east_asia(found) == east_asia
    assert found.font.name == ascii_font


def test_every_style_in_use_names_its_east_asian_font_and_no_theme_font(demo_docx: Path):
    document = docx.Document(str(demo_docx))
    used = {p.style.name for p in document.paragraphs}
    used |= {p.style.name for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs}
    for section in document.sections:
        used |= {p.style.name for p in section.footer.paragraphs + section.even_page_footer.paragraphs}
    for name in used:
        assert _east_asia(document.styles[name]), f"style {name} has no East Asian font"
    with zipfile.ZipFile(demo_docx) as archive:
        styles = archive.read("word/styles.xml").decode()
        body = archive.read("word/document.xml").decode()
    assert not re.search(r"w:\w*[Tt]heme=", styles + body)
    assert 'w:eastAsia="zh-CN"' in styles
    body_style = document.styles["Normal"].element.xml
    assert 'w:firstLineChars="200"' in body_style and 'w:firstLine="640"' in body_style
    assert 'w:line="579" w:lineRule="exact"' in body_style and '<w:widowControl w:val="0"/>' in body_style


@pytest.mark.parametrize("name", ["city-plan.docx", "base-plan.docx", "city-brief.docx"])
def test_committed_templates_match_their_build_script(tmp_path: Path, name: str):
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, str(root / "templates" / "build.py"), str(tmp_path)], check=True,
                   capture_output=True)
    with zipfile.ZipFile(root / "templates" / name) as a, zipfile.ZipFile(tmp_path / name) as b:
        for part in ("word/styles.xml", "word/document.xml", "word/settings.xml", "word/footer1.xml"):
            assert a.read(part) == b.read(part), f"{part} differs: run python templates/build.py"


def test_markdown_has_the_same_headings(tmp_path: Path, demo_docx: Path):
    out = tmp_path / "demo.md"
    assert run("render", DEMO, "--format", "md", "-o", out).exit_code == 0
    markdown = out.read_text(encoding="utf-8")
    for heading in _styled(demo_docx, "Heading 1") + _styled(demo_docx, "Heading 2"):
        assert heading.replace("\n", "") in markdown   # a heading broken in two lines is one line in Markdown
    assert "| 1 | 电子商务交易额 | 亿元 | 2025 | 6850 | 2029 | 12000 | 15.0 | 增速11.5% |" in markdown


def test_default_output_name_comes_from_the_input(tmp_path: Path):
    plan = tmp_path / "城市.yaml"
    plan.write_bytes(DEMO.read_bytes())
    assert run("render", plan).exit_code == 0
    assert (tmp_path / "城市.docx").exists()


def test_long_titles_break_between_words(demo_docx: Path, mutated, tmp_path: Path):
    """GB/T 9704: a title that needs two lines is split where the words allow, not wherever the line ends."""
    assert _styled(demo_docx, "附件标题")[-1] == "示例市电子商务发展专项资金\n管理办法（要点）"
    assert _styled(demo_docx, "Title") == ["示例市创建国家电子商务示范城市工作方案"] * 2  # cover, body; 19 字: one line

    def long_title(data):
        data["cover"]["title"] = "示例市高新技术产业开发区创建国家电子商务示范城市工作方案"

    out = tmp_path / "long.docx"
    assert run("render", mutated(long_title), "-o", out).exit_code == 0
    assert _styled(out, "Title") == ["示例市高新技术产业开发区创建\n国家电子商务示范城市工作方案"] * 2


def test_columns_no_row_fills_are_left_out(mutated, tmp_path: Path):
    """No column of dashes alone: without any provincial average the indicator table has no 全省平均 column (and its
    note does not explain one); without any government share or 土建占比 the project table drops those columns. The
    freed width goes to the widest column, so each table still fills the 156 mm text block."""
    def sparse(data):
        for item in data["targets"]["indicators"]:
            item.pop("provincial_average", None)
        for project in data["projects"]["items"]:
            project["investment"].pop("government", None)
            project.pop("construction_share", None)

    plan = mutated(sparse)
    out, markdown = tmp_path / "sparse.docx", tmp_path / "sparse.md"
    assert run("render", plan, "-o", out).exit_code == 0
    assert run("render", plan, "-o", markdown).exit_code == 0
    document = docx.Document(str(out))
    indicators, projects = document.tables[0], document.tables[1]
    def header(table):      # a header is broken between its words where its column is narrow
        return [c.text.replace("\n", "") for c in table.rows[0].cells]

    assert header(indicators) == ["序号", "指标名称", "单位", "基期年份", "基期值", "目标年份", "目标值", "年均增长（%）"]
    assert header(projects) == ["序号", "工程名称", "实施单位", "建设期", "总投资"]
    for table in (indicators, projects):
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(grid) - Mm(156).twips) < 30, grid
        assert all(len(row.cells) == len(grid) for row in table.rows)
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert "—" not in [c.text for row in projects.rows for c in row.cells]
    note = next(p.text for p in document.paragraphs if p.text.startswith("注：未写明的年均增长率"))
    assert "全省平均" not in note
    text = markdown.read_text(encoding="utf-8")
    assert "| 序号 | 指标名称 | 单位 | 基期年份 | 基期值 | 目标年份 | 目标值 | 年均增长（%） |\n" in text
    assert "| 序号 | 工程名称 | 实施单位 | 建设期 | 总投资 |\n" in text
    assert "全省平均" not in text.split("表1")[1].split("表2")[0]

    folder = client_template_dir(tmp_path, "")      # a client's template with its own heading for the column
    template = docx.Document(str(folder / "city-plan.docx"))
    header = template.tables[0].rows[0].cells
    assert header[-1].text == "全省\n平均"
    header[-1].paragraphs[0].text = "全省平均水平"
    template.save(str(folder / "city-plan.docx"))
    restyled = tmp_path / "client.docx"
    assert run("render", plan, "--template-dir", folder, "-o", restyled).exit_code == 0
    assert len(docx.Document(str(restyled)).tables[0].columns) == 8


def test_a_column_with_one_value_stays(mutated, tmp_path: Path):
    def one_average(data):
        for item in data["targets"]["indicators"][1:]:
            item.pop("provincial_average", None)

    out = tmp_path / "one.docx"
    assert run("render", mutated(one_average), "-o", out).exit_code == 0
    indicators = docx.Document(str(out)).tables[0]
    assert indicators.rows[0].cells[-1].text == "全省\n平均"
    cells = [row.cells[-1].text.replace("\n", "") for row in indicators.rows[1:]]
    assert cells[0] == "增速11.5%" and set(cells[1:]) == {"—"}

"""Word documents as planners write them, not as ecplan does, built for the import tests: headings typed as
numbering in plain paragraphs set in 黑体 and 楷体, or numbered by Word's own Chinese list numbering. The text follows
real plans (a task's departments in brackets as Zhejiang's 实施意见 writes them, 牵头部门 after a task's text)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

TITLE = "青岚市创建国家电子商务示范城市工作方案"
#: (level, title) of the headings and the paragraphs under each, in order
OUTLINE: list[tuple[int, str, list[str]]] = [
    (1, "城市经济社会发展现状与战略定位", []),
    (2, "城市经济社会发展概况", [
        "青岚市位于浙江省东部沿海，是长三角南翼的区域中心城市。",
        "2025年，全市常住人口512.6万人；地区生产总值4860.2亿元，增长6.1%；社会消费品零售总额2015.4亿元，增长5.8%；"
        "进出口总额980.3亿元，增长7.2%。",
    ]),
    (2, "城市经济社会发展战略", ["按照建设现代化滨海城市的总体战略，打造长三角南翼数字贸易中心。"]),
    (1, "城市电子商务发展现状与问题", []),
    (2, "城市电子商务发展概况", ["2025年，全市电子商务交易额3250亿元，增长12.5%；网络零售额860亿元，增长10.2%。"]),
    (2, "存在的主要问题", ["电子商务龙头企业偏少，本土平台规模不大。", "应对措施：引进培育一批电子商务龙头企业。"]),
    (1, "创建工作总体目标与具体目标", []),
    (2, "总体目标", ["到2029年，建成长三角南翼电子商务中心城市，创建期为2027—2029年。"]),
    (2, "具体目标", []),
    (1, "创建工作主要任务", []),
    (2, "完善电子商务政策法规环境", []),
    (3, "完善电子商务促进政策", ["研究制定电子商务促进办法，明确用地、资金和人才支持措施（牵头部门：市商务局；配合部门：市财政局、市"
                        "自然资源局；完成时限：2027年12月）"]),
    (3, "建立电子商务统计制度", ["建立电子商务统计监测制度，按季度发布监测报告。（市统计局、市商务局）"]),
    (2, "健全电子商务支撑体系", []),
    (3, "完善城乡物流配送体系", ["建设城乡共同配送中心，布局智能快件箱。（牵头部门：市交通运输局；完成时限：2028年12月）"]),
    (1, "创建工作保障措施", []),
    (2, "组织保障措施", ["成立创建工作领导小组，由市长任组长。",
                    "由市商务局牵头，市发展和改革委员会、市财政局、市统计局等部门参与。"]),
    (2, "资金保障措施", ["制定《青岚市电子商务发展专项资金管理办法》，规范资金使用。", "建立专项资金绩效评价制度。"]),
    (1, "关于本方案的几点说明", ["本方案由市商务局负责解释。"]),
]
INDICATORS = [("指标名称", "单位", "基期年份", "基期值", "目标年份", "目标值"),
              ("电子商务交易额", "亿元", "2025", "3250", "2029", "5800"),
              ("电子商务服务企业数量", "家", "2025", "920", "2029", "1500以上")]


def _face(run, face: str, bold: bool = False) -> None:
    run.font.name = face
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), face)
    run.bold = bold


def _indicator_table(document) -> None:
    table = document.add_table(rows=0, cols=len(INDICATORS[0]))
    for row in INDICATORS:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text


def typed_headings(path: Path) -> Path:
    """Headings typed as 一、（一）1. in plain paragraphs (style Normal), set in 黑体 and 楷体; no heading styles."""
    document = docx.Document()
    title = document.add_paragraph()
    _face(title.add_run(TITLE), "方正小标宋简体")
    numbers = [0, 0, 0, 0]
    for level, heading, paragraphs in OUTLINE:
        numbers[level] += 1
        for deeper in range(level + 1, 4):
            numbers[deeper] = 0
        label = {1: f"{'一二三四五六七八九'[numbers[1] - 1]}、", 2: f"（{'一二三四五六七八九'[numbers[2] - 1]}）",
                 3: f"{numbers[3]}."}[level]
        paragraph = document.add_paragraph()
        _face(paragraph.add_run(label + heading), {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312"}[level], bold=level == 3)
        for text in paragraphs:
            _face(document.add_paragraph().add_run(text), "仿宋_GB2312")
        if heading == "具体目标":
            _indicator_table(document)
    document.save(str(path))
    return path


def _numbering(document) -> str:
    """A Chinese list numbering added to the document (一、 and （一）, Word's chineseCounting): its numId."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for level, text in ((0, "%1、"), (1, "（%2）"), (2, "%3.")):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", "chineseCounting" if level < 2 else "decimal"),
                           ("w:lvlText", text)):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            lvl.append(element)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return "90"


def list_numbered(path: Path) -> Path:
    """Headings numbered by Word's automatic Chinese list numbering: the label is not in the text."""
    document = docx.Document()
    document.add_paragraph(TITLE, style="Title")
    num_id = _numbering(document)
    for level, heading, paragraphs in OUTLINE:
        paragraph = document.add_paragraph(heading)
        properties = paragraph._p.get_or_add_pPr()
        num_pr = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", str(level - 1)), ("w:numId", num_id)):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            num_pr.append(element)
        properties.append(num_pr)
        for text in paragraphs:
            document.add_paragraph(text)
        if heading == "具体目标":
            _indicator_table(document)
    document.save(str(path))
    return path

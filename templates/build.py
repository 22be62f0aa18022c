"""Builds the master Word template(s) of ecplan from this file, so their styles can be reviewed as text.

    python templates/build.py            # rewrites templates/city-plan.docx

Layout (GB/T 9704-2012): A4; margins 37/35/28/26 mm (top/bottom/left/right); body 三号 仿宋_GB2312 with Times
New Roman for Latin letters and digits; exact 28.95 pt line pitch (22 lines a page); widow control off; first-line
indent of two characters written both as ``firstLineChars`` and in twips (LibreOffice reads only the latter);
headings 一、（一）1.（1） in 黑体 / 楷体_GB2312 / 仿宋_GB2312 / 仿宋_GB2312; title 方正小标宋简体 二号; page numbers
"— N —" in 四号 宋体, odd pages right and even pages left, one character in from the edge.
Every style names its East Asian font explicitly and carries no theme font attribute: theme fonts override
explicit names, and python-docx's default theme is Japanese.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from generator.tables import TABLE_COLUMNS  # noqa: E402  (the column layout is shared with the Markdown output)

BODY_PT = 16
LINE_TWIPS = 579                     # exact 28.95 pt: 22 lines in the 225 mm text block
TABLE_LINE_TWIPS = 360               # exact 18 pt for 小四 table text: wrapped cell lines do not touch
INDENT = 'w:firstLineChars="200" w:firstLine="640"'
NO_INDENT = 'w:firstLineChars="0" w:firstLine="0"'
CHAR_SPACING = -5                    # -0.25 pt on body text: 28 characters fit in the 156 mm line


def rpr(east_asia: str, size_pt: float, *, ascii_font: str = "Times New Roman", bold: bool = False,
        spacing: int = 0, color: str = "") -> str:
    half_points = int(size_pt * 2)
    return (f'<w:rPr><w:rFonts w:ascii="{ascii_font}" w:hAnsi="{ascii_font}" w:eastAsia="{east_asia}" '
            f'w:cs="{ascii_font}" w:hint="eastAsia"/>'
            + ("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
            + (f'<w:color w:val="{color}"/>' if color else "")
            + (f'<w:spacing w:val="{spacing}"/>' if spacing else "")
            + f'<w:kern w:val="0"/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>')


def ppr(*, indent: str = INDENT, align: str = "both", line: int | None = LINE_TWIPS, outline: int | None = None,
        before: int = 0, after: int = 0, keep_next: bool = False, page_break: bool = False, border: str = "") -> str:
    """Paragraph properties; ``border`` is the colour of a line under the paragraph (the 版头's red separator: 1.5 pt,
    about 4 mm below the 发文字号, as wide as the text block)."""
    spacing = (f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="exact"/>' if line
               else f'<w:spacing w:before="{before}" w:after="{after}" w:line="240" w:lineRule="auto"/>')
    rule = (f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="11" w:color="{border}"/></w:pBdr>' if border else "")
    return ("<w:pPr>" + ("<w:keepNext/>" if keep_next else "") + ("<w:pageBreakBefore/>" if page_break else "")
            + '<w:widowControl w:val="0"/>' + rule + '<w:snapToGrid w:val="0"/>' + spacing + f"<w:ind {indent}/>"
            + f'<w:jc w:val="{align}"/>' + (f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else "")
            + "</w:pPr>")


def paragraph_style(style_id: str, name: str, p: str, r: str, *, based_on: str | None = "Normal",
                    next_id: str = "Normal", ui: int = 10) -> str:
    default = ' w:default="1"' if style_id == "Normal" else ""
    return (f'<w:style w:type="paragraph"{default} w:customStyle="{0 if style_id in BUILTIN else 1}" '
            f'w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/>' + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
            + f'<w:next w:val="{next_id}"/><w:uiPriority w:val="{ui}"/><w:qFormat/>{p}{r}</w:style>')


BUILTIN = {"Normal", "Heading1", "Heading2", "Heading3", "Heading4", "Title", "TOC1", "TOC2", "TOC3", "TOC4", "Footer",
           "TOCHeading", "Caption"}

FANGSONG, KAITI, HEITI, XIAOBIAOSONG, SONGTI = "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体"

STYLES: list[str] = [
    paragraph_style("Normal", "Normal", ppr(), rpr(FANGSONG, BODY_PT, spacing=CHAR_SPACING), based_on=None, ui=0),
    # headings are not justified: the first line of one broken between its words must not be spread out
    paragraph_style("Heading1", "heading 1", ppr(align="left", outline=0, keep_next=True),
                    rpr(HEITI, BODY_PT, spacing=CHAR_SPACING), ui=9),
    paragraph_style("Heading2", "heading 2", ppr(align="left", outline=1, keep_next=True),
                    rpr(KAITI, BODY_PT, spacing=CHAR_SPACING), ui=9),
    paragraph_style("Heading3", "heading 3", ppr(align="left", outline=2, keep_next=True),
                    rpr(FANGSONG, BODY_PT, spacing=CHAR_SPACING), ui=9),
    paragraph_style("Heading4", "heading 4", ppr(align="left", outline=3, keep_next=True),
                    rpr(FANGSONG, BODY_PT, spacing=CHAR_SPACING), ui=9),
    paragraph_style("Title", "Title", ppr(indent=NO_INDENT, align="center", line=None, after=0),
                    rpr(XIAOBIAOSONG, 22, ascii_font="Times New Roman"), ui=10),
    paragraph_style("CoverSpacer", "封面空行", ppr(indent=NO_INDENT), rpr(FANGSONG, BODY_PT)),
    paragraph_style("CoverInfo", "封面信息", ppr(indent=NO_INDENT, align="center"), rpr(KAITI, BODY_PT)),
    paragraph_style("TOCHeading", "TOC Heading", ppr(indent=NO_INDENT, align="center", after=LINE_TWIPS),
                    rpr(HEITI, BODY_PT)),
    paragraph_style("TOC1", "toc 1", ppr(indent=NO_INDENT, line=LINE_TWIPS), rpr(HEITI, BODY_PT), ui=39),
    paragraph_style("TOC2", "toc 2", ppr(indent='w:leftChars="200" w:left="640" w:firstLineChars="0" w:firstLine="0"'),
                    rpr(KAITI, BODY_PT), ui=39),
    paragraph_style("TOC3", "toc 3", ppr(indent='w:leftChars="400" w:left="1280" w:firstLineChars="0" w:firstLine="0"'),
                    rpr(FANGSONG, BODY_PT), ui=39),
    paragraph_style("TOC4", "toc 4", ppr(indent='w:leftChars="600" w:left="1920" w:firstLineChars="0" w:firstLine="0"'),
                    rpr(FANGSONG, BODY_PT), ui=39),
    paragraph_style("Caption", "caption", ppr(indent=NO_INDENT, align="center", keep_next=True), rpr(HEITI, 14)),
    paragraph_style("Figure", "图", ppr(indent=NO_INDENT, align="center", line=None, before=120, keep_next=True),
                    rpr(FANGSONG, 12)),
    paragraph_style("FigureCaption", "图题", ppr(indent=NO_INDENT, align="center", after=LINE_TWIPS // 2),
                    rpr(HEITI, 14)),
    paragraph_style("TableText", "表格文字", ppr(indent=NO_INDENT, align="center", line=TABLE_LINE_TWIPS),
                    rpr(FANGSONG, 12)),
    paragraph_style("TableHeader", "表头文字", ppr(indent=NO_INDENT, align="center", line=TABLE_LINE_TWIPS),
                    rpr(HEITI, 12)),
    paragraph_style("TableNote", "表注", ppr(indent=NO_INDENT, align="both", line=TABLE_LINE_TWIPS, before=60),
                    rpr(FANGSONG, 12)),
    paragraph_style("AttachmentMark", "附件标记", ppr(indent=NO_INDENT, align="left", page_break=True),
                    rpr(HEITI, BODY_PT)),
    paragraph_style("AttachmentTitle", "附件标题", ppr(indent=NO_INDENT, align="center", line=None, before=LINE_TWIPS,
                                                     after=LINE_TWIPS, outline=0), rpr(XIAOBIAOSONG, 22)),  # in the 目录
    paragraph_style("Signer", "署名", ppr(indent='w:rightChars="200" w:right="640" w:firstLineChars="0" w:firstLine="0"',
                                         align="right", before=LINE_TWIPS), rpr(FANGSONG, BODY_PT, spacing=CHAR_SPACING)),
    paragraph_style("NoticeBody", "通知正文", ppr(keep_next=True), rpr(FANGSONG, BODY_PT, spacing=CHAR_SPACING)),
    paragraph_style("Signature", "落款", ppr(indent='w:rightChars="200" w:right="640" w:firstLineChars="0" w:firstLine="0"',
                                            align="right"), rpr(FANGSONG, BODY_PT, spacing=CHAR_SPACING)),
    # the 版头 of a notice (GB/T 9704 7.2): the red 发文机关标志 35 mm below the top of the text block, the 发文字号
    # two lines under it with the red line 4 mm below, the title two lines under the line, the 主送机关 one line under
    paragraph_style("IssuerMark", "发文机关标志", ppr(indent=NO_INDENT, align="center", line=None, before=1984),
                    rpr(XIAOBIAOSONG, 26, color="FF0000")),
    paragraph_style("DocNumber", "发文字号", ppr(indent=NO_INDENT, align="center", before=LINE_TWIPS * 2,
                                              border="FF0000"), rpr(FANGSONG, BODY_PT)),
    paragraph_style("NoticeTitle", "通知标题", ppr(indent=NO_INDENT, align="center", line=None, before=LINE_TWIPS * 2),
                    rpr(XIAOBIAOSONG, 22, ascii_font="Times New Roman"), based_on="Title"),
    paragraph_style("Recipients", "主送机关", ppr(indent=NO_INDENT, align="left", before=LINE_TWIPS),
                    rpr(FANGSONG, BODY_PT, spacing=CHAR_SPACING)),
    paragraph_style("Annotation", "附注", ppr(), rpr(FANGSONG, BODY_PT, spacing=CHAR_SPACING)),
    paragraph_style("Imprint", "版记", ppr(indent='w:leftChars="100" w:left="280" w:firstLineChars="0" w:firstLine="0"',
                                          align="left", line=None), rpr(FANGSONG, 14)),
    paragraph_style("TitleNewPage", "标题（另起一页）", ppr(indent=NO_INDENT, align="center", line=None, page_break=True),
                    rpr(XIAOBIAOSONG, 22, ascii_font="Times New Roman"), based_on="Title"),
    paragraph_style("Footer", "footer", ppr(indent=NO_INDENT, align="right", line=None),
                    rpr(SONGTI, 14, ascii_font=SONGTI)),
    paragraph_style("FooterEven", "页码（偶数页）", ppr(indent=NO_INDENT, align="left", line=None),
                    rpr(SONGTI, 14, ascii_font=SONGTI), based_on="Footer"),
]

TABLE_STYLE = (
    '<w:style w:type="table" w:customStyle="1" w:styleId="PlanTable"><w:name w:val="方案表格"/>'
    '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/>'
    '</w:pPr><w:tblPr><w:jc w:val="center"/><w:tblBorders>'
    + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
              for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    + '</w:tblBorders><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
    '</w:tblPr><w:tcPr><w:vAlign w:val="center"/></w:tcPr></w:style>'
)


def write_styles(document: docx.document.Document) -> None:
    """Replaces python-docx's styles with ours: no theme fonts, zh-CN, explicit East Asian fonts everywhere."""
    styles = document.styles.element
    for child in list(styles):
        if child.tag == qn("w:style") and child.get(qn("w:styleId")) not in ("DefaultParagraphFont", "TableNormal",
                                                                             "NoList"):
            styles.remove(child)
    defaults = styles.find(qn("w:docDefaults"))
    styles.remove(defaults)
    styles.insert(0, parse_xml(
        f"<w:docDefaults {nsdecls('w')}><w:rPrDefault>{rpr(FANGSONG, BODY_PT)}</w:rPrDefault>"
        "<w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/><w:spacing w:after=\"0\" w:line=\"240\" "
        "w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"))
    for xml in STYLES + [TABLE_STYLE]:
        styles.append(parse_xml(xml.replace("<w:style ", f"<w:style {nsdecls('w')} ", 1)))
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
        lang.set(qn("w:val"), "en-US")
    # w:evenAndOddHeaders belongs right after w:zoom in the schema's order; w:updateFields may come last.
    zoom = settings.find(qn("w:zoom"))
    zoom.addnext(parse_xml(f'<w:evenAndOddHeaders {nsdecls("w")} w:val="true"/>'))
    settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))
    write_font_table(document)


FONT_ALTERNATIVES = {FANGSONG: "仿宋", KAITI: "楷体", XIAOBIAOSONG: "宋体", HEITI: "SimHei", SONGTI: "SimSun"}


def write_font_table(document: docx.document.Document) -> None:
    """Declares the fonts with w:altName fallbacks for machines without the GB2312 fonts."""
    # python-docx has no font-table API; the part's bytes are rewritten in place.
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            fonts = "".join(
                f'<w:font w:name="{name}">' + (f'<w:altName w:val="{alt}"/>' if alt else "")
                + '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
                for name, alt in [*FONT_ALTERNATIVES.items(), ("Times New Roman", "")])
            rel.target_part._blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                     f'<w:fonts {nsdecls("w")}>{fonts}</w:fonts>').encode()


def drop_parts(document: docx.document.Document) -> None:
    """Removes what python-docx's default carries and a plan must not: Word 2010 style effects (with theme fonts),
    the thumbnail, and the sample custom XML."""
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            document.part.drop_rel(rel_id)
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rel_id)


def set_page(section: docx.section.Section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)


def add(document: docx.document.Document, text: str, style: str = "Normal") -> None:
    document.add_paragraph(text, style=style)


def page_number_paragraph(style: str, side: str) -> str:
    """ "— N —" with one character (14 pt = 280 twips) kept from the outer edge."""
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText>'
             '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return (f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style}"/><w:ind w:{side}="280"/></w:pPr>'
            f'<w:r><w:t xml:space="preserve">— </w:t></w:r>{field}<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>')


def body_template(document: docx.document.Document) -> None:
    """The body: a loop over blocks, one template paragraph or table per kind of block."""
    add(document, "{%p for b in blocks %}")
    for kind, style in (("h1", "Heading 1"), ("h2", "Heading 2"), ("h3", "Heading 3"), ("h4", "Heading 4"),
                        ("para", "Normal"), ("caption", "Caption"), ("note", "表注")):
        add(document, f'{{%p {"if" if kind == "h1" else "elif"} b.kind == "{kind}" %}}')
        add(document, "{{ b.text }}", style)
    add(document, '{%p elif b.kind == "figure" %}')
    add(document, "{{ b.image }}", "图")
    add(document, "{{ b.text }}", "图题")
    add(document, '{%p elif b.kind == "attachment" %}')
    add(document, "{{ b.label }}", "附件标记")
    add(document, "{{ b.text|break_title }}", "附件标题")
    add(document, '{%p elif b.kind == "signer" %}')
    add(document, "{{ b.text }}", "署名")
    add(document, '{%p elif b.kind == "signature" %}')
    add(document, "{{ b.text }}", "落款")
    add(document, '{%p elif b.kind == "table" %}')
    add(document, "{{p b.xml }}")
    for kind, columns in TABLE_COLUMNS.items():
        add(document, f'{{%p elif b.kind == "{kind}" %}}')
        table_template(document, columns)
    add(document, "{%p endif %}")
    add(document, "{%p endfor %}")
    add(document, "{%p if imprint_table %}")   # 版记 (抄送, 印发机关和印发日期) of a plan issued with a notice
    add(document, "{{p imprint_table }}")
    add(document, "{%p endif %}")


#: the notice that issues a plan (印发通知), GB/T 9704: 版头 (发文机关标志, 发文字号 over the red line), 主体
NOTICE_KINDS = (("issuer_mark", "发文机关标志"), ("doc_number", "发文字号"), ("title", "通知标题"), ("recipients", "主送机关"),
                ("notice_body", "通知正文"), ("signer", "署名"), ("signature", "落款"), ("annotation", "附注"))


def notice_template(document: docx.document.Document) -> None:
    add(document, "{%p for b in notice %}")
    for number, (kind, style) in enumerate(NOTICE_KINDS):
        add(document, f'{{%p {"if" if number == 0 else "elif"} b.kind == "{kind}" %}}')
        add(document, "{{ b.text|break_title }}" if kind == "title" else "{{ b.text }}", style)
    add(document, "{%p else %}")
    add(document, "{{ b.text }}")
    add(document, "{%p endif %}")
    add(document, "{%p endfor %}")


def table_template(document: docx.document.Document, columns: list[tuple[str, str, float]]) -> None:
    table = document.add_table(rows=4, cols=len(columns))
    table.style = document.styles["方案表格"]
    table.autofit = False
    for index, (header, expression, width) in enumerate(columns):
        for row in range(4):
            table.cell(row, index).width = Mm(width)
        cell = table.cell(0, index)
        cell.paragraphs[0].text = header
        cell.paragraphs[0].style = document.styles["表头文字"]
        cell = table.cell(2, index)
        cell.paragraphs[0].text = "{{ " + expression + " }}"
        cell.paragraphs[0].style = document.styles["表格文字"]
    twips = [int(width / 25.4 * 1440) for _, _, width in columns]
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), twips):
        column.set(qn("w:w"), str(width))
    properties = table._tbl.tblPr
    properties.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(twips)}" w:type="dxa"/>'))
    properties.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    table.rows[2]._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    table.cell(1, 0).paragraphs[0].text = "{%tr for r in b.rows %}"
    table.cell(3, 0).paragraphs[0].text = "{%tr endfor %}"
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))  # repeat the header row on every page


def build_plan(path: Path, *, front_matter: bool = True) -> None:
    """A master template: cover and 目录 (full plans) or the title on the first page (a brief), then the body."""
    document = docx.Document()
    write_styles(document)
    set_page(document.sections[0])
    if front_matter:  # a plan issued with a notice has the notice where the cover would be, and its title after it
        add(document, "{%p if notice %}")
        notice_template(document)
        add(document, "{%p else %}")
        for _ in range(4):
            add(document, "", "封面空行")
        add(document, "{{ cover.title|break_title }}", "Title")
        for _ in range(7):
            add(document, "", "封面空行")
        add(document, "{{ cover.applicant }}", "封面信息")
        add(document, "{{ cover.compiler }}", "封面信息")
        add(document, "{{ cover.date }}", "封面信息")
        add(document, "{%p endif %}")
        set_page(document.add_section(WD_SECTION.NEW_PAGE))
        add(document, "{%p if notice %}")
        add(document, "{{ cover.title|break_title }}", "Title")
        add(document, "", "Normal")
        add(document, "{%p endif %}")
        add(document, "目  录", "TOC Heading")
        add(document, "[[TOC]]")
        body = document.add_section(WD_SECTION.NEW_PAGE)
    else:
        body = document.sections[0]
    set_page(body)
    body.footer.is_linked_to_previous = False
    body.even_page_footer.is_linked_to_previous = False
    for footer, style, side in ((body.footer, "Footer", "right"), (body.even_page_footer, "FooterEven", "left")):
        element = footer._element
        for old in list(element):
            element.remove(old)
        element.append(parse_xml(page_number_paragraph(style, side)))
    body._sectPr.append(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'))
    if front_matter:  # the body opens with the plan's title, as a 公文-style plan does
        add(document, "{{ cover.title|break_title }}", "Title")
        add(document, "", "Normal")
    if not front_matter:  # after a notice, the title starts a page of its own
        notice_template(document)
        add(document, "{%p if notice %}")
        add(document, "{{ cover.title|break_title }}", "标题（另起一页）")
        add(document, "{%p else %}")
        add(document, "{{ cover.title|break_title }}", "Title")
        add(document, "{%p endif %}")
        add(document, "", "Normal")
    body_template(document)
    drop_parts(document)
    document.core_properties.author = "ecplan"
    document.core_properties.title = "{{ cover.title }}"
    document.save(path)


if __name__ == "__main__":
    from generator.doctypes import REGISTRY  # every master template: one per document type

    target_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for doctype in REGISTRY.values():
        build_plan(target_dir / doctype.template, front_matter=doctype.front_matter)
        print(f"wrote {target_dir / doctype.template}")

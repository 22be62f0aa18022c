"""Tables whose columns the plan chooses (an attachment's list of departments, a schedule) and the 版记 of an issued
plan, as WordprocessingML: built here because a template's fixed table has fixed columns. They use the template's
styles (方案表格, 表头文字, 表格文字, 版记), so a restyled template restyles them too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from generator.doctypes.notice import imprint_lines
from generator.formats import escape
from generator.tables import laid_out
from generator.wordcount import is_east_asian

if TYPE_CHECKING:
    from lxml import etree              # imported where a table is parsed (drop_omitted), not for every render

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TEXT_WIDTH = 8844          # twips: the 156 mm text block
_CHAR = 240                # twips of a 小四 (12 pt) character
_MIN_COLUMN = 3 * _CHAR + 114


def _width(text: str) -> int:
    """The width of a cell's text in half characters (a Chinese character is two)."""
    return sum(2 if is_east_asian(ch) else 1 for ch in text)


def column_widths(columns: list[str], rows: list[list[str]]) -> list[int]:
    """Widths in twips that fill the text block, each column in proportion to its longest line (within bounds), so
    a 序号 column stays narrow and a 内容 column gets the room."""
    wanted = []
    for index, header in enumerate(columns):
        longest = max([_width(header)] + [_width(str(row[index])) for row in rows if index < len(row)])
        wanted.append(max(_MIN_COLUMN, min(longest, 40) * _CHAR // 2 + 114))
    total = sum(wanted)
    widths = [w * TEXT_WIDTH // total for w in wanted]
    widths[-1] += TEXT_WIDTH - sum(widths)
    return widths


def _cell(text: str, width: int, style: str) -> str:
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>'
            f'</w:pPr><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>')


def table_xml(columns: list[str], rows: list[list[str]]) -> Markup:
    """A plan table: the header row repeated on each page, rows that do not split, widths that fit the text block."""
    widths = column_widths(columns, rows)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    header = ('<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'
              + "".join(_cell(text, w, "TableHeader") for text, w in zip(columns, widths)) + "</w:tr>")
    body = "".join('<w:tr><w:trPr><w:cantSplit/></w:trPr>'
                   + "".join(_cell(str(row[i]) if i < len(row) else "", w, "TableText") for i, w in enumerate(widths))
                   + "</w:tr>" for row in rows)
    return Markup(f'<w:tbl {W}><w:tblPr><w:tblStyle w:val="PlanTable"/><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/>'
                  f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{header}{body}</w:tbl>')


#: stands in the cells of a column left out (see tables.empty_columns) while a template's table is filled; the
#: filled table then loses that column, whatever the template's layout of it
OMITTED = "\ue000ecplan-omitted\ue000"
_WN = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def omitting(block: dict[str, Any]) -> dict[str, Any]:
    """A template table's block as the .docx shows it: each cell's text broken into even lines for its column (see
    tables.laid_out), the left-out columns' cells marked for ``drop_omitted``."""
    if not block["kind"].startswith("table_"):
        return block
    omitted = {field: OMITTED for field in block.get("omit") or ()}
    rows = laid_out(block["kind"], block["rows"])
    return {**block, "rows": [{**row, **omitted} for row in rows] if omitted else rows}


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{_WN}t"))


def _drop_columns(table: etree._Element) -> None:
    """Removes the columns whose body cells all stand for a left-out column, their header cells with them; the
    widest column left gets their width, so the table still fills the text block."""
    rows = table.findall(f"{_WN}tr")
    cells = [row.findall(f"{_WN}tc") for row in rows]
    grid = table.find(f"{_WN}tblGrid")
    columns = grid.findall(f"{_WN}gridCol") if grid is not None else []
    if not rows or any(len(row) != len(columns) for row in cells):
        return          # merged cells: the marks become dashes instead
    header = [row.find(f"{_WN}trPr/{_WN}tblHeader") is not None or number == 0 for number, row in enumerate(rows)]
    texts = [[_text(cell) for cell in row] for row in cells]
    dropped = [i for i in range(len(columns)) if any(row[i] == OMITTED for row in texts)
               and all(row[i] == OMITTED or is_header for row, is_header in zip(texts, header))]
    if not dropped or len(dropped) == len(columns):
        return
    widths = [int(column.get(f"{_WN}w", "0")) for column in columns]
    kept = [i for i in range(len(columns)) if i not in dropped]
    widest = max(kept, key=lambda i: widths[i])
    wider = str(widths[widest] + sum(widths[i] for i in dropped))
    columns[widest].set(f"{_WN}w", wider)
    for row in cells:
        width = row[widest].find(f"{_WN}tcPr/{_WN}tcW")
        if width is not None and width.get(f"{_WN}type", "dxa") == "dxa":
            width.set(f"{_WN}w", wider)
        for i in dropped:
            row[i].getparent().remove(row[i])
    for i in dropped:
        grid.remove(columns[i])


def drop_omitted(document_xml: bytes) -> bytes:
    """The filled body without the columns ``omitting`` marked (any mark left over, in a table whose layout does
    not allow removing a column, reads as a dash)."""
    mark = OMITTED.encode()
    if mark not in document_xml:
        return document_xml
    from lxml import etree

    body = etree.fromstring(document_xml)
    for table in body.iter(f"{_WN}tbl"):
        _drop_columns(table)
    data = etree.tostring(body, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data.replace(mark, "—".encode())


#: the 版记 in 四号 (14 pt): lines of 21 pt, one character in from each side (GB/T 9704 7.4)
_IMPRINT_LINE = 420
_IMPRINT_INDENT = 280
_TEXT_HEIGHT = 12756       # twips: the 225 mm text block


def _line_count(text: str) -> int:
    """How many lines a 版记 entry takes (half characters of 14 pt, one character in from each side)."""
    per_line = (TEXT_WIDTH - 2 * _IMPRINT_INDENT) // 140
    return max(1, -(-_width(text) // per_line))


def _imprint_paragraph(text: str, top: int, height: int, borders: str, right_part: str = "") -> str:
    """One 版记 entry in a frame of its own, at ``top`` twips below the top of the text block: frames, unlike a
    floating table, sit where they are placed in LibreOffice as in Word."""
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    if right_part:
        run += f'<w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">{escape(right_part)}</w:t></w:r>'
    return (f'<w:p {W}><w:pPr><w:pStyle w:val="Imprint"/><w:framePr w:w="{TEXT_WIDTH}" w:h="{height}" w:hRule="exact" '
            f'w:wrap="around" w:vAnchor="margin" w:hAnchor="margin" w:xAlign="center" w:y="{top}"/>'
            f'<w:pBdr>{borders}</w:pBdr><w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH - _IMPRINT_INDENT}"/></w:tabs>'
            f'<w:spacing w:before="60" w:after="0" w:line="{_IMPRINT_LINE}" w:lineRule="exact"/>'
            f'<w:ind w:left="{_IMPRINT_INDENT}" w:right="{_IMPRINT_INDENT}" w:firstLine="0" w:firstLineChars="0"/>'
            f'<w:jc w:val="left"/></w:pPr>{run}</w:p>')


def _rule(side: str, thick: bool) -> str:
    """A 版记 line: the first and last thick (0.35 mm), those between thin (0.25 mm)."""
    return f'<w:{side} w:val="single" w:sz="{10 if thick else 6}" w:space="1" w:color="000000"/>'


#: between two framed paragraphs, so that each keeps its own frame (adjacent ones are merged, and LibreOffice then
#: leaves them in the text flow)
_APART = f'<w:p {W}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>'


def imprint_xml(imprint: dict[str, Any] | None) -> Markup:
    """The 版记 (GB/T 9704 7.4): 抄送, then 印发机关 and 印发日期, between lines as wide as the text block, its last
    line on the last line of the last page — each entry in a frame of its own; none when the plan has no notice."""
    if not imprint:
        return Markup("")
    lines = imprint_lines(imprint)
    heights = [_line_count(text + right) * _IMPRINT_LINE + 120 for text, right in lines]
    paragraphs, top = [], _TEXT_HEIGHT - sum(heights)
    for number, ((text, right), height) in enumerate(zip(lines, heights)):
        borders = (_rule("top", True) if number == 0 else "") + _rule("bottom", number == len(lines) - 1)
        paragraphs.append(_imprint_paragraph(text, top, height, borders, right))
        top += height
    return Markup(_APART.join(paragraphs))

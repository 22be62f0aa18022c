"""A Word document as the passages a reader sees, in order: headings with their level, paragraphs, and the rows of
its tables — the one reading of a .docx that importing a plan, tracing edits back to a plan and comparing drafts
share. A heading is found by its style (Heading 1, 标题 1), then by the outline level of the paragraph or its style,
then by numbering typed at its start (一、（一）1.（1）) in a heading's face (黑体, 楷体, bold) or alone on a short
line, then by Word's own list numbering (chineseCounting and the like), whose label is not in the text and is
counted here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from generator.errors import InputFileError
from generator.lazy import Pattern

#: the styles of what is not the text of the plan: the cover, the 目录 and its heading, the repeated title
FRAME_STYLES = ("封面空行", "封面信息", "Title", "TOC Heading", "目录", "图")
#: numbering typed at the start of a heading, by level: 一、 （一） 1. （1）
TYPED = ((1, re.compile(r"^[一二三四五六七八九十百]+、")), (2, re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")),
         (3, re.compile(r"^\d{1,2}\s*[.．、](?!\d)")), (4, re.compile(r"^[（(]\d{1,2}[）)]")))
_HEADING_STYLE = Pattern(r"^(?:heading|标题)\s*(\d)$", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_FACES = ("黑体", "楷体", "方正小标宋", "小标宋", "SimHei", "KaiTi", "FZXiaoBiaoSong")


@dataclass(frozen=True)
class Passage:
    """One thing a reader reads: a heading (``level`` 1–4), a paragraph, or a table's row (``cells``)."""

    kind: str                   # heading, para, row
    text: str                   # a row's cells joined by " | "
    number: int                 # its place in the document (paragraphs and rows counted together), from 1
    level: int = 0
    style: str = ""
    cells: tuple[str, ...] = ()
    table: int = 0              # a row's table, from 1
    row: int = 0                # and its place in the table, from 1
    label: str = ""             # the heading's numbering when Word counts it (not in ``text``)
    element: Any = field(default=None, compare=False, repr=False)    # its w:p (a row: its w:tr) in the document

    @property
    def where(self) -> str:
        """How a message names it: 第12段, 第2个表格第3行."""
        return f"第{self.table}个表格第{self.row}行" if self.kind == "row" else f"第{self.number}段"


def read(path: str | Path, *, frame: bool = False) -> list[Passage]:
    """The passages of the .docx at ``path``: the frame (cover, 目录; with ``frame`` the cover and the title are
    kept, as ``cover`` and ``title`` passages) and empty paragraphs left out."""
    return read_document(path, frame=frame)[1]


def read_document(path: str | Path, *, frame: bool = False) -> tuple[Any, list[Passage]]:
    """The python-docx document at ``path`` and its passages, each with its element in that document."""
    import zipfile

    try:
        import docx
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise InputFileError(str(path), "读取 Word 文档需要 python-docx：pip install python-docx") from exc
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(str(path))
    except XMLSyntaxError as exc:
        raise InputFileError(str(path), "文档已损坏（其中的 XML 部分不完整，无法读取）：请用 Word 或 WPS 打开，"
                             "另存为“Word 文档（*.docx）”后再试。", code="Y100") from exc
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise InputFileError(str(path), _unreadable(Path(path)), code="Y100") from exc
    return document, list(_passages(document, frame))


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # the container of .doc, .wps and of an encrypted .docx


def _unreadable(path: Path) -> str:
    """Why a .docx cannot be read, as far as its first bytes tell."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(8)
    except OSError as exc:
        return f"无法读取文件：{exc.strerror or exc}"
    if start == OLE:
        return ("文档设有打开密码（加密的 Word 文档），或是旧版 .doc 文件改了扩展名：请在 Word 或 WPS 中取消密码，"
                "另存为“Word 文档（*.docx）”后再试。")
    return "不是可以读取的 Word 文档（.docx）：请用 Word 或 WPS 打开后另存为“Word 文档（*.docx）”。"


def _passages(document: Any, frame: bool = False) -> Iterator[Passage]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = _Numbering(document)
    number = tables = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            style = paragraph.style.name if paragraph.style is not None else ""
            text = paragraph.text.strip()
            label = numbering.label(paragraph)
            if frame and text and style in ("Title", "封面信息"):
                number += 1
                yield Passage("title" if style == "Title" else "cover", text, number, style=style, element=child)
                continue
            if not text or style in FRAME_STYLES or style.lower().startswith("toc "):
                continue
            number += 1
            level = _level(paragraph, style, text, label)
            yield Passage("heading" if level else "para", text, number, level, style, label=label, element=child)
        elif child.tag == f"{_W}tbl":
            tables += 1
            for index, row in enumerate(Table(child, document).rows, start=1):
                cells = tuple(_unique_cells(row))
                number += 1
                yield Passage("row", " | ".join(cells), number, cells=cells, table=tables, row=index, element=row._tr)


def _unique_cells(row: Any) -> Iterator[str]:
    """A row's cells, a cell merged across columns once."""
    seen: set[int] = set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        yield cell.text.strip()


def _level(paragraph: Any, style: str, text: str, label: str) -> int:
    found = _HEADING_STYLE.match(style)
    if found:
        return int(found.group(1))
    outline = _outline_level(paragraph)
    if outline is not None:
        return outline + 1 if outline < 9 else 0
    typed = next((level for level, pattern in TYPED if pattern.match(text)), 0)
    if typed and (_in_heading_face(paragraph) or (len(text) <= 40 and not re.search(r"[。；]", text[:-1]))):
        return typed
    if label:
        return next((level for level, pattern in TYPED if pattern.match(label)), 0)
    return 0


def _outline_level(paragraph: Any) -> int | None:
    """The outline level the paragraph, or its style (or a style it is based on), gives it."""
    for element in _with_styles(paragraph):
        found = element.find(f"{_W}pPr/{_W}outlineLvl")
        if found is not None:
            value = found.get(f"{_W}val", "")
            return int(value) if value.isdigit() else None
    return None


def _with_styles(paragraph: Any) -> Iterator[Any]:
    yield paragraph._p
    style = paragraph.style
    depth = 0
    while style is not None and depth < 10:
        yield style.element
        style, depth = style.base_style, depth + 1


def _in_heading_face(paragraph: Any) -> bool:
    """Whether the paragraph's first run is set as headings are: 黑体, 楷体 or 小标宋 (or bold)."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    run = runs[0]
    fonts = run._r.find(f"{_W}rPr/{_W}rFonts")
    faces = [fonts.get(f"{_W}{key}", "") for key in ("eastAsia", "ascii", "hAnsi")] if fonts is not None else []
    faces.append(run.font.name or "")
    return bool(run.bold) or any(face.startswith(HEADING_FACES) for face in faces if face)


class _Numbering:
    """Word's own list numbering: the label it shows before a numbered paragraph (一、 for chineseCounting %1、),
    counted as Word counts it, each level restarting under the one above."""

    FORMATS = {"chineseCounting": "cn", "chineseCountingThousand": "cn", "ideographTraditional": "cn",
               "japaneseCounting": "cn", "decimal": "decimal", "decimalFullWidth": "decimal"}

    def __init__(self, document: Any):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}   # numId → ilvl → (format, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError):
            return
        root = part.element
        abstract = {}
        for definition in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in definition.findall(f"{_W}lvl"):
                fmt, text, start = lvl.find(f"{_W}numFmt"), lvl.find(f"{_W}lvlText"), lvl.find(f"{_W}start")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val", "") if fmt is not None else "", text.get(f"{_W}val", "") if text is not None
                    else "", int(start.get(f"{_W}val", "1")) if start is not None else 1)
            abstract[definition.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_W}numId", "")] = abstract.get(ref.get(f"{_W}val"), {})

    def label(self, paragraph: Any) -> str:
        num_pr = None
        for element in _with_styles(paragraph):
            num_pr = element.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                break
        if num_pr is None:
            return ""
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        key = num_id.get(f"{_W}val", "") if num_id is not None else ""
        level = int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0
        levels = self.levels.get(key)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(key, [0] * 9)
        counters[level] = counters[level] + 1 if counters[level] else levels[level][2]
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        return re.sub(r"%(\d)", lambda m: self._shown(levels, int(m.group(1)) - 1, counters), levels[level][1])

    def _shown(self, levels: dict[int, tuple[str, str, int]], level: int, counters: list[int]) -> str:
        from generator.doctypes.outline import cn_number

        value = counters[level] or (levels.get(level, ("", "", 1))[2])
        return cn_number(value) if self.FORMATS.get(levels.get(level, ("",))[0]) == "cn" else str(value)

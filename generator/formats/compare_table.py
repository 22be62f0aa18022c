"""``ecplan compare --table``: the 修改对照表 of a 征求意见 round — a three-column table 原文 / 修改后 / 修改说明, one row
per changed paragraph, under the chapter it is in, set as the plan is (仿宋 body, 黑体 headings, A4)."""

from __future__ import annotations

import io
import re
from difflib import SequenceMatcher
from typing import Any

from generator.formats.compare import Revision
from generator.word_edits import TOKEN
from generator.readers.word_text import Passage


def explained(old: str, new: str) -> str:
    """What a change did, in words: “中心”改为“枢纽”；删去“…”；增加“…”."""
    if not old:
        return "新增"
    if not new:
        return "删去"
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    said = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "replace":
            said.append(f"“{before}”改为“{after}”")
        elif tag == "delete":
            said.append(f"删去“{before}”")
        elif tag == "insert":
            said.append(f"增加“{after}”")
    text = "；".join(said)
    return text if len(text) <= 200 else "改写了这一段"


def _chapters(passages: list[Passage]) -> dict[int, str]:
    """For each passage (by id), the chapter (level-1 heading) it is in."""
    current, found = "", {}
    for passage in passages:
        if passage.kind == "heading" and passage.level == 1:
            current = (passage.label + passage.text).replace("\n", "")
        found[id(passage)] = current
    return found


def _font(run: Any, face: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name, run.font.size, run.bold = face, Pt(size), bold
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)


def document(found: list[tuple[str, Passage | None, Passage | None]], old: list[Passage], new: list[Passage],
             revision: Revision, title: str) -> bytes:
    """The 修改对照表 of ``found`` (see ``compare.changes``) as .docx bytes."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    book = docx.Document()
    section = book.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    heading = book.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(f"《{title}》修改对照表" if title else "修改对照表"), "方正小标宋简体", 22)
    note = book.add_paragraph()
    year, month, day = (int(part) for part in revision.date[:10].split("-"))
    _font(note.add_run(f"修改单位：{revision.author}　日期：{year}年{month}月{day}日　共 {len(found)} 处修改"), "仿宋_GB2312", 12)
    table = book.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("原文", "修改后", "修改说明")):
        _font(cell.paragraphs[0].add_run(text), "黑体", 12)
    chapters = {**_chapters(old), **_chapters(new)}
    current = None
    for kind, before, after in found:
        shown = after if kind != "removed" else before
        chapter = chapters.get(id(shown), "") if shown is not None else ""
        if chapter != current:
            current = chapter
            cells = table.add_row().cells
            merged = cells[0].merge(cells[2])
            _font(merged.paragraphs[0].add_run(chapter or "文首"), "黑体", 12)
        old_text = before.text if before is not None and kind != "added" else ""
        new_text = after.text if after is not None and kind != "removed" else ""
        cells = table.add_row().cells
        for cell, text in zip(cells, (old_text or "（无）", new_text or "（删去）", explained(old_text, new_text))):
            _font(cell.paragraphs[0].add_run(re.sub(r"\s*\n\s*", "", text)), "仿宋_GB2312", 12)
    book.core_properties.author = revision.author
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

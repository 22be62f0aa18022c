"""Reading a rendered .docx as a reader sees it: paragraphs, table cells and footers, in document order."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn


def document_lines(path: Path) -> list[str]:
    """Every paragraph and table row of the body in order (a row as its cells joined by ' | '), then the footers."""
    document = docx.Document(str(path))
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            text = "".join(t.text or "" for t in element.iter(qn("w:t")))
            if text.strip():
                lines.append(text)
        elif element.tag == qn("w:tbl"):
            for row in element.iter(qn("w:tr")):
                cells = ["".join(t.text or "" for t in cell.iter(qn("w:t"))) for cell in row.iter(qn("w:tc"))]
                lines.append(" | ".join(cells))
    for number, section in enumerate(document.sections, start=1):
        for kind, footer in (("奇数页页脚", section.footer), ("偶数页页脚", section.even_page_footer)):
            if not footer.is_linked_to_previous:
                lines.append(f"[第{number}节{kind}] " + " ".join(p.text for p in footer.paragraphs))
    return lines

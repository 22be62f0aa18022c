"""The document every format writes: a flat list of blocks, and the render context that carries it.

Blocks are headings with their literal labels (一、（一）1.（1）), paragraphs, captions, tables, figures and the
starts of attachments, in reading order. Numbering is settled here, so the .docx, the Markdown, the 目录 and the
word count all see the same text. Nothing here knows about Word.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from generator.doctypes.outline import cn_number
from generator.formatting import break_title, clean, date_cn
from generator.placeholders import gap_of
from generator.tables import empty_columns

Block = dict[str, Any]
LABELS = {1: lambda n: f"{cn_number(n)}、", 2: lambda n: f"（{cn_number(n)}）", 3: lambda n: f"{n}.",
          4: lambda n: f"（{n}）"}


class Cover(TypedDict):
    title: str
    applicant: str
    compiler: str
    date: str
    city: str
    mark: str       # the status mark on the first page and in every header (征求意见稿…); none on a final plan


#: the stages a plan goes through (``cover.stage``); all but the last are marked on the document
STAGES = ("初稿", "征求意见稿", "送审稿", "定稿")


class RenderContext(TypedDict):
    """What the templates see: the cover lines, the document's date (for its properties), the blocks, the 目录
    entries, the 摘要 as composed and counted (city plans), and the document's keywords."""

    cover: Cover
    date: dt.date | None
    blocks: list[Block]
    toc: list[dict[str, Any]]
    summary: Any
    keywords: str
    toc_levels: int                 # the heading levels the 目录 lists (1–4)
    notice: list[Block]             # the notice issuing the plan (印发通知), before it; empty without one
    imprint: dict[str, str] | None  # its 版记 (抄送, 印发机关, 印发日期), at the end of the document


#: what a heading's first line holds, in half characters: 28 characters less the two of its indent
HEADING_LINE = 52


def _half_width(text: str) -> int:
    return sum(1 if ord(ch) < 0x2000 else 2 for ch in text)


class Doc:
    """Collects blocks; numbers headings with literal labels, restarting each level under its parent."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.counters = [0, 0, 0, 0, 0]
        self.tables = 0
        self.figures = 0

    def heading(self, level: int, title: str, *, numbered: bool = True) -> None:
        self.counters[level] += 1
        for deeper in range(level + 1, 5):
            self.counters[deeper] = 0
        label = LABELS[level](self.counters[level]) if numbered else ""
        text = label + clean(title)
        if _half_width(text) > HEADING_LINE:   # broken where the words allow: never one character alone on a line
            text = break_title(text, HEADING_LINE // 2)
        self.blocks.append({"kind": f"h{level}", "text": text, "label": label, "title": clean(title)})

    def run_in(self, level: int, text: Any) -> None:
        """A paragraph numbered at ``level`` in the headings' sequence (（1）研究制定…), but body text, not a heading."""
        self.counters[level] += 1
        self.para(LABELS[level](self.counters[level]) + clean(text))

    def para(self, text: Any) -> None:
        if str(text).strip():
            self.blocks.append({"kind": "para", "text": clean(text).strip()})

    def gap(self, *values: Any) -> bool:
        """In a draft, a section still to be written as a whole shows its mark where its content would be: True
        (and the mark written) when one of ``values`` stands in for such a section."""
        mark = gap_of(*values)
        if mark:
            self.para(mark)
        return bool(mark)

    def titled(self, level: int, title: str, text: Any) -> None:
        self.heading(level, title)
        self.para(text)

    def table(self, kind: str, caption: str, rows: list[dict[str, str]], note: str = "") -> None:
        """A table of the template's; numbered with its caption, unless it has none (an attachment's only table).
        Optional columns no row has a value for are left out (``omit``)."""
        if caption:
            self.tables += 1
            self.blocks.append({"kind": "caption", "text": f"表{self.tables} {clean(caption)}"})
        self.blocks.append({"kind": kind, "rows": rows, "omit": empty_columns(kind, rows)})
        if note:
            self.blocks.append({"kind": "note", "text": clean(note)})

    def figure(self, chart: str, caption: str, data: dict[str, Any]) -> None:
        """A figure (its drawing is the format's business) with its caption below, numbered through the document."""
        self.figures += 1
        self.blocks.append({"kind": "figure", "chart": chart, "data": data, "text": f"图{self.figures} {clean(caption)}"})

    def signature(self, *lines: Any) -> None:
        """落款: the issuer (one line below the text) and the date, right-aligned, after the last paragraph."""
        shown = [clean(line) for line in lines if str(line).strip()]
        self.blocks += [{"kind": "signer" if n == 0 else "signature", "text": line} for n, line in enumerate(shown)]

    def grid(self, caption: str, columns: list[str], rows: list[list[Any]], note: str = "") -> None:
        """A table whose columns the plan chooses (an attachment's), numbered with the others when it has a caption."""
        if caption:
            self.tables += 1
            self.blocks.append({"kind": "caption", "text": f"表{self.tables} {clean(caption)}"})
        self.blocks.append({"kind": "table", "columns": [clean(c) for c in columns],
                            "rows": [[clean(cell) for cell in row] for row in rows]})
        if note:
            self.blocks.append({"kind": "note", "text": clean(note)})

    def attachment(self, number: int, title: str) -> None:
        """An attachment's start (a new page, 附件N, its title); the 目录 lists its title."""
        self.blocks.append({"kind": "attachment", "label": f"附件{number}", "text": clean(title)})

    def toc(self, levels: int = 3) -> list[dict[str, Any]]:
        """The table of contents: headings of levels 1–``levels``, as the TOC field lists them."""
        kinds = tuple(f"h{n}" for n in range(1, levels + 1))
        return [{"level": int(b["kind"][1]) if b["kind"] != "attachment" else 1, "text": b["text"].replace("\n", "")}
                for b in self.blocks if b["kind"] in kinds or b["kind"] == "attachment"]


def cover_context(cover: dict[str, Any]) -> Cover:
    """The cover lines; a brief may leave applicant, compiler and date out (they are then empty)."""
    return {"title": clean(cover["title"]), "applicant": clean(cover.get("applicant", "")),
            "compiler": f"编制单位：{clean(cover['compiler'])}" if cover.get("compiler") else "",
            "date": date_cn(cover["date"]) if cover.get("date") else "", "city": clean(cover.get("city", "")),
            "mark": cover["stage"] if cover.get("stage") in STAGES[:-1] else ""}


def render_context(doc: Doc, cover: Cover, date: dt.date | None, keywords: str, *, toc: bool = True,
                   summary: Any = None, notice: tuple[list[Block], dict[str, str] | None] = ([], None),
                   layout: dict[str, Any] | None = None) -> RenderContext:
    """The finished context of a document: its blocks, with the 目录 (full plans) taken from their headings down to
    the level the plan's ``layout`` asks (2: （一）), and its attachments, and the ``notice`` issuing it with its 版记 (see doctypes.notice)."""
    levels = (layout or {}).get("toc_levels") if isinstance(layout, dict) else None
    levels = levels if isinstance(levels, int) and not isinstance(levels, bool) and 1 <= levels <= 4 else 2
    return {"cover": cover, "date": date, "blocks": doc.blocks, "toc": doc.toc(levels) if toc else [],
            "toc_levels": levels, "summary": summary, "keywords": keywords, "notice": notice[0], "imprint": notice[1]}


#: the date of a document that has none (a brief without a cover date): its properties and PDF dates still do not vary
DEFAULT_DATE = dt.date(2000, 1, 1)


def document_date(context: dict[str, Any]) -> dt.date:
    """The date a document's properties (and its PDF's dates) carry: the plan's own, never the clock."""
    return context.get("date") or DEFAULT_DATE


def with_gap_list(context: RenderContext, gaps: list[Any]) -> RenderContext:
    """A draft's context with the list of what is still to be filled in at its end: each gap's field and who owes
    it (``gaps``: the P1xx findings), so that every placeholder is visible in the draft; a draft with gaps that
    states no stage before 定稿 is marked 初稿 (a plan with gaps is never final)."""
    if not gaps:
        return context
    cover = {**context["cover"], "mark": context["cover"]["mark"] or STAGES[0]}
    blocks = [*context["blocks"], {"kind": "attachment", "label": "附", "text": "待补充事项清单"}]
    for number, gap in enumerate(gaps, start=1):
        where = f"（第{gap.line}行）" if gap.line else ""
        blocks.append({"kind": "para", "text": clean(f"{number}. {gap.label or gap.path}{where}：{gap.message}")})
    return {**context, "cover": cover, "blocks": blocks}  # type: ignore[typeddict-item]

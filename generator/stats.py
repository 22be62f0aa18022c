"""字数 per chapter and sub-item of a rendered plan, and the 摘要 against its limit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.terminal import pad
from generator.wordcount import ZERO, Count, count_text


@dataclass
class Section:
    level: int
    title: str
    count: Count


def block_texts(block: dict[str, Any]) -> list[str]:
    """The text a reader sees for one block: its paragraph, or every cell of a table."""
    if block["kind"].startswith("table_"):
        return [str(value) for row in block["rows"] for value in row.values()]
    if block["kind"] == "table":            # an attachment's table of its own columns: headings, then each row
        return [*block["columns"], *(str(value) for row in block["rows"] for value in row)]
    if block["kind"] == "attachment":
        return [block["label"], block["text"]]
    return [block["text"]]


def sections(blocks: list[dict[str, Any]]) -> list[Section]:
    """Counts per chapter (level 1) and sub-item (level 2); a heading's own text counts in its section."""
    result: list[Section] = []
    open_sections: dict[int, Section] = {}
    for block in blocks:
        if block["kind"] in ("h1", "h2"):
            level = int(block["kind"][1])
            section = Section(level, block["text"].replace("\n", ""), ZERO)   # a heading broken in two, on one line
            result.append(section)
            open_sections[level] = section
            if level == 1:
                open_sections.pop(2, None)
        elif block["kind"] == "attachment":
            section = Section(1, f"{block['label']} {block['text']}", ZERO)
            result.append(section)
            open_sections = {1: section}
        counted = ZERO
        for text in block_texts(block):
            counted = counted + count_text(text)
        for section in open_sections.values():
            section.count = section.count + counted
    return result


def summary_count(blocks: list[dict[str, Any]]) -> Count:
    found = next((s for s in sections(blocks) if s.level == 1 and s.title.endswith("摘要")), None)
    return found.count if found else ZERO


def format_stats(path: str | Path, blocks: list[dict[str, Any]], summary_limit: int | None = None) -> str:
    """The table ``ecplan stats`` prints; with ``summary_limit`` (a document with a 摘要), the 摘要 against it."""
    lines = [f"{path}", f"{pad('章节', 60, at_least=1)}{'字数':>6}  字符数(不计空格)"]
    for section in sections(blocks):
        indent = "" if section.level == 1 else "  "
        lines.append(f"{pad(indent + section.title[:28], 60, at_least=1)}{section.count.zishu:>8}"
                     f"{section.count.chars_no_spaces:>10}")
    total = sum((s.count for s in sections(blocks) if s.level == 1), ZERO)
    lines.append(f"各章及附件合计 {total.zishu} 字")
    if summary_limit is None or not any(s.level == 1 and s.title.endswith("摘要") for s in sections(blocks)):
        return "\n".join(lines)            # base plans and briefs have no 摘要
    summary = summary_count(blocks)
    state = "未超出" if summary.zishu <= summary_limit else "超出"
    lines.append(f"摘要合计 {summary.zishu} 字 / 上限 {summary_limit} 字（{state}）；字符数(不计空格) {summary.chars_no_spaces}")
    return "\n".join(lines)

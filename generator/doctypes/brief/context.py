"""Context building for a city's brief (创建工作方案要点): the ``brief:`` section in, the render context out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.doctypes.blocks import Doc, RenderContext, cover_context, render_context
from generator.doctypes.brief.outline import BRIEF_CHAPTERS
from generator.doctypes.notice import notice_blocks
from generator.formatting import as_date, clean, date_cn


def build(plan: dict[str, Any], template_dir: str | Path | None = None,
          charts: frozenset[str] = frozenset()) -> RenderContext:
    """The render context of a city's brief: 一、创建工作目标 二、主要任务 三、保障措施, in the city's own groups."""
    brief = plan["brief"]
    doc = Doc()
    for paragraph in plan.get("preamble", []):
        doc.para(paragraph)
    targets = brief["targets"]
    doc.heading(1, targets.get("heading") or BRIEF_CHAPTERS[0])
    for paragraph in list(targets.get("positioning", [])) + list(targets.get("quantified", [])):
        doc.para(paragraph)
    doc.heading(1, BRIEF_CHAPTERS[1])
    for group in brief["tasks"]:
        doc.heading(2, group["title"])
        for paragraph in group.get("paragraphs", []):
            doc.para(paragraph)
    doc.heading(1, BRIEF_CHAPTERS[2])
    for item in brief["safeguards"]:
        doc.heading(2, item["title"])
        for paragraph in item.get("paragraphs", []):
            doc.para(paragraph)
    cover = plan["cover"]
    title = brief.get("title") or f"{clean(cover['title'])}要点"
    date = cover.get("date")
    if not plan.get("notice"):  # issued with a notice, the notice is signed instead
        doc.signature(cover.get("applicant", ""), date_cn(date) if date else "")
    return render_context(doc, {**cover_context({**cover, "title": title}), "title": clean(title)},
                          as_date(date) if date else None, "国家电子商务示范城市;创建工作方案要点", toc=False,
                          notice=notice_blocks(plan, clean(title)))

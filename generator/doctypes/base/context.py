"""Context building for a base plan (示范基地创建工作方案): a validated plan in, the render context out.

A pure function, like the city plan's: the same blocks feed the .docx and the Markdown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.doctypes.base.outline import BASE_ATTACHMENTS, BASE_CHAPTERS, BASE_SUPPORT_SYSTEMS
from generator.doctypes.blocks import Doc, RenderContext, cover_context, render_context
from generator.doctypes.notice import notice_blocks
from generator.doctypes.sections import safeguards_chapter, specific_targets
from generator.formatting import UNKNOWN, as_date, clean, month_cn, num, rounded, sentence
from generator.placeholders import gap_of
from generator.quantities import common_unit, in_unit, plus

#: where each attachment of 八 stands in the list (附件1 …)
ATTACHMENT_NUMBER = {key: number for number, (key, _) in enumerate(BASE_ATTACHMENTS, start=1)}


def build(plan: dict[str, Any], template_dir: str | Path | None = None,
          charts: frozenset[str] = frozenset()) -> RenderContext:
    """The render context of a validated base plan: eight chapters in the official order and wording."""
    doc = Doc()
    chapters = {chapter.key: chapter for chapter in BASE_CHAPTERS}
    for paragraph in plan.get("preamble", []):
        doc.para(paragraph)
    demand = plan.get("demand", {})
    doc.heading(1, chapters["demand"].title)
    for item in chapters["demand"].items if not doc.gap(demand) else ():
        doc.titled(2, item.title, demand.get(item.key, ""))
    _status(doc, plan, chapters["status"])
    _foundation(doc, plan, chapters["foundation"])
    targets = plan.get("targets", {})
    doc.heading(1, chapters["targets"].title)
    doc.gap(targets)
    doc.titled(2, "总体目标", targets.get("overall", ""))
    doc.heading(2, "具体目标")
    doc.gap(targets.get("indicators"))
    specific_targets(doc, plan, charts, table="table_base_indicators", provincial=False)
    _work(doc, plan, chapters["work"])
    safeguards_chapter(doc, plan, chapters["safeguards"], funds="资金")
    _schedule(doc, plan, chapters["schedule"])
    _attachments(doc, plan, chapters["attachments"])
    return render_context(doc, cover_context(plan["cover"]), as_date(plan["cover"]["date"]),
                          "国家电子商务示范基地;创建工作方案", notice=notice_blocks(plan, clean(plan["cover"]["title"])),
                          layout=plan.get("layout"))


def _status(doc: Doc, plan: dict[str, Any], chapter: Any) -> None:
    status = plan.get("status", {})
    doc.heading(1, chapter.title)
    for item in chapter.items if not doc.gap(status) else ():
        doc.heading(2, item.title)
        if item.key == "applications":
            doc.para(status.get("applications", ""))
            doc.para(status.get("online_retail", ""))
        elif item.key == "support":
            support = status.get("support", {})
            for key, label in BASE_SUPPORT_SYSTEMS if not doc.gap(support) else ():
                doc.titled(3, label, support.get(key, ""))
        elif item.key == "problems":
            doc.gap(status.get("problems"))
            for paragraph in status.get("problems", []):
                doc.para(paragraph)
        else:
            doc.para(status.get(item.key, ""))


def _foundation(doc: Doc, plan: dict[str, Any], chapter: Any) -> None:
    foundation = plan.get("foundation", {})
    enterprises = plan.get("attachments", {}).get("enterprises", [])
    doc.heading(1, chapter.title)
    for item in chapter.items if not doc.gap(foundation) else ():
        doc.heading(2, item.title)
        doc.para(foundation.get(item.key, ""))
        if item.key == "enterprises" and enterprises:
            doc.para(f"已入驻企业、单位名单及经营情况见附件{ATTACHMENT_NUMBER['enterprises']}。")


def _work(doc: Doc, plan: dict[str, Any], chapter: Any) -> None:
    work = plan.get("work", {})
    doc.heading(1, chapter.title)
    for item in chapter.items if not doc.gap(work) else ():
        group = work.get(item.key, {})
        doc.heading(2, item.title)
        doc.gap(group, group.get("tasks"))
        doc.para(group.get("intro", ""))
        for task in group.get("tasks", []):
            doc.heading(3, task["title"])
            details = [f"责任单位：{clean(task['lead'])}" if task.get("lead") else "",
                       f"完成时间：{month_cn(task['deadline'])}" if task.get("deadline") is not None else ""]
            details = [d for d in details if d]
            doc.para(sentence(task["content"]) + (f"（{'；'.join(details)}）" if details else ""))


def _schedule(doc: Doc, plan: dict[str, Any], chapter: Any) -> None:
    schedule = plan.get("schedule", {})
    doc.heading(1, chapter.title)
    doc.gap(schedule, schedule.get("phases"))
    doc.para(schedule.get("intro", ""))
    for phase in schedule.get("phases", []):
        doc.heading(2, f"{clean(phase['name'])}（{month_cn(phase['start'])}—{month_cn(phase['end'])}）")
        doc.para("重点工作：" + "；".join(clean(t).rstrip("。；") for t in phase.get("tasks", [])) + "。")
        targets_text = []
        for target in phase.get("targets", []):
            written = clean(target["text"]).rstrip("。；")
            targets_text.append(written + (f"（{month_cn(target['deadline'])}前完成）"
                                           if target.get("deadline") is not None else ""))
        doc.para("阶段目标：" + "；".join(targets_text) + "。")


def _attachments(doc: Doc, plan: dict[str, Any], chapter: Any) -> None:
    attachments = plan.get("attachments", {})
    enterprises = attachments.get("enterprises", [])
    doc.heading(1, chapter.title)
    for key, title in BASE_ATTACHMENTS:
        number = ATTACHMENT_NUMBER[key]
        owed = gap_of(attachments, attachments.get(key))
        if key == "enterprises":
            doc.para(f"附件{number}　{title}（见后）。" if enterprises else f"附件{number}　{title}{owed}。")
            continue
        documents = ["《" + clean(d["title"]).strip("《》") + "》" + (f"（{clean(d['number'])}）" if d.get("number") else "")
                     for d in attachments.get(key, [])]
        doc.para(f"附件{number}　{title}：" + "、".join(documents) + "（另附）。" if documents
                 else f"附件{number}　{title}{owed}。")
    if enterprises:
        doc.attachment(ATTACHMENT_NUMBER["enterprises"], BASE_ATTACHMENTS[-1][1])
        rows, unit = enterprise_rows(enterprises)
        doc.table("table_enterprises", "", rows, f"注：年产值单位为{unit}，为上年数。")


def enterprise_rows(enterprises: list[dict[str, Any]]) -> tuple[list[dict[str, str]], str]:
    """The enterprise table in one money unit, with a total row; and that unit."""
    unit = common_unit(e["output"]["unit"] for e in enterprises)
    rows: list[dict[str, str]] = []
    output: float | None = 0.0
    employees: float | None = 0.0
    for number, enterprise in enumerate(enterprises, start=1):
        value = in_unit(enterprise["output"]["value"], enterprise["output"]["unit"], unit)
        output, employees = plus(output, value), plus(employees, in_unit(enterprise["employees"], "人", "人"))
        rows.append({"no": str(number), "name": clean(enterprise["name"]), "business": clean(enterprise["business"]),
                     "output": rounded(value), "employees": num(enterprise["employees"])})
    rows.append({"no": "", "name": "合计", "business": f"{len(enterprises)}家", "output": rounded(output),
                 "employees": num(employees) if employees is not None else UNKNOWN})
    return rows, unit

"""Context building for a base plan (示范基地创建工作方案) and for a city's brief (创建工作方案要点).

Pure functions over validated data, like ``context.build_context``: the same blocks feed the .docx and Markdown.
"""

from __future__ import annotations

from typing import Any

from generator.context import (
    Doc, add_figures, cover_context, figure_references, safeguards_chapter, toc_entries,
)
from generator.formatting import as_date, clean, month_cn, num, sentence
from generator.outline_base import BASE_ATTACHMENTS, BASE_CHAPTERS, BASE_SUPPORT_SYSTEMS, BRIEF_CHAPTERS
from generator.quantities import convert, indicator_growth


def build_base_context(plan: dict[str, Any], charts: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The render context of a validated base plan: eight chapters in the official order and wording."""
    doc = Doc()
    chapters = {chapter.key: chapter for chapter in BASE_CHAPTERS}
    for paragraph in plan.get("preamble", []):
        doc.para(paragraph)

    demand = plan.get("demand", {})
    doc.heading(1, chapters["demand"].title)
    for item in chapters["demand"].items:
        doc.titled(2, item.title, demand.get(item.key, ""))

    status = plan.get("status", {})
    doc.heading(1, chapters["status"].title)
    for item in chapters["status"].items:
        doc.heading(2, item.title)
        if item.key == "applications":
            doc.para(status.get("applications", ""))
            doc.para(status.get("online_retail", ""))
        elif item.key == "support":
            support = status.get("support", {})
            for key, label in BASE_SUPPORT_SYSTEMS:
                doc.titled(3, label, support.get(key, ""))
        elif item.key == "problems":
            for paragraph in status.get("problems", []):
                doc.para(paragraph)
        else:
            doc.para(status.get(item.key, ""))

    foundation = plan.get("foundation", {})
    enterprises = plan.get("attachments", {}).get("enterprises", [])
    attachment_number = {key: number for number, (key, _) in enumerate(BASE_ATTACHMENTS, start=1)}
    doc.heading(1, chapters["foundation"].title)
    for item in chapters["foundation"].items:
        doc.heading(2, item.title)
        doc.para(foundation.get(item.key, ""))
        if item.key == "enterprises" and enterprises:
            doc.para(f"已入驻企业、单位名单及经营情况见附件{attachment_number['enterprises']}。")

    targets = plan.get("targets", {})
    doc.heading(1, chapters["targets"].title)
    doc.titled(2, "总体目标", targets.get("overall", ""))
    doc.heading(2, "具体目标")
    if targets.get("indicators"):
        period = plan["period"]
        doc.para(f"创建期（{period['start']}—{period['end']}年）主要指标如表{doc.tables + 1}所示"
                 + figure_references(doc, plan, charts, ("indicators", "trajectory")) + "。")
        notes = [f"{clean(i['name'])}：{sentence(i['note'])}" for i in targets["indicators"] if i.get("note")]
        doc.table("table_base_indicators", "创建工作具体目标", base_indicator_rows(plan),
                  "注：年均增长率由基期值和目标值计算。" + "".join(notes))
        add_figures(doc, plan, charts, ("indicators", "trajectory"))

    work = plan.get("work", {})
    doc.heading(1, chapters["work"].title)
    for item in chapters["work"].items:
        group = work.get(item.key, {})
        doc.heading(2, item.title)
        doc.para(group.get("intro", ""))
        for task in group.get("tasks", []):
            doc.heading(3, task["title"])
            details = [f"责任单位：{clean(task['lead'])}" if task.get("lead") else "",
                       f"完成时间：{month_cn(task['deadline'])}" if task.get("deadline") is not None else ""]
            details = [d for d in details if d]
            doc.para(sentence(task["content"]) + (f"（{'；'.join(details)}）" if details else ""))

    safeguards_chapter(doc, plan, chapters["safeguards"], funds="资金")

    schedule = plan.get("schedule", {})
    doc.heading(1, chapters["schedule"].title)
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

    attachments = plan.get("attachments", {})
    doc.heading(1, chapters["attachments"].title)
    for key, title in BASE_ATTACHMENTS:
        number = attachment_number[key]
        if key == "enterprises":
            doc.para(f"附件{number}　{title}（见后）。" if enterprises else f"附件{number}　{title}。")
            continue
        documents = ["《" + clean(d["title"]).strip("《》") + "》" + (f"（{clean(d['number'])}）" if d.get("number") else "")
                     for d in attachments.get(key, [])]
        doc.para(f"附件{number}　{title}：" + "、".join(documents) + "（另附）。" if documents
                 else f"附件{number}　{title}。")
    if enterprises:
        doc.attachment(attachment_number["enterprises"], BASE_ATTACHMENTS[-1][1])
        rows, unit = enterprise_rows(enterprises)
        doc.table("table_enterprises", "已入驻企业、单位名单及经营情况", rows, f"注：年产值单位为{unit}，为上年数。")

    cover = cover_context(plan["cover"])
    return {"cover": cover, "date": as_date(plan["cover"]["date"]), "blocks": doc.blocks, "toc": toc_entries(doc),
            "summary": None, "keywords": "国家电子商务示范基地;创建工作方案"}


def base_indicator_rows(plan: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for number, item in enumerate(plan["targets"]["indicators"], start=1):
        growth, _ = indicator_growth(item)
        rows.append({"no": str(number), "name": clean(item["name"]), "unit": clean(item["unit"]),
                     "base_year": str(item["baseline"]["year"]), "base_value": num(item["baseline"]["value"]),
                     "target_year": str(item["target"]["year"]), "target_value": num(item["target"]["value"]),
                     "growth": f"{growth:.1f}" if growth is not None and item["unit"] != "%" else "—"})
    return rows


def enterprise_rows(enterprises: list[dict[str, Any]]) -> tuple[list[dict[str, str]], str]:
    """The enterprise table in one money unit, with a total row; and that unit."""
    units = {e["output"]["unit"] for e in enterprises}
    unit = units.pop() if len(units) == 1 else "万元"
    rows, output, employees = [], 0.0, 0.0
    for number, enterprise in enumerate(enterprises, start=1):
        value = convert(float(enterprise["output"]["value"]), enterprise["output"]["unit"], unit)
        output, employees = output + value, employees + float(enterprise["employees"])
        rows.append({"no": str(number), "name": clean(enterprise["name"]), "business": clean(enterprise["business"]),
                     "output": num(round(value, 4)), "employees": num(enterprise["employees"])})
    rows.append({"no": "", "name": "合计", "business": f"{len(enterprises)}家", "output": num(round(output, 4)),
                 "employees": num(employees)})
    return rows, unit


def build_brief_context(plan: dict[str, Any]) -> dict[str, Any]:
    """The render context of a city's brief: 一、创建工作目标 二、主要任务 三、保障措施, in the city's own groups."""
    brief = plan["brief"]
    doc = Doc()
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
    return {"cover": {**cover_context({**cover, "title": title}), "title": clean(title)},
            "date": as_date(date) if date else None, "blocks": doc.blocks, "toc": [], "summary": None,
            "keywords": "国家电子商务示范城市;创建工作方案要点"}

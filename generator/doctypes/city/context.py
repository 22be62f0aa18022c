"""Context building: a validated city plan in, the render context out — a pure function, no docx here.

The document is a flat list of blocks (headings with their literal labels, paragraphs, captions, tables,
attachment starts) that every output format walks in order. Numbering, derived rates and totals are settled
here, so the .docx, the Markdown and the word count all see the same text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.doctypes.blocks import Doc, RenderContext, cover_context, render_context
from generator.doctypes.city.outline import CITY_CHAPTERS, task_groups
from generator.doctypes.notice import notice_blocks
from generator.doctypes.city.summary import (ORDINALS, compose_summary, project_sums, stated_total,
                                            states_government)
from generator.doctypes.sections import add_figures, figure_references, safeguards_chapter, specific_targets
from generator.formatting import amount, as_date, clean, count_cn, join_cn, money, month_cn, num, rounded, sentence
from generator.placeholders import gap_of
from generator.quantities import common_unit, in_unit, plus

def build(plan: dict[str, Any], template_dir: str | Path | None = None,
          charts: frozenset[str] = frozenset()) -> RenderContext:
    """The render context of a validated city plan, with the figures named in ``charts``."""
    doc = Doc()
    for paragraph in plan.get("preamble", []):
        doc.para(paragraph)
    chapters = {chapter.key: (number, chapter) for number, chapter in enumerate(CITY_CHAPTERS, start=1)}
    summary = compose_summary(plan, template_dir)
    doc.heading(1, chapters["summary"][1].title)
    for item in chapters["summary"][1].items:
        text = summary.texts[item.key]
        doc.heading(2, item.title)
        for paragraph in text.split("\n"):
            doc.para(paragraph)
    _economy(doc, plan, chapters["economy"][1])
    _ecommerce(doc, plan, chapters["ecommerce"][1])
    _targets(doc, plan, chapters["targets"][1], charts)
    _tasks(doc, plan, chapters["tasks"][1].title, charts)
    safeguards_chapter(doc, plan, chapters["safeguards"][1])
    _steps(doc, plan)
    _attachments(doc, plan)
    return render_context(doc, cover_context(plan["cover"]), as_date(plan["cover"]["date"]),
                          "国家电子商务示范城市;创建工作方案", summary=summary,
                          notice=notice_blocks(plan, clean(plan["cover"]["title"])), layout=plan.get("layout"))


def _stat(label: str, item: Any, *, growth: bool = True) -> str:
    if not isinstance(item, dict):
        return ""
    text = f"{label}{amount(item['value'], item['unit'])}"
    if growth and isinstance(item.get("growth"), (int, float)):
        text += f"，{'增长' if item['growth'] >= 0 else '下降'}{num(abs(item['growth']))}%"
    return text


def _economy(doc: Doc, plan: dict[str, Any], chapter: Any) -> None:
    economy = plan.get("economy", {})
    overview = economy.get("overview", {})
    doc.heading(1, chapter.title)
    if doc.gap(economy):
        return
    doc.heading(2, chapter.items[0].title)
    doc.gap(overview)
    doc.para(overview.get("location", ""))
    facts = [
        _stat("全市常住人口", overview.get("population")),
        _stat("城镇居民人均可支配收入", overview.get("income", {}).get("urban")),
        _stat("农村居民人均可支配收入", overview.get("income", {}).get("rural")),
        _stat("地区生产总值", overview.get("gdp")),
    ]
    industries = overview.get("industries", {})
    parts = [industries.get(k) for k in ("primary", "secondary", "tertiary")]
    if all(isinstance(p, dict) for p in parts):
        facts.append("三次产业增加值分别为" + "、".join(amount(p["value"], p["unit"]) for p in parts))
        shares = [p.get("share") for p in parts]
        if all(isinstance(s, (int, float)) for s in shares):
            facts.append("三次产业结构为" + ":".join(f"{s:.1f}" for s in shares))
    facts += [_stat("社会消费品零售总额", overview.get("retail_sales")), _stat("进出口总额", overview.get("trade"))]
    year = next((item["year"] for item in (overview.get(key) for key in ("gdp", "population", "retail_sales", "trade"))
                 if isinstance(item, dict) and isinstance(item.get("year"), int)), None)  # a draft's GDP may be owed
    if any(facts):
        doc.para((f"{year}年，" if year else "") + "；".join(f for f in facts if f) + "。")
    doc.para(overview.get("pillar_industries", ""))
    doc.para(overview.get("text", ""))
    doc.heading(2, chapter.items[1].title)
    doc.para(economy.get("strategy", ""))
    doc.heading(2, chapter.items[2].title)
    demand = economy.get("demand", {})
    doc.gap(demand)
    for key, title in (("consumption", "拉动消费"), ("transformation", "促进城市经济转型"),
                       ("growth_drivers", "培育经济增长动力")):
        if demand.get(key):
            doc.titled(3, title, demand[key])


def _ecommerce(doc: Doc, plan: dict[str, Any], chapter: Any) -> None:
    ecommerce = plan.get("ecommerce", {})
    overview = ecommerce.get("overview", {})
    doc.heading(1, chapter.title)
    if doc.gap(ecommerce):
        return
    doc.heading(2, chapter.items[0].title)
    if doc.gap(overview):
        overview = {}
    total = overview.get("transactions")
    scale = [_stat("全市电子商务交易额", total)]
    split = [_stat(label, overview.get(key)) for key, label in
             (("domestic_transactions", "国内电子商务交易额"), ("cross_border_transactions", "跨境电子商务交易额"))]
    if any(split):
        scale.append("其中" + "，".join(s for s in split if s))
    scale.append(_stat("网络零售额", overview.get("online_retail")))
    enterprises = overview.get("enterprises", {})
    counts = [_stat(label, enterprises.get(key), growth=False) for key, label in
              (("service", "电子商务服务企业"), ("application", "电子商务应用企业"))]
    year = (total or {}).get("year")
    if any(scale) or any(counts):
        doc.heading(3, "交易规模与企业发展")
        doc.para((f"{year}年，" if year else "") + "；".join(s for s in scale if s) + ("。" if any(scale) else "")
                 + ("全市共有" + "、".join(c for c in counts if c) + "。" if any(counts) else ""))
    for key, title in (("typical_enterprises", "典型企业经营情况"), ("tax", "纳税情况"), ("parks", "电子商务园区（基地）建设"),
                       ("associations", "电子商务协会等社团组织建设"), ("features", "主要特点与优势"),
                       ("opportunities", "面临的机遇与挑战")):
        if overview.get(key):
            doc.titled(3, title, overview[key])
    doc.heading(2, chapter.items[1].title)
    environment = ecommerce.get("environment", {})
    doc.gap(environment)
    for key, title in (("logistics", "现代物流"), ("payment", "电子支付"), ("certification", "电子认证"),
                       ("credit", "信用体系"), ("standards", "标准体系"), ("policies", "已出台的法规政策")):
        if environment.get(key):
            doc.titled(3, title, environment[key])
    doc.heading(2, chapter.items[2].title)
    doc.gap(ecommerce.get("problems"))
    for item in ecommerce.get("problems", []):   # numbered paragraphs: a problem is a sentence, not a 目录 entry
        doc.run_in(3, sentence(item["problem"]))
        if item.get("countermeasure"):
            doc.para("应对措施：" + sentence(item["countermeasure"]))


def _targets(doc: Doc, plan: dict[str, Any], chapter: Any, charts: frozenset[str]) -> None:
    targets = plan.get("targets", {})
    doc.heading(1, chapter.title)
    if doc.gap(targets):
        return
    doc.heading(2, chapter.items[0].title)
    # 指导思想 and 基本原则 as run-in paragraphs of 四（一）, as real plans write them: no heading under （一）总体目标
    # repeats it, and the official numbering stays as it is
    if plan.get("guiding_ideology"):
        doc.para(f"指导思想：{sentence(plan['guiding_ideology'])}")
    if plan.get("principles"):
        doc.para("基本原则：" + "".join(f"{ORDINALS[n] if n < len(ORDINALS) else n + 1}是{sentence(p['title'])}"
                                     f"{sentence(p['text'])}" for n, p in enumerate(plan["principles"])))
    doc.para(targets.get("overall", ""))
    doc.heading(2, chapter.items[1].title)
    doc.gap(targets.get("indicators"))
    specific_targets(doc, plan, charts, table="table_indicators", provincial=True)


def task_rows(plan: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for g_number, (_, _, group) in enumerate(task_groups(plan), start=1):
        for t_number, task in enumerate(group.get("tasks", []), start=1):
            rows.append({"no": f"{g_number}.{t_number}", "task": clean(task["title"]), "lead": clean(task["lead"]),
                         "partners": join_cn(task.get("partners", [])) or "—", "deadline": clean(task["deadline"])})
    return rows


def _tasks(doc: Doc, plan: dict[str, Any], title: str, charts: frozenset[str]) -> None:
    doc.heading(1, title)
    doc.gap(plan.get("tasks"))
    for _, title, group in task_groups(plan):
        doc.heading(2, title)
        doc.gap(group, group.get("tasks"))
        doc.para(group.get("intro", ""))
        for task in group.get("tasks", []):
            doc.heading(3, task["title"])
            partners = join_cn(task.get("partners", []))
            doc.para(sentence(task["content"]) + f"（牵头部门：{clean(task['lead'])}"
                     + (f"；配合部门：{partners}" if partners else "") + f"；完成时限：{clean(task['deadline'])}）")
            for measure in task.get("measures") or []:
                if measure.get("title"):   # a measure with a title is a （1） heading (in the 目录 at toc_levels: 4)
                    doc.titled(4, measure["title"], measure.get("text", ""))
                elif measure.get("text"):
                    doc.run_in(4, sentence(measure["text"]))
    _projects(doc, plan, charts)


def project_rows(plan: dict[str, Any]) -> tuple[list[dict[str, str]], str]:
    """Rows of the key-project table with a total row, all in one money unit; and that unit."""
    items = plan.get("projects", {}).get("items", [])
    unit = common_unit(p["investment"]["unit"] for p in items if isinstance(p.get("investment"), dict))
    rows: list[dict[str, str]] = []
    total: float | None = 0.0
    government: float | None = 0.0
    for number, project in enumerate(items, start=1):
        investment = project.get("investment") or {}
        t = in_unit(investment.get("total", 0), investment.get("unit", unit), unit)
        g = in_unit(investment.get("government", 0), investment.get("unit", unit), unit)
        total, government = plus(total, t), plus(government, g)
        rows.append({"no": str(number), "name": clean(project["name"]), "unit": clean(project.get("unit", "—")),
                     "period": f"{month_cn(project.get('start', ''))}—{month_cn(project.get('end', ''))}",
                     "total": rounded(t), "government": rounded(g) if investment.get("government") is not None
                     else "—", "construction": num(project["construction_share"])
                     if project.get("construction_share") is not None else "—"})
    rows.append({"no": "", "name": "合计", "unit": "", "period": "", "total": rounded(total),
                 "government": rounded(government) if states_government(plan) else "", "construction": ""})
    return rows, unit


def _projects(doc: Doc, plan: dict[str, Any], charts: frozenset[str]) -> None:
    items = plan.get("projects", {}).get("items", [])
    if not items:  # a draft's projects still to be written (a finished city plan has some: R11.5)
        gap = gap_of(plan.get("projects"), plan.get("projects", {}).get("items"))
        if gap:
            doc.heading(2, "创建工作重点工程")
            doc.para(f"创建期内的重点工程{gap}。")
        return
    doc.heading(2, "创建工作重点工程")
    rows, unit = project_rows(plan)
    total, government = project_sums(plan, unit)
    doc.para(f"围绕创建工作目标和主要任务，共安排重点工程{count_cn(len(items))}项，计划总投资"
             f"{money(stated_total(plan, unit) if total is None else total, unit)}"
             + (f"，其中政府投资{money(government, unit)}" if states_government(plan) else "")
             + figure_references(doc, plan, charts, ("investment",)) + "。")
    for project in items:
        doc.heading(3, project["name"])
        investment = project.get("investment") or {}
        parts = [sentence(project.get("content", "")),
                 f"支持方向：{clean(project['direction'])}。" if project.get("direction") else "",
                 f"实施单位：{clean(project['unit'])}。" if project.get("unit") else "",
                 f"建设地点：{clean(project['location'])}。" if project.get("location") else "",
                 f"责任单位：{clean(project['responsible'])}。" if project.get("responsible") else "",
                 f"建设期：{month_cn(project.get('start', ''))}—{month_cn(project.get('end', ''))}。"
                 if project.get("start") and project.get("end") else "",
                 _investment(investment) if investment else "",
                 f"预期成效：{sentence(project['results'])}" if project.get("results") else ""]
        doc.para("".join(parts))
    doc.table("table_projects", "重点工程汇总表", rows, f"注：投资单位为{unit}。")
    add_figures(doc, plan, charts, ("investment",))


def _investment(investment: dict[str, Any]) -> str:
    """总投资…，其中政府投资…；分年度投资：2027年…、2028年…。"""
    unit = investment["unit"]
    text = f"总投资{amount(investment['total'], unit)}" + (
        f"，其中政府投资{amount(investment['government'], unit)}" if investment.get("government") is not None else "")
    yearly = [entry for entry in investment.get("yearly") or [] if isinstance(entry, dict)]
    if yearly:
        text += "；分年度投资：" + "，".join(f"{entry['year']}年{amount(entry['amount'], unit)}" for entry in yearly)
    return text + "。"


def _steps(doc: Doc, plan: dict[str, Any]) -> None:
    """七、实施步骤, after the six chapters of the outline, where real plans put them."""
    steps = plan.get("steps")
    if not steps and not gap_of(steps):
        return
    doc.heading(1, "实施步骤")
    if doc.gap(steps):
        return
    for step in steps:
        doc.heading(2, f"{clean(step['name'])}（{month_cn(step['start'])}—{month_cn(step['end'])}）")
        doc.para(step["content"])


def _attachments(doc: Doc, plan: dict[str, Any]) -> None:
    number = 1
    rows = task_rows(plan)
    if rows:
        doc.attachment(number, "创建工作任务分工表")
        doc.table("table_tasks", "", rows)   # the attachment's title is the table's
        number += 1
    for attachment in plan.get("attachments", []):
        doc.attachment(number, attachment["title"])
        if not doc.gap(attachment.get("paragraphs")):
            for paragraph in attachment.get("paragraphs", []):
                doc.para(paragraph)
        table = attachment.get("table")
        if table and not doc.gap(table, table.get("rows")):
            doc.grid(table.get("caption", ""), table["columns"],   # untitled: the attachment's title is its title
                     [[num(cell) if isinstance(cell, (int, float)) else cell for cell in row] for row in table["rows"]],
                     table.get("note", ""))
        number += 1



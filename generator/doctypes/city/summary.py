"""The 摘要 (chapter 一): the user's text where given, otherwise composed from the plan and fitted to 3500 字.

Composition goes through the Jinja text templates ``templates/summary/*.txt.j2`` (restylable by a consultant).
When the composed 摘要 is too long, detail is reduced in documented steps — whole sentences at a time, never a
number cut in half — and what was left out is reported. Text the user wrote is never altered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from generator.doctypes.city.outline import CITY_CHAPTERS, REQUIRED_INDICATOR_KINDS, task_groups
from generator.doctypes.outline import cn_number
from generator.formatting import amount, clean, money, target_text, target_verb
from generator.placeholders import gap_of
from generator.quantities import common_unit, in_unit, plus, shown_growth
from generator.wordcount import count_text

SUMMARY_LIMIT = 3500
#: Above this a warning: WPS and Word versions may count a little differently.
SUMMARY_WARNING = 3300
ORDINALS = "一二三四五六七八九十"

#: What each lower detail level leaves out, in the order the steps are taken.
DETAIL_STEPS = {
    3: "完整内容",
    2: "任务内容、工程建设内容和基期数值",
    1: "非必需指标、任务名称（每组只保留前两项）、工程投资明细和参与部门名单",
    0: "全部任务名称、工程名称和机制说明",
}


@dataclass
class Summary:
    limit: ClassVar[int] = SUMMARY_LIMIT

    texts: dict[str, str]
    count: int
    detail: int | None = None          # None when every sub-item was written by the user
    written: set[str] = field(default_factory=set)
    left_out: str = ""

    def per_item(self) -> dict[str, int]:
        return {key: count_text(text).zishu for key, text in self.texts.items()}


def _heading_count() -> int:
    chapter = CITY_CHAPTERS[0]
    headings = [f"一、{chapter.title}"] + [f"（{cn_number(i)}）{item.title}" for i, item in enumerate(chapter.items, 1)]
    return sum(count_text(h).zishu for h in headings)


def count_summary(texts: dict[str, str]) -> int:
    """字数 of the 摘要 as rendered: headings with their literal labels plus every paragraph."""
    return _heading_count() + sum(count_text(text).zishu for text in texts.values())


def project_sums(plan: dict[str, Any], unit: str) -> tuple[float | None, float | None]:
    """The key projects' total and government investment in ``unit``; None while a part is still missing."""
    total: float | None = 0.0
    government: float | None = 0.0
    for project in plan.get("projects", {}).get("items", []):
        investment = project.get("investment") or {}
        total = plus(total, in_unit(investment.get("total", 0), investment.get("unit", unit), unit))
        government = plus(government, in_unit(investment.get("government", 0), investment.get("unit", unit), unit))
    return total, government


def states_government(plan: dict[str, Any]) -> bool:
    """Whether any key project says how much of its investment is the government's (else nothing is said of it)."""
    return any(isinstance(p.get("investment"), dict) and "government" in p["investment"]
               for p in plan.get("projects", {}).get("items", []))


def stated_total(plan: dict[str, Any], unit: str) -> float | None:
    """The key projects' total as the plan states it (``projects.total_investment``), in ``unit``: what a draft
    shows while one project's investment is still to come."""
    stated = plan.get("projects", {}).get("total_investment") or {}
    return in_unit(stated.get("value"), stated.get("unit"), unit)


def _falls(item: dict[str, Any]) -> bool:
    """Whether an indicator's target lies below its baseline (one declared to fall): the text says 下降到."""
    base, target = (item.get("baseline") or {}).get("value"), item["target"].get("value")
    return isinstance(base, (int, float)) and isinstance(target, (int, float)) and target < base


def facts(plan: dict[str, Any]) -> dict[str, Any]:
    """What the summary templates may use: plain values, settled here so templates stay simple."""
    indicators = []
    for item in plan.get("targets", {}).get("indicators", []):
        growth = shown_growth(item)
        indicators.append({
            "name": clean(item["name"]), "kind": item["kind"], "unit": clean(item["unit"]),
            "base_year": (item.get("baseline") or {}).get("year"), "base_value": (item.get("baseline") or {}).get("value"),
            "target_value": item["target"].get("value"), "target": target_text(item["target"], item["unit"]),
            "verb": target_verb(item["target"], _falls(item), (item.get("baseline") or {}).get("value") is not None),
            "target_year": item["target"]["year"],
            "growth": growth, "falls": _falls(item),
            "provincial": item.get("provincial_average"), "required": item["kind"] in REQUIRED_INDICATOR_KINDS,
        })
    groups = [{"title": title, "tasks": group.get("tasks", [])} for _, title, group in task_groups(plan)]
    projects = plan.get("projects", {}).get("items", [])
    unit = common_unit(p["investment"]["unit"] for p in projects if isinstance(p.get("investment"), dict))

    total, government = project_sums(plan, unit)
    safeguards = plan.get("safeguards", {})
    funding = safeguards.get("funding", {})
    yearly = funding.get("yearly", [])
    return {
        "overall": plan.get("targets", {}).get("overall", ""),
        "target_year": plan["period"]["end"], "indicators": indicators,
        "groups": groups, "ordinals": ORDINALS,
        "projects": [{"name": p["name"], "content": p.get("content", ""), "start": p.get("start", ""),
                      "end": p.get("end", ""), "total": money(in_unit(p["investment"]["total"], p["investment"]["unit"],
                                                                      unit), unit)
                      if p.get("investment") else "—"} for p in projects],
        "total": money(stated_total(plan, unit) if total is None else total, unit),
        "government": money(government, unit) if states_government(plan) else "", "unit": unit,
        "projects_gap": gap_of(plan.get("projects"), plan.get("projects", {}).get("items")),
        "gaps": {key: gap_of(plan.get(key)) for key in ("targets", "tasks", "safeguards")},
        "org": {"leader": "", "lead_department": "", "departments": [], "coordination": "", "problem_resolution": "",
                **safeguards.get("organisation", {})},
        "funding": {"years": "、".join(f"{y['year']}年安排{amount(y['amount'], y['unit'])}" for y in yearly),
                    "total": amount(funding["total"]["value"], funding["total"]["unit"]) if funding.get("total") else "",
                    "management": funding.get("management", ""), "assessment": funding.get("assessment", "")}
        if yearly else None,
        "supervision": {"assessment": "", "summary_exchange": "", **safeguards.get("supervision", {})},
    }


def _render(name: str, values: dict[str, Any], template_dir: str | Path | None) -> str:
    from generator.templating import render_text

    text = render_text(f"summary/{name}.txt.j2", values, template_dir)
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def compose_summary(plan: dict[str, Any], template_dir: str | Path | None = None) -> Summary:
    """The four sub-items of the 摘要, fitted within the limit where ecplan composed them."""
    written = {k: clean(v).strip() for k, v in plan.get("summary", {}).items() if str(v).strip()}
    keys = [item.key for item in CITY_CHAPTERS[0].items]
    if all(k in written for k in keys):
        return Summary({k: written[k] for k in keys}, count_summary(written), None, set(keys))
    values = facts(plan)
    texts: dict[str, str] = {}
    for detail in sorted(DETAIL_STEPS, reverse=True):
        texts = {k: written.get(k) or _render(k, {**values, "detail": detail}, template_dir) for k in keys}
        if count_summary(texts) <= SUMMARY_LIMIT:
            left_out = "、".join(DETAIL_STEPS[d] for d in sorted(DETAIL_STEPS, reverse=True) if detail <= d < 3)
            return Summary(texts, count_summary(texts), detail, set(written), left_out)
    return Summary(texts, count_summary(texts), 0, set(written), "、".join(list(DETAIL_STEPS.values())[1:]))

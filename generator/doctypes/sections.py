"""Parts of the document every type writes the same way: the specific targets with their table and figures, and
the safeguards chapter with its yearly funding table. Pure functions over validated data, adding blocks to a Doc."""

from __future__ import annotations

from typing import Any

from generator import figures
from generator.doctypes.blocks import Doc
from generator.formatting import clean, led_by, num, rounded, sentence, target_text
from generator.placeholders import gap_of
from generator.quantities import common_unit, in_unit, shown_growth
from generator.tables import empty_columns, fields

#: the figures that go with the specific targets
TARGET_FIGURES = ("indicators", "trajectory")
#: what the indicator table's note says of a column, when the table shows it
INDICATOR_NOTES = (("growth", "未写明的年均增长率由基期值和目标值计算"), ("provincial", "全省平均为同口径全省平均水平"))


def indicator_rows(indicators: list[dict[str, Any]], *, provincial: bool) -> list[dict[str, str]]:
    """Rows of the specific-target table; ``provincial`` adds the 全省平均 column (city plans)."""
    rows = []
    for number, item in enumerate(indicators, start=1):
        growth = shown_growth(item)
        baseline, target = item.get("baseline") or {}, item["target"]
        row = {"no": str(number), "name": clean(item["name"]), "unit": clean(item["unit"]),
               "base_year": _or_dash(baseline.get("year")), "base_value": num(baseline["value"])
               if baseline.get("value") is not None else "—",
               "target_year": str(target["year"]), "target_value": target_text(target, ""),
               "growth": f"{growth:.1f}" if growth is not None else "—", "attribute": item.get("attribute") or "—"}
        if provincial:
            average = item.get("provincial_average")
            # what the average is: a growth rate for an amount, a share for a rate
            what = "增速" if item.get("unit") != "%" and isinstance(average, (int, float)) else ""
            row["provincial"] = (f"{what}{num(average)}%" if isinstance(average, (int, float))
                                 else (gap_of(average) or "—"))
        rows.append(row)
    return rows


def _or_dash(value: Any) -> str:
    return "—" if value is None else str(value)


def specific_targets(doc: Doc, plan: dict[str, Any], charts: frozenset[str], *, table: str, provincial: bool) -> None:
    """具体目标: a sentence pointing at the table (and figures), the table of indicators with its notes, the figures.
    The note explains only the columns the table shows."""
    indicators = plan.get("targets", {}).get("indicators", [])
    if not indicators:
        return
    period = plan["period"]
    doc.para(f"创建期（{period['start']}—{period['end']}年）主要指标如表{doc.tables + 1}所示"
             + figure_references(doc, plan, charts, TARGET_FIGURES) + "。")
    notes = [f"{clean(i['name'])}：{sentence(i['note'])}" for i in indicators if i.get("note")]
    typed = any(i.get("attribute") for i in indicators)  # the 属性 column of Chinese indicator tables, when stated
    kind, rows = table + ("_typed" if typed else ""), indicator_rows(indicators, provincial=provincial)
    shown = set(fields(kind)) - set(empty_columns(kind, rows))
    explained = [text for column, text in INDICATOR_NOTES if column in shown]
    note = (f"{'，'.join(explained)}。" if explained else "") + "".join(notes)
    doc.table(kind, "创建工作具体目标", rows, f"注：{note}" if note else "")
    doc.para(responsibilities(indicators))
    add_figures(doc, plan, charts, TARGET_FIGURES)


def responsibilities(indicators: list[dict[str, Any]]) -> str:
    """"电子商务交易额、网络零售额由市商务局负责，……" for the indicators that name their 责任单位 ("" if none do)."""
    by_department: dict[str, list[str]] = {}
    for item in indicators:
        if item.get("responsible"):
            by_department.setdefault(clean(item["responsible"]), []).append(f"“{clean(item['name'])}”")
    if not by_department:
        return ""
    return "各项指标的责任单位：" + "；".join(f"{'、'.join(names)}由{department}负责"
                                       for department, names in by_department.items()) + "。"


def _shown(plan: dict[str, Any], charts: frozenset[str], names: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
    found = [(name, figures.BUILDERS[name](plan)) for name in names if name in charts]
    return [(name, data) for name, data in found if data]


def figure_references(doc: Doc, plan: dict[str, Any], charts: frozenset[str], names: tuple[str, ...]) -> str:
    """"，基期值与目标值的对比见图1，分年度目标见图2" for the figures that will follow."""
    what = {"indicators": "基期值与目标值的对比", "trajectory": "分年度目标", "investment": "各支持方向的投资"}
    shown = _shown(plan, charts, names)
    return "".join(f"，{what[name]}见图{doc.figures + number}" for number, (name, _) in enumerate(shown, start=1))


def add_figures(doc: Doc, plan: dict[str, Any], charts: frozenset[str], names: tuple[str, ...]) -> None:
    for name, data in _shown(plan, charts, names):
        caption = figures.CAPTIONS[name]
        if name == "trajectory":
            caption = (data["series"][0]["name"] if len(data["series"]) == 1 else "主要指标") + caption
        if data.get("incomplete"):
            caption += "（尚待补充的数值未画出）"
        doc.figure(name, caption, data)


def safeguards_chapter(doc: Doc, plan: dict[str, Any], chapter: Any, *, funds: str = "政府资金") -> None:
    """六、保障措施 of a city or base plan: organisation, funding (with the yearly table), then the others."""
    safeguards = plan.get("safeguards", {})
    doc.heading(1, chapter.title)
    if doc.gap(safeguards):
        return
    organisation = safeguards.get("organisation", {})
    doc.heading(2, chapter.items[0].title)
    doc.gap(organisation)
    doc.para(organisation.get("leader", ""))
    doc.para(led_by(organisation.get("lead_department"), organisation.get("departments") or []))
    for key in ("duties", "coordination", "problem_resolution", "text"):
        doc.para(organisation.get(key, ""))
    funding = safeguards.get("funding", {})
    doc.heading(2, chapter.items[1].title)
    doc.gap(funding, funding.get("yearly"))
    yearly = funding.get("yearly", [])
    if yearly:
        doc.para(f"创建期内{funds}安排如表{doc.tables + 1}所示。")
        unit = common_unit(y["unit"] for y in yearly)   # one unit for the column, named in the note
        doc.table("table_funding", "创建期年度资金安排",
                  [{"year": f"{y['year']}年", "amount": rounded(in_unit(y["amount"], y["unit"], unit)),
                    "source": clean(y.get("source", "—"))} for y in yearly]
                  + ([{"year": "合计", "amount": rounded(in_unit(funding["total"]["value"], funding["total"]["unit"], unit)),
                       "source": ""}] if funding.get("total") else []), f"注：金额单位为{unit}。")
    for key in ("management", "assessment", "text"):
        doc.para(funding.get(key, ""))
    supervision, other = safeguards.get("supervision", {}), safeguards.get("other", [])
    if supervision or other:
        doc.heading(2, chapter.items[2].title)
        doc.gap(supervision, other)
        if supervision.get("assessment"):
            doc.titled(3, "强化考核评估", supervision["assessment"])
        if supervision.get("summary_exchange"):
            doc.titled(3, "坚持定期总结交流", supervision["summary_exchange"])
        for item in other:
            doc.titled(3, item["title"], item["text"])

"""Rules about numbers and dates: the period (R3), the provincial average (R5), 重硬轻软 (R7),
key projects (R11) and numbers that must agree with each other (R12)."""

from __future__ import annotations

from typing import Any

from generator.doctypes.checks import (
    SUM_TOLERANCE, check_funding_total, check_in_period, check_indicator_growth, compare_total, dated_period, is_filled,
)
from generator.doctypes.city.outline import task_groups
from generator.quantities import indicator_growth, month_key, to_common
from generator.validate import RuleContext

SHARE_TOLERANCE = 0.5       # percentage points for shares that must sum to 100


def r3_period(ctx: RuleContext) -> None:
    """R3: the period is 3–5 years; target years, project ends, deadlines and implementation steps lie inside it."""
    period = dated_period(ctx)
    if period is None:
        return
    for index, item in ctx.items(("projects", "items")):
        check_in_period(ctx, "R3.4", ("projects", "items", index, "end"), item.get("end"),
                        f"重点工程“{item.get('name')}”的完工时间", period)
    for group_path, _, _ in task_groups(ctx.data):
        for index, task in ctx.items(group_path + ("tasks",)):
            check_in_period(ctx, "R3.5", group_path + ("tasks", index, "deadline"), task.get("deadline"),
                            f"任务“{task.get('title')}”的完成时限", period)
    for index, item in ctx.items(("safeguards", "funding", "yearly")):
        if isinstance(item.get("year"), int):
            check_in_period(ctx, "R3.6", ("safeguards", "funding", "yearly", index, "year"), item["year"],
                            "资金安排年份", period, warning=True)
    for index, step in ctx.items(("steps",)):
        path, name = ("steps", index), step.get("name")
        for key in ("start", "end"):   # a mobilisation step may come before the period: a warning
            check_in_period(ctx, "R3.10", path + (key,), step.get(key), f"实施步骤“{name}”的时间", period, warning=True)
        first, last = month_key(step.get("start")), month_key(step.get("end"))
        if first and last and first > last:
            ctx.error("R3.11", path + ("end",), f"实施步骤“{name}”的结束时间 {step.get('end')} 早于开始时间 {step.get('start')}。")


def r5_above_provincial_average(ctx: RuleContext) -> None:
    """R5: transaction growth and penetration are above the provincial average."""
    for index, item in ctx.items(("targets", "indicators")):
        kind, path = item.get("kind"), ("targets", "indicators", index)
        if kind not in ("交易额", "增长率", "应用普及程度"):
            continue
        average = item.get("provincial_average")
        if not isinstance(average, (int, float)):
            ctx.warning("R5.2", path, f"指标“{item.get('name')}”未填全省平均水平，无法核对是否高于全省平均。",
                        hint="填写 `provincial_average:`（增长类填全省年均增速%，普及率类填全省普及率%）。")
            continue
        if kind == "交易额":
            value, stated = indicator_growth(item)
            what = "年均增长率" + ("" if stated else "（由基期和目标值算出）")
        else:
            value, what = (item.get("target") or {}).get("value"), "目标值"
        if isinstance(value, (int, float)) and value <= average:
            ctx.error("R5.1", path, f"指标“{item.get('name')}”的{what} {value:.1f}% 不高于全省平均水平 {average:.1f}%。",
                      hint="编制要点要求交易规模增长率、应用普及程度等主要指标高于本省平均水平。")


SOFT_WORDS = ("政策", "办法", "制度", "规范", "标准", "规章", "条例", "统计", "规则", "机制", "细则", "法规", "监管")
HARD_WORDS = ("园区", "设施", "中心", "基地", "工程", "仓储", "网络", "基站", "场馆", "楼宇", "平台")


def task_nature(task: dict[str, Any]) -> str:
    """The nature a task states, or one read from its title: 规制 (rules, policies, standards) or 设施."""
    if task.get("nature"):
        return str(task["nature"])
    title = str(task.get("title", ""))
    if any(word in title for word in SOFT_WORDS):
        return "规制"
    if any(word in title for word in HARD_WORDS):
        return "设施"
    return "其他"


def r7_soft_before_hard(ctx: RuleContext) -> None:
    """R7: avoid 重硬轻软 — rule, policy and standard tasks must not be fewer than facility tasks. The message shows
    its working: which tasks were counted on each side, and whether by their ``nature:`` or by their title."""
    counted: dict[str, list[str]] = {"规制": [], "设施": []}
    for group_path, _, _ in task_groups(ctx.data):
        for _, task in ctx.items(group_path + ("tasks",)):
            nature = task_nature(task)
            if nature in counted:
                how = "" if task.get("nature") else "（按名称）"
                counted[nature].append(f"“{task.get('title', '')}”{how}")
    soft, hard = len(counted["规制"]), len(counted["设施"])
    if hard and soft < hard:
        working = "；".join(f"计为{nature}类的任务：{'、'.join(titles) or '无'}" for nature, titles in counted.items())
        ctx.warning("R7.1", ("tasks",), f"规制类任务 {soft} 项，少于设施类任务 {hard} 项，有“重硬轻软”之嫌。",
                    hint=f"{working}。发改办高技〔2016〕1284号要求避免只重视设施、园区、工程项目建设的做法；"
                         "增加法规、政策、标准、制度类任务；名称判断不对的，用 `nature:` 标明任务性质。")


PROJECT_PARTS = (
    ("content", "建设内容"), ("unit", "实施单位"), ("investment", "投资"), ("start", "开工时间"),
    ("end", "完工时间"), ("direction", "支持方向"),
)


def r11_key_projects(ctx: RuleContext) -> None:
    """R11: there are key projects (R11.5), each complete; mainly civil construction, or meeting no requirement, is
    flagged."""
    if not ctx.items(("projects", "items")):
        ctx.error("R11.5", ("projects", "items") if isinstance(ctx.get(("projects",)), dict) else ("projects",),
                  "城市方案没有列出重点工程。",
                  hint="编制要点第一章（三）和发改办高技〔2016〕1284号第二部分要求列明创建期内的重点工程：在 `projects.items` "
                       "中逐项写明名称、建设内容、实施单位、投资、起止时间和支持方向。")
    named: set[str] = set()
    for index, item in ctx.items(("projects", "items")):
        path, name = ("projects", "items", index), item.get("name", "")
        if isinstance(name, str) and "".join(name.split()) in named:
            ctx.error("R11.6", path + ("name",), f"重点工程“{name}”列了两次。", hint="删去重复的一项，或把两项合并。")
        named.add("".join(str(name).split()))
        for key, what in PROJECT_PARTS:
            if not is_filled(item.get(key)):
                ctx.error("R11.1", path + (key,), f"重点工程“{name}”缺少{what}。")
        share = item.get("construction_share")
        if isinstance(share, (int, float)) and share > 50:
            ctx.warning("R11.2", path + ("construction_share",), f"重点工程“{name}”土建投资占 {share:g}%，以土建为主。",
                        hint="以土建为主的项目不纳入电子商务重大工程支持范围。")
        if not item.get("meets"):
            ctx.warning("R11.3", path, f"重点工程“{name}”未说明符合哪一项推荐要求。",
                        hint="用 `meets: [1]` 等注明：1 综合平台；2 共性信息基础设施；3 法规政策与新模式探索。")
        start, end = month_key(item.get("start")), month_key(item.get("end"))
        if start and end and start > end:
            ctx.error("R11.4", path + ("end",),
                      f"重点工程“{name}”完工时间 {item.get('end')} 早于开工时间 {item.get('start')}。")


def r12_consistency(ctx: RuleContext) -> None:
    """R12: numbers agree with each other."""
    _industry_shares(ctx)
    check_indicator_growth(ctx)
    _project_totals(ctx)
    check_funding_total(ctx)
    _transactions(ctx)
    _indicator_baselines(ctx)


def _industry_shares(ctx: RuleContext) -> None:
    section = ("economy", "overview")
    industries = ctx.get(section + ("industries",))
    if not isinstance(industries, dict):
        return
    parts = [industries.get(k) for k in ("primary", "secondary", "tertiary")]
    if not all(isinstance(p, dict) for p in parts):
        return
    shares = [p.get("share") for p in parts]
    if all(isinstance(s, (int, float)) for s in shares) and abs(sum(shares) - 100) > SHARE_TOLERANCE:
        ctx.error("R12.1", section + ("industries",), f"三次产业比重之和为 {sum(shares):.1f}%，应为 100%。")
    gdp = ctx.get(section + ("gdp",))
    if not isinstance(gdp, dict) or "value" not in gdp:
        return
    gdp_common = to_common(float(gdp["value"]), str(gdp.get("unit")))
    values = [to_common(float(p["value"]), str(p.get("unit"))) for p in parts if "value" in p]
    if gdp_common is None or len(values) != 3 or any(v is None or v[0] != gdp_common[0] for v in values):
        return
    total = sum(v[1] for v in values if v)
    if abs(total - gdp_common[1]) > SUM_TOLERANCE * gdp_common[1]:
        ctx.error("R12.2", section + ("industries",),
                  f"三次产业增加值合计 {total / 10_000:g} 亿元，与地区生产总值 {gdp_common[1] / 10_000:g} 亿元不符。")
    for key, part, value, share in zip(("primary", "secondary", "tertiary"), parts, values, shares):
        if isinstance(share, (int, float)) and value and gdp_common[1] > 0:
            computed = value[1] / gdp_common[1] * 100
            if abs(computed - share) > SHARE_TOLERANCE:
                ctx.error("R12.3", section + ("industries", key, "share"),
                          f"比重写作 {share:g}%，按增加值与 GDP 计算为 {computed:.1f}%。")


def _project_totals(ctx: RuleContext) -> None:
    parts: list[tuple[str, float]] = []
    for index, item in ctx.items(("projects", "items")):
        investment = item.get("investment")
        if not isinstance(investment, dict) or "total" not in investment:
            continue
        parts.append((str(investment.get("unit")), float(investment["total"])))
        yearly = [entry.get("amount") for entry in investment.get("yearly") or [] if isinstance(entry, dict)]
        path = ("projects", "items", index, "investment")
        if yearly and all(isinstance(a, (int, float)) for a in yearly) and not ctx.refused_under(path + ("yearly",)) \
                and abs(sum(yearly) - investment["total"]) > max(0.01, investment["total"] * 0.001):
            ctx.error("R12.12", path + ("yearly",), f"重点工程“{item.get('name')}”分年度投资合计 {sum(yearly):g}，"
                      f"与总投资 {investment['total']:g} 不符。", hint="核对各年的投资，或改正总投资。")
        government = investment.get("government")
        if isinstance(government, (int, float)) and government > investment["total"]:
            ctx.error("R12.7", ("projects", "items", index, "investment", "government"),
                      f"重点工程“{item.get('name')}”政府投资 {government:g} 大于总投资 {investment['total']:g}。")
    compare_total(ctx, "R12.6", ("projects", "total_investment"), ctx.get(("projects", "total_investment")), parts,
                   "重点工程计划总投资", ("projects", "items"))


def _transactions(ctx: RuleContext) -> None:
    section = ("ecommerce", "overview")
    total, domestic, cross = (ctx.get(section + (k,)) for k in ("transactions", "domestic_transactions",
                                                             "cross_border_transactions"))
    if not all(isinstance(x, dict) and "value" in x for x in (total, domestic, cross)):
        return
    if not total.get("year") == domestic.get("year") == cross.get("year"):
        return
    parts = [(str(domestic.get("unit")), float(domestic["value"])), (str(cross.get("unit")), float(cross["value"]))]
    compare_total(ctx, "R12.9", section + ("transactions",), total, parts, "电子商务交易额（国内＋跨境）")


#: An indicator with one of these names must start from the figure chapter 三 gives for its base year.
INDICATOR_SOURCES = {
    "电子商务交易额": "transactions", "国内电子商务交易额": "domestic_transactions",
    "跨境电子商务交易额": "cross_border_transactions", "网络零售额": "online_retail",
}


def _indicator_baselines(ctx: RuleContext) -> None:
    for index, item in ctx.items(("targets", "indicators")):
        source = ctx.get(("ecommerce", "overview", INDICATOR_SOURCES.get(str(item.get("name")), "-")))
        baseline = item.get("baseline") or {}
        if not isinstance(source, dict) or "value" not in source or "value" not in baseline:
            continue
        written = to_common(float(baseline["value"]), str(item.get("unit")))
        stated = to_common(float(source["value"]), str(source.get("unit")))
        if baseline.get("year") != source.get("year") or not written or not stated or written[0] != stated[0]:
            continue  # another year, or units that cannot be compared (亿元 and 亿美元)
        if abs(written[1] - stated[1]) > SUM_TOLERANCE * abs(stated[1]):
            ctx.error("R12.10", ("targets", "indicators", index, "baseline", "value"),
                      f"指标“{item.get('name')}”的基期值 {baseline['value']:g}{item.get('unit')} 与第三章所写 "
                      f"{source['year']} 年数值 {source['value']:g}{source['unit']} 不一致。")

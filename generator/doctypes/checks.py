"""Checks every document type applies, each a function of a RuleContext: what counts as filled in, the outline's
requirements (R1.1), the period (R3.1–R3.3), the organisation (R8), funding (R9), the two 硬杠杠 (R10) and numbers that
must add up (R12.4, R12.5, R12.8). A type's own rule list (``doctypes/<type>/rules.py``) calls them."""

from __future__ import annotations

from typing import Any

from generator.doctypes.outline import cn_number
from generator.quantities import from_common, no_growth, points_growth, to_common, year_of
from generator.validate import RuleContext

GROWTH_TOLERANCE = 0.5      # percentage points between a stated and a derived growth rate
SUM_TOLERANCE = 0.01        # relative difference for amounts that must add up

PLACEHOLDERS = ("待填写", "待补充", "TODO", "TBD", "XXX", "xxx", "……", "...")


def is_filled(value: Any) -> bool:
    """True for a value a reviewer would accept as written: not missing, blank or a placeholder."""
    if value is None:
        return False
    if isinstance(value, str):
        stripped = value.strip()
        return bool(stripped) and stripped not in PLACEHOLDERS and not stripped.startswith(PLACEHOLDERS[:2])
    if isinstance(value, (list, dict)):
        return len(value) > 0
    return True


def check_chapters(ctx: RuleContext, chapters: tuple[Any, ...]) -> None:
    """R1.1 for any outline: each requirement of each sub-item is filled in."""
    for number, chapter in enumerate(chapters, start=1):
        for sub, item in enumerate(chapter.items, start=1):
            for need in item.requires:
                if not is_filled(ctx.get(need.path)) and need.warning:
                    ctx.warning("R1.3", need.path, f"未写{need.what}。", hint=need.warning + "。")
                elif not is_filled(ctx.get(need.path)):
                    ctx.error("R1.1", need.path,
                              f"缺少编制要点要求的内容：{cn_number(number)}、{chapter.title} "
                              f"（{cn_number(sub)}）{item.title}——{need.what}。",
                              hint=f"在 `{'.'.join(need.path)}` 填写{need.what}。")


def checked_period(ctx: RuleContext) -> tuple[int, int] | None:
    """R3.1 for any plan type: the period runs forward and lasts 3–5 years (two: R3.9, a warning). Returns it when it
    can be used."""
    start, end = ctx.get(("period", "start")), ctx.get(("period", "end"))
    if not (isinstance(start, int) and isinstance(end, int)):
        return None
    if end < start:
        ctx.error("R3.1", ("period", "end"), f"截止年份 {end} 早于起始年份 {start}。")
        return None
    length = end - start + 1
    if length == 2:
        ctx.warning("R3.9", ("period",), f"创建期为 {start}—{end} 年，只有 2 年；编制要点要求 3—5 年。",
                    hint="编制要点（发改办高技〔2016〕1284号附件1）：提出今后3—5年创建工作的总体目标。"
                         "确因申报批次等原因只设两年的，可在 accept: 中写明理由。")
    elif not 3 <= length <= 5:
        ctx.error("R3.1", ("period",), f"创建期为 {start}—{end} 年，共 {length} 年；编制要点要求 3—5 年。")
    return start, end


def check_indicator_years(ctx: RuleContext, start: int, end: int) -> None:
    """R3.2 target years inside the period; R3.3 base years before target years (city and base plans alike)."""
    for index, item in ctx.items(("targets", "indicators")):
        target_year = (item.get("target") or {}).get("year")
        base_year = (item.get("baseline") or {}).get("year")
        if isinstance(target_year, int):
            check_in_period(ctx, "R3.2", ("targets", "indicators", index, "target", "year"), target_year,
                            f"指标“{item.get('name')}”的目标年份", (start, end))
        if isinstance(base_year, int) and isinstance(target_year, int) and base_year >= target_year:
            ctx.error("R3.3", ("targets", "indicators", index, "baseline", "year"),
                      f"指标“{item.get('name')}”的基期年份 {base_year} 不早于目标年份 {target_year}。")


def dated_period(ctx: RuleContext) -> tuple[int, int] | None:
    """R3.1–R3.3 for any plan type; returns the period when the type's own dates can be checked against it."""
    period = checked_period(ctx)
    if period is not None:
        check_indicator_years(ctx, *period)
    return period


def check_in_period(ctx: RuleContext, code: str, path: tuple[Any, ...], written: Any, what: str,
                    period: tuple[int, int], *, warning: bool = False) -> None:
    """R3: a date as written (2027, 2027-06, 2027年底; 长期 has no year) lies inside the period."""
    year = year_of(written) if written is not None else None
    start, end = period
    if year is not None and not start <= year <= end:
        (ctx.warning if warning else ctx.error)(code, path, f"{what} {written} 不在创建期 {start}—{end} 年内。")


def check_indicator_growth(ctx: RuleContext) -> None:
    for index, item in ctx.items(("targets", "indicators")):
        baseline, target = item.get("baseline") or {}, item.get("target") or {}
        # a stated growth of a rate or a cumulative count is V107's (it means nothing), not compared
        derived = points_growth(item) if isinstance(item.get("growth"), (int, float)) and not no_growth(item) else None
        if derived is not None and abs(derived - float(item["growth"])) > GROWTH_TOLERANCE:
            ctx.error("R12.4", ("targets", "indicators", index, "growth"),
                      f"指标“{item.get('name')}”年均增长率写作 {item['growth']:g}%，而从 {baseline['year']} 年 "
                      f"{baseline['value']:g} 到 {target['year']} 年 {target['value']:g} 的年均增长率为 {derived:.1f}%。",
                      hint="改正增长率，或删去 `growth:` 由 ecplan 计算。")
        for y_index, point in ctx.items(("targets", "indicators", index, "yearly")):
            value, wanted = point.get("value"), target.get("value")
            if point.get("year") == target.get("year") and isinstance(value, (int, float)) \
                    and isinstance(wanted, (int, float)) and value != wanted:
                ctx.error("R12.5", ("targets", "indicators", index, "yearly", y_index, "value"),
                          f"{point['year']} 年的分年度目标 {point['value']:g} 与目标值 {target.get('value')} 不一致。")


def _sum_amounts(items: list[tuple[str, float]]) -> tuple[str, float] | None:
    converted = [to_common(value, unit) for unit, value in items]
    if not converted or any(c is None for c in converted) or len({c[0] for c in converted if c}) != 1:
        return None
    return converted[0][0], sum(c[1] for c in converted if c)  # type: ignore[index]


def compare_total(ctx: RuleContext, code: str, path: tuple[Any, ...], stated: Any, parts: list[tuple[str, float]],
                   what: str, items: tuple[Any, ...] = ()) -> None:
    """``stated`` against the sum of ``parts``; not while a part under ``items`` is still a placeholder or in a form
    the schema refused (the sum is not known yet)."""
    if not isinstance(stated, dict) or "value" not in stated:
        return
    if items and (any(gap[:len(items)] == items for gap in ctx.gaps) or ctx.refused_under(items)):
        return      # a part still to be filled, or in the wrong form (reported where it stands): the sum is not known
    total = _sum_amounts(parts)
    stated_common = to_common(float(stated["value"]), str(stated.get("unit")))
    if total is None or stated_common is None or total[0] != stated_common[0]:
        return
    if abs(total[1] - stated_common[1]) > SUM_TOLERANCE * max(stated_common[1], 1e-9):
        unit = str(stated.get("unit"))
        ctx.error(code, path, f"{what}写作 {stated['value']:g}{unit}，而各项合计为 {from_common(total[1], unit):g}{unit}。")


def check_funding_total(ctx: RuleContext) -> None:
    parts = [(str(item.get("unit")), float(item["amount"])) for _, item in ctx.items(("safeguards", "funding", "yearly"))
             if "amount" in item]
    compare_total(ctx, "R12.8", ("safeguards", "funding", "total"), ctx.get(("safeguards", "funding", "total")), parts,
                   "资金总额", ("safeguards", "funding", "yearly"))


def r9_funding(ctx: RuleContext) -> None:
    """R9: 资金保障 gives yearly government amounts, the fund management rules and the assessment mechanism."""
    section = ("safeguards", "funding")
    if not isinstance(ctx.get(section), dict):
        return
    yearly = ctx.items(section + ("yearly",))
    if not yearly:
        ctx.error("R9.1", section, "资金保障措施未给出年度资金额度。", hint="在 `yearly:` 中逐年写明政府安排的资金。")
    else:
        start, end = ctx.get(("period", "start")), ctx.get(("period", "end"))
        years = [item.get("year") for _, item in yearly]
        if isinstance(start, int) and isinstance(end, int) and end - start < 10 \
                and not ctx.refused_under(section + ("yearly",)):    # a year in the wrong form: said where it is
            missing = [y for y in range(start, end + 1) if y not in years]
            if missing:
                ctx.warning("R9.2", section + ("yearly",), f"创建期内以下年份没有资金安排：{'、'.join(map(str, missing))}。")
        seen: set[int] = set()
        for index, item in yearly:
            if isinstance(item.get("year"), int) and item["year"] in seen:
                ctx.error("R9.5", section + ("yearly", index, "year"), f"{item['year']}年的资金安排写了两次。",
                          hint="每年写一项；同一年有几笔资金时，合计为一项，来源写在 source 中。")
            if isinstance(item.get("year"), int):
                seen.add(item["year"])
    for key, what in (("management", "资金使用管理办法"), ("assessment", "资金考核机制")):
        if not is_filled(ctx.get(section + (key,))):
            ctx.error("R9.3", section + (key,), f"资金保障措施未写明{what}。")


def _safeguard_text(ctx: RuleContext) -> str:
    parts: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(ctx.get(("safeguards",), {}))
    return "".join(parts)


def r10_hard_requirements(ctx: RuleContext) -> None:
    """R10: the two 硬杠杠 — an assessment mechanism (考核) and regular summary and exchange (定期总结交流)."""
    if not isinstance(ctx.get(("safeguards",)), dict):
        return
    written = _safeguard_text(ctx)
    section = ("safeguards", "supervision")
    if not is_filled(ctx.get(section + ("assessment",))) and "考核" not in written:
        ctx.error("R10.1", section, "保障措施中没有考核机制（评审的“硬杠杠”之一）。",
                  hint="在 `safeguards.supervision.assessment` 写明目标考核机制。")
    if not is_filled(ctx.get(section + ("summary_exchange",))) and not ("总结" in written and "交流" in written):
        ctx.error("R10.2", section, "保障措施中没有定期总结交流机制（评审的“硬杠杠”之一）。",
                  hint="在 `safeguards.supervision.summary_exchange` 写明定期总结、交流和通报的安排。")


def check_indicator_kinds(ctx: RuleContext, kinds: dict[str, str], hint: str) -> None:
    """R4.1: the specific targets include an indicator of each of ``kinds`` (kind → its name in the outline), each
    stated as a target can be (S214, see check_targets)."""
    if not ctx.get(("targets", "indicators")):
        return  # R1 reports the missing list
    check_targets(ctx)
    present = {item.get("kind") for _, item in ctx.items(("targets", "indicators"))}
    for kind, label in kinds.items():
        if kind not in present:
            named = f"“{label}”" if label == kind else f"“{label}”（{kind}）"
            ctx.error("R4.1", ("targets", "indicators"), f"具体目标缺少{named}类指标。", hint=hint)


def check_targets(ctx: RuleContext) -> None:
    """S214: each target says what it is — a number (with its bound, if any) or a milestone, not both, not neither —
    and a base value has its year."""
    for index, item in ctx.items(("targets", "indicators")):
        target, path, name = item.get("target"), ("targets", "indicators", index), item.get("name")
        baseline = item.get("baseline")
        if not isinstance(target, dict):
            continue
        if target.get("bound") and target.get("value") is None:
            ctx.error("S214", path + ("target", "bound"), f"指标“{name}”写了界限“{target['bound']}”，却没有目标数值。",
                      hint="补写 `value:`，或删去 `bound:`。")
        elif target.get("value") is None and not is_filled(target.get("text")):
            ctx.error("S214", path + ("target",), f"指标“{name}”的目标既没有数值，也没有文字。",
                      hint="写 `value:`（可加 `bound: 以上` 等），或用 `text:` 写里程碑式的目标，如“建成覆盖全市的公共服务平台”。")
        elif target.get("value") is not None and is_filled(target.get("text")):
            ctx.error("S214", path + ("target", "text"), f"指标“{name}”的目标同时写了数值和里程碑文字，只能二选一。",
                      hint="数值目标删去 `text:`（说明写在 `note:`）；里程碑目标删去 `value:`。")
        if isinstance(baseline, dict) and baseline.get("value") is not None and baseline.get("year") is None:
            ctx.error("S214", path + ("baseline",), f"指标“{name}”写了基期数值，却没有基期年份。",
                      hint="补写 `year:`；不知道基期时删去整个 `baseline:`。")


def check_organisation(ctx: RuleContext, parts: tuple[tuple[str, str], ...], subject: str) -> None:
    """R8.1: the organisation names each of ``parts`` (key, what it is); ``subject`` begins the message."""
    section = ("safeguards", "organisation")
    if not isinstance(ctx.get(section), dict):
        return  # R1 reports the missing sub-item
    for key, what in parts:
        if not is_filled(ctx.get(section + (key,))):
            ctx.error("R8.1", section + (key,), f"{subject}未写明{what}。", hint=f"在 `{'.'.join(section)}.{key}` 填写{what}。")


def check_tables(ctx: RuleContext) -> None:
    """S213: each row of an attachment's table has as many cells as its header has columns."""
    for index, attachment in ctx.items(("attachments",)):
        table = attachment.get("table")
        if not isinstance(table, dict) or not isinstance(table.get("columns"), list):
            continue
        columns = len(table["columns"])
        for row_index, row in enumerate(table.get("rows") or []):
            if isinstance(row, list) and len(row) != columns:
                ctx.error("S213", ("attachments", index, "table", "rows", row_index),
                          f"表格第 {row_index + 1} 行有 {len(row)} 格，而表头有 {columns} 列。",
                          hint="补齐或删去多余的格；某格暂无内容时写“—”。")


def check_dates(ctx: RuleContext, *paths: tuple[str, ...]) -> None:
    """S206 for a date written as text that is no date at all (2026-13-40, 2026年2月30日); a month or a year
    (2026年12月) stands as written."""
    from generator.forms import parts

    for path in paths:
        value = ctx.get(path)
        if isinstance(value, str) and value.strip() and parts(value) is None:
            ctx.error("S206", path, f"“{value}”不是有效的日期。", hint="写作 2026-03-08 或 2026年3月8日。")

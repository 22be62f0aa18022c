"""The reviewer's rules for base plans (示范基地), and the list they are applied in.

R1 outline, R3 period, R4 the six indicator kinds, R6 the six work items, R8 organisation, R9 funding, R10 the two
硬杠杠, R12 numbers, R14 assessable stage targets and the five attachments. (R2 does not apply: the base outline has
no 摘要.)
"""

from __future__ import annotations


from generator.doctypes.base.outline import (
    BASE_ATTACHMENTS, BASE_CHAPTERS, BASE_INDICATOR_KINDS, BASE_INDICATOR_LABELS, BASE_KIND_UNITS, BASE_WORK_ITEMS,
)
from generator.doctypes.checks import (
    check_chapters, check_funding_total, check_in_period, check_indicator_growth, check_indicator_kinds,
    check_organisation, dated_period, r9_funding, r10_hard_requirements,
)
from generator.doctypes.notice import n1_notice
from generator.doctypes.plausible import Expectations, plausibility
from generator.doctypes.text import t1_clean_text
from generator.lazy import Pattern
from generator.quantities import month_key
from generator.validate import Rule, RuleContext


def r1_base_outline(ctx: RuleContext) -> None:
    """R1: every chapter and sub-item of the base outline is present and not empty."""
    check_chapters(ctx, BASE_CHAPTERS)


def r3_base_period(ctx: RuleContext) -> None:
    """R3: the period is 3–5 years; target years (after base years) and every stage lie inside it, stages in order."""
    period = dated_period(ctx)
    if period is None:
        return
    previous_end = None
    for index, phase in ctx.items(("schedule", "phases")):
        path, name = ("schedule", "phases", index), phase.get("name")
        for key in ("start", "end"):
            check_in_period(ctx, "R3.7", path + (key,), phase.get(key), f"实施阶段“{name}”的时间", period)
        first, last = month_key(phase.get("start")), month_key(phase.get("end"))
        if first and last and first > last:
            ctx.error("R3.8", path + ("end",), f"实施阶段“{name}”的结束时间早于开始时间。")
        if first and previous_end and first < previous_end:
            ctx.warning("R3.8", path + ("start",), f"实施阶段“{name}”开始于上一阶段结束之前。")
        previous_end = last or previous_end
        for t_index, target in ctx.items(path + ("targets",)):
            check_in_period(ctx, "R3.7", path + ("targets", t_index, "deadline"), target.get("deadline"),
                            "阶段目标的完成时间", period)


def r4_base_indicator_kinds(ctx: RuleContext) -> None:
    """R4: the specific targets include the six kinds the base outline lists."""
    check_indicator_kinds(ctx, BASE_INDICATOR_LABELS,
                          "示范基地编制要点要求包括企业聚集数量、企业年均产值、基地年营销收入、研发机构数量、"
                          "带动就业人数和中介机构建设六类指标；用 `kind:` 标明类别。")


def r6_work_items(ctx: RuleContext) -> None:
    """R6: all six work items of 五、创建工作内容 are present, each with at least one task."""
    for key, title, _ in BASE_WORK_ITEMS:
        path = ("work", key)
        if isinstance(ctx.get(path), dict) and not ctx.items(path + ("tasks",)):
            ctx.error("R6.2", path, f"创建工作内容“{title}”没有任何任务。", hint="在 `tasks:` 列表中写出至少一项任务。")


def r8_base_organisation(ctx: RuleContext) -> None:
    """R8: the organisation names the 主管领导, the 牵头部门 and the division of duties."""
    check_organisation(ctx, (("leader", "主管领导"), ("lead_department", "牵头部门"), ("duties", "职责分工")), "组织保障")


def r12_base_numbers(ctx: RuleContext) -> None:
    """R12: stated growth matches the baseline and target, funding adds up, the enterprise table is consistent."""
    check_indicator_growth(ctx)
    check_funding_total(ctx)
    names: dict[str, int] = {}
    for index, item in ctx.items(("attachments", "enterprises")):
        name = str(item.get("name", "")).strip()
        if name in names:
            ctx.error("R12.11", ("attachments", "enterprises", index, "name"),
                      f"入驻企业“{name}”在名单中重复出现（另见第 {names[name] + 1} 行）。")
        names.setdefault(name, index)


_ASSESSABLE = Pattern(r"\d|[一二两三四五六七八九十百千万]+(?:个|家|项|人|所|万|亿|%|倍|批)")


def r14_stage_targets_and_attachments(ctx: RuleContext) -> None:
    """R14: every stage target is assessable (a number, or a deliverable with a date); the five attachments of
    八 are listed."""
    for index, phase in ctx.items(("schedule", "phases")):
        for t_index, target in ctx.items(("schedule", "phases", index, "targets")):
            written = str(target.get("text", ""))
            if not _ASSESSABLE.search(written) and target.get("deadline") is None:
                ctx.error("R14.1", ("schedule", "phases", index, "targets", t_index),
                          f"阶段目标“{written[:24]}”不可考核：既没有数量，也没有完成时间。",
                          hint="写明可考核的数量（如“入驻企业达到300家”），或加 `deadline:` 写明完成时间。")
    if not isinstance(ctx.get(("attachments",)), dict):
        ctx.error("R14.2", ("attachments",), "缺少“八、相关证明文件及附件”。", hint="在 `attachments:` 下列出编制要点要求的五项附件。")
        return
    for key, title in BASE_ATTACHMENTS:
        if not ctx.items(("attachments", key)):
            ctx.error("R14.2", ("attachments",), f"附件缺少“{title}”。", hint=f"在 `attachments.{key}` 列出。")


#: V1 (run first: the values it finds impossible are not computed with): what a base plan's values can be
BASE_VALUES = Expectations(
    positive=("attachments.enterprises.*.output.value", "attachments.enterprises.*.employees",
              "safeguards.funding.yearly.*.amount", "safeguards.funding.total.value"),
    kind_units=BASE_KIND_UNITS, counted_kinds=BASE_INDICATOR_KINDS,
)
v1_plausible = plausibility(BASE_VALUES)

RULES: list[Rule] = [
    v1_plausible, r1_base_outline, r3_base_period, r4_base_indicator_kinds, r6_work_items, r8_base_organisation,
    r9_funding, r10_hard_requirements, r12_base_numbers, r14_stage_targets_and_attachments, t1_clean_text, n1_notice,
]

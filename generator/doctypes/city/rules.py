"""The reviewer's rules for a city plan (R1–R15 of the outline notes), and the list they are applied in.

This module holds what a plan must contain — the outline (R1), indicator kinds (R4), task groups (R6), the
organisation (R8), countermeasures (R13), the applicant's status (R15) — and the 摘要's length (R2); the rules about
numbers and dates are in ``numbers``, and the checks base plans share in ``doctypes.checks``. Codes are stable:
``R<rule>.<n>``. Errors block rendering; warnings inform.
"""

from __future__ import annotations

from generator.doctypes.checks import (
    check_chapters, check_indicator_kinds, check_organisation, check_tables, is_filled, r9_funding,
    r10_hard_requirements,
)
from generator.doctypes.city.numbers import (
    r3_period, r5_above_provincial_average, r7_soft_before_hard, r11_key_projects, r12_consistency,
)
from generator.doctypes.city.outline import (
    CITY_CHAPTERS, ELIGIBLE_STATUSES, INDICATOR_KINDS, REQUIRED_INDICATOR_KINDS, TASK_GROUPS, TOPIC_KEYWORDS,
    covered_groups, task_groups,
)
from generator.doctypes.city.summary import SUMMARY_LIMIT, SUMMARY_WARNING, count_summary
from generator.doctypes.notice import n1_notice
from generator.doctypes.outline import cn_number
from generator.doctypes.plausible import Expectations, plausibility
from generator.doctypes.text import t1_clean_text
from generator.validate import Rule, RuleContext
from generator.wordcount import count_text


def r1_outline_complete(ctx: RuleContext) -> None:
    """R1: every chapter and sub-item of the outline is present and not empty; every topic the outline lists for the
    task groups is taken up by some task of the plan, in whatever group the plan puts it (R1.2)."""
    check_chapters(ctx, CITY_CHAPTERS)
    tasks = [task for path, _, _ in task_groups(ctx.data) for _, task in ctx.items(path + ("tasks",))]
    written = ctx.get(("tasks",)) if isinstance(ctx.get(("tasks",)), dict) else {}
    if not tasks or ("groups" in written and len(written) > 1):
        return  # R6 reports the missing tasks, or the two structures mixed (R6.4)
    written = " ".join(f"{t.get('title', '')}{t.get('content', '')}"
                       + "".join(f"{m.get('title', '')}{m.get('text', '')}" for m in t.get("measures") or []
                                 if isinstance(m, dict)) for t in tasks)
    covered = {t.get("topic") for t in tasks}
    for group in TASK_GROUPS:
        for topic in group.topics:
            if topic not in covered and not any(word in written for word in TOPIC_KEYWORDS[topic]):
                where = ("tasks", group.key, "tasks") if ctx.items(("tasks", group.key, "tasks")) else ("tasks",)
                ctx.warning("R1.2", where, f"编制要点“{group.title}”所列事项“{topic}”，方案中没有任务涉及。",
                            hint=f"补写相应任务，或在已有任务上注明 `topic: {topic}`。")


def r4_indicator_kinds(ctx: RuleContext) -> None:
    """R4: the specific targets include the five indicator kinds of the outline."""
    check_indicator_kinds(ctx, {kind: kind for kind in REQUIRED_INDICATOR_KINDS},
                          "编制要点要求至少包括交易额及增长率、应用普及程度、服务企业数量、从业人员数量、"
                          "法规政策任务五类指标；用 `kind:` 标明类别。")


def r6_task_groups(ctx: RuleContext) -> None:
    """R6: the tasks cover the five official groups — as the official groups themselves, or in the plan's own
    structure (``groups``) whose groups and tasks say which official groups they cover — and no group is empty."""
    tasks = ctx.get(("tasks",))
    own = isinstance(tasks, dict) and isinstance(tasks.get("groups"), list)
    if own and any(key in tasks for key in [g.key for g in TASK_GROUPS] + ["extra"]):
        ctx.error("R6.4", ("tasks",), "任务既按编制要点五组写，又写了自定结构 groups：两者只能用其一。",
                  hint="按本市的结构写在 `groups:` 下，用 `covers:` 注明各组覆盖编制要点的哪些任务组；或只用五组加 extra。")
        return
    covered = covered_groups(ctx.data)
    for group in TASK_GROUPS:
        if group.key in covered:
            continue
        if own:
            ctx.error("R6.3", ("tasks", "groups"), f"任务没有覆盖编制要点的任务组“{group.title}”。",
                      hint=f"在覆盖它的任务组或任务下写 `covers: [{group.title}]`，或补写相应任务。")
        elif not isinstance(ctx.get(("tasks", group.key)), dict):
            ctx.error("R6.1", ("tasks",), f"缺少编制要点规定的任务组“{group.title}”。",
                      hint=f"在 `tasks:` 下增加 `{group.key}:`，并写出至少一项任务；或在自设任务组上注明 `covers:`。")
    for path, title, group in task_groups(ctx.data):
        if not ctx.items(path + ("tasks",)):
            ctx.error("R6.2", path, f"任务组“{title}”没有任何任务。", hint="在 `tasks:` 列表中写出至少一项任务。")


ORGANISATION_PARTS = (
    ("leader", "主管领导"), ("lead_department", "牵头部门"), ("departments", "参与部门"),
    ("coordination", "部门间协调工作机制"), ("problem_resolution", "矛盾问题协同处理机制"),
)


def r8_organisation(ctx: RuleContext) -> None:
    """R8: 组织保障 names the leader, lead and participating departments and both mechanisms."""
    check_organisation(ctx, ORGANISATION_PARTS, "组织保障措施")


def r13_countermeasures(ctx: RuleContext) -> None:
    """R13: each problem in 三(三) has a countermeasure."""
    for index, item in ctx.items(("ecommerce", "problems")):
        if not is_filled(item.get("countermeasure")):
            ctx.error("R13.1", ("ecommerce", "problems", index), f"问题“{str(item.get('problem', ''))[:20]}”没有应对措施。",
                      hint="在该问题下写 `countermeasure:`。")


def r15_city_status(ctx: RuleContext) -> None:
    """R15: applicants are in principle 省会城市 or 计划单列市."""
    status = ctx.get(("cover", "city_status"))
    if isinstance(status, str) and status not in ELIGIBLE_STATUSES:
        ctx.warning("R15.1", ("cover", "city_status"), f"申报城市原则上应为省会城市、计划单列市，本市为“{status}”。",
                    hint="发改办高技〔2016〕1284号第一部分（二）4：申报城市原则上应为省会城市、计划单列市。"
                         "经省级主管部门推荐申报的，可在 accept: 中写明推荐情况。")


def r2_summary_length(ctx: RuleContext) -> None:
    """Counts the 摘要 the user wrote, with its headings and their literal labels, as Word would."""
    summary = ctx.get(("summary",))
    if not isinstance(summary, dict) or not summary:
        return
    items = CITY_CHAPTERS[0].items
    texts = {item.key: str(summary.get(item.key, "")) for item in items}
    total = count_summary(texts)
    detail = "；".join(f"（{cn_number(n)}）{item.title} {count_text(texts[item.key]).zishu} 字"
                      for n, item in enumerate(items, start=1) if texts[item.key])
    if total > SUMMARY_LIMIT:
        ctx.error("R2.1", ("summary",), f"摘要共 {total} 字，超过 {SUMMARY_LIMIT} 字的上限（超出 {total - SUMMARY_LIMIT} 字）。",
                  hint=f"各部分字数：{detail}。请删减字数最多的部分。")
    elif total > SUMMARY_WARNING:
        ctx.warning("R2.2", ("summary",), f"摘要共 {total} 字，接近 {SUMMARY_LIMIT} 字的上限。", hint=f"各部分字数：{detail}。")


#: V1 (run first: the values it finds impossible are not computed with): what a city plan's values can be
CITY_VALUES = Expectations(
    positive=tuple(f"economy.overview.{key}.value" for key in (
        "population", "income.urban", "income.rural", "gdp", "retail_sales")) + (
        "ecommerce.overview.transactions.value", "ecommerce.overview.enterprises.service.value",
        "ecommerce.overview.enterprises.application.value", "projects.items.*.investment.total",
        "projects.total_investment.value", "safeguards.funding.yearly.*.amount", "safeguards.funding.total.value"),
    kind_units={kind: units for kind, units in INDICATOR_KINDS.items() if units},
    share_kinds=("应用普及程度",), free_kinds=("增长率",), projects="projects.items",
    counted_kinds=("交易额", "应用普及程度", "服务企业数量", "从业人员数量", "法规政策任务"),
)
v1_plausible = plausibility(CITY_VALUES)

RULES: list[Rule] = [
    v1_plausible, r1_outline_complete, r2_summary_length, r3_period, r4_indicator_kinds, r5_above_provincial_average,
    r6_task_groups, r7_soft_before_hard, r8_organisation, r9_funding, r10_hard_requirements, r11_key_projects,
    r12_consistency, r13_countermeasures, r15_city_status, t1_clean_text, n1_notice, check_tables,
]

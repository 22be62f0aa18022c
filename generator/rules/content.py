"""Rules about what a plan must contain: the outline (R1), indicator kinds (R4), task groups (R6),
safeguards (R8–R10), countermeasures (R13) and the applicant's status (R15)."""

from __future__ import annotations

from typing import Any

from generator.outline import (
    CITY_CHAPTERS, ELIGIBLE_STATUSES, REQUIRED_INDICATOR_KINDS, TASK_GROUPS, TOPIC_KEYWORDS, cn_number,
)
from generator.validate import RuleContext

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


def r1_outline_complete(ctx: RuleContext) -> None:
    """R1: every chapter and sub-item of the outline is present and not empty."""
    check_chapters(ctx, CITY_CHAPTERS)
    for group in TASK_GROUPS:
        tasks = ctx.items(("tasks", group.key, "tasks"))
        if not tasks:
            continue  # R6 reports a missing group
        written = " ".join(f"{t.get('title', '')}{t.get('content', '')}" for _, t in tasks)
        covered = {t.get("topic") for _, t in tasks}
        for topic in group.topics:
            if topic not in covered and not any(word in written for word in TOPIC_KEYWORDS[topic]):
                ctx.warning("R1.2", ("tasks", group.key, "tasks"),
                            f"“{group.title}”组未见编制要点所列事项“{topic}”的任务。",
                            hint=f"补写相应任务，或在已有任务上注明 `topic: {topic}`。")


def check_chapters(ctx: RuleContext, chapters: tuple[Any, ...]) -> None:
    """R1.1 for any outline: each requirement of each sub-item is filled in."""
    for number, chapter in enumerate(chapters, start=1):
        for sub, item in enumerate(chapter.items, start=1):
            for need in item.requires:
                if not is_filled(ctx.get(need.path)):
                    ctx.error("R1.1", need.path,
                              f"缺少编制要点要求的内容：{cn_number(number)}、{chapter.title} "
                              f"（{cn_number(sub)}）{item.title}——{need.what}。",
                              hint=f"在 `{'.'.join(need.path)}` 填写{need.what}。")


def r4_indicator_kinds(ctx: RuleContext) -> None:
    """R4: the specific targets include the five indicator kinds of the outline."""
    if not ctx.get(("targets", "indicators")):
        return  # R1 reports the missing list
    present = {item.get("kind") for _, item in ctx.items(("targets", "indicators"))}
    for kind in REQUIRED_INDICATOR_KINDS:
        if kind not in present:
            ctx.error("R4.1", ("targets", "indicators"), f"具体目标缺少“{kind}”类指标。",
                      hint="编制要点要求至少包括交易额及增长率、应用普及程度、服务企业数量、从业人员数量、"
                           "法规政策任务五类指标；用 `kind:` 标明类别。")


def r6_task_groups(ctx: RuleContext) -> None:
    """R6: the five official task groups are present, each with at least one task."""
    for group in TASK_GROUPS:
        path = ("tasks", group.key)
        if not isinstance(ctx.get(path), dict):
            ctx.error("R6.1", ("tasks",), f"缺少编制要点规定的任务组“{group.title}”。",
                      hint=f"在 `tasks:` 下增加 `{group.key}:`，并写出至少一项任务。")
        elif not ctx.items(path + ("tasks",)):
            ctx.error("R6.2", path, f"任务组“{group.title}”没有任何任务。", hint="在 `tasks:` 列表中写出至少一项任务。")
    for index, group in ctx.items(("tasks", "extra")):
        if not ctx.items(("tasks", "extra", index, "tasks")):
            ctx.error("R6.2", ("tasks", "extra", index), f"自设任务组“{group.get('title', '')}”没有任何任务。")


ORGANISATION_PARTS = (
    ("leader", "主管领导"), ("lead_department", "牵头部门"), ("departments", "参与部门"),
    ("coordination", "部门间协调工作机制"), ("problem_resolution", "矛盾问题协同处理机制"),
)


def r8_organisation(ctx: RuleContext) -> None:
    """R8: 组织保障 names the leader, lead and participating departments and both mechanisms."""
    base = ("safeguards", "organisation")
    if not isinstance(ctx.get(base), dict):
        return  # R1 reports the missing sub-item
    for key, what in ORGANISATION_PARTS:
        if not is_filled(ctx.get(base + (key,))):
            ctx.error("R8.1", base + (key,), f"组织保障措施未写明{what}。", hint=f"在 `{'.'.join(base)}.{key}` 填写{what}。")


def r9_funding(ctx: RuleContext) -> None:
    """R9: 资金保障 gives yearly government amounts, the fund management rules and the assessment mechanism."""
    base = ("safeguards", "funding")
    if not isinstance(ctx.get(base), dict):
        return
    yearly = ctx.items(base + ("yearly",))
    if not yearly:
        ctx.error("R9.1", base, "资金保障措施未给出年度资金额度。", hint="在 `yearly:` 中逐年写明政府安排的资金。")
    else:
        start, end = ctx.get(("period", "start")), ctx.get(("period", "end"))
        years = {item.get("year") for _, item in yearly}
        if isinstance(start, int) and isinstance(end, int) and end - start < 10:
            missing = [y for y in range(start, end + 1) if y not in years]
            if missing:
                ctx.warning("R9.2", base + ("yearly",), f"创建期内以下年份没有资金安排：{'、'.join(map(str, missing))}。")
    for key, what in (("management", "资金使用管理办法"), ("assessment", "资金考核机制")):
        if not is_filled(ctx.get(base + (key,))):
            ctx.error("R9.3", base + (key,), f"资金保障措施未写明{what}。")


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
    base = ("safeguards", "supervision")
    if not is_filled(ctx.get(base + ("assessment",))) and "考核" not in written:
        ctx.error("R10.1", base, "保障措施中没有考核机制（评审的“硬杠杠”之一）。",
                  hint="在 `safeguards.supervision.assessment` 写明目标考核机制。")
    if not is_filled(ctx.get(base + ("summary_exchange",))) and not ("总结" in written and "交流" in written):
        ctx.error("R10.2", base, "保障措施中没有定期总结交流机制（评审的“硬杠杠”之一）。",
                  hint="在 `safeguards.supervision.summary_exchange` 写明定期总结、交流和通报的安排。")


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
                    hint="发改办高技〔2016〕1284号：申报城市原则上应为省会城市、计划单列市。")

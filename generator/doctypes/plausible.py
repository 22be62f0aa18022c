"""Plausibility (V1xx): values no real plan can hold, whatever its outline says — a GDP of 0, a 普及率 of 120 %, a
target below its baseline, 从业人员 counted in 亿元, one indicator written twice, a project started before the
period. Each document type states which of its fields these apply to (an ``Expectations``); the checks are shared.

Codes: V101 zero or negative where impossible; V102 a share above 100 %; V103 a target moving against its stated
(or, by default, rising) direction; V104 a unit that does not fit the indicator's kind; V105 a duplicated indicator
name; V106 a project starting before the creation period (a warning: continuing projects exist); V107 an average
growth stated for a cumulative count or a rate (a warning: it means nothing, and the document does not print it).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple

from generator.lazy import Pattern
from generator.quantities import month_key, no_growth
from generator.readers import PathKey
from generator.rule_context import RuleContext

#: the direction an indicator declares (``trend:``); without one it is expected to rise
FALLING = "下降"
#: names of indicators that are shares of a whole and so cannot exceed 100 %
SHARE_NAMES = Pattern(r"普及率|覆盖率|渗透率|占比|比重|比例|使用率|应用率|上网率|参与率|开通率|入驻率")


class Expectations(NamedTuple):
    """What a document type's values must be. Field patterns are dotted paths; ``*`` stands for every item of a list
    (``projects.items.*.investment.total``)."""

    positive: tuple[str, ...]                           # fields that cannot be zero or negative
    kind_units: dict[str, tuple[str, ...]]              # indicator kind → the units it may be counted in
    share_kinds: tuple[str, ...] = ()                   # indicator kinds that are shares (≤ 100 %)
    free_kinds: tuple[str, ...] = ()                    # kinds that may take any direction (a growth rate)
    projects: str = ""                                  # where the key projects are (V106)
    counted_kinds: tuple[str, ...] = ()                 # kinds whose target cannot be zero or negative


def values_at(ctx: RuleContext, pattern: str) -> Iterator[tuple[PathKey, Any]]:
    """Each value at ``pattern`` with its path; ``*`` expands over a list's items."""
    nodes: list[tuple[PathKey, Any]] = [((), ctx.data)]
    for part in pattern.split("."):
        following: list[tuple[PathKey, Any]] = []
        for path, node in nodes:
            if part == "*":
                if isinstance(node, list):
                    following += [(path + (i,), item) for i, item in enumerate(node) if item is not None]
            elif isinstance(node, dict) and node.get(part) is not None:
                following.append((path + (part,), node[part]))
        nodes = following
    yield from nodes


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def v101_positive(ctx: RuleContext, expect: Expectations) -> None:
    for pattern in expect.positive:
        for path, value in values_at(ctx, pattern):
            if _number(value) and value <= 0:
                _impossible(ctx, path, value)
                ctx.discard(path)  # nothing is computed from it: no sum or share "disagrees" with a GDP of 0
    for index, item in ctx.items(("targets", "indicators")):
        if item.get("kind") not in expect.counted_kinds:
            continue
        value = (item.get("target") or {}).get("value")
        if _number(value) and value <= 0:
            _impossible(ctx, ("targets", "indicators", index, "target", "value"), value, item.get("name"))
            ctx.discard(("targets", "indicators", index, "target", "value"))
        base = (item.get("baseline") or {}).get("value")
        if _number(base) and base < 0:
            _impossible(ctx, ("targets", "indicators", index, "baseline", "value"), base, item.get("name"))


def _impossible(ctx: RuleContext, path: PathKey, value: float, name: Any = None) -> None:
    what = f"指标“{name}”的{ctx.label_parts(path)[-1]}" if name else f"“{_last_label(ctx, path)}”"
    ctx.error("V101", path, f"{what}为 {value:g}，不可能为{'零' if value == 0 else '负数'}。",
              hint="核对数值和单位；数据还没有时写“待补充（提供部门）”，不要写 0。")


def _last_label(ctx: RuleContext, path: PathKey) -> str:
    """A value named by its amount (地区生产总值, not 数值) and the list item it is in (年度资金安排第2项的金额)."""
    parts = ctx.label_parts(path)
    name = parts[-2] if parts[-1] == "数值" and len(parts) > 1 else parts[-1]
    items = [i for i, part in enumerate(parts[:-1]) if part.startswith("第") and i > 0]
    return f"{parts[items[-1] - 1]}{parts[items[-1]]}的{name}" if items else name


def v102_shares(ctx: RuleContext, expect: Expectations) -> None:
    for index, item in ctx.items(("targets", "indicators")):
        if item.get("unit") != "%" or not (item.get("kind") in expect.share_kinds
                                           or SHARE_NAMES.search(str(item.get("name", "")))):
            continue
        path = ("targets", "indicators", index)
        for key in ("baseline", "target"):
            value = (item.get(key) or {}).get("value")
            if _number(value) and value > 100:
                ctx.error("V102", path + (key, "value"),
                          f"指标“{item.get('name')}”是占比，{'基期值' if key == 'baseline' else '目标值'} {value:g}% 超过 100%。",
                          hint="占比、普及率不会超过 100%；核对数值，或改用其他单位。")
        for y_index, point in ctx.items(path + ("yearly",)):
            if _number(point.get("value")) and point["value"] > 100:
                ctx.error("V102", path + ("yearly", y_index, "value"),
                          f"指标“{item.get('name')}”{point.get('year')} 年的目标 {point['value']:g}% 超过 100%。")
        average = item.get("provincial_average")
        if _number(average) and average > 100:
            ctx.error("V102", path + ("provincial_average",), f"指标“{item.get('name')}”的全省平均水平 {average:g}% 超过 100%。")


def v103_direction(ctx: RuleContext, expect: Expectations) -> None:
    for index, item in ctx.items(("targets", "indicators")):
        if item.get("kind") in expect.free_kinds:
            continue
        base, target = (item.get("baseline") or {}).get("value"), (item.get("target") or {}).get("value")
        if not (_number(base) and _number(target)):
            continue
        path, name = ("targets", "indicators", index, "target", "value"), item.get("name")
        if item.get("trend") == FALLING and target > base:
            ctx.error("V103", path, f"指标“{name}”写明为下降，但目标值 {target:g} 高于基期值 {base:g}。",
                      hint="核对数值，或删去 `trend: 下降`。")
        elif item.get("trend") != FALLING and target < base:
            ctx.error("V103", path, f"指标“{name}”的目标值 {target:g} 低于基期值 {base:g}。",
                      hint="核对基期值和目标值；确实预期下降的指标（如物流成本占比），在该指标下写 `trend: 下降`。")


def v104_units(ctx: RuleContext, expect: Expectations) -> None:
    for index, item in ctx.items(("targets", "indicators")):
        units = expect.kind_units.get(str(item.get("kind")))
        unit = item.get("unit")
        if units and isinstance(unit, str) and unit not in units:
            ctx.error("V104", ("targets", "indicators", index, "unit"),
                      f"指标“{item.get('name')}”属于“{item['kind']}”类，单位却是“{unit}”。",
                      hint=f"“{item['kind']}”类指标的单位应为{'、'.join(units)}之一；或核对 `kind:` 是否写错。")


def v105_duplicates(ctx: RuleContext) -> None:
    seen: dict[str, int] = {}
    for index, item in ctx.items(("targets", "indicators")):
        name = re.sub(r"\s+", "", str(item.get("name", "")))
        if not name:
            continue
        if name in seen:
            at = ctx.plan.position(("targets", "indicators", seen[name]))
            where = f"第 {seen[name] + 1} 项"
            if at and at.line:
                where = (f"第 {at.line} 行" if at.file == ctx.plan.path else f" {Path(at.file).name} 第 {at.line} 行")
            ctx.error("V105", ("targets", "indicators", index, "name"),
                      f"指标“{item.get('name')}”重复出现（另见{where}）。", hint="合并两项，或改用能区分口径的名称。")
        seen.setdefault(name, index)


def v106_project_start(ctx: RuleContext, expect: Expectations) -> None:
    start = ctx.get(("period", "start"))
    if not expect.projects or not isinstance(start, int):
        return
    where = tuple(expect.projects.split("."))
    for index, item in ctx.items(where):
        begins = month_key(item.get("start"))
        if begins and begins[0] < start:
            ctx.warning("V106", where + (index, "start"),
                        f"重点工程“{item.get('name')}”开工时间 {item.get('start')} 早于创建期起始年份 {start}。",
                        hint="续建项目请在建设内容中说明创建期内的建设任务；否则核对开工时间。")


def v107_growth_of_counts(ctx: RuleContext) -> None:
    for index, item in ctx.items(("targets", "indicators")):
        if _number(item.get("growth")) and no_growth(item):
            why = "是比率" if item.get("unit") == "%" or item.get("kind") in ("增长率", "应用普及程度") else "是累计数量"
            ctx.warning("V107", ("targets", "indicators", index, "growth"),
                        f"指标“{item.get('name')}”{why}，年均增长率没有意义，文中不会列出。", hint="删去 `growth:`。")


def plausibility(expect: Expectations) -> Callable[[RuleContext], None]:
    """The V1xx rule of a document type whose values are expected to be as ``expect`` says."""

    def v1_plausible(ctx: RuleContext) -> None:
        """V1: values a real plan can hold."""
        v101_positive(ctx, expect)
        v102_shares(ctx, expect)
        v103_direction(ctx, expect)
        v104_units(ctx, expect)
        v105_duplicates(ctx)
        v106_project_start(ctx, expect)
        v107_growth_of_counts(ctx)

    return v1_plausible

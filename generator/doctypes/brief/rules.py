"""The rules for a city's brief (要点): what its three chapters need. The safeguard rules are warnings, since a
brief is a first draft for discussion."""

from __future__ import annotations

import re

from generator.doctypes.city.rules import r15_city_status, v1_plausible
from generator.doctypes.notice import n1_notice
from generator.doctypes.text import t1_clean_text
from generator.validate import Rule, RuleContext


def _brief_text(ctx: RuleContext, *path: str) -> str:
    values = ctx.get(("brief",) + path) or []
    if isinstance(values, str):
        return values
    parts: list[str] = []
    for value in values if isinstance(values, list) else [values]:
        if isinstance(value, dict):
            parts += [str(value.get("title", ""))] + [str(p) for p in value.get("paragraphs", []) or []]
        else:
            parts.append(str(value))
    return "".join(parts)


def r4_brief_quantified(ctx: RuleContext) -> None:
    """R4 for briefs: the targets chapter gives quantified targets (at least one number)."""
    quantified = _brief_text(ctx, "targets", "quantified")
    if quantified and not re.search(r"\d", quantified):
        ctx.error("R4.2", ("brief", "targets", "quantified"), "量化目标中没有任何数字。",
                  hint="写明创建期末应达到的数量，如交易额、企业数量、普及率。")


def r8_brief_safeguards(ctx: RuleContext) -> None:
    """R8–R10 for briefs (warnings): organisation, funding with an amount, 考核 and 定期总结交流."""
    safeguards = _brief_text(ctx, "safeguards")
    if not safeguards:
        return
    path = ("brief", "safeguards")
    if not any(word in safeguards for word in ("领导小组", "组织")):
        ctx.warning("R8.2", path, "保障措施中没有组织保障（如成立创建工作领导小组）。")
    if not re.search(r"\d[\d.,]*\s*(?:万|亿)?元", safeguards):
        ctx.warning("R9.4", path, "保障措施中没有写明资金额度。", hint="写明每年安排的资金，如“每年安排不低于5000万元”。")
    if "考核" not in safeguards:
        ctx.warning("R10.1", path, "保障措施中没有考核机制（评审的“硬杠杠”之一）。")
    if not ("总结" in safeguards and "交流" in safeguards):
        ctx.warning("R10.2", path, "保障措施中没有定期总结交流机制（评审的“硬杠杠”之一）。")


RULES: list[Rule] = [r4_brief_quantified, r8_brief_safeguards, r15_city_status, t1_clean_text, v1_plausible, n1_notice]

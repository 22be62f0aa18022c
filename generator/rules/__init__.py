"""The reviewer's rules (R1–R15 of the outline notes) and the text checks (T1xx), each a function of a RuleContext.

Codes are stable: ``R<rule>.<n>``. Errors block rendering; warnings inform.
"""

from __future__ import annotations

from generator.rules.content import (
    r1_outline_complete, r4_indicator_kinds, r6_task_groups, r8_organisation, r9_funding, r10_hard_requirements,
    r13_countermeasures, r15_city_status,
)
from generator.rules.numbers import (
    r3_period, r5_above_provincial_average, r7_soft_before_hard, r11_key_projects, r12_consistency,
)
from generator.rules.base import (
    r1_base_outline, r3_base_period, r4_base_indicator_kinds, r4_brief_quantified, r6_work_items,
    r8_base_organisation, r8_brief_safeguards, r12_base_numbers, r14_stage_targets_and_attachments,
)
from generator.rules.summary import r2_summary_length
from generator.rules.text import t1_clean_text
from generator.validate import Rule

CITY_RULES: list[Rule] = [
    r1_outline_complete, r2_summary_length, r3_period, r4_indicator_kinds, r5_above_provincial_average, r6_task_groups,
    r7_soft_before_hard, r8_organisation, r9_funding, r10_hard_requirements, r11_key_projects, r12_consistency,
    r13_countermeasures, r15_city_status, t1_clean_text,
]

BASE_RULES: list[Rule] = [
    r1_base_outline, r3_base_period, r4_base_indicator_kinds, r6_work_items, r8_base_organisation, r9_funding,
    r10_hard_requirements, r12_base_numbers, r14_stage_targets_and_attachments, t1_clean_text,
]

BRIEF_RULES: list[Rule] = [r4_brief_quantified, r8_brief_safeguards, r15_city_status, t1_clean_text]

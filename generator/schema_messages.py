"""Cerberus' findings as a planner reads them: each error in Chinese, with the field's label, what was written and
how to fix it (a misspelt key gets a "did you mean")."""

from __future__ import annotations

import unicodedata
from typing import Any

from cerberus import errors as cerr

from generator.forms import FORMS
from generator.labels import Rules, field_meta
from generator.lazy import Pattern
from generator.readers import PathKey
from generator.rule_context import RuleContext

TYPE_NAMES = {
    "string": "文字", "integer": "整数", "number": "数字", "float": "数字", "dict": "“键: 值”映射",
    "list": "列表（每项以“- ”开头）", "date": "日期（如 2026-03-08）", "boolean": "是/否（true/false）",
}


def _type_name(value: Any) -> str:
    import datetime as dt

    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "是/否值"
    for kind, name in ((str, "文字"), (int, "整数"), (float, "数字"), (dict, "映射"), (list, "列表"),
                       (dt.datetime, "日期时间"), (dt.date, "日期")):
        if isinstance(value, kind):
            return name
    return "其他值"


def _short(value: Any) -> str:
    if isinstance(value, bool):     # as a planner writes it, not as Python prints it
        return "是" if value else "否"
    if isinstance(value, dict):
        text = "，".join(f"{key}: {item}" for key, item in value.items())
    elif isinstance(value, list):
        text = "、".join(map(str, value))
    else:
        text = str(value)
    return text if len(text) <= 30 else text[:28] + "…"


def leaf_errors(error_list: Any) -> list[Any]:
    leaves = []
    for error in error_list:
        if error.is_group_error:
            leaves.extend(leaf_errors(error.child_errors))
        else:
            leaves.append(error)
    return leaves


def _sibling_fields(schema: Rules, path: PathKey) -> dict[str, Rules]:
    rules: Any = {"type": "dict", "schema": schema}
    for part in path:
        rules = rules.get("schema", {}) if isinstance(part, int) else rules.get("schema", {}).get(part, {})
    return rules.get("schema", {}) if rules.get("type") == "dict" else {}


def _close_matches(word: str, possibilities: list[str], n: int, cutoff: float) -> list[str]:
    from difflib import get_close_matches  # only when there is a mistake to explain

    return get_close_matches(word, possibilities, n=n, cutoff=cutoff)


def _suggest(key: str, siblings: dict[str, Rules]) -> str:
    by_label = {rules.get("meta", {}).get("label", name): name for name, rules in siblings.items()}
    if key in by_label:
        return f"“{key}”请写作英文键 `{by_label[key]}`"
    match = _close_matches(key, list(siblings), n=1, cutoff=0.6)
    if not match:
        label_match = _close_matches(key, list(by_label), n=1, cutoff=0.5)
        match = [by_label[label_match[0]]] if label_match else []
    if match:
        return f"是否想写 `{match[0]}`（{siblings[match[0]].get('meta', {}).get('label', '')}）？"
    names = "、".join(f"{n}（{r.get('meta', {}).get('label', '')}）" for n, r in siblings.items())
    return f"此处可用的字段：{names}" if names else "此处不能再有下级字段。"


_WRITTEN_NUMBER = Pattern(r"^(?P<qualifier>[^\d\-+.]*?)(?P<number>[-+]?\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>[^\d\s]*?)"
                             r"(?P<after>以上|以下|左右|多)?[。；]?$")


def number_hint(path: PathKey, value: str, siblings: dict[str, Rules]) -> str:
    """How to write a number given as text, with the user's own value: “约1850亿元” in a quantity reads
    `value: 1850` and `unit: 亿元` (the 约 in `note:`), “15%” in a rate `growth: 15`; "" when no number is in it."""
    from generator.doctypes.fields import ALL_UNITS

    match = _WRITTEN_NUMBER.match(unicodedata.normalize("NFKC", value).strip())
    if not match:
        return ""
    number = match["number"].replace(",", "").replace("，", "")
    unit, words = match["unit"], (match["qualifier"] + (match["after"] or "")).strip()
    if any(word in words for word in ("下降", "减少", "降低", "负")) and not number.startswith("-"):
        number = f"-{number}"          # 下降2.1% is a fall: the number is negative
    if path and isinstance(path[-1], int):      # an item of a list of numbers: meets: [2]
        key = path[-2] if len(path) > 1 and isinstance(path[-2], str) else "value"
        parts = [f"`{key}: [{number}]`"]
    else:
        key = path[-1] if path and isinstance(path[-1], str) else "value"
        parts = [f"`{key}: {number}`"]
    if unit and unit != "%" and "unit" in siblings and unit in ALL_UNITS:
        parts.append(f"`unit: {unit}`")
    elif unit and unit != "%":
        return ""           # a unit this field has no place for: the description says what is asked
    hint = f"写作 {' 和 '.join(parts)}"
    if words:
        hint += f"（“{words}”可写在 note 中）" if "note" in siblings else f"（“{words}”写不进数字：方案中的数值应为统计数，请删去）"
    return hint + "。"


def paired(ctx: RuleContext, errors: list[Any]) -> dict[int, str]:
    """Unknown fields that stand for a missing required one beside them (``城市:`` for ``city:``, ``provence:`` for
    ``province:``, ``封面:`` for ``cover:``): the unknown field's error (by its index in ``errors``) and the name it
    stands for. The missing field is then not reported again (one message per mistake)."""
    unknown = {i: e for i, e in enumerate(errors) if e.code == cerr.UNKNOWN_FIELD.code}
    missing = {i: e for i, e in enumerate(errors) if e.code == cerr.REQUIRED_FIELD.code}
    pairs: dict[int, str] = {}
    for parent in {tuple(e.document_path)[:-1] for e in unknown.values()}:
        keys = {i: str(e.document_path[-1]) for i, e in unknown.items() if tuple(e.document_path)[:-1] == parent}
        wanted = [str(e.document_path[-1]) for e in missing.values() if tuple(e.document_path)[:-1] == parent]
        siblings = _sibling_fields(ctx.schema, parent)
        by_label = {siblings.get(name, {}).get("meta", {}).get("label", name): name for name in wanted}
        for index, key in keys.items():
            close = _close_matches(key, wanted, n=1, cutoff=0.6)
            if not close:
                label = _close_matches(key, list(by_label), n=1, cutoff=0.4)
                close = [by_label[label[0]]] if label else []
            if not close and len(keys) == 1 and len(wanted) == 1 and not key.isascii():
                close = wanted             # the one Chinese key where the one missing field should be
            if close and close[0] not in pairs.values():
                pairs[index] = close[0]
    return pairs


def schema_diagnostic(ctx: RuleContext, error: Any, stands_for: str = "") -> None:
    path = tuple(error.document_path)
    found = field_meta(ctx.schema, path) or {}
    label = found.get("label", str(path[-1]) if path else "")
    code, value, constraint = error.code, error.value, error.constraint
    if code == cerr.REQUIRED_FIELD.code and ctx.plan.positions.get(path):     # written, but left empty
        ctx.error("S203", path, f"必填字段“{label}”（{path[-1]}）还没有填写：{found.get('desc', '')}。",
                  hint=f"在 `{path[-1]}:` 后面填写内容；暂时没有时写“待补充（提供部门）”。")
    elif code == cerr.REQUIRED_FIELD.code:
        ctx.error("S203", path, f"缺少必填字段“{label}”（{path[-1]}）：{found.get('desc', '')}。",
                  hint=f"在上级字段下补写 `{path[-1]}:`。")
    elif code == cerr.BAD_TYPE.code and found.get("when"):
        what = {"year": "年份", "month": "年份或年月", "date": "日期", "deadline": "完成时限"}[found["when"]]
        ctx.error("S202", path, f"应为{what}，实际写的是{_type_name(value)}“{_short(value)}”。",
                  hint=f"可写作 {'、'.join(FORMS)}" + ("（2026.12 会被读成小数，请写作 2026-12）"
                                                       if isinstance(value, float) else "") + "。")
    elif code == cerr.UNKNOWN_FIELD.code and stands_for:
        siblings = _sibling_fields(ctx.schema, path[:-1])
        label = siblings.get(stands_for, {}).get("meta", {}).get("label", stands_for)
        ctx.error("S201", path, f"未知的字段“{path[-1]}”，而必填字段“{label}”（{stands_for}）还没有写。",
                  hint=f"是否想写 `{stands_for}:`（{label}）？" + ("键要用英文，" if not str(path[-1]).isascii() else "")
                  + f"把“{path[-1]}”改为 `{stands_for}`。")
    elif code == cerr.UNKNOWN_FIELD.code:
        ctx.error("S201", path, f"未知的字段“{path[-1]}”。", hint=_suggest(str(path[-1]), _sibling_fields(ctx.schema, path[:-1])))
    elif code == cerr.BAD_TYPE.code:
        wanted = "或".join(TYPE_NAMES.get(t, t) for t in (constraint if isinstance(constraint, list) else [constraint]))
        numeric = any(t in ("number", "integer") for t in (constraint if isinstance(constraint, list) else [constraint]))
        owed = "；数据还没有时写“待补充（提供部门）”，如“待补充（市统计局）”" if numeric and isinstance(value, str) else ""
        written = number_hint(path, value, _sibling_fields(ctx.schema, path[:-1])) \
            if numeric and isinstance(value, str) else ""
        ctx.error("S202", path, f"应为{wanted}，实际写的是{_type_name(value)}“{_short(value)}”。",
                  hint=written + owed.lstrip("；") + "。" if written else
                  f"{label}（{found.get('desc', '')}）应为{wanted}" + owed + "。")
    elif code == cerr.UNALLOWED_VALUE.code:
        options = "、".join(str(o) for o in constraint)
        near = _close_matches(str(value), [str(o) for o in constraint], n=1, cutoff=0.4)
        what = "单位" if label == "单位" else "值"
        ctx.error("S204", path, f"{what}“{_short(value)}”不在可选范围内。",
                  hint=(f"是否想写“{near[0]}”？" if near else "") + f"可选：{options}")
    elif code in (cerr.MIN_VALUE.code, cerr.MAX_VALUE.code):
        bound = "不能小于" if code == cerr.MIN_VALUE.code else "不能大于"
        ctx.error("S205", path, f"数值 {value} {bound} {constraint}。",
                  hint=f"{label}（{found.get('desc', '')}）{bound} {constraint}：请核对这个数。")
    elif code == cerr.REGEX_MISMATCH.code:
        ctx.error("S206", path, f"格式不对：“{_short(value)}”。", hint=f"应写作：{found.get('desc', '')}")
    elif code == cerr.MAX_LENGTH.code:
        ctx.error("S212", path, f"过长：{len(value)} 个字符，上限 {constraint} 个。",
                  hint="删减文字，或拆成几段（列表中的每项一段）。" if isinstance(value, str) else "")
    elif code == cerr.MIN_LENGTH.code:
        ctx.error("S207", path, f"至少需要 {constraint} 项，现有 {len(value)} 项。")
    elif code == cerr.NOT_NULLABLE.code:
        ctx.error("S208", path, "此处不能为空。", hint=found.get("desc", ""))
    else:
        ctx.error("S299", path, f"不符合格式要求（{error.rule}: {constraint}）。", hint=found.get("desc", ""))

"""Validation: cerberus for structure and types, then the reviewer's rules; all findings in one report."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any, Callable

import cerberus
from cerberus import errors as cerr

from generator.cleantext import reads_as_sentence
from generator.diagnostics import ERROR, WARNING, Diagnostic, Report
from generator.labels import Rules, field_meta, label_path
from generator.readers import LoadedPlan, PathKey, dotted_path

TYPE_NAMES = {
    "string": "文字", "integer": "整数", "number": "数字", "float": "数字", "dict": "“键: 值”映射",
    "list": "列表（每项以“- ”开头）", "date": "日期（如 2026-03-08）", "boolean": "是/否（true/false）",
}


def _type_name(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "是/否"
    for kind, name in ((str, "文字"), (int, "整数"), (float, "数字"), (dict, "映射"), (list, "列表")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 30 else text[:28] + "…"


@dataclass
class RuleContext:
    """What a rule sees: the plan's data as validation reads it (a copy: ill-typed values removed), where each value
    was written, and a way to report findings."""

    plan: LoadedPlan
    schema: Rules
    report: Report
    data: dict[str, Any]

    def get(self, path: PathKey, default: Any = None) -> Any:
        node: Any = self.data
        for part in path:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and -len(node) <= part < len(node):
                node = node[part]
            else:
                return default
        return node

    def items(self, path: PathKey) -> list[tuple[int, dict[str, Any]]]:
        """The well-formed mapping items of the list at ``path``, with their indices."""
        value = self.get(path, [])
        return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []

    def label(self, path: PathKey) -> str:
        return label_path(self.schema, tuple(path), self.data)

    def emit(self, code: str, severity: str, path: PathKey, message: str, hint: str = "") -> None:
        at = self.plan.position(tuple(path))
        self.report.add(Diagnostic(
            code=code, severity=severity, message=message,
            file=at.file if at else self.plan.path, line=at.line if at else None,
            column=at.column if at else None, path=dotted_path(tuple(path)), label=self.label(path), hint=hint,
            sheet=at.sheet if at else None, cell=at.cell if at else None,
        ))

    def error(self, code: str, path: PathKey, message: str, hint: str = "") -> None:
        self.emit(code, ERROR, path, message, hint)

    def warning(self, code: str, path: PathKey, message: str, hint: str = "") -> None:
        self.emit(code, WARNING, path, message, hint)


Rule = Callable[[RuleContext], None]


def drop_nulls(value: Any) -> Any:
    """A key left empty (``tax:``) means "not filled in": drop it so the outline rules report it as missing."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


def _leaf_errors(error_list: Any) -> list[Any]:
    leaves = []
    for error in error_list:
        if error.is_group_error:
            leaves.extend(_leaf_errors(error.child_errors))
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


def _schema_diagnostic(ctx: RuleContext, error: Any) -> None:
    path = tuple(error.document_path)
    found = field_meta(ctx.schema, path) or {}
    label = found.get("label", str(path[-1]) if path else "")
    code, value, constraint = error.code, error.value, error.constraint
    if code == cerr.REQUIRED_FIELD.code:
        ctx.error("S203", path, f"缺少必填字段“{label}”（{path[-1]}）：{found.get('desc', '')}。",
                  hint=f"在上级字段下补写 `{path[-1]}:`。")
    elif code == cerr.UNKNOWN_FIELD.code:
        ctx.error("S201", path, f"未知的字段“{path[-1]}”。", hint=_suggest(str(path[-1]), _sibling_fields(ctx.schema, path[:-1])))
    elif code == cerr.BAD_TYPE.code:
        wanted = "或".join(TYPE_NAMES.get(t, t) for t in (constraint if isinstance(constraint, list) else [constraint]))
        ctx.error("S202", path, f"应为{wanted}，实际写的是{_type_name(value)}“{_short(value)}”。",
                  hint=found.get("desc", ""))
    elif code == cerr.UNALLOWED_VALUE.code:
        options = "、".join(str(o) for o in constraint)
        near = _close_matches(str(value), [str(o) for o in constraint], n=1, cutoff=0.4)
        what = "单位" if label == "单位" else "值"
        ctx.error("S204", path, f"{what}“{_short(value)}”不在可选范围内。",
                  hint=(f"是否想写“{near[0]}”？" if near else "") + f"可选：{options}")
    elif code in (cerr.MIN_VALUE.code, cerr.MAX_VALUE.code):
        bound = "不能小于" if code == cerr.MIN_VALUE.code else "不能大于"
        ctx.error("S205", path, f"数值 {value} {bound} {constraint}。", hint=found.get("desc", ""))
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


_VALIDATORS: dict[int, cerberus.Validator] = {}


def _validator(schema: Rules) -> cerberus.Validator:
    """One validator per schema. Cerberus checks a schema definition against its meta-schema whenever a validator
    is built — four fifths of a whole ``ecplan validate`` run. ecplan's schemas are fixed and checked once by the
    test suite (tests/test_rules.py), so here the definition is only expanded, as cerberus does, and trusted."""
    if id(schema) not in _VALIDATORS:
        from cerberus.schema import DefinitionSchema

        validator = cerberus.Validator()
        validator._schema = DefinitionSchema.expand(copy.deepcopy(schema))
        _VALIDATORS[id(schema)] = validator
    return _VALIDATORS[id(schema)]


def check_schema(ctx: RuleContext) -> list[PathKey]:
    """Structure and types; returns the paths of the values that failed, so rules can skip them. The schemas set
    no defaults and coerce nothing, so cerberus' normalisation pass (a third of its time) is skipped."""
    validator = _validator(ctx.schema)
    if validator.validate(ctx.data, normalize=False):
        return []
    bad: list[PathKey] = []
    for error in _leaf_errors(validator._errors):
        _schema_diagnostic(ctx, error)
        path = tuple(error.document_path)
        # A missing required field makes its parent unusable; anything else only the value itself.
        bad.append(path[:-1] if error.code == cerr.REQUIRED_FIELD.code else path)
    return bad


#: the largest number ecplan computes with (a trillion 万元 is beyond any plan)
MAX_NUMBER = 1e15


def check_numbers(ctx: RuleContext, value: Any, path: PathKey) -> list[PathKey]:
    """S210 a number too large to compute with, S211 one that is not a number at all (.nan, .inf); returns their
    paths, which the rules then do not see."""
    if isinstance(value, dict):
        return [bad for key, item in value.items() for bad in check_numbers(ctx, item, path + (key,))]
    if isinstance(value, list):
        return [bad for index, item in enumerate(value) for bad in check_numbers(ctx, item, path + (index,))]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return []
    if isinstance(value, float) and not math.isfinite(value):
        ctx.error("S211", path, f"“{value}”不是有效的数字。", hint="填写具体数值；数据暂缺时先不填此项（ecplan 会列为待补）。")
        return [path]
    if abs(value) > MAX_NUMBER:
        digits = len(str(abs(int(value)))) if isinstance(value, int) else len(f"{abs(value):.0f}")
        ctx.error("S210", path, f"数值过大（{digits} 位数），超出方案中可能出现的范围。", hint="检查单位和小数点，如 7260.5 亿元。")
        return [path]
    return []


def prune(data: Any, paths: list[PathKey]) -> None:
    """Remove ill-typed values so rules see only well-formed data; list items become None to keep indices."""
    for path in sorted(set(paths), key=len, reverse=True):
        if not path:
            continue
        parent: Any = data
        for part in path[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
        elif isinstance(parent, list) and isinstance(path[-1], int) and path[-1] < len(parent):
            parent[path[-1]] = None


def misread_text(ctx: RuleContext, value: Any, path: PathKey) -> Any:
    """Pasted text ending in a half-width colon (or holding ": ") is read by YAML as a key; ecplan's keys are all
    English. Report each such place and read it as the text it was meant to be, so nothing else trips over it."""
    if isinstance(value, dict):
        key, item = next(iter(value.items())) if len(value) == 1 else (None, None)
        if reads_as_sentence(key) and (item is None or isinstance(item, str)):
            ctx.error("S209", path, "这段文字被读成了“键: 值”：文字中的半角冒号“:”在行末或后跟空格时，是 YAML 的语法符号。",
                      hint="把冒号改为全角“：”，或给整段文字加引号；ecplan fix 会自动改为全角。")
            # the whole file read as one sentence: nothing of the plan is left to check
            return f"{key}：{'' if item is None else item}" if path else {}
        return {key: misread_text(ctx, item, path + (key,)) for key, item in value.items()}
    if isinstance(value, list):
        return [misread_text(ctx, item, path + (index,)) for index, item in enumerate(value)]
    return value


def usable_data(data: dict[str, Any]) -> dict[str, Any]:
    """The data a valid plan is rendered from: keys left empty (``tax:``) dropped, as validation read them."""
    return drop_nulls(data)


def validate(plan: LoadedPlan, schema: Rules, rules: list[Rule]) -> Report:
    """Check the structure, then run every rule on what is well-formed: all problems are reported at once.
    The plan is not changed: the rules read a copy, from which what the schema refused has been removed."""
    report = Report(plan.path)
    report.extend(plan.diagnostics)
    ctx = RuleContext(plan, schema, report, plan.data)  # read only, to name list items in S209's labels
    ctx.data = drop_nulls(misread_text(ctx, plan.data, ()))
    prune(ctx.data, check_schema(ctx) + check_numbers(ctx, ctx.data, ()))
    for rule in rules:
        rule(ctx)
    return report

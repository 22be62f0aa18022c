"""Validation: cerberus for structure and types, then the reviewer's rules; all findings in one report."""

from __future__ import annotations

import math
from typing import Any, Callable

import cerberus
from cerberus import errors as cerr

from generator import forms, placeholders
from generator.cleantext import reads_as_sentence
from generator.diagnostics import ERROR, WARNING, Diagnostic, Report
from generator.labels import Rules
from generator.readers import LoadedPlan, PathKey
from generator.rule_context import RuleContext
from generator.schema_messages import leaf_errors, paired, schema_diagnostic

Rule = Callable[[RuleContext], None]


def drop_nulls(value: Any) -> Any:
    """A key left empty (``tax:``) means "not filled in": drop it so the outline rules report it as missing."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


_VALIDATORS: dict[int, cerberus.Validator] = {}


def _validator(schema: Rules) -> cerberus.Validator:
    """One validator per schema. Cerberus checks a schema definition against its meta-schema whenever a validator
    is built — four fifths of a whole ``ecplan validate`` run — and expands its shorthands. ecplan's schemas are
    fixed, checked in full and written without shorthands (expanding changes nothing), both by the test suite
    (tests/test_rules.py), so here the definition is trusted as it is."""
    if id(schema) not in _VALIDATORS:
        validator = cerberus.Validator()
        validator._schema = schema
        _VALIDATORS[id(schema)] = validator
    return _VALIDATORS[id(schema)]


def check_schema(ctx: RuleContext) -> list[PathKey]:
    """Structure and types; returns the paths of the values that failed, so rules can skip them. The schemas set
    no defaults and coerce nothing, so cerberus' normalisation pass (a third of its time) is skipped."""
    validator = _validator(ctx.schema)
    if validator.validate(ctx.data, normalize=False):
        return []
    bad: list[PathKey] = []
    errors = list(leaf_errors(validator._errors))
    pairs = paired(ctx, errors)
    standing = {tuple(errors[i].document_path)[:-1] + (name,) for i, name in pairs.items()}
    for index, error in enumerate(errors):
        path = tuple(error.document_path)
        if error.code == cerr.REQUIRED_FIELD.code and path in standing:
            bad.append(path[:-1])
            continue            # reported with the unknown field that stands for it
        schema_diagnostic(ctx, error, pairs.get(index, ""))
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
        ctx.error("S211", path, f"“{value}”不是有效的数字。", hint="填写具体数值；数据暂缺时写“待补充（提供部门）”。")
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
    English. Report each such place and read it as the text it was meant to be, so nothing else trips over it (a
    sentence among a mapping's fields is reported and left out)."""
    if isinstance(value, dict):
        key, item = next(iter(value.items())) if len(value) == 1 else (None, None)
        if reads_as_sentence(key, item) and (item is None or isinstance(item, str)):
            _misread(ctx, path)
            # the whole file read as one sentence: nothing of the plan is left to check
            return f"{key}：{'' if item is None else item}" if path else {}
        kept = {}
        for key, item in value.items():
            if reads_as_sentence(key, item) and (item is None or isinstance(item, str)):
                _misread(ctx, path + (key,))
            else:
                kept[key] = misread_text(ctx, item, path + (key,))
        return kept
    if isinstance(value, list):
        return [misread_text(ctx, item, path + (index,)) for index, item in enumerate(value)]
    return value


def _misread(ctx: RuleContext, path: PathKey) -> None:
    ctx.error("S209", path, "这段文字被读成了“键: 值”：文字中的半角冒号“:”在行末或后跟空格时，是 YAML 的语法符号。",
              hint="把冒号改为全角“：”，或给整段文字加引号；ecplan fix 会自动改为全角。")


def report_gaps(ctx: RuleContext, fields: dict[PathKey, Any], inside: list[tuple[PathKey, Any]],
                severity: str) -> None:
    """P101 for each field holding a placeholder, P102 for each gap marked inside a text; each names who owes it."""
    hints = iter(["填写后删去占位。数据未到时，用 ecplan validate --draft 检查其余内容，用 ecplan render --draft 生成草稿。"])
    for path, gap in fields.items():
        owner = f"，由{gap.owner}提供" if gap.owner else ""
        ctx.emit("P101", severity, path, f"尚未填写（写的是“{gap.written[:30]}”{owner}）。", next(hints, ""))
    for path, gap in inside:
        owner = f"，由{gap.owner}提供" if gap.owner else ""
        ctx.emit("P102", severity, path, f"文字中有待补充之处“{gap.written[:30]}”{owner}。", next(hints, ""))


def accept_warnings(ctx: RuleContext) -> None:
    """``accept:``: each warning the plan accepts is marked accepted, with its reason; an acceptance matching no
    warning, or repeating another, is itself a warning (A101); an error or a placeholder cannot be accepted (A102),
    nor anything without a reason (A103). Codes are read in capitals (r15.1 is R15.1)."""
    seen: dict[tuple[str, str], int] = {}
    for index, entry in ctx.items(("accept",)):
        code, field, reason = (str(entry.get(key) or "").strip() for key in ("code", "field", "reason"))
        code, path = code.upper(), ("accept", index)
        if not code or "reason" not in entry:
            continue  # the schema reports what is missing
        if not reason:
            ctx.warning("A103", path + ("reason",), f"接受 {code} 没有写理由，未予接受。", hint="在 reason: 中写明接受的理由。")
            continue
        if (code, field) in seen:
            ctx.warning("A101", path, f"与第 {seen[code, field] + 1} 条重复：{code} 已经接受过。", hint="删去这一条。")
            continue
        seen[code, field] = index
        if code.startswith(("P", "A")):
            ctx.warning("A102", path + ("code",), f"{code} 不能接受：" + (
                "待补充之处只能填写。" if code.startswith("P") else "关于 accept 本身的警告只能改正。"))
            continue

        def matches(diagnostic: Diagnostic) -> bool:
            return diagnostic.code == code and (not field or diagnostic.path == field
                                                 or diagnostic.path.startswith((field + ".", field + "[")))

        found = [d for d in ctx.report.diagnostics if matches(d)]
        warnings = [d for d in found if d.severity == WARNING and not d.accepted]
        for warning in warnings:
            ctx.report.diagnostics[ctx.report.diagnostics.index(warning)] = warning._replace(accepted=reason)
        where = f"（字段 {field}）" if field else ""
        if any(d.severity == ERROR for d in found):
            ctx.warning("A102", path + ("code",), f"{code}{where} 是错误，错误不能接受，只能改正。")
        elif not warnings and not any(d.accepted for d in found):
            ctx.warning("A101", path, f"接受的警告 {code}{where} 在本方案中没有出现。",
                        hint="警告已经消除时，删去这一条 accept；否则核对代码和字段是否写错。")


def usable_data(data: dict[str, Any], schema: Rules | None = None) -> dict[str, Any]:
    """The data a valid plan is rendered from: keys left empty (``tax:``) dropped, as validation read them; with
    ``schema`` (a draft), each placeholder replaced by what stands in for it (see placeholders.stand_ins)."""
    cleaned = drop_nulls(data)
    return cleaned if schema is None else placeholders.stand_ins(cleaned, {"type": "dict", "schema": schema})


def validate(plan: LoadedPlan, schema: Rules, rules: list[Rule], *, draft: bool = False,
             in_scope: Callable[[PathKey], bool] = lambda path: True) -> Report:
    """Check the structure, then run every rule on what is well-formed: all problems are reported at once.
    The plan is not changed: the rules read a copy, from which what the schema refused has been removed.
    Placeholders are reported (P1xx: errors, warnings in a ``draft``); the schema and the rules read each field
    holding one as not yet written, and say nothing about it or about what holds it until it is filled. Only gaps
    ``in_scope`` (of the sections the document is written from) are reported."""
    report = Report(plan.path)
    report.extend(plan.diagnostics)
    ctx = RuleContext(plan, schema, report, plan.data)  # read only, to name list items in S209's labels
    read = misread_text(ctx, plan.data, ())
    if not plan.forms_read:
        read = forms.normalised(read, {"type": "dict", "schema": schema})
    data, gaps = placeholders.remove(drop_nulls(read))
    ctx.data = data
    # a brief is not held up by a number its full plan still owes: only the gaps in scope are its own
    fields = {path: gap for path, gap in gaps.items() if in_scope(path)}
    inside = [(path, gap) for path, gap in placeholders.in_texts(data) if in_scope(path)]
    report_gaps(ctx, fields, inside, WARNING if draft else ERROR)
    cover = data.get("cover") if isinstance(data.get("cover"), dict) else {}
    if cover.get("stage") == "定稿" and (fields or inside):
        ctx.warning("P103", ("cover", "stage"), "文稿阶段写的是“定稿”，但方案中还有待补充之处；草稿按“初稿”标注。",
                    hint="补齐待补充之处后再标为定稿，或改写实际阶段（初稿、征求意见稿、送审稿）。")
    ctx.gaps = tuple(gaps)
    refused = check_schema(ctx) + check_numbers(ctx, ctx.data, ())
    ctx.refused = frozenset(tuple(path) for path in refused)
    prune(ctx.data, refused)
    for rule in rules:
        rule(ctx)
    accept_warnings(ctx)
    return report

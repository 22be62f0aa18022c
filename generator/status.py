"""``ecplan status``: how far a plan is — per chapter and sub-item what is filled, still a placeholder or missing;
who owes what; errors and warnings; the 摘要 against its limit. For one plan or a consultant's many."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator import placeholders, terminal
from generator.diagnostics import ERROR, WARNING
from generator.labels import field_meta
from generator.readers import PathKey, dotted_path

#: findings that say a required part is not written at all
MISSING_CODES = ("S203", "R1.1", "R6.1", "R6.2", "R8.1", "R9.1", "R9.3", "R10.1", "R10.2", "R11.1", "R11.5", "R13.1",
                 "R14.2")
#: top-level settings, not chapters of the plan
SKIPPED = ("type", "charts", "accept", "layout")


@dataclass
class Part:
    """One chapter (level 1) or sub-item (level 2): how many of its values are filled, placeholders, missing."""

    level: int
    title: str
    filled: int = 0
    placeholders: int = 0
    missing: int = 0

    @property
    def done(self) -> int:
        total = self.filled + self.placeholders + self.missing
        return 100 * self.filled // total if total else 100  # 99% until the last gap is filled


@dataclass
class Progress:
    """The state of one plan file."""

    file: str
    parts: list[Part] = field(default_factory=list)
    owners: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    warnings: int = 0
    accepted: list[str] = field(default_factory=list)   # accepted warnings: code, where, and the reason
    summary_chars: int | None = None
    summary_limit: int | None = None
    unreadable: str = ""

    @property
    def placeholders(self) -> int:
        return sum(part.placeholders for part in self.parts if part.level == 1)

    @property
    def done(self) -> int:
        chapters = [part for part in self.parts if part.level == 1]
        filled = sum(p.filled for p in chapters)
        total = filled + sum(p.placeholders + p.missing for p in chapters)
        return 100 * filled // total if total else 0


def _leaves(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_leaves(item) for item in value.values())
    if isinstance(value, list):
        return sum(_leaves(item) for item in value)
    return 0 if value is None else 1


def _under(path: PathKey, prefix: PathKey) -> bool:
    return path[:len(prefix)] == prefix


def progress(path: str | Path, brief: bool = False, shared: tuple[str, ...] = ()) -> Progress:
    """Reads and checks one plan as a draft (placeholders are not errors here) and measures it."""
    from generator.errors import EcplanError
    from generator.options import RenderOptions
    from generator.pipeline import check
    from generator.validate import drop_nulls

    state = Progress(str(path))
    try:
        checked = check(path, RenderOptions(brief=brief, shared=shared, draft=True))
    except EcplanError as exc:
        state.unreadable, state.errors = str(exc), 1
        return state
    report, schema = checked.report, checked.doctype.schema
    missing = [d.path for d in report.diagnostics if d.code in MISSING_CODES]
    state.errors = sum(d.severity == ERROR and not d.code.startswith("P") for d in report.diagnostics)
    state.warnings = sum(d.severity == WARNING and not d.code.startswith("P") and not d.accepted
                         for d in report.diagnostics)
    state.accepted = [f"{d.code}" + (f"（{d.path}）" if d.path else "") + f"：{d.accepted}" for d in report.accepted]
    data, whole = placeholders.remove(drop_nulls(checked.plan.data))
    gaps = [(path, gap) for path, gap in list(whole.items()) + placeholders.in_texts(data)
            if checked.doctype.in_scope(path)]
    gap_paths = [path for path, _ in gaps]
    for key in schema:
        if key in SKIPPED or not checked.doctype.in_scope((key,)) or (
                key not in checked.plan.data and not _missing_under(missing, (key,))):
            continue
        chapter = _part(1, schema, (key,), data, gap_paths, missing)
        if not chapter.filled + chapter.placeholders + chapter.missing:
            continue  # an optional part left empty: nothing to count
        state.parts.append(chapter)
        value = data.get(key)
        fields = (schema[key].get("schema") or {}) if schema[key].get("type") == "dict" else {}
        for sub, rules in fields.items():  # the sections of a chapter (its single values are counted in it)
            if rules.get("type") not in ("dict", "list"):
                continue
            if isinstance(value, dict) and sub in value or any(_under(g, (key, sub)) for g in gap_paths) \
                    or _missing_under(missing, (key, sub)):
                section = _part(2, schema, (key, sub), data, gap_paths, missing)
                if section.filled + section.placeholders + section.missing:
                    state.parts.append(section)
    _owners(state, schema, data, gaps, checked.plan.data)
    _summary(state, checked)
    return state


def _missing_under(missing: list[str], prefix: PathKey) -> int:
    """How many of the findings about parts not written at all (their dotted paths) lie under ``prefix``."""
    dotted = dotted_path(prefix)
    return sum(path == dotted or path.startswith((dotted + ".", dotted + "[")) for path in missing)


def _part(level: int, schema: dict[str, Any], prefix: PathKey, data: dict[str, Any], gaps: list[PathKey],
          missing: list[str]) -> Part:
    node: Any = data
    for key in prefix:
        node = node.get(key) if isinstance(node, dict) else None
    meta = field_meta(schema, prefix) or {}
    return Part(level, meta.get("label", ".".join(map(str, prefix))), _leaves(node),
                sum(_under(gap, prefix) for gap in gaps),
                _missing_under(missing, prefix))


#: fields naming who is responsible for a task or a project (牵头部门, 实施单位, 责任单位), by their labels
OWNER_LABELS = ("牵头部门", "实施单位", "责任单位")


def _owners(state: Progress, schema: dict[str, Any], data: dict[str, Any], gaps: list[tuple[PathKey, Any]],
            written: dict[str, Any]) -> None:
    """Who owes what: the department a placeholder names, else the lead of the task or project it is in."""
    for path, gap in gaps:
        if path[0] in SKIPPED:
            continue
        owner = gap.owner or _lead(schema, written, path) or "（未注明）"
        state.owners[owner] = state.owners.get(owner, 0) + 1


def _lead(schema: dict[str, Any], data: Any, path: PathKey) -> str:
    """The lead department or implementing unit of the innermost task or project holding ``path`` (a field whose
    schema label says so: an amount's ``unit`` is not one)."""
    node, lead = data, ""
    for depth, key in enumerate(path, start=1):
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            for name, value in node.items():
                label = (field_meta(schema, path[:depth] + (name,)) or {}).get("label")
                if label in OWNER_LABELS and isinstance(value, str) and placeholders.whole(value) is None:
                    lead = re.split(r"[（(，,；;。：:]", value.strip(), maxsplit=1)[0].strip() or value.strip()
    return lead


def draft_summary(checked: Any) -> Any:
    """The 摘要 as ``render --draft`` would write it (``status``, the workbench): None for a type without one, or
    while the file or its structure is wrong — but there while the reviewer's rules still find errors, since a
    planner fixing one wants to know the 字数 too."""
    from generator.validate import usable_data

    if any(finding.code.startswith(("S", "Y")) for finding in checked.report.errors):
        return None
    try:
        return checked.doctype.build(usable_data(checked.plan.data, checked.doctype.schema)).get("summary")
    except Exception:  # noqa: BLE001 — a draft's 摘要 that cannot be composed yet is simply not counted
        return None


def _summary(state: Progress, checked: Any) -> None:
    summary = draft_summary(checked)
    if summary is not None:
        state.summary_chars, state.summary_limit = summary.count, summary.limit


def format_one(state: Progress) -> str:
    """The table for one plan: chapters and sub-items, owners, findings, the 摘要."""
    if state.unreadable:
        return f"{state.file}\n  无法读取：{state.unreadable}"
    lines = [state.file, terminal.pad("章节", 52) + "已填  待补充  缺少  完成度"]
    for part in state.parts:
        title = ("" if part.level == 1 else "  ") + part.title[:24]
        lines.append(f"{terminal.pad(title, 52)}{part.filled:>4}{part.placeholders:>8}{part.missing:>6}{part.done:>6}%")
    lines.append(f"合计完成度 {state.done}%；待补充 {state.placeholders} 处；错误 {state.errors} 个，警告 {state.warnings} 个"
                 + (f"，已接受的警告 {len(state.accepted)} 个" if state.accepted else ""))
    lines += [f"已接受：{accepted}" for accepted in state.accepted]
    if state.owners:
        lines.append("待提供：" + "；".join(f"{owner} {n} 处" for owner, n in
                                         sorted(state.owners.items(), key=lambda kv: (-kv[1], kv[0]))))
    if state.summary_chars is not None:
        lines.append(f"摘要 {state.summary_chars} 字 / 上限 {state.summary_limit} 字")
    return "\n".join(lines)


ROW = {"file": "文件", "done": "完成度(%)", "placeholders": "待补充", "errors": "错误", "warnings": "警告",
       "accepted": "已接受的警告", "summary_chars": "摘要字数"}


def rows(states: list[Progress]) -> list[dict[str, Any]]:
    """One row per plan and a total row (what several plans' status, CSV and JSON show)."""
    out = [{"file": s.file, "done": s.done, "placeholders": s.placeholders, "errors": s.errors,
            "warnings": s.warnings, "accepted": len(s.accepted), "summary_chars": s.summary_chars} for s in states]
    out.append({"file": "合计", "done": sum(r["done"] for r in out) // len(out) if out else 0,
                "placeholders": sum(r["placeholders"] for r in out), "errors": sum(r["errors"] for r in out),
                "warnings": sum(r["warnings"] for r in out), "accepted": sum(r["accepted"] for r in out),
                "summary_chars": None})
    return out


def format_many(states: list[Progress]) -> str:
    table = rows(states)
    widths = {key: max(terminal.width(str(row[key] if row[key] is not None else "—")) for row in
                       [dict(ROW), *table]) for key in ROW}
    return "\n".join("  ".join(terminal.pad(str(row[key] if row[key] is not None else "—"), widths[key])
                               for key in ROW).rstrip() for row in [dict(ROW), *table])


def to_json(states: list[Progress]) -> str:
    plans = [{**asdict(s), "done": s.done, "placeholders": s.placeholders,
              "parts": [{**asdict(p), "done": p.done} for p in s.parts]} for s in states]
    return json.dumps({"plans": plans, "rows": rows(states), "columns": ROW}, ensure_ascii=False, indent=2)


def to_csv(states: list[Progress]) -> bytes:
    """UTF-8 with BOM, for a tracking spreadsheet in Excel or WPS."""
    from generator.batch_report import csv_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(ROW.values()))
    for row in rows(states):
        writer.writerow([csv_cell(row[key]) for key in ROW])
    return buffer.getvalue().encode("utf-8-sig")

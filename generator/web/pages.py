"""What the workbench's pages show, without the web: a plan's chapters, a chapter's form, the plan as the form
would make it, and the reviewer's findings placed by field — the same checks ``ecplan validate --draft`` runs."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from generator.readers.plan import dotted_path
from generator.web import fields as form_fields
from generator.web.workspace import Refused, Workspace

LEFT_OUT = ("type", "extends")


@dataclass
class Chapter:
    key: str
    label: str
    help: str


def doctype_of(data: Any, name: str) -> Any:
    from generator import doctypes

    return doctypes.of_plan(data if isinstance(data, dict) else {}, False, name)


def chapters(doctype: Any) -> list[Chapter]:
    """The plan's pages: the cover, the outline's chapters in order, then the other sections of the schema."""
    schema = doctype.schema
    order = ["cover"] + [chapter.key for chapter in doctype.outline]
    order += [key for key in schema if key not in order]
    seen, result = set(), []
    for key in order:
        if key in seen or key in LEFT_OUT or key not in schema:
            continue
        seen.add(key)
        meta = schema[key].get("meta", {})
        result.append(Chapter(key, meta.get("label", key), meta.get("desc", "")))
    return result


def loaded(text: str, name: str) -> dict[str, Any]:
    """The file's own data (what it extends is not shown: it is another file's)."""
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        raise Refused(f"{name} 目前无法读取（YAML 写法有误）：先运行 ecplan validate 查看并修正。") from None
    return data if isinstance(data, dict) else {}


def form_of(doctype: Any, data: dict[str, Any], key: str) -> form_fields.Field:
    if key not in doctype.schema or key in LEFT_OUT:
        raise Refused(f"没有“{key}”这一章。", 404)
    return form_fields.build(doctype.schema[key], data.get(key), key, (key,), key)


@dataclass
class Draft:
    """The plan as a chapter's form would make it."""

    data: dict[str, Any]
    text: str
    read: form_fields.Read


def drafted(doctype: Any, text: str, data: dict[str, Any], key: str, form: Any, name: str) -> Draft:
    from generator.yaml_edit import edited

    read = form_fields.Read(None)
    value = form_fields.read(doctype.schema[key], form, key, (key,), data.get(key), read)
    new = dict(data)
    if value is None:
        new.pop(key, None)
    else:
        new[key] = value
    return Draft(new, text if new == data else edited(text, new, name, read.origins), read)


@dataclass
class Findings:
    """The findings of the plan as a form would make it: those of this chapter by field, and the counts."""

    errors: int = 0
    warnings: int = 0
    gaps: int = 0
    chapter: list[tuple[str, Any]] = field(default_factory=list)     # (form name or "", finding)
    by_chapter: dict[str, int] = field(default_factory=dict)
    summary_count: int | None = None
    summary_limit: int | None = None
    milliseconds: float = 0.0


def findings(workspace: Workspace, name: str, text: str, key: str, names: dict[Any, str]) -> Findings:
    """The checks of ``ecplan validate --draft`` on ``text`` as the plan ``name``; the 摘要 counted as rendered."""
    from generator.errors import InputFileError
    from generator.options import RenderOptions
    from generator.pipeline import check, unreadable

    started, result = time.perf_counter(), Findings()
    try:
        checked = check(workspace.path_of(name), RenderOptions(draft=True), text)
        report = checked.report
    except InputFileError as exc:
        checked, report = None, unreadable(name, exc)
    by_path = {dotted_path(path): form_name for path, form_name in names.items()}
    for finding in report.diagnostics:
        top = finding.path.split(".")[0].split("[")[0]
        result.by_chapter[top] = result.by_chapter.get(top, 0) + 1
        if finding.code.startswith("P"):
            result.gaps += 1
        elif finding.severity == "error":
            result.errors += 1
        else:
            result.warnings += 1
        if top == key or not finding.path:
            result.chapter.append((_nearest(finding.path, by_path), finding))
    _count_summary(checked, result)
    result.milliseconds = (time.perf_counter() - started) * 1000
    return result


def _nearest(path: str, by_path: dict[str, str]) -> str:
    """The form name of the field a finding is about, or of the nearest group holding it."""
    while path:
        if path in by_path:
            return by_path[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return ""


def _count_summary(checked: Any, result: Findings) -> None:
    """The 摘要's 字数 as ``render --draft`` would write it, counted as ``ecplan status`` counts it."""
    from generator.status import draft_summary

    summary = None if checked is None else draft_summary(checked)
    if summary is not None:
        result.summary_count, result.summary_limit = summary.count, summary.limit

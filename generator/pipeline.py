"""The recipe: load → validate → build context → render → write. The CLI and the batch runner call these."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import ERROR, Diagnostic, Report
from generator.errors import InputFileError, InvalidPlanError, RenderError
from generator.loader import LoadedPlan, load_plan
from generator.summary import SUMMARY_LIMIT, Summary
from generator.tables import TABLE_COLUMNS


def load_and_validate(path: str | Path) -> tuple[LoadedPlan, Report]:
    """Load and validate one plan file. Raises InputFileError when the file cannot be read at all."""
    from generator.rules import CITY_RULES
    from generator.schema import CITY_SCHEMA
    from generator.validate import validate_plan

    plan = load_plan(path)
    return plan, validate_plan(plan, CITY_SCHEMA, CITY_RULES)


def check(path: str | Path) -> Report:
    return load_and_validate(path)[1]


def check_file(path: str | Path) -> Report:
    """Like check(), but a file that cannot be read becomes a report with one error instead of an exception."""
    try:
        return check(path)
    except InputFileError as exc:
        return Report(str(path), [Diagnostic(exc.code, ERROR, exc.detail, exc.path, exc.line, exc.column)])


@dataclass
class Rendered:
    """What a render produced: where it went, the report (warnings), the 摘要 as counted, a backup if made."""

    output: Path
    report: Report
    summary: Summary
    backup: Path | None = None


def default_output(source: str | Path, output_format: str) -> Path:
    return Path(source).with_suffix(".md" if output_format == "md" else ".docx")


def render(path: str | Path, output: str | Path | None = None, *, output_format: str = "docx",
           template_dir: str | Path | None = None, force: bool = False, strict: bool = False) -> Rendered:
    """load → validate → build context → render → write. Errors stop before anything is written."""
    from generator.context import build_context
    from generator.output import finalize_docx, finalize_text, write_output

    plan, report = load_and_validate(path)
    if strict:
        report = report.strict()
    if report.errors:
        raise InvalidPlanError(report)
    context = build_context(plan.data, template_dir)
    summary: Summary = context["summary"]
    if summary.count > SUMMARY_LIMIT:
        parts = "；".join(f"{key} {n} 字{'（用户所写）' if key in summary.written else ''}"
                         for key, n in sorted(summary.per_item().items(), key=lambda kv: -kv[1]))
        raise RenderError(f"{path}: 摘要即使压缩到最简仍有 {summary.count} 字，超过 {SUMMARY_LIMIT} 字的上限。"
                          f"各部分字数：{parts}。请删减 summary: 中自己填写的部分。")
    if output_format == "md":
        from generator.templating import render_text

        columns = {kind: [(header, expression.split(".")[1]) for header, expression, _ in spec]
                   for kind, spec in TABLE_COLUMNS.items()}
        text = render_text("city-plan.md.j2", {**context, "columns": columns}, template_dir)
        data = finalize_text(re.sub(r"\n{3,}", "\n\n", text))
    else:
        from generator.docx_render import render_docx

        data = finalize_docx(render_docx(context, "city", template_dir))
    target = Path(output) if output else default_output(path, output_format)
    backup = write_output(target, data, source=Path(path), force=force)
    return Rendered(target, report, context["summary"], backup)


def plan_blocks(path: str | Path, template_dir: str | Path | None = None) -> list[dict[str, object]]:
    """The blocks of the document ``render`` would write (for ``ecplan stats``)."""
    from generator.context import build_context

    plan, report = load_and_validate(path)
    if report.errors:
        raise InvalidPlanError(report)
    return build_context(plan.data, template_dir)["blocks"]

"""The recipes: read → find the document type → validate → build the context → write, one short function per
command. The CLI and the batch runner call these; nothing else knows the order."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from generator import collector, doctypes, figures, formats, forms
from generator.diagnostics import ERROR, Diagnostic, Report
from generator.doctypes import DocType
from generator.doctypes.blocks import RenderContext, with_gap_list
from generator.errors import InputFileError, InvalidPlanError, RenderError
from generator.formats import output_path
from generator.options import RenderOptions
from generator.readers import LoadedPlan, read_plan
from generator.validate import usable_data, validate


class Checked(NamedTuple):
    """A plan file read and validated as the document it describes."""

    source: Path
    plan: LoadedPlan
    doctype: DocType
    report: Report


@dataclass
class Rendered:
    """What a render produced: the report (its warnings), the 摘要 as counted, what the format wrote (the output,
    backups of what it replaced, a PDF and page pictures), and notes about what could not be done."""

    report: Report
    summary: Any
    written: formats.Written
    notes: list[str] = field(default_factory=list)


def check(path: str | Path, options: RenderOptions = RenderOptions(), text: str | None = None) -> Checked:
    """Read a plan file (with what it extends, from its own directory tree or ``options.shared``) and validate it as
    the document it describes (or as its 要点, ``options.brief``); in a ``options.draft``, placeholders are warnings.
    ``text``: the file's content as it would be (a form in the browser, not saved yet). Raises InputFileError when
    the file cannot be read at all."""
    plan = read_plan(path, options.shared, text)
    collector.resume()     # what the command loaded and the plan read stay to its end: the collector skips them
    doctype = doctypes.of_plan(plan.data, options.brief, str(path))
    # values in the forms a planner writes them (dates, 是/否, full-width digits), each read in one (see forms)
    plan.data = forms.normalised(plan.data, {"type": "dict", "schema": doctype.schema})
    plan.forms_read = True
    return Checked(Path(path), plan, doctype, validate(plan, doctype.schema, doctype.rules, draft=options.draft,
                                                       in_scope=doctype.in_scope))


def report_of(path: str | Path, options: RenderOptions = RenderOptions()) -> Report:
    """The report of ``check``; a file that cannot be read is a report with that one error."""
    try:
        return check(path, options).report
    except InputFileError as exc:
        return unreadable(path, exc)


def unreadable(path: str | Path, exc: InputFileError) -> Report:
    """The report of a file that cannot be read at all: that one error (or the several its reader found)."""
    return Report(str(path), exc.diagnostics or [Diagnostic(exc.code, ERROR, exc.detail, exc.path, exc.line,
                                                            exc.column)])


def passed(checked: Checked, options: RenderOptions = RenderOptions()) -> Checked:
    """The checked plan if it may be rendered (with ``options.strict``, warnings count as errors, but a draft's
    placeholders); else InvalidPlanError."""
    report = checked.report.strict(keep=("P",) if options.draft else ()) if options.strict else checked.report
    if report.errors:
        raise InvalidPlanError(report)
    return checked._replace(report=report)


def render_file(path: str | Path, options: RenderOptions, office: Any = None) -> Rendered:
    """``ecplan render``: nothing is written unless the plan is free of errors."""
    return render_checked(passed(check(path, options), options), options, office)


def render_checked(checked: Checked, options: RenderOptions, office: Any = None) -> Rendered:
    """Build the document of a valid plan and write it in the chosen format (a running ``office`` may be passed)."""
    writer = formats.get(options.format)
    data = usable_data(checked.plan.data, checked.doctype.schema if options.draft else None)
    wanted = figures.wanted(data, checked.doctype.figures, options.charts)
    pictures, notes = {}, []
    if writer.DRAWS_FIGURES and wanted:
        from generator.charts import draw_all, glyph_notes

        pictures, notes = draw_all(data, tuple(name for name in checked.doctype.figures if name in wanted))
        wanted = frozenset(pictures)
    context = checked.doctype.build(data, options.template_dir, wanted)
    if options.draft:
        context = with_gap_list(context, [d for d in checked.report.diagnostics if d.code.startswith("P")])
    if pictures:
        notes += glyph_notes(context["blocks"], pictures)
    _check_summary(checked.source, context["summary"])
    target = output_path(checked.source, checked.doctype, options, writer.SUFFIX)
    carried = None
    if options.source and options.format != "md":
        from generator.formats.docx_source import plan_text

        carried = plan_text(checked.plan.data)
    written = writer.write(formats.Request(context, checked.doctype, options, checked.source, target, pictures, office,
                                           carried))
    return Rendered(checked.report, context["summary"], written, notes + written.notes)


def context_of(path: str | Path, options: RenderOptions) -> RenderContext:
    """``ecplan stats``: the render context (blocks, 摘要) of the document ``render`` would write."""
    checked = passed(check(path, options), options.but(strict=False))
    data = usable_data(checked.plan.data, checked.doctype.schema if options.draft else None)
    wanted = figures.wanted(data, checked.doctype.figures, options.charts)
    return checked.doctype.build(data, options.template_dir, wanted)


def convert(docx: str | Path, output: str | None, options: RenderOptions) -> tuple[Path, list[Path]]:
    """``ecplan pdf``: any .docx (e.g. a plan edited in Word) to PDF, its 目录 updated by LibreOffice first
    (``options``: force, images, server)."""
    from generator.formats.pdf import convert as to_pdf

    return to_pdf(docx, output, force=options.force, images=options.images, server=options.server)


def _check_summary(source: Path, summary: Any) -> None:
    if summary is not None and summary.count > summary.limit:
        parts = "；".join(f"{key} {n} 字{'（用户所写）' if key in summary.written else ''}"
                         for key, n in sorted(summary.per_item().items(), key=lambda kv: -kv[1]))
        raise RenderError(f"{source}: 摘要即使压缩到最简仍有 {summary.count} 字，超过 {summary.limit} 字的上限。"
                          f"各部分字数：{parts}。请删减 summary: 中自己填写的部分。")

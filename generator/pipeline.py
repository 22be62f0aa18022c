"""The recipe: load → validate → build context → render → write. The CLI and the batch runner call these."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diagnostics import ERROR, Diagnostic, Report
from generator.errors import EcplanError, InputFileError, InvalidPlanError, OfficeError, RenderError
from generator.kinds import Kind, build, kind_of, schema_and_rules
from generator.inherit import load as load_plan
from generator.loader import LoadedPlan
from generator.summary import SUMMARY_LIMIT, Summary
from generator.tables import TABLE_COLUMNS

if TYPE_CHECKING:
    from generator.office import Office


def load_and_validate(path: str | Path, brief: bool = False) -> tuple[LoadedPlan, Report, Kind]:
    """Load and validate one plan file as the document it describes (or as a brief).
    Raises InputFileError when the file cannot be read at all."""
    from generator.validate import validate_plan

    plan = load_plan(path)
    kind = kind_of(plan.data, brief, str(path))
    schema, rules = schema_and_rules(kind)
    return plan, validate_plan(plan, schema, rules), kind


def check(path: str | Path, brief: bool = False) -> Report:
    return load_and_validate(path, brief)[1]


def check_file(path: str | Path, brief: bool = False) -> Report:
    """Like check(), but a file that cannot be read becomes a report with one error instead of an exception."""
    try:
        return check(path, brief)
    except InputFileError as exc:
        return Report(str(path), [Diagnostic(exc.code, ERROR, exc.detail, exc.path, exc.line, exc.column)])
    except RenderError as exc:
        return Report(str(path), [Diagnostic("Y110", ERROR, str(exc).split(": ", 1)[-1], str(path))])


@dataclass
class Rendered:
    """What a render produced: where it went, the report (warnings), the 摘要 as counted, backups if made,
    and with a PDF: its path, page pictures, and notes about what could not be done (e.g. no TOC page numbers)."""

    output: Path
    report: Report
    summary: Summary | None
    backup: Path | None = None
    pdf: Path | None = None
    images: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def default_output(source: str | Path, output_format: str, kind: Kind | None = None) -> Path:
    source = Path(source)
    suffix = ".md" if output_format == "md" else ".docx"
    return source.with_name(source.stem + (kind.output_suffix if kind else "") + suffix)


def chosen_charts(plan: LoadedPlan, kind: Kind, enabled: bool = True) -> frozenset[str]:
    """The figures wanted: the plan type's, minus those turned off under ``charts:`` or on the command line."""
    from generator import figures

    return figures.wanted(plan.data, kind.charts, enabled)


def _draw_figures(context: dict[str, Any]) -> list[str]:
    """Draws the figures (kept for the .docx), reporting glyphs the chosen font lacks; raises ChartsUnavailable."""
    from generator.charts import draw

    notes = []
    for block in context["blocks"]:
        if block["kind"] == "figure":
            drawn = draw(block)
            if drawn.missing_glyphs:
                notes.append(f"{block['text']}：字体 {drawn.font} 缺少部分字符，图中可能显示为方框"
                             f"（{'；'.join(drawn.missing_glyphs[:3])}）。")
    return notes


def _validated(path: str | Path, strict: bool, brief: bool = False) -> tuple[LoadedPlan, Report, Kind]:
    plan, report, kind = load_and_validate(path, brief)
    if strict:
        report = report.strict()
    if report.errors:
        raise InvalidPlanError(report)
    return plan, report, kind


def _check_summary(path: str | Path, summary: Summary | None) -> None:
    if summary is not None and summary.count > SUMMARY_LIMIT:
        parts = "；".join(f"{key} {n} 字{'（用户所写）' if key in summary.written else ''}"
                         for key, n in sorted(summary.per_item().items(), key=lambda kv: -kv[1]))
        raise RenderError(f"{path}: 摘要即使压缩到最简仍有 {summary.count} 字，超过 {SUMMARY_LIMIT} 字的上限。"
                          f"各部分字数：{parts}。请删减 summary: 中自己填写的部分。")


def render(path: str | Path, output: str | Path | None = None, *, output_format: str = "docx",
           template_dir: str | Path | None = None, force: bool = False, strict: bool = False,
           pdf: bool = False, images: str | Path | None = None, brief: bool = False,
           office: Office | None = None, output_dir: str | Path | None = None, charts: bool = True) -> Rendered:
    """load → validate → build context → render → write (→ PDF → page pictures).

    Errors in the plan stop before anything is written. With ``pdf`` the .docx is written even when LibreOffice is
    missing or fails (the error then says so); its 目录 carries the page numbers LibreOffice computed. A running
    ``office`` may be passed in (a batch worker keeps one for all its plans); otherwise one is started and closed.
    ``output_dir`` puts the output, under its default name, in that directory. ``charts=False`` leaves figures out."""
    from generator.output import check_writable, finalize_docx, finalize_pdf, finalize_text, write_output

    plan, report, kind = _validated(path, strict, brief)
    wanted = chosen_charts(plan, kind, charts)
    context = build(kind, plan.data, template_dir, wanted)
    _check_summary(path, context["summary"])
    notes: list[str] = []
    target = Path(output) if output else default_output(path, output_format, kind)
    if output_dir is not None:
        target = Path(output_dir) / target.name
    if output_format == "md":
        from generator.templating import render_text

        columns = {table: [(header, expression.split(".")[1]) for header, expression, _ in spec]
                   for table, spec in TABLE_COLUMNS.items()}
        text = render_text("city-plan.md.j2", {**context, "columns": columns}, template_dir)
        data = finalize_text(re.sub(r"\n{3,}", "\n\n", text))
        return Rendered(target, report, context["summary"], write_output(target, data, source=Path(path), force=force),
                        notes=notes)

    from generator.docx_render import render_docx

    if wanted:
        from generator.charts import ChartsUnavailable

        try:
            notes += _draw_figures(context)
        except ChartsUnavailable as exc:  # the plan renders without figures (and without references to them)
            notes.append(str(exc))
            context = build(kind, plan.data, template_dir, frozenset())
    data = finalize_docx(render_docx(context, kind.key, template_dir))
    if not (pdf or images):
        return Rendered(target, report, context["summary"], write_output(target, data, source=Path(path), force=force),
                        notes=notes)
    pdf_target = target.with_suffix(".pdf")
    check_writable(target, source=Path(path), force=force)
    check_writable(pdf_target, source=Path(path), force=force)
    result = Rendered(target, report, context["summary"], notes=notes)
    from generator.office import Office, page_images

    own = office is None
    try:
        office = Office() if office is None else office
    except EcplanError as exc:
        write_output(target, data, source=Path(path), force=force)
        raise OfficeError(f"{exc}\nWord 文档已生成：{target}") from None
    with (office if own else contextlib.nullcontext(office)), tempfile.TemporaryDirectory(prefix="ecplan-") as scratch:
        draft = Path(scratch) / "plan.docx"
        draft.write_bytes(data)
        computed = office.toc(draft)
        if computed is None:
            result.notes.append("未找到能导入 uno 的 Python（Debian 软件包 python3-uno）：PDF 由 soffice --convert-to 直接转换，"
                                "目录中没有页码，行末悬挂的标点也可能丢失。安装 python3-uno 后重新生成即可。")
        else:
            from generator.context import assign_pages

            context = {**context, "toc": assign_pages(context["toc"], computed)}
            data = finalize_docx(render_docx(context, kind.key, template_dir))
            draft.write_bytes(data)
        result.backup = write_output(target, data, source=Path(path), force=force)
        exported = Path(scratch) / "plan.pdf"
        office.pdf(draft, exported)
        exported_bytes = exported.read_bytes()
    moment = (context["date"] or dt.date(1980, 1, 1)).strftime("%Y%m%d000000")
    result.pdf = pdf_target
    write_output(pdf_target, finalize_pdf(exported_bytes, moment), source=Path(path), force=force)
    if images:
        result.images = page_images(pdf_target, Path(images))
    return result


def convert(docx: str | Path, output: str | Path | None = None, *, force: bool = False,
            images: str | Path | None = None) -> tuple[Path, list[Path]]:
    """Any .docx (e.g. a plan edited in Word) to PDF, its indexes updated by LibreOffice first."""
    from generator.office import Office, page_images
    from generator.output import check_writable, finalize_pdf, write_output

    source = Path(docx)
    if not source.is_file():
        raise InputFileError(str(source), "文件不存在。", code="Y100")
    target = Path(output) if output else source.with_suffix(".pdf")
    check_writable(target, source=source, force=force)
    with Office() as office, tempfile.TemporaryDirectory(prefix="ecplan-") as scratch:
        exported = Path(scratch) / "plan.pdf"
        office.pdf(source.resolve(), exported, update_indexes=True)
        data = exported.read_bytes()
    write_output(target, finalize_pdf(data, _modified(source)), source=source, force=force)
    return target, (page_images(target, Path(images)) if images else [])


def _modified(docx: Path) -> str:
    """The document's own modification time (docProps/core.xml) as YYYYMMDDhhmmss, so a PDF does not vary."""
    try:
        with zipfile.ZipFile(docx) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        raise InputFileError(str(docx), "不是有效的 Word（.docx）文件。", code="Y100") from None
    match = re.search(r"<dcterms:modified[^>]*>(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)", core)
    return "".join(match.groups()) if match else "19800101000000"


def plan_blocks(path: str | Path, template_dir: str | Path | None = None,
                brief: bool = False, charts: bool = True) -> list[dict[str, object]]:
    """The blocks of the document ``render`` would write (for ``ecplan stats``)."""
    plan, report, kind = _validated(path, False, brief)
    return build(kind, plan.data, template_dir, chosen_charts(plan, kind, charts))["blocks"]

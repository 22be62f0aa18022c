"""The ``ecplan`` command: options in, one pipeline call, and one guard that turns every EcplanError into its
Chinese message (with the full report of an invalid plan) and exit code 1. The editing and batch commands are in
``cli_tools``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from generator import __version__, cli_text
from generator.diagnostics import Report
from generator.errors import EcplanError, InputFileError, InvalidPlanError


def gap_counts(report: Any) -> dict[str, int]:
    """The placeholders of a report, counted by chapter (the first part of each finding's label)."""
    counts: dict[str, int] = {}
    for finding in report.diagnostics:
        if finding.code.startswith("P"):
            chapter = (finding.label or finding.path).split(" › ")[0]
            counts[chapter] = counts.get(chapter, 0) + 1
    return counts


cli_text.install()


class Guarded(click.Group):
    """A command group whose commands end in an EcplanError's message on stderr and exit code 1 — never a
    traceback. An invalid plan's report is printed first."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EcplanError as exc:
            if isinstance(exc, InvalidPlanError):
                click.echo(exc.report.format_text(), err=True)
            elif isinstance(exc, InputFileError) and exc.diagnostics:
                click.echo(Report(exc.path, exc.diagnostics).format_text(), err=True)
            click.echo(f"ecplan: {exc}", err=True)
            sys.exit(1)


@click.group(cls=Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ecplan")
def main() -> None:
    """ecplan：编写国家电子商务示范城市创建工作方案。

    用一个 YAML 文件描述城市的情况与计划，ecplan 按编制要点逐项检查，并生成符合公文格式的 Word 文档。
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--strict", is_flag=True, help="把警告也当作错误。")
@click.option("--brief", is_flag=True, help="只检查“要点”（brief:）所需的内容。")
@click.option("--draft", is_flag=True, help="草稿：“待补充”之处列为警告，其余照常检查。")
@click.option("--shared", "shared", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="extends: 可以引用的另一个目录（可多次使用）；默认只能引用方案所在目录及其子目录中的文件。")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式：text 供人阅读，json 供程序读取。")
def validate(files: tuple[str, ...], strict: bool, brief: bool, draft: bool, shared: tuple[str, ...],
             output_format: str) -> None:
    """按编制要点检查方案文件，列出全部错误和警告（含行号）。

    没有错误时退出码为 0（警告照常列出），有错误时为 1。
    """
    from generator.diagnostics import reports_to_json
    from generator.options import RenderOptions
    from generator.pipeline import report_of

    options = RenderOptions(brief=brief, shared=shared, draft=draft)
    reports = [report_of(name, options) for name in files]
    reports = [report.strict(keep=("P",) if draft else ()) for report in reports] if strict else reports
    if output_format == "json":
        click.echo(reports_to_json(reports))
    else:
        for report in reports:
            click.echo(report.format_text())
            gaps = gap_counts(report)
            if gaps:
                click.echo(f"{report.path}: 待补充共 {sum(gaps.values())} 处（"
                           + "；".join(f"{chapter} {n} 处" for chapter, n in gaps.items()) + "）")
    sys.exit(1 if any(report.errors for report in reports) else 0)


#: what a planner may name with -o instead of what ecplan writes, and what to do instead
_OTHER_SUFFIXES = {".pdf": "要生成 PDF，请加 --pdf（PDF 与 Word 文档同名，扩展名 .pdf），-o 写 .docx 文件名",
                   ".doc": "ecplan 生成 .docx 文件（Word 2007 及以后、WPS 都能打开），请把 -o 的扩展名改为 .docx",
                   ".wps": "ecplan 生成 .docx 文件（WPS 能直接打开），请把 -o 的扩展名改为 .docx"}


def format_for(output: str | None, chosen: str | None) -> str:
    """The format to write: the one chosen, else the one the output's name says (plan.md: Markdown), else .docx; a
    name that says another format than the one chosen is refused, so a .md file never holds a Word document."""
    suffix = Path(output).suffix.lower() if output else ""
    if suffix in _OTHER_SUFFIXES:
        raise click.UsageError(f"不能生成 {Path(output or '').name}：{_OTHER_SUFFIXES[suffix]}。")
    named = {".md": "md", ".docx": "docx"}.get(suffix)
    if chosen and named and named != chosen:
        raise click.UsageError(f"输出文件 {Path(output or '').name} 的扩展名与 --format {chosen} 不符；"
                               f"去掉 --format，或把扩展名改为 .{chosen}。")
    return chosen or named or "docx"


NO_SERVER_HELP = ("不用常驻的 LibreOffice，这次单独启动一个（也可设环境变量 ECPLAN_OFFICE_SERVER=0）；"
                  "常驻的由第一次生成 PDF 时启动，空闲 10 分钟后自行退出，见 ecplan office。")


@main.command()
@click.argument("file", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="输出文件（默认与输入同名，扩展名 .docx 或 .md）。")
@click.option("--format", "output_format", type=click.Choice(["docx", "md"]),
              help="docx：提交用的 Word 文档（默认）；md：供审阅和比对的 Markdown。不写时按 -o 的扩展名。")
@click.option("--template-dir", type=click.Path(file_okay=False, exists=True),
              help="先在此目录查找模板，找不到再用内置模板。")
@click.option("--force", is_flag=True, help="覆盖已被修改过的输出文件（原文件另存为 .bak）。")
@click.option("--strict", is_flag=True, help="有警告也不生成。")
@click.option("--brief", is_flag=True, help="生成创建工作方案要点（取自 brief:），默认文件名加 -brief。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF（目录页码由 LibreOffice 排版算出，也写入 Word 文档的目录）。")
@click.option("--png", "png_dir", type=click.Path(file_okay=False),
              help="把 PDF 的每一页另存为图片到此目录（隐含 --pdf）。")
@click.option("--no-charts", is_flag=True, help="不绘制图（具体目标图、分年度目标图、重点工程投资图）。")
@click.option("--draft", is_flag=True, help="生成草稿：“待补充”之处在文中照样标出，文末列出待补充事项清单。")
@click.option("--shared", "shared", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="extends: 可以引用的另一个目录（可多次使用）；默认只能引用方案所在目录及其子目录中的文件。")
@click.option("--no-server", is_flag=True, help=NO_SERVER_HELP)
@click.option("--no-source", is_flag=True,
              help="Word 文档中不附带方案数据（默认附带，供 ecplan import 还原方案、带回修改；对外发送的文本可不附带）。")
def render(file: str, output: str | None, output_format: str | None, template_dir: str | None, force: bool,
           strict: bool, brief: bool, pdf: bool, png_dir: str | None, no_charts: bool, draft: bool,
           shared: tuple[str, ...], no_server: bool, no_source: bool) -> None:
    """检查方案文件，通过后生成完整的创建工作方案文档。"""
    from generator.options import RenderOptions
    from generator.pipeline import render_file

    output_format = format_for(output, output_format)
    if output_format == "md" and (pdf or png_dir):
        raise click.UsageError("--pdf 和 --png 只能用于 Word 格式（--format docx）。")
    options = RenderOptions(output_format=output_format, pdf=pdf, images=png_dir, brief=brief, strict=strict,
                            force=force, template_dir=template_dir, charts=not no_charts, output=output,
                            shared=shared, draft=draft, source=not no_source, server=not no_server)
    result = render_file(file, options)
    for warning in result.report.warnings:
        if not warning.code.startswith("P"):  # placeholders: counted below, marked in the draft itself
            click.echo(warning.format(), err=True)
    if result.report.accepted:
        click.echo(f"已接受的警告 {len(result.report.accepted)} 个：" + "、".join(d.code for d in result.report.accepted)
                   + "（理由见 ecplan validate）。", err=True)
    gaps = gap_counts(result.report)
    if gaps:
        click.echo(f"草稿：待补充共 {sum(gaps.values())} 处（" + "；".join(f"{c} {n} 处" for c, n in gaps.items())
                   + "），已在文中标出，并列于文末“待补充事项清单”。", err=True)
    summary = result.summary
    if summary is not None:
        click.echo(f"摘要 {summary.count} 字（上限 {summary.limit}）" + (f"；为控制字数，自动生成的摘要省略了{summary.left_out}"
                                                                 if summary.left_out else ""))
    for note in result.notes:
        click.echo(f"注意：{note}", err=True)
    written = result.written
    for backup in written.backups:
        click.echo(f"原文件已另存为 {backup}")
    click.echo(f"已生成 {written.output}")
    if written.pdf:
        click.echo(f"已生成 {written.pdf}")
    if written.images:
        click.echo(f"页面图片 {len(written.images)} 张，在 {Path(png_dir or '.')}")


@main.command()
@click.argument("file", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="输出的 PDF（默认与输入同名）。")
@click.option("--png", "png_dir", type=click.Path(file_okay=False), help="把每一页另存为图片到此目录。")
@click.option("--force", is_flag=True, help="覆盖不是 ecplan 生成的同名 PDF（原文件另存为 .bak）。")
@click.option("--no-server", is_flag=True, help=NO_SERVER_HELP)
def pdf(file: str, output: str | None, png_dir: str | None, force: bool, no_server: bool) -> None:
    """用 LibreOffice 把 Word 文档（例如在 Word 里改过的方案）转换为 PDF，并先更新目录页码。"""
    from generator.options import RenderOptions
    from generator.pipeline import convert

    target, images = convert(file, output, RenderOptions(force=force, images=png_dir, server=not no_server))
    click.echo(f"已生成 {target}")
    if images:
        click.echo(f"页面图片 {len(images)} 张，在 {png_dir}")


@main.command()
@click.argument("file", default="-")
def count(file: str) -> None:
    """像 Word 一样统计字数（文件为 UTF-8 文本文件，“-”或省略表示标准输入）。"""
    from generator.errors import InputFileError
    from generator.readers.files import MAX_BYTES, read_input
    from generator.wordcount import count_text

    if file == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise InputFileError("<标准输入>", f"输入过长（超过 {MAX_BYTES // 1024 // 1024} MB 的上限）。", code="Y108")
    else:
        raw = read_input(file, what="文本文件")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException("输入不是 UTF-8 编码的文本。") from None
    result = count_text(text)
    click.echo(f"字数\t{result.zishu}\n中文字符\t{result.east_asian}\n非中文单词\t{result.words}\n"
               f"字符数(不计空格)\t{result.chars_no_spaces}\n字符数(计空格)\t{result.chars_with_spaces}")


@main.command()
@click.argument("file", type=click.Path())
@click.option("--template-dir", type=click.Path(file_okay=False, exists=True), help="先在此目录查找模板。")
@click.option("--brief", is_flag=True, help="统计“要点”文档。")
@click.option("--shared", "shared", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="extends: 可以引用的另一个目录（可多次使用）；默认只能引用方案所在目录及其子目录中的文件。")
def stats(file: str, template_dir: str | None, brief: bool, shared: tuple[str, ...]) -> None:
    """列出生成后方案各章节和各部分的字数，以及摘要字数与 3500 字上限的对比。"""
    from generator.options import RenderOptions
    from generator.pipeline import context_of
    from generator.stats import format_stats

    context = context_of(file, RenderOptions(template_dir=template_dir, brief=brief, shared=shared))
    summary = context["summary"]
    click.echo(format_stats(file, context["blocks"], summary.limit if summary is not None else None))


from generator import cli_office, cli_serve, cli_tools, cli_word  # noqa: E402  (register init, schema, …, import, office, serve)

cli_tools.register(main)
cli_word.register(main)
cli_office.register(main)
cli_serve.register(main)
cli_text.localise(main)

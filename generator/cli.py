"""The ``ecplan`` command: options in, one pipeline call, EcplanError out as exit code 1 with its message."""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable

import click

from generator import __version__
from generator.errors import EcplanError


def handle_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turns any EcplanError into its Chinese message on stderr and exit code 1 — never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except EcplanError as exc:
            click.echo(f"ecplan: {exc}", err=True)
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ecplan")
def main() -> None:
    """ecplan：编写国家电子商务示范城市创建工作方案。

    用一个 YAML 文件描述城市的情况与计划，ecplan 按编制要点逐项检查，并生成符合公文格式的 Word 文档。
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help="把警告也当作错误。")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式：text 供人阅读，json 供程序读取。")
@handle_errors
def validate(files: tuple[str, ...], strict: bool, output_format: str) -> None:
    """按编制要点检查方案文件，列出全部错误和警告（含行号）。

    没有错误时退出码为 0（警告照常列出），有错误时为 1。
    """
    from generator.diagnostics import reports_to_json
    from generator.pipeline import check_file

    reports = [check_file(name) for name in files]
    reports = [report.strict() for report in reports] if strict else reports
    if output_format == "json":
        click.echo(reports_to_json(reports))
    else:
        for report in reports:
            click.echo(report.format_text())
    sys.exit(1 if any(report.errors for report in reports) else 0)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="输出文件（默认与输入同名，扩展名 .docx 或 .md）。")
@click.option("--format", "output_format", type=click.Choice(["docx", "md"]), default="docx", show_default=True,
              help="docx：提交用的 Word 文档；md：供审阅和比对的 Markdown。")
@click.option("--template-dir", type=click.Path(file_okay=False, exists=True),
              help="先在此目录查找模板，找不到再用内置模板。")
@click.option("--force", is_flag=True, help="覆盖已被修改过的输出文件（原文件另存为 .bak）。")
@click.option("--strict", is_flag=True, help="有警告也不生成。")
@handle_errors
def render(file: str, output: str | None, output_format: str, template_dir: str | None, force: bool,
           strict: bool) -> None:
    """检查方案文件，通过后生成完整的创建工作方案文档。"""
    from generator.errors import InvalidPlanError
    from generator.pipeline import render as render_plan

    try:
        result = render_plan(file, output, output_format=output_format, template_dir=template_dir, force=force,
                             strict=strict)
    except InvalidPlanError as exc:
        click.echo(exc.report.format_text(), err=True)
        raise
    for warning in result.report.warnings:
        click.echo(warning.format(), err=True)
    summary = result.summary
    click.echo(f"摘要 {summary.count} 字（上限 3500）" + (f"；为控制字数，自动生成的摘要省略了{summary.left_out}"
                                                     if summary.left_out else ""))
    if result.backup:
        click.echo(f"原文件已另存为 {result.backup}")
    click.echo(f"已生成 {result.output}")


@main.command()
@click.argument("file", default="-", type=click.File("rb"))
def count(file: Any) -> None:
    """像 Word 一样统计字数（FILE 为 UTF-8 文本文件，“-”或省略表示标准输入）。"""
    from generator.wordcount import count_text

    raw = file.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException("输入不是 UTF-8 编码的文本。") from None
    result = count_text(text)
    click.echo(f"字数\t{result.zishu}\n中文字符\t{result.east_asian}\n非中文单词\t{result.words}\n"
               f"字符数(不计空格)\t{result.chars_no_spaces}\n字符数(计空格)\t{result.chars_with_spaces}")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--template-dir", type=click.Path(file_okay=False, exists=True), help="先在此目录查找模板。")
@handle_errors
def stats(file: str, template_dir: str | None) -> None:
    """列出生成后方案各章节和各部分的字数，以及摘要字数与 3500 字上限的对比。"""
    from generator.errors import InvalidPlanError
    from generator.pipeline import plan_blocks
    from generator.stats import format_stats

    try:
        blocks = plan_blocks(file, template_dir)
    except InvalidPlanError as exc:
        click.echo(exc.report.format_text(), err=True)
        raise
    click.echo(format_stats(file, blocks))

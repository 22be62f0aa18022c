"""The ``ecplan`` command: options in, one pipeline call, EcplanError out as exit code 1 with its message."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
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
@click.option("--brief", is_flag=True, help="只检查“要点”（brief:）所需的内容。")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式：text 供人阅读，json 供程序读取。")
@handle_errors
def validate(files: tuple[str, ...], strict: bool, brief: bool, output_format: str) -> None:
    """按编制要点检查方案文件，列出全部错误和警告（含行号）。

    没有错误时退出码为 0（警告照常列出），有错误时为 1。
    """
    from generator.diagnostics import reports_to_json
    from generator.pipeline import check_file

    reports = [check_file(name, brief) for name in files]
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
@click.option("--brief", is_flag=True, help="生成创建工作方案要点（取自 brief:），默认文件名加 -brief。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF（目录页码由 LibreOffice 排版算出，也写入 Word 文档的目录）。")
@click.option("--png", "png_dir", type=click.Path(file_okay=False),
              help="把 PDF 的每一页另存为图片到此目录（隐含 --pdf）。")
@click.option("--no-charts", is_flag=True, help="不绘制图（具体目标图、分年度目标图、重点工程投资图）。")
@handle_errors
def render(file: str, output: str | None, output_format: str, template_dir: str | None, force: bool,
           strict: bool, brief: bool, pdf: bool, png_dir: str | None, no_charts: bool) -> None:
    """检查方案文件，通过后生成完整的创建工作方案文档。"""
    from generator.errors import InvalidPlanError
    from generator.pipeline import render as render_plan

    if output_format == "md" and (pdf or png_dir):
        raise click.UsageError("--pdf 和 --png 只能用于 Word 格式（--format docx）。")
    try:
        result = render_plan(file, output, output_format=output_format, template_dir=template_dir, force=force,
                             strict=strict, pdf=pdf, images=png_dir, brief=brief, charts=not no_charts)
    except InvalidPlanError as exc:
        click.echo(exc.report.format_text(), err=True)
        raise
    for warning in result.report.warnings:
        click.echo(warning.format(), err=True)
    summary = result.summary
    if summary is not None:
        click.echo(f"摘要 {summary.count} 字（上限 3500）" + (f"；为控制字数，自动生成的摘要省略了{summary.left_out}"
                                                         if summary.left_out else ""))
    for note in result.notes:
        click.echo(f"注意：{note}", err=True)
    if result.backup:
        click.echo(f"原文件已另存为 {result.backup}")
    click.echo(f"已生成 {result.output}")
    if result.pdf:
        click.echo(f"已生成 {result.pdf}")
    if result.images:
        click.echo(f"页面图片 {len(result.images)} 张，在 {Path(png_dir or '.')}")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="输出的 PDF（默认与输入同名）。")
@click.option("--png", "png_dir", type=click.Path(file_okay=False), help="把每一页另存为图片到此目录。")
@click.option("--force", is_flag=True, help="覆盖不是 ecplan 生成的同名 PDF（原文件另存为 .bak）。")
@handle_errors
def pdf(file: str, output: str | None, png_dir: str | None, force: bool) -> None:
    """用 LibreOffice 把 Word 文档（例如在 Word 里改过的方案）转换为 PDF，并先更新目录页码。"""
    from generator.pipeline import convert

    target, images = convert(file, output, force=force, images=png_dir)
    click.echo(f"已生成 {target}")
    if images:
        click.echo(f"页面图片 {len(images)} 张，在 {png_dir}")


@main.command()
@click.option("--type", "plan_type", type=click.Choice(["city", "base", "brief"]), default="city", show_default=True,
              help="city：示范城市方案；base：示范基地方案；brief：只有要点的示范城市方案文件。")
@handle_errors
def schema(plan_type: str) -> None:
    """输出方案文件的 JSON Schema，供编辑器补全和检查字段（标签为标题，含说明、可选值和必填项）。

    例：ecplan schema > ecplan-city.schema.json，然后在方案文件第一行写
    # yaml-language-server: $schema=ecplan-city.schema.json
    """
    from generator.jsonschema_export import dumps, plan_json_schema
    from generator.kinds import KINDS, schema_and_rules

    kind = KINDS[plan_type]
    click.echo(dumps(plan_json_schema(schema_and_rules(kind)[0], f"ecplan：{kind.label}")), nl=False)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--type", "plan_type", type=click.Choice(["city", "base"]), default="city", show_default=True,
              help="city：示范城市方案；base：示范基地方案。")
@handle_errors
def init(file: str, plan_type: str) -> None:
    """写出一个空白方案文件：包含全部字段，每个字段都有中文注释。"""
    from generator.errors import OutputConflictError
    from generator.kinds import KINDS, schema_and_rules
    from generator.output import write_output
    from generator.scaffold import scaffold

    target = Path(file)
    if target.exists():
        raise OutputConflictError(f"{target}: 文件已存在，未覆盖。请另选文件名。")
    text = scaffold(schema_and_rules(KINDS[plan_type])[0], plan_type)
    write_output(target, text.encode("utf-8"))
    click.echo(f"已生成 {target}；填写后运行 ecplan validate {target} 查看还缺什么。")


TEMPLATE_PURPOSES = {
    "city-plan.docx": "示范城市创建工作方案（Word 母版）", "base-plan.docx": "示范基地创建工作方案（Word 母版）",
    "city-brief.docx": "创建工作方案要点（Word 母版）", "city-plan.md.j2": "Markdown 输出",
}


@main.group()
def templates() -> None:
    """列出和复制模板：复制一份内置模板到客户目录，修改后用 --template-dir 使用。"""


@templates.command("list")
@click.option("--template-dir", type=click.Path(file_okay=False, exists=True), help="也列出此目录中的模板（优先使用）。")
def templates_list(template_dir: str | None) -> None:
    """列出可用模板，以及每个模板实际取自哪个目录。"""
    from generator.templating import available, find_template

    for name in available(template_dir):
        where = find_template(name, template_dir)
        origin = "内置" if template_dir is None or not str(where).startswith(str(Path(template_dir))) else template_dir
        purpose = TEMPLATE_PURPOSES.get(name, "摘要各部分的文字" if name.startswith("summary/") else "")
        click.echo(f"{name:<28}{origin:<12}{purpose}")


@templates.command("copy")
@click.argument("name")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="覆盖目录中已有的同名文件。")
@handle_errors
def templates_copy(name: str, directory: str, force: bool) -> None:
    """把内置模板 NAME（或 all）复制到 DIRECTORY，作为客户版本的起点。"""
    import shutil

    from generator.errors import OutputConflictError, TemplateNotFoundError
    from generator.templating import available, builtin_dir

    names = available() if name == "all" else [name]
    for item in names:
        source = builtin_dir() / item
        if not source.is_file():
            raise TemplateNotFoundError(item, [str(builtin_dir())], available())
        target = Path(directory) / item
        if target.exists() and not force:
            raise OutputConflictError(f"{target}: 已存在，为免覆盖修改过的模板，未复制。加 --force 覆盖。")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        click.echo(f"已复制 {item} → {target}")
    click.echo(f"修改后这样使用：ecplan render plan.yaml --template-dir {directory}")


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output-dir", required=True, type=click.Path(file_okay=False),
              help="输出目录（不存在则创建）；报告 ecplan-batch.csv / .json 也写在这里。")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=min(os.cpu_count() or 1, 4), show_default=True,
              help="同时处理的文件数（进程数）。")
@click.option("--format", "output_format", type=click.Choice(["docx", "md"]), default="docx", show_default=True,
              help="docx：Word 文档；md：Markdown。")
@click.option("--pdf", is_flag=True, help="同时生成 PDF（每个进程启动一个 LibreOffice，处理完所有文件后关闭）。")
@click.option("--brief", is_flag=True, help="生成各方案的要点（文件名加 -brief）。")
@click.option("--strict", is_flag=True, help="有警告的文件也不生成。")
@click.option("--template-dir", type=click.Path(file_okay=False, exists=True), help="先在此目录查找模板。")
@click.option("--force", is_flag=True, help="覆盖被修改过的输出文件（原文件另存为 .bak）。")
@click.option("--no-charts", is_flag=True, help="不绘制图。")
@handle_errors
def batch(inputs: tuple[str, ...], output_dir: str, jobs: int, output_format: str, pdf: bool, brief: bool,
          strict: bool, template_dir: str | None, force: bool, no_charts: bool) -> None:
    """批量生成：INPUTS 为方案文件或目录（目录中的 *.yaml，不含以 _ 开头的共享文件）。

    出错的文件不影响其他文件；最后列出每个文件的错误数、警告数、摘要字数和输出，并写入
    OUTPUT_DIR/ecplan-batch.csv 和 .json。有文件失败时退出码为 1。
    """
    from generator import batch as batches

    if output_format == "md" and pdf:
        raise click.UsageError("--pdf 只能用于 Word 格式（--format docx）。")
    outdir = Path(output_dir)
    files = batches.collect(list(inputs))
    work = batches.plan_jobs(files, outdir, output_format=output_format, brief=brief, pdf=pdf, strict=strict,
                             force=force, template_dir=template_dir, charts=not no_charts)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"无法创建输出目录 {outdir}：{exc.strerror or exc}") from None
    click.echo(f"共 {len(work)} 个文件，{min(jobs, len(work))} 个进程。", err=True)
    outcomes = _run_with_progress(batches, work, jobs)
    click.echo(batches.table(outcomes))
    reports = batches.write_reports(outcomes, outdir)
    failed = sum(not outcome.ok for outcome in outcomes)
    click.echo(f"成功 {len(outcomes) - failed} 个，失败 {failed} 个；报告：{'、'.join(map(str, reports))}")
    sys.exit(1 if failed else 0)


def _run_with_progress(batches: Any, work: list[Any], jobs: int) -> list[Any]:
    """A progress bar on a terminal; one line per finished file otherwise (logs, CI)."""
    if sys.stderr.isatty():
        with click.progressbar(length=len(work), label="生成中", file=sys.stderr,
                               item_show_func=lambda name: name or "") as bar:
            def advance(outcome: Any, done: int, total: int) -> None:
                bar.update(1, Path(outcome.file).name)

            return batches.run(work, jobs, advance)

    def report(outcome: Any, done: int, total: int) -> None:
        state = "完成" if outcome.ok else "失败"
        click.echo(f"[{done}/{total}] {Path(outcome.file).name} {state}（{outcome.seconds} 秒）", err=True)

    return batches.run(work, jobs, report)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--to-simplified", is_flag=True, help="只把繁体字改为简体（并删去转换残留的拼音），不动标点。")
@click.option("--diff", "show_diff", is_flag=True, help="只显示将要做的修改（统一 diff 格式），不改文件。")
@handle_errors
def fix(files: tuple[str, ...], to_simplified: bool, show_diff: bool) -> None:
    """修正从别处粘贴来的文字：繁体字改简体，删去“發(fā)”一类转换残留，中文句中的半角标点改全角。

    原文件先另存为 FILE.bak（已有则 FILE.bak1 …），再改写；注释、顺序、引号和缩进保持不变。
    """
    from generator.fix import fix_file

    for name in files:
        fixed, backup, diff = fix_file(name, punctuation=not to_simplified, write=not show_diff)
        if show_diff:
            click.echo(diff, nl=False)
            click.echo(f"{name}: 修正内容：{fixed.summary()}（未改动文件）", err=True)
            continue
        for note in fixed.notes:
            click.echo(f"{name}: 注意：{note}", err=True)
        if backup is None:
            click.echo(f"{name}: 无需修正。")
        else:
            click.echo(f"{name}: 已修正：{fixed.summary()}；原文件另存为 {backup}。")


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
@click.option("--brief", is_flag=True, help="统计“要点”文档。")
@handle_errors
def stats(file: str, template_dir: str | None, brief: bool) -> None:
    """列出生成后方案各章节和各部分的字数，以及摘要字数与 3500 字上限的对比。"""
    from generator.errors import InvalidPlanError
    from generator.pipeline import plan_blocks
    from generator.stats import format_stats

    try:
        blocks = plan_blocks(file, template_dir, brief)
    except InvalidPlanError as exc:
        click.echo(exc.report.format_text(), err=True)
        raise
    click.echo(format_stats(file, blocks))

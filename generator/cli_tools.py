"""The commands around the plan: a new plan (init), the editors' schema, client templates, many plans at once
(batch) and repairing pasted text (fix). Registered on the ``ecplan`` group by ``cli``, under its one guard."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from generator import doctypes, terminal


def _type_help(names: list[str]) -> str:
    return "；".join(f"{name}：{doctypes.get(name).label}" for name in names) + "。"


@click.command()
@click.option("--type", "plan_type", type=click.Choice(doctypes.names()), default=doctypes.DEFAULT, show_default=True,
              help=_type_help(doctypes.names()))
def schema(plan_type: str) -> None:
    """输出方案文件的 JSON Schema，供编辑器补全和检查字段（标签为标题，含说明、可选值和必填项）。

    例：ecplan schema > ecplan-city.schema.json，然后在方案文件第一行写
    # yaml-language-server: $schema=ecplan-city.schema.json
    """
    from generator.jsonschema_export import dumps, plan_json_schema

    doctype = doctypes.get(plan_type)
    click.echo(dumps(plan_json_schema(doctype.schema, f"ecplan：{doctype.label}")), nl=False)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--type", "plan_type", type=click.Choice(doctypes.names(scaffold=True)), default=doctypes.DEFAULT,
              show_default=True, help=_type_help(doctypes.names(scaffold=True)))
def init(file: str, plan_type: str) -> None:
    """写出一个空白方案文件：包含全部字段，每个字段都有中文注释。"""
    from generator.errors import OutputConflictError
    from generator.output import write_output
    from generator.scaffold import scaffold

    target = Path(file)
    if target.exists():
        raise OutputConflictError(f"{target}: 文件已存在，未覆盖。请另选文件名。")
    text = scaffold(doctypes.get(plan_type))
    write_output(target, text.encode("utf-8"), ours=None)
    click.echo(f"已生成 {target}；填写后运行 ecplan validate {terminal.argument(target)} 查看还缺什么。")


def _purpose(name: str) -> str:
    """What a template is for, as ``templates list`` shows it."""
    from generator.formats.markdown import TEMPLATE as MARKDOWN

    masters = {doctype.template: f"{doctype.label}（Word 母版）" for doctype in doctypes.REGISTRY.values()}
    if name in masters:
        return masters[name]
    if name == MARKDOWN:
        return "Markdown 输出"
    return "摘要各部分的文字" if name.startswith("summary/") else ""


@click.group()
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
        click.echo(f"{name:<28}{origin:<12}{_purpose(name)}")


@templates.command("copy")
@click.argument("name")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="覆盖目录中已有的同名文件。")
def templates_copy(name: str, directory: str, force: bool) -> None:
    """把名为“模板名”的内置模板（或 all，全部模板）复制到“目录”，作为客户版本的起点。"""
    from generator.errors import OutputConflictError, RenderError, TemplateNotFoundError
    from generator.output import atomic_write
    from generator.templating import available, builtin_dir, inside

    builtins = available()
    names = builtins if name == "all" else [name]
    pairs = []
    for item in names:          # every copy checked before any is made: nothing half done
        if item not in builtins:  # only the listed names: never an absolute path or one leading out (../)
            raise TemplateNotFoundError(item, [str(builtin_dir())], builtins)
        source, target = builtin_dir() / item, Path(directory) / item
        if target.exists() and os.path.samefile(source, target):
            raise OutputConflictError(f"{target}: 这就是内置模板本身，不能复制到它自己。请另选目录。")
        if target.exists() and not force:
            raise OutputConflictError(f"{target}: 已存在，为免覆盖修改过的模板，未复制。加 --force 覆盖。")
        if not inside(Path(directory), target):     # a link in the directory (summary → ../elsewhere) leads out
            raise OutputConflictError(f"{target}: 经由符号链接指向目录 {directory} 之外，未复制。请删去链接，或另选目录。")
        pairs.append((item, source, target))
    for item, source, target in pairs:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RenderError(f"{target.parent}: 无法创建目录：{exc.strerror or exc}") from None
        atomic_write(target, source.read_bytes())
        click.echo(f"已复制 {item} → {target}")
    click.echo(f"修改后这样使用：ecplan render 方案.yaml --template-dir {terminal.argument(directory)}")


@click.command()
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
@click.option("--shared", "shared", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="extends: 可以引用的另一个目录（可多次使用）；默认只能引用方案所在目录及其子目录中的文件。")
def batch(inputs: tuple[str, ...], output_dir: str, jobs: int, output_format: str, pdf: bool, brief: bool,
          strict: bool, template_dir: str | None, force: bool, no_charts: bool, shared: tuple[str, ...]) -> None:
    """批量生成：逐个处理所列的方案文件和目录（目录中的 *.yaml，不含以 _ 开头的共享文件）。

    出错的文件不影响其他文件；最后列出每个文件的错误数、警告数、摘要字数和输出，并写入
    输出目录中的 ecplan-batch.csv 和 .json。有文件失败时退出码为 1。
    """
    from generator import batch as batches
    from generator import batch_report
    from generator.options import RenderOptions

    if output_format == "md" and pdf:
        raise click.UsageError("--pdf 只能用于 Word 格式（--format docx）。")
    outdir = Path(output_dir)
    files = batches.collect(list(inputs))
    options = RenderOptions(output_format=output_format, pdf=pdf, brief=brief, strict=strict, force=force,
                            template_dir=template_dir, charts=not no_charts, output_dir=str(outdir),
                            shared=shared)
    work = batches.plan_jobs(files, outdir, options)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"无法创建输出目录 {outdir}：{exc.strerror or exc}") from None
    click.echo(f"共 {len(work)} 个文件，{min(jobs, len(work))} 个进程。", err=True)
    outcomes = _run_with_progress(batches, work, jobs)
    click.echo(batch_report.table(outcomes))
    reports = batch_report.write_reports(outcomes, outdir)
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


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--to-simplified", is_flag=True, help="只把繁体字改为简体（并删去转换残留的拼音），不动标点。")
@click.option("--diff", "show_diff", is_flag=True, help="只显示将要做的修改（统一 diff 格式），不改文件。")
def fix(files: tuple[str, ...], to_simplified: bool, show_diff: bool) -> None:
    """修正输入法造成的错误和从别处粘贴来的文字：全角冒号、冒号后缺空格、全角空格或 Tab 缩进、方括号列表中的中文逗号，
    以及繁体字改简体，删去“發(fā)”一类转换残留，中文句中的半角标点改全角。

    原文件先另存为同名的 .bak 文件（已有则 .bak1 …），再改写；注释、顺序、引号和缩进保持不变。
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


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--brief", is_flag=True, help="按“要点”统计。")
@click.option("--shared", "shared", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="extends: 可以引用的另一个目录（可多次使用）。")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="text：表格；json、csv（UTF-8 带 BOM，可用 Excel 打开）：供跟踪进度的表格使用。")
def status(files: tuple[str, ...], brief: bool, shared: tuple[str, ...], output_format: str) -> None:
    """方案完成到哪一步：各章各部分已填、待补充、缺少多少，谁还欠哪些内容，错误和警告，摘要字数。

    多个文件时每个方案一行，另有合计。有文件无法读取或有错误（“待补充”不算）时退出码为 1。
    """
    from generator import status as progress

    states = [progress.progress(name, brief, shared) for name in files]
    if output_format == "json":
        click.echo(progress.to_json(states))
    elif output_format == "csv":
        click.echo(progress.to_csv(states), nl=False)  # bytes: UTF-8 with BOM whatever the console's encoding
    elif len(states) == 1:
        click.echo(progress.format_one(states[0]))
    else:
        click.echo("\n\n".join(progress.format_one(state) for state in states) + "\n\n" + progress.format_many(states))
    sys.exit(1 if any(state.errors for state in states) else 0)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="输出的工作簿（默认与方案同名，扩展名 .xlsx）。")
@click.option("--shared", "shared", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="extends: 可以引用的另一个目录（可多次使用）。")
@click.option("--force", is_flag=True, help="覆盖被修改过的工作簿（原文件另存为 .bak）。")
def excel(file: str, output: str | None, shared: tuple[str, ...], force: bool) -> None:
    """把方案中的表格（具体目标、重点工程、年度资金安排）导出为 Excel 工作簿，发给各部门填写。

    已有的行都会填入；填好后在方案中写 tables: 文件名.xlsx，ecplan 即从工作簿读取这些表。
    """
    from generator import forms, workbook_export
    from generator.diagnostics import Report
    from generator.errors import InvalidPlanError, OutputConflictError
    from generator.options import RenderOptions
    from generator.pipeline import check

    checked = check(file, RenderOptions(shared=shared, draft=True))
    unusable = [d for d in checked.report.errors if d.code in ("S210", "S211")]     # numbers no cell can hold
    if unusable:
        raise InvalidPlanError(Report(checked.report.path, unusable))
    plan, doctype = checked.plan, checked.doctype
    data = forms.normalised(plan.data, {"type": "dict", "schema": doctype.schema})
    target = Path(output) if output else Path(file).with_suffix(".xlsx")
    if plan.workbook is not None and target.resolve() == plan.workbook.resolve():
        raise OutputConflictError(f"{target}：方案的表格就是从这个工作簿读取的，导出会用方案的内容覆盖各部门填写的内容"
                                  "（包括他们自己加的列和工作表）；直接在这个工作簿中修改即可，或用 -o 导出到另一个文件。")
    backup = workbook_export.write(target, data, doctype.schema, source=Path(file), force=force)
    if backup:
        click.echo(f"原文件已另存为 {backup}")
    if plan.workbook is not None:
        click.echo(f"已生成 {target}（方案的表格取自 {plan.workbook.name}，导出的是合并后的全部表格）。")
        return
    click.echo(f"已生成 {target}：发给各部门填写后，在方案中写 tables: {terminal.argument(target.name)}，并删去方案中"
               "已移到工作簿的各表（具体目标、重点工程、年度资金安排，以及各任务的牵头部门、配合部门和完成时限）。")


def register(group: click.Group) -> None:
    for command in (schema, init, templates, batch, fix, status, excel):
        group.add_command(command)

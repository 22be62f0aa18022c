"""The commands between ecplan and Word: ``import`` (a Word document into the plan's input, or the edits made to a
document ecplan wrote back into its plan). Each translates options into one call and prints the result."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from generator.options import RenderOptions


def _report_edits(checked: Any, traced: Any, elsewhere: list[Any], applied: bool, *, positions: bool = True) -> None:
    from generator.labels import label_path
    from generator.readers.plan import dotted_path
    from generator.word_edits import as_shown, difference

    schema, data = checked.doctype.schema, checked.plan.data
    if traced.changes:
        click.echo("改动的字段：" if not applied else "已写入方案的改动：")
    for change in traced.changes:
        at = checked.plan.position(change.path)
        where = f"{at}" if at else checked.plan.path
        moved = "（不在此文件中，未写入）" if change.path in elsewhere else ""
        click.echo(f"  {label_path(schema, change.path, data)} [{dotted_path(change.path, data)}]{moved}\n"
                   f"      {_short(difference(as_shown(change.old), as_shown(change.new)), 240)}\n"
                   f"      （文档中：{change.heading or '文首'}，{change.where}" + (f"；方案中：{where}）" if positions else "）"))
    for path, now, new in traced.stale:
        click.echo(f"  冲突：{label_path(schema, path, data)} [{dotted_path(path, data)}] 在生成文档之后方案中也改过（方案中现为"
                   f"“{_short(as_shown(now))}”，文档中改为“{_short(as_shown(new))}”），未写入，请在方案中手工决定。")
    for path, values in traced.conflicts:
        click.echo(f"  冲突：{label_path(schema, path, data)} [{dotted_path(path, data)}] 在文档中被改成了不同的内容："
                   + "；".join(f"“{_short(as_shown(v))}”" for v in values) + "。请在方案中手工改写。")
    if traced.unplaced:
        click.echo("无法对应到字段的修改（结构性修改或 ecplan 组合生成的文字，请在方案中手工修改）：")
    for edit in traced.unplaced:
        kind = "新增" if not edit.old else "删去" if not edit.new else "修改"
        click.echo(f"  {edit.where}（{edit.heading or '文首'}）{kind}："
                   + (f"\n      原文：{_short(edit.old)}" if edit.old else "")
                   + (f"\n      现为：{_short(edit.new)}" if edit.new else ""))
    if not (traced.changes or traced.unplaced or traced.conflicts or traced.stale):
        click.echo("文档与方案一致，没有需要带回的修改。")


_STAMP = "# ecplan-sha256: "


def stamped(text: str) -> bytes:
    """An imported plan as written, its first line the hash of the rest: importing again may replace it as long as
    nobody has edited it."""
    import hashlib

    return (_STAMP + hashlib.sha256(text.encode("utf-8")).hexdigest() + "\n" + text).encode("utf-8")


def imported_by_ecplan(data: bytes) -> bool:
    import hashlib

    first, _, rest = data.partition(b"\n")
    return first.startswith(_STAMP.encode()) and first[len(_STAMP):].decode("ascii", "ignore") == \
        hashlib.sha256(rest).hexdigest()


def _short(text: str, limit: int = 120) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[:limit - 1] + "…"


@click.command("import")
@click.argument("document", type=click.Path(dir_okay=False, exists=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="写出的方案文件（默认与文档同名，扩展名 .yaml）。")
@click.option("--against", "plan", type=click.Path(dir_okay=False, exists=True),
              help="文档由这个方案生成：列出在 Word 中所做的修改对应方案的哪些字段（不写出新文件）。")
@click.option("--apply", "apply_changes", is_flag=True,
              help="与 --against 同用：把文字和数值的修改写入方案文件（原文件先另存为 .bak；注释和格式保持不变）。")
@click.option("--force", is_flag=True, help="覆盖已有的输出文件（原文件另存为 .bak）。")
@click.option("--brief", is_flag=True, help="文档是方案的“要点”。")
@click.option("--draft", is_flag=True, help="文档是用 --draft 生成的草稿。")
@click.option("--template-dir", type=click.Path(file_okay=False, exists=True), help="生成文档时用的模板目录。")
@click.option("--shared", "shared", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="extends: 可以引用的另一个目录（可多次使用）。")
def import_(document: str, output: str | None, plan: str | None, apply_changes: bool, force: bool, brief: bool,
            draft: bool, template_dir: str | None, shared: tuple[str, ...]) -> None:
    """把 Word 或 WPS 文档读成方案文件，或把在 Word 中所做的修改带回方案。

    ecplan 生成的文档附带方案数据：读出的就是原方案，加上之后在 Word 中所做、能对应到字段的修改。其他文档按标题、
    表格和文字对应到编制要点的各章各节，对应不上或缺少的写成“待补充”，并注明出自原文哪一段。

    加 --against 方案文件：逐个字段列出在 Word 中所做的修改（原值 → 新值），再加 --apply 写入方案文件。
    只带回文字和数值；新增或删去的段落、移动的章节等结构性修改会列出来，请在方案中手工修改。
    """
    from generator import pipeline_word as pipeline

    options = RenderOptions(brief=brief, draft=draft, template_dir=template_dir, shared=shared)
    if plan is None:
        if apply_changes:
            raise click.UsageError("--apply 要与 --against 方案文件 一起使用。")
        _import(document, output, force, options)
        return
    checked, traced = pipeline.trace_edits(plan, document, options)
    elsewhere: list[Any] = []
    backup = None
    if apply_changes and traced.changes:
        from generator.plan_edit import apply

        backup, elsewhere = apply(Path(plan), {change.path: change.new for change in traced.changes})
    _report_edits(checked, traced, elsewhere, apply_changes)
    if backup:
        click.echo(f"已写入 {plan}（原文件另存为 {backup}）。")
        from generator.pipeline import report_of

        # what the new values make of the plan, at once
        errors = report_of(plan, RenderOptions(brief=brief, shared=shared)).errors
        if errors:
            click.echo(f"写入后检查：方案现有 {len(errors)} 处错误（如改了目标值，年均增长率等相关的数也要改）：")
            for error in errors[:10]:
                click.echo("  " + error.format().replace("\n", "\n  "))
            sys.exit(1)
    elif apply_changes and traced.changes and len(elsewhere) == len(traced.changes):
        click.echo(f"{plan}：改动的字段都不在这个文件中（在 extends 引用的文件或工作簿中），未写入。")
    sys.exit(0)


def _import(document: str, output: str | None, force: bool, options: RenderOptions) -> None:
    from generator import pipeline_word as pipeline
    from generator.output import write_output

    target = Path(output) if output else Path(document).with_suffix(".yaml")
    imported = pipeline.import_document(document, options)
    header = f"# 由 ecplan import 从 {Path(document).name} 读出（方案取自文档中附带的方案数据）。\n" \
        if imported.checked is not None else ""
    backup = write_output(target, stamped(header + imported.text), ours=imported_by_ecplan, force=force,
                          source=Path(document))
    if imported.checked is not None:
        click.echo(f"{document} 是 ecplan 生成的文档：方案取自文档中附带的方案数据。")
        if imported.traced.changes or imported.traced.unplaced or imported.traced.conflicts:
            _report_edits(imported.checked, imported.traced, [], True, positions=False)
    else:
        click.echo(imported.mapping.report())
    if backup:
        click.echo(f"原文件已另存为 {backup}")
    click.echo(f"已写出 {target}。请用 ecplan validate {target} 检查。")


@click.command()
@click.argument("old", type=click.Path(dir_okay=False, exists=True))
@click.argument("new", type=click.Path(dir_okay=False, exists=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="写出的修改稿（.docx）。")
@click.option("--table", is_flag=True, help="写出修改对照表（原文 / 修改后 / 修改说明，每段修改一行，按章排列），而不是修订稿。")
@click.option("--force", is_flag=True, help="覆盖已被修改过的输出文件（原文件另存为 .bak）。")
@click.option("--shared", "shared", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="extends: 可以引用的另一个目录（可多次使用）。")
def compare(old: str, new: str, output: str, table: bool, force: bool, shared: tuple[str, ...]) -> None:
    """比较两稿（方案文件或 Word 文档）：写出带修订标记的修改稿，Word 和 WPS 中可逐处接受或拒绝；
    加 --table 写出征求意见用的修改对照表。

    修订的作者和日期取自新稿方案的编制单位和成文日期。
    """
    from generator import pipeline_word as pipeline

    if not output.lower().endswith(".docx"):
        raise click.UsageError("修改稿是 Word 文档：-o 的文件名要以 .docx 结尾。")
    count, titles = pipeline.compare(old, new, Path(output), table=table, force=force,
                                     options=RenderOptions(shared=shared))
    if titles[0] and titles[1] and titles[0] != titles[1]:
        click.echo(f"注意：两稿的标题不同（“{titles[0]}”和“{titles[1]}”），可能不是同一份方案的两稿。", err=True)
    what = "修改对照表" if table else "修改稿（修订标记）"
    click.echo(f"已写出{what} {output}：共 {count} 处修改。" if count else f"两稿内容相同，已写出 {output}（没有修改）。")


def register(group: click.Group) -> None:
    group.add_command(import_)
    group.add_command(compare)

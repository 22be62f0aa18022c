"""The recipes of the commands between ecplan and Word: ``import`` (a document into the plan's input), ``import
--against`` (the edits made in Word back into a plan) and ``compare`` (two drafts as tracked changes or a 修改对照表).
Like ``pipeline``, one short function per command; the work is in ``readers.word``, ``word_edits``, ``plan_edit`` and
``formats.compare``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import figures
from generator.doctypes.blocks import with_gap_list
from generator.errors import InputFileError, InvalidPlanError
from generator.options import RenderOptions
from generator.pipeline import Checked, check, passed, render_file
from generator.readers.files import check_document
from generator.validate import usable_data


def trace_edits(path: str | Path, edited: str | Path, options: RenderOptions) -> tuple[Checked, Any]:
    """``ecplan import --against``: the fields of the plan at ``path`` that the edits made to its document (the .docx
    ``edited``, written by ``render`` with ``options``) changed, and the edits no field explains.

    A document that carries the plan it was written from is compared with that plan, and its changes are then
    weighed against the plan at ``path`` as it is now: a change already made there is not made again, and a field
    changed in both since is a conflict, never overwritten. A document of another plan is refused."""
    import tempfile

    from generator.formats.docx_source import carried

    check_document(edited)
    checked = passed(check(path, options), options.but(strict=False))
    text = carried(edited)
    if text is None:
        return checked, _traced(checked, edited, options)
    with tempfile.TemporaryDirectory(prefix="ecplan-import-") as folder:
        source = Path(folder) / "written.yaml"
        source.write_text(text, encoding="utf-8")
        try:
            written = passed(check(source, options.but(shared=())), options.but(strict=False, shared=()))
        except InvalidPlanError:
            written = passed(check(source, options.but(shared=(), draft=True)), options.but(strict=False, draft=True))
            options = options.but(draft=True)
        _same_plan(checked, written, edited, path)
        traced = _traced(written, edited, options)
    return checked, _against(traced, checked)


def _same_plan(checked: Checked, written: Checked, edited: str | Path, path: str | Path) -> None:
    """Refuses a document written from another plan (another city, another title)."""
    now, then = (c.plan.data.get("cover") or {} for c in (checked, written))
    for key in ("city", "base", "title"):
        if now.get(key) and then.get(key) and "".join(str(now[key]).split()) != "".join(str(then[key]).split()):
            raise InputFileError(str(edited), f"文档不是由 {path} 生成的：文档是“{then[key]}”的，方案是“{now[key]}”的。")


def _against(traced: Any, checked: Checked) -> Any:
    """The changes of a document to the plan it was written from, weighed against the plan as it is now."""
    from generator.word_edits import value_of

    data = checked.plan.data
    kept = []
    for change in traced.changes:
        try:
            current = value_of(data, change.path)
        except (KeyError, IndexError, TypeError):
            current = None
        if current == change.new:
            continue                        # already in the plan (applied before, or made there too)
        if current != change.old:
            traced.stale.append((change.path, current, change.new))
            continue
        kept.append(change)
    traced.changes = kept
    return traced


def _traced(checked: Checked, edited: str | Path, options: RenderOptions) -> Any:
    """The edits of ``edited`` to the document ``checked`` gives."""
    from generator.readers.word_text import read
    from generator.word_edits import passages, trace

    data = usable_data(checked.plan.data, checked.doctype.schema if options.draft else None)
    document = read(edited)
    shown = {p.text.split(" ", 1)[-1] for p in document if p.text.startswith("图")}
    # the figures the document has (none where they could not be drawn, or were turned off when it was written)
    wanted = frozenset(block["chart"] for block in checked.doctype.build(
        data, options.template_dir, figures.wanted(data, checked.doctype.figures, options.charts))["blocks"]
        if block["kind"] == "figure" and block["text"].split(" ", 1)[-1] in shown)

    def build(changed: dict[str, Any]) -> list[str]:
        context = checked.doctype.build(changed, options.template_dir, wanted)
        if options.draft:
            context = with_gap_list(context, [d for d in checked.report.diagnostics if d.code.startswith("P")])
        return passages(context)
    return trace(data, build, document)


@dataclass
class Imported:
    """What ``ecplan import`` made of a Word document: the plan as YAML text, and how it was made — from the plan
    the document carries, with the edits traced back (``traced``, ``checked``), or mapped from the document's text
    (``mapping``, the word importer's report)."""

    text: str
    checked: Checked | None = None
    traced: Any = None
    mapping: Any = None


def import_document(document: str | Path, options: RenderOptions) -> Imported:
    """``ecplan import``: a Word document into the plan's input. A document ecplan wrote carries its plan
    (formats.docx_source): that plan, with the edits made since in Word written into it where a field explains
    them; any other document is mapped onto the outline from its headings, tables and text (readers.word)."""
    import tempfile

    from generator.formats.docx_source import carried
    from generator.plan_edit import check_patch, patched

    text = carried(check_document(document))
    if text is None:
        from generator.readers.word import import_plan

        mapped = import_plan(document)
        return Imported(mapped.text, mapping=mapped)
    with tempfile.TemporaryDirectory(prefix="ecplan-import-") as folder:
        plan = Path(folder) / Path(document).with_suffix(".yaml").name
        plan.write_text(text, encoding="utf-8")
        try:
            checked = passed(check(plan, options.but(shared=())), options.but(strict=False, shared=()))
        except InvalidPlanError:     # a draft's plan: its placeholders are not errors there
            options = options.but(draft=True)
            checked = passed(check(plan, options.but(shared=(), draft=True)), options.but(strict=False, draft=True))
        traced = _traced(checked, document, options)
    changes = {change.path: change.new for change in traced.changes}
    new, _ = patched(text, str(document), changes)
    check_patch(text, new, str(document), changes)
    return Imported(new, checked, traced)


def compare(old: str | Path, new: str | Path, target: Path, *, table: bool = False, force: bool = False,
            options: RenderOptions = RenderOptions()) -> tuple[int, tuple[str, str]]:
    """``ecplan compare``: the changes from ``old`` to ``new`` (each a plan, rendered first, or a .docx) written as
    a 修改稿 with tracked changes, or (``table``) as a 修改对照表; the number of changes, and the two drafts' titles."""
    import tempfile

    import yaml

    from generator.formats import compare as tracking
    from generator.formats.docx_source import carried
    from generator.output import write_output
    from generator.package import finalize, written_by_ecplan
    from generator.readers.word_text import read, read_document

    with tempfile.TemporaryDirectory(prefix="ecplan-compare-") as folder:
        documents = []
        for number, path in enumerate((Path(old), Path(new))):
            if path.suffix.lower() not in (".yaml", ".yml"):
                check_document(path)
            else:
                rendered = Path(folder) / f"{number}.docx"
                render_file(path, options.but(output=str(rendered), output_format="docx", pdf=False, images=None))
                path = rendered
            documents.append(path)
        text = carried(documents[1])
        plan = yaml.safe_load(text) if text else None
        revision = tracking.revision_of(documents[1], plan if isinstance(plan, dict) else None)
        before = read(documents[0], frame=True)
        after_document, after = read_document(documents[1], frame=True)
        titles = tuple(next(("".join(p.text.split()) for p in doc if p.kind == "title"), "") for doc in (before, after))
        before = [p for p in before if p.kind not in ("title", "cover")]
        after = [p for p in after if p.kind not in ("title", "cover")]
        found = tracking.changes(before, after)
        if table:
            from generator.formats.compare_table import document

            title = str(((plan or {}).get("cover") or {}).get("title", "")) if isinstance(plan, dict) else ""
            data = document(found, before, after, revision, title)
        else:
            data = tracking.tracked(after_document, found, revision)
    write_output(target, finalize(data), ours=written_by_ecplan, force=force)
    return len(found), titles  # type: ignore[return-value]

"""The .docx format: the master template filled (``docx_fill``), zipped byte-reproducibly with a hash of its content
recorded inside (see ``generator.package``), by which ecplan later recognises a file it wrote and nobody changed."""

from __future__ import annotations

import re

from generator.formats import Request, Written
from generator.output import write_output
from generator.package import finalize, written_by_ecplan

SUFFIX = ".docx"
DRAWS_FIGURES = True


def document(request: Request, notes: list[str] | None = None) -> bytes:
    """The finished .docx of a rendered plan; what the template could not show as such is said in ``notes``."""
    from generator.formats.docx_fill import render_docx
    from generator.formats.docx_tables import drop_omitted

    parts = render_docx(request.context, request.doctype.template, request.options.template_dir, request.pictures,
                        notes)
    parts["word/document.xml"] = drop_omitted(parts["word/document.xml"])
    if request.plan_text is not None:
        from generator.formats.docx_source import embed

        parts = embed(parts, request.plan_text)
    toc = request.context.get("toc") or []
    if toc and all(entry.get("page") for entry in toc):   # the 目录 carries its page numbers: Word need not ask
        parts["word/settings.xml"] = re.sub(rb"<w:updateFields [^>]*/>", b"", parts["word/settings.xml"])
    mark = request.context["cover"].get("mark", "")
    if mark or request.options.draft:   # only then is the body parsed (lxml, imported for it)
        from generator.formats.docx_marks import marked

        parts = marked(parts, mark, highlight=request.options.draft, first_page=not request.context.get("notice"))
    return finalize(parts)


def write(request: Request) -> Written:
    notes: list[str] = []
    backup = write_output(request.target, document(request, notes), source=request.source,
                          force=request.options.force, ours=written_by_ecplan)
    return Written(request.target, [backup] if backup else [], notes=notes)

"""Filling the master docxtpl template with the render context, then the table of contents: streamed
(docx_stream) where the template allows, by docxtpl and python-docx otherwise. The result is the document's parts;
``formats.docx`` zips them."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.doctypes.blocks import document_date
from generator.errors import RenderError, TemplateError
from generator.formats.docx_errors import docx_template_errors
from generator.lazy import Pattern
from generator.templating import environment, find_template

#: a figure's drawing, by the figure's name (see charts.draw_all)
Pictures = dict[str, Any]
TOC_PLACEHOLDER = "[[TOC]]"
TEXT_WIDTH_TWIPS = 8844   # the 156 mm text block


class _Parts:
    """Stands in for python-docx's zip writer: collects each part's bytes, which output.finalize_docx zips once."""

    def __init__(self) -> None:
        self.parts: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.parts[pack_uri.membername] = blob

    def close(self) -> None:
        pass


def package_parts(document: Any) -> dict[str, bytes]:
    """The document's parts by name, as python-docx would write them (without compressing them first)."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    collected = _Parts()
    PackageWriter._write_content_types_stream(collected, parts)
    PackageWriter._write_pkg_rels(collected, package.rels)
    PackageWriter._write_parts(collected, parts)
    return collected.parts


def render_docx(context: dict[str, Any], name: str, template_dir: str | Path | None = None,
                pictures: Pictures | None = None, notes: list[str] | None = None) -> dict[str, bytes]:
    """The document filled from template ``name``, as its parts (not yet normalised and zipped; see
    formats.docx.finalize), with the drawings in ``pictures``: streamed when the template allows it, through
    docxtpl otherwise. What the template cannot show as such is said in ``notes``."""
    from generator.formats.docx_prepare import UnsafeTemplate, prepared

    pictures = pictures or {}
    path = find_template(name, template_dir)
    try:
        template = prepared(path)
    except UnsafeTemplate as exc:
        raise TemplateError(str(path), f"拒绝使用此模板：{exc}。") from None
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError):
        raise TemplateError(str(path), "不是有效的 Word 模板（.docx）文件：无法读取其中的正文（word/document.xml）。"
                            "请用 Word 另存为 .docx，或用 ecplan templates copy 重新复制内置模板。") from None
    except OSError as exc:
        raise TemplateError(str(path), f"无法读取模板文件：{exc.strerror or exc}") from None
    context = fitted(context, template.body, name, notes if notes is not None else [])
    if template.streamable:
        parts = render_streaming(template, context, name, environment(template_dir), pictures)
        if parts is not None:
            return parts
    return render_with_docxtpl(context, name, template_dir, pictures)


_KIND = Pattern(r"""b\.kind\s*==\s*["'](\w+)["']""")
#: what a block stands in for in a template that has no place for its kind (one copied from an older ecplan)
_KIND_NAMES = {"signer": "署名", "signature": "落款", "notice_body": "通知正文", "table": "自定表格",
               "issuer_mark": "发文机关标志", "doc_number": "发文字号",
               "recipients": "主送机关", "annotation": "附注"}


def fitted(context: dict[str, Any], source: str, name: str, notes: list[str]) -> dict[str, Any]:
    """The context as this template can show it: tables and the 版记 as WordprocessingML; a kind of block the
    template has no place for (a client's template copied from an older ecplan) written as body text, with a note —
    nothing is left out. The template's own notice loop, if any, shows the notice; else it opens the body."""
    from generator.doctypes.notice import imprint_lines
    from generator.formats.docx_tables import imprint_xml, omitting, table_xml

    handled = set(_KIND.findall(source))
    has_notice = re.search(r"\bnotice\b", source) is not None
    lacking: set[str] = set()

    def shown(block: dict[str, Any]) -> list[dict[str, Any]]:
        block = omitting(block)
        if block["kind"] == "table":
            block = {**block, "xml": table_xml(block["columns"], block["rows"])}
        if block["kind"] in handled or block["kind"] not in _KIND_NAMES:
            return [block]
        lacking.add(block["kind"])
        lines = [" ".join(block["columns"])] + [" ".join(map(str, row)) for row in block["rows"]] \
            if block["kind"] == "table" else [block["text"]]
        return [{"kind": "para", "text": line} for line in lines]

    notice = context.get("notice") or []
    blocks = [shown(b) for b in ([] if has_notice else notice) + list(context["blocks"])]
    imprint = imprint_xml(context.get("imprint"))
    if imprint and "imprint_table" not in source:
        lacking.add("imprint")
        blocks.append([{"kind": "para", "text": "　".join(filter(None, line))}
                       for line in imprint_lines(context["imprint"])])
        imprint = Markup("")
    if lacking:
        what = "、".join(sorted(_KIND_NAMES.get(kind, "版记") for kind in lacking))
        notes.append(f"模板 {name} 没有{what}的版式（可能复制自旧版 ecplan），这些内容已按正文排出。"
                     "需要按规范排版时，用 ecplan templates copy 取得新模板，再把样式改动重做一遍。")
    return {**context, "blocks": [b for group in blocks for b in group], "imprint_table": imprint,
            "notice": notice if has_notice else []}


def render_streaming(template: Any, context: dict[str, Any], name: str, env: Any,
                     pictures: Pictures | None = None) -> dict[str, bytes] | None:
    """Renders a prepared template piece by piece (see docx_stream); None when the result is not well-formed XML
    (a template whose tags break the XML apart), which docxtpl's repairing parser then gets to handle."""
    from generator.formats.docx_prepare import well_formed
    from generator.formats.docx_stream import Cleanup, Package, core_xml, stream, toc_xml

    package = Package(template)
    if "imprint_table" not in context:  # not fitted to the template yet (see fitted)
        context = fitted(context, template.body, name, [])
    context = {**context, "blocks": [_attach(package, block, pictures or {}) for block in context["blocks"]]}

    def variables() -> tuple[set[str], str]:
        from jinja2 import meta

        names: set[str] = set()
        for source in (template.body, *template.stories.values()):
            names |= meta.find_undeclared_variables(env.parse(source))
        return names, template.body

    with docx_template_errors(name, context, variables, lambda: {"<template>": template.body, **template.stories}):
        document = stream(env.from_string(template.body).generate(context),
                          Cleanup(TOC_PLACEHOLDER, toc_xml(context.get("toc", []), TEXT_WIDTH_TWIPS,
                                                            context.get("toc_levels", 3))),
                          bytearray(template.head.encode("utf-8")))
        stories = {part: stream(_named(env.from_string(source), part).generate(context), Cleanup(number_pictures=False))
                   for part, source in template.stories.items()}
        values = {key: env.from_string(template.core[key]).render(context)
                  for key in ("subject", "identifier", "language") if key in template.core}
    document += template.tail.encode("utf-8")
    if not well_formed(document) or not all(well_formed(story) for story in stories.values()):
        return None
    values.update({key: str(value) for key, value in properties(context).items()})
    return package.parts(document, stories, core_xml(template, values, moment(context)))


def _named(template: Any, part: str) -> Any:
    """A compiled template that names its part in the traceback of a mistake (see docx_errors)."""
    template.filename = part
    return template


def _attach(package: Any, block: dict[str, Any], pictures: Pictures) -> dict[str, Any]:
    """A figure block gets its drawing, at its printed size, as a picture of the package."""
    if block["kind"] != "figure":
        return block
    drawn = _drawing(block, pictures)
    return {**block, "image": package.picture(drawn.png, int(drawn.width_mm * 36000))}


def _drawing(block: dict[str, Any], pictures: Pictures) -> Any:
    """A figure's drawing: as the pipeline drew it before building the context, or drawn now for a caller that did
    not (from the cache when it can be)."""
    if block["chart"] in pictures:
        return pictures[block["chart"]]
    from generator.charts import ChartsUnavailable, draw

    try:
        return draw(block)
    except ChartsUnavailable as exc:
        raise RenderError(str(exc)) from None


def render_with_docxtpl(context: dict[str, Any], name: str, template_dir: str | Path | None = None,
                        pictures: Pictures | None = None) -> dict[str, bytes]:
    """The document built by docxtpl and python-docx as one XML tree: for templates the streaming renderer leaves
    alone, and the reference the tests compare it with."""
    from docxtpl import DocxTemplate

    path = find_template(name, template_dir)
    env = environment(template_dir)
    template = DocxTemplate(str(path))

    def variables() -> tuple[set[str], str]:
        return set(template.get_undeclared_template_variables(env)), template.get_xml()

    template.render_init()
    if "imprint_table" not in context:  # not fitted to the template yet (see fitted)
        context = fitted(context, template.patch_xml(template.get_xml()), name, [])

    def sources() -> dict[str, str]:   # docxtpl's source of the body, a paragraph a line as docxtpl renders it
        return {"<template>": re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(template.get_xml()))}

    with docx_template_errors(name, context, variables, sources):
        context = {**context, "blocks": [_with_image(template, block, pictures or {}) for block in context["blocks"]]}
        template.render(context, jinja_env=env)
    document = template.docx
    insert_toc(document, context.get("toc", []), context.get("toc_levels", 3))
    set_properties(document, context)
    return package_parts(document)


def _with_image(template: Any, block: dict[str, Any], pictures: Pictures) -> dict[str, Any]:
    """A figure block gets its drawing, at its printed size, as an inline image."""
    if block["kind"] != "figure":
        return block
    from docx.shared import Mm
    from docxtpl import InlineImage

    drawn = _drawing(block, pictures)
    return {**block, "image": InlineImage(template, io.BytesIO(drawn.png), width=Mm(drawn.width_mm))}


def insert_toc(document: Any, entries: list[dict[str, Any]], levels: int = 3) -> None:
    """Replaces the placeholder with a TOC field (levels 1–``levels``) pre-filled with the real headings.

    Word offers to update it on opening (w:updateFields); until then a reader sees the headings, never a blank.
    """
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from generator.formats.docx_stream import toc_xml

    placeholder = next((p for p in document.paragraphs if p.text.strip() == TOC_PLACEHOLDER), None)
    if placeholder is None:
        return
    anchor = placeholder._p
    for paragraph in parse_xml(f'<w:body {nsdecls("w")}>{toc_xml(entries, TEXT_WIDTH_TWIPS, levels)}</w:body>'):
        anchor.addnext(paragraph)
        anchor = paragraph
    placeholder._p.getparent().remove(placeholder._p)


def properties(context: dict[str, Any]) -> dict[str, Any]:
    """The document properties, from the plan, never from the clock: the same input gives the same bytes
    (names as in docProps/core.xml)."""
    cover = context["cover"]
    values = {"title": cover["title"], "creator": cover["applicant"] or cover["city"], "lastModifiedBy": "ecplan",
              "description": "", "keywords": context.get("keywords", ""), "revision": 1}
    return {**values, "contentStatus": cover["mark"]} if cover.get("mark") else values


def moment(context: dict[str, Any]) -> dt.datetime:
    """When the document was created and last modified, as its properties say: the plan's date."""
    return dt.datetime.combine(document_date(context), dt.time())


def set_properties(document: Any, context: dict[str, Any]) -> None:
    """The document properties (see properties()) on a python-docx document."""
    core = document.core_properties
    values = properties(context)
    core.title, core.author, core.last_modified_by = values["title"], values["creator"], values["lastModifiedBy"]
    core.comments, core.keywords, core.revision = values["description"], values["keywords"], values["revision"]
    core.created = core.modified = moment(context)
    if values.get("contentStatus"):
        core.content_status = values["contentStatus"]

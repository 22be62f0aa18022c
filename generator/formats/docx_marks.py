"""What a draft .docx shows on top of the filled template: its status mark (征求意见稿…) at the top of the first page
and in the header of every page, and each placeholder highlighted where it stands. Applied to the parts of any
template, a client's included: a header the template has keeps its content and gains the mark."""

from __future__ import annotations

import copy
import re

from lxml import etree

from generator import placeholders
from generator.formats import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEADER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEADER_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
MARK_PART, MARK_ID = "word/header-ecplan-mark.xml", "rIdEcplanMark"
BLANK_PART, BLANK_ID = "word/header-ecplan-blank.xml", "rIdEcplanBlank"
#: 黑体 (with the name Word finds on any machine), 三号 on the first page and 四号 in the headers
_FONT = '<w:rFonts w:ascii="SimHei" w:eastAsia="黑体" w:hAnsi="SimHei" w:hint="eastAsia"/>'
#: rPr children that come after w:highlight in the schema's order (Word refuses a run whose order is wrong)
_AFTER_HIGHLIGHT = ("u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
                    "specVanish", "oMath")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def mark_paragraph(mark: str, half_points: int) -> str:
    """The mark, right-aligned in 黑体 of ``half_points`` / 2 pt, with none of the body's indent or fixed spacing."""
    return (f'<w:p xmlns:w="{W}"><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
            '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/></w:pPr>'
            f'<w:r><w:rPr>{_FONT}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
            f'<w:t>{escape(mark)}</w:t></w:r></w:p>')


def marked(parts: dict[str, bytes], mark: str, highlight: bool, first_page: bool = True) -> dict[str, bytes]:
    """``parts`` of a filled document with the status ``mark`` (none when empty) and, in a draft, every
    placeholder highlighted. With ``first_page`` the mark stands large at the top of page one (a cover's, a
    brief's); without (a notice's 版头 must keep its place), page one carries it in its header like the others."""
    if not mark and not highlight:
        return parts
    parts = dict(parts)
    body = etree.fromstring(parts["word/document.xml"])
    if highlight:
        for run in list(body.iter(_w("r"))):
            _highlight(run)
    if mark:
        if first_page:
            _cover_mark(body, mark)
        _header_marks(parts, body, mark, first_page)
    parts["word/document.xml"] = etree.tostring(body, xml_declaration=True, encoding="UTF-8", standalone=True)
    return parts


def _highlight(run: etree._Element) -> None:
    """Splits a run of plain text around its placeholders, which are highlighted."""
    texts = run.findall(_w("t"))
    if len(texts) != 1 or any(child.tag not in (_w("rPr"), _w("t")) for child in run):
        return
    text = texts[0].text or ""
    spans = placeholders.spans(text)
    if not spans:
        return
    pieces, at = [], 0
    for start, end in spans:
        pieces += [(text[at:start], False), (text[start:end], True)]
        at = end
    pieces.append((text[at:], False))
    parent, index = run.getparent(), run.getparent().index(run)
    parent.remove(run)
    for offset, (piece, gap) in enumerate(p for p in pieces if p[0]):
        new = copy.deepcopy(run)
        t = new.find(_w("t"))
        t.text = piece
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if gap:
            properties = new.find(_w("rPr"))
            if properties is None:
                properties = etree.Element(_w("rPr"))
                new.insert(0, properties)
            for old in properties.findall(_w("highlight")):
                properties.remove(old)
            shade = etree.Element(_w("highlight"))
            shade.set(_w("val"), "yellow")
            later = [child for child in properties if etree.QName(child).localname in _AFTER_HIGHLIGHT]
            if later:
                later[0].addprevious(shade)
            else:
                properties.append(shade)
        parent.insert(index + offset, new)


def _cover_mark(body: etree._Element, mark: str) -> None:
    """The mark at the top right of the first page (the cover, or a brief's title page), in a line of its own."""
    content = body.find(_w("body"))
    first = content.find(_w("p")) if content is not None else None
    if first is not None:
        first.addprevious(etree.fromstring(mark_paragraph(mark, 32)))


def _header_marks(parts: dict[str, bytes], body: etree._Element, mark: str, first_page: bool = True) -> None:
    """Every page's header carries the mark: the template's own headers gain it as their last paragraph, sections
    without one get ecplan's. The first page, which carries the large mark already, gets an empty header (its
    footer, the page number of a brief's first page, stays as it was)."""
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    extended: set[str] = set()
    added: dict[str, str] = {}
    for number, section in enumerate(body.iter(_w("sectPr"))):
        present = {ref.get(_w("type"), "default"): ref.get(f"{{{R}}}id")
                   for ref in section.findall(_w("headerReference"))}
        for kind in ("default", "even", "first"):
            if number == 0 and kind == "first" and first_page:
                if kind not in present:
                    _first_page_apart(section, added)
                continue  # the template's own first-page header stays as it is
            if kind in present:
                part = "word/" + targets.get(present[kind], "").lstrip("/").removeprefix("word/")
                if part in parts and part not in extended:
                    header = etree.fromstring(parts[part])
                    header.append(etree.fromstring(mark_paragraph(mark, 28)))
                    parts[part] = etree.tostring(header, xml_declaration=True, encoding="UTF-8", standalone=True)
                    extended.add(part)
            else:
                _reference(section, "headerReference", kind, MARK_ID)
                added[MARK_ID] = MARK_PART
    if not added:
        return
    paragraphs = {MARK_PART: re.sub(r"^<w:p [^>]*>", "<w:p>", mark_paragraph(mark, 28)), BLANK_PART: "<w:p/>"}
    for rel_id, part in added.items():
        parts[part] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{W}">'
                       f"{paragraphs[part]}</w:hdr>").encode()
        relation = etree.SubElement(rels, f"{{{_PACKAGE_RELS}}}Relationship")
        relation.set("Id", rel_id)
        relation.set("Type", _HEADER_TYPE)
        relation.set("Target", part.removeprefix("word/"))
    parts["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                                           standalone=True)
    types = parts["[Content_Types].xml"].decode()
    for part in added.values():
        if f'PartName="/{part}"' not in types:
            types = types.replace("</Types>", f'<Override PartName="/{part}" ContentType="{_HEADER_CONTENT}"/></Types>')
    parts["[Content_Types].xml"] = types.encode()


def _reference(section: etree._Element, tag: str, kind: str, rel_id: str) -> None:
    reference = etree.Element(_w(tag))
    reference.set(_w("type"), kind)
    reference.set(f"{{{R}}}id", rel_id)
    section.insert(0, reference)


#: sectPr children that follow w:titlePg in the schema's order
_AFTER_TITLE_PAGE = ("textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def _first_page_apart(section: etree._Element, added: dict[str, str]) -> None:
    """The first section's first page gets a header of its own, empty, and keeps its footer."""
    _reference(section, "headerReference", "first", BLANK_ID)
    added[BLANK_ID] = BLANK_PART
    footers = {ref.get(_w("type"), "default"): ref.get(f"{{{R}}}id") for ref in section.findall(_w("footerReference"))}
    if "first" not in footers and "default" in footers:
        reference = etree.Element(_w("footerReference"))
        reference.set(_w("type"), "first")
        reference.set(f"{{{R}}}id", footers["default"])
        section.findall(_w("headerReference"))[-1].addnext(reference)
    if section.find(_w("titlePg")) is None:
        title_page = etree.Element(_w("titlePg"))
        later = [child for child in section if etree.QName(child).localname in _AFTER_TITLE_PAGE]
        (later[0].addprevious if later else section.append)(title_page)

"""Filling a prepared template without building the document in memory.

Jinja's output runs piece by piece straight into the bytes of ``word/document.xml``, and docxtpl's clean-ups after
rendering (line breaks and tabs in text, picture ids, the 目录 placeholder) are applied paragraph by paragraph. The
document never exists as an XML tree, and neither python-docx nor docxtpl is imported when the template is cached:
a 5000-task plan renders in a fraction of the memory, and a small one starts sooner.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from typing import Any, Callable, Iterator

from generator.formatting import break_title
from generator.lazy import Pattern
from generator.wordcount import is_east_asian
from generator.formats.docx_prepare import CONTENT_TYPES, CORE, DOCUMENT, DOCUMENT_RELS, Prepared, relationships

#: how much rendered text is collected before it is cleaned up and encoded (characters)
CHUNK = 1 << 18

_PARAGRAPH = Pattern(r"<w:p(?: [^>]*)?>.*?</w:p>", re.S)
_LISTING = Pattern(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")
_DOC_PR = Pattern(r'(<wp:docPr\b[^>]*?\sid=")[^"]*(")')
_TEXT = Pattern(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


class Picture:
    """A figure in the document: rendered as docxtpl's InlineImage would render it, its part added to the package."""

    def __init__(self, xml: str):
        self.xml = xml

    def __html__(self) -> str:
        return self.xml

    __str__ = __html__


class Package:
    """The parts of the document being written: the template's, plus pictures and their relationships."""

    def __init__(self, template: Prepared):
        self.template = template
        self.media: dict[str, bytes] = {}
        self.relationships: list[tuple[str, str]] = []  # (rId, target) of the pictures
        self.used_ids = {rel.get("Id") for rel in relationships(template.parts.get(DOCUMENT_RELS, b""))}

    def picture(self, png: bytes, width_emu: int) -> Picture:
        rid = next(f"rId{n}" for n in range(1, len(self.used_ids) + 2) if f"rId{n}" not in self.used_ids)
        self.used_ids.add(rid)
        number = 1
        while f"word/media/image{number}.png" in self.media or f"word/media/image{number}.png" in self.template.parts:
            number += 1
        name = f"word/media/image{number}.png"
        self.media[name] = png
        self.relationships.append((rid, name.removeprefix("word/")))
        cx, cy = width_emu, _scaled_height(png, width_emu)
        return Picture(
            '</w:t></w:r><w:r><w:drawing><wp:inline xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="Picture 1"/><wp:cNvGraphicFramePr>'
            '<a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
            f'<pic:cNvPr id="0" name="image.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/>'
            '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData>'
            '</a:graphic></wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve">')

    def parts(self, document: bytes | bytearray, stories: dict[str, bytearray],
              core: bytes) -> dict[str, bytes | bytearray]:
        parts = {**self.template.parts, **stories, DOCUMENT: document, CORE: core, **self.media}
        if self.relationships:
            rels = parts[DOCUMENT_RELS].decode("utf-8")
            added = "".join(f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                            f'relationships/image" Target="{target}"/>' for rid, target in self.relationships)
            parts[DOCUMENT_RELS] = rels.replace("</Relationships>", added + "</Relationships>").encode("utf-8")
            types = parts[CONTENT_TYPES].decode("utf-8")
            if not re.search(r'<Default Extension="png"', types, re.I):
                types = re.sub(r"(<Types\b[^>]*>)", r'\1<Default Extension="png" ContentType="image/png"/>', types, 1)
                parts[CONTENT_TYPES] = types.encode("utf-8")
        return parts


def _scaled_height(png: bytes, width_emu: int) -> int:
    """The height python-docx gives a picture scaled to ``width_emu``: from its pixels and resolution (pHYs)."""
    px_width, px_height = struct.unpack(">II", png[16:24])
    dpi_x = dpi_y = 72
    at = png.find(b"pHYs")
    if at > 0:
        per_x, per_y, unit = struct.unpack(">IIB", png[at + 4:at + 13])
        if unit == 1 and per_x and per_y:
            dpi_x, dpi_y = int(round(per_x * 0.0254)), int(round(per_y * 0.0254))
    native_width = int(px_width / dpi_x * 914400)
    native_height = int(px_height / dpi_y * 914400)
    return round(native_height * (width_emu / native_width))


#: a 目录 entry's face (三号, 16 pt) and the indent of each level below the first (two characters)
_TOC_CHAR, _TOC_INDENT = 320, 640


def _toc_lines(text: str, width_twips: int) -> list[str]:
    """A 目录 entry in lines: one when it fits beside its leader dots and page number, else broken where the words
    allow, so that no line holds a character alone ("…应对措" / "施")."""
    per_line = width_twips // _TOC_CHAR - 2     # room for the leader and a page number of up to three digits
    if sum(2 if is_east_asian(ch) else 1 for ch in text) <= 2 * per_line:
        return [text]
    return break_title(text, per_line).split("\n")


def toc_breaks(entries: list[dict[str, Any]], width_twips: int) -> dict[str, list[str]]:
    """The 目录 entries broken over lines, by their words without spaces: LibreOffice's own 目录, updated to find the
    pages, is given the same breaks, so the PDF's 目录 reads as the .docx's."""
    found = {}
    for entry in entries:
        lines = _toc_lines(entry["text"], width_twips - _TOC_INDENT * (entry["level"] - 1))
        if len(lines) > 1:
            found["".join(entry["text"].split())] = lines
    return found


def toc_xml(entries: list[dict[str, Any]], width_twips: int, levels: int = 3) -> str:
    """The 目录 as a TOC field (levels 1–``levels``) pre-filled with the real headings (Word offers to update it on
    opening)."""
    begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o '
             f'"1-{levels}" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    entries = entries or [{"level": 1, "text": "（目录将在打开文档时更新）"}]
    out = []
    for index, entry in enumerate(entries):
        lines = _toc_lines(entry["text"], width_twips - _TOC_INDENT * (entry["level"] - 1))
        text = "</w:t><w:br/><w:t xml:space=\"preserve\">".join(
            line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in lines)
        page = entry.get("page")
        out.append(f'<w:p><w:pPr><w:pStyle w:val="TOC{entry["level"]}"/><w:tabs>'
                   f'<w:tab w:val="right" w:leader="dot" w:pos="{width_twips}"/></w:tabs>'
                   + ('<w:jc w:val="left"/>' if len(lines) > 1 else "") + "</w:pPr>"
                   + (begin if index == 0 else "")
                   + f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
                   + (f'<w:r><w:tab/></w:r><w:r><w:t>{page}</w:t></w:r>' if page else "")
                   + (end if index == len(entries) - 1 else "") + "</w:p>")
    return "".join(out)


def listing(paragraph: str) -> str:
    """Text with tabs, line breaks, paragraph marks (\\a) or page breaks (\\f) made into the runs that show
    them, keeping the paragraph's and the run's formatting: what docxtpl does after rendering."""
    found = re.search(r"<w:pPr>.*?</w:pPr>", paragraph)
    ppr = found.group(0) if found else ""

    def run(match: re.Match[str]) -> str:
        found = re.search(r"<w:rPr>.*?</w:rPr>", match.group(0))
        rpr = found.group(0) if found else ""
        reopen = f'<w:r>{rpr}<w:t xml:space="preserve">'

        def text(piece: re.Match[str]) -> str:
            return (piece.group(0)
                    .replace("\t", f"</w:t></w:r><w:r>{rpr}<w:tab/></w:r>{reopen}")
                    .replace("\a", f"</w:t></w:r></w:p><w:p>{ppr}{reopen}")
                    .replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
                    .replace("\f", f'</w:t></w:r></w:p><w:p><w:r><w:br w:type="page"/></w:r></w:p><w:p>{ppr}{reopen}'))

        return re.sub(r"<w:t(?: [^>]*)?>.*?</w:t>", text, match.group(0), flags=re.S)

    return re.sub(r"<w:r(?: [^>]*)?>.*?</w:r>", run, paragraph, flags=re.S)


class Cleanup:
    """docxtpl's steps after rendering, on complete paragraphs: the added line breaks removed, tabs and line breaks
    in text made into runs, picture ids numbered from 1001, and the paragraph holding only ``placeholder`` replaced
    by ``replacement`` (the first such paragraph: the scan stops there). (docxtpl's escaped braces are printed by the prepared template itself: see docx_prepare.)"""

    def __init__(self, placeholder: str = "", replacement: str = "", number_pictures: bool = True):
        self.number_pictures = number_pictures
        self.placeholder = placeholder
        self.replacement = replacement
        self.next_id = 1000

    def __call__(self, xml: str) -> str:
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        if _LISTING.search(xml):
            xml = _PARAGRAPH.sub(lambda m: listing(m.group(0)) if _LISTING.search(m.group(0)) else m.group(0),
                                 xml)
        if self.number_pictures and "<wp:docPr" in xml:
            xml = _DOC_PR.sub(self._number, xml)
        if self.placeholder and self.placeholder[:2] in xml:
            xml = _PARAGRAPH.sub(self._placeholder, xml)
        return xml

    def _number(self, match: re.Match[str]) -> str:
        self.next_id += 1
        return f"{match.group(1)}{self.next_id}{match.group(2)}"

    def _placeholder(self, match: re.Match[str]) -> str:
        """The placeholder's paragraph replaced; the paragraphs after it are no longer looked at."""
        paragraph = match.group(0)
        if self.placeholder and self.placeholder[:2] in paragraph and \
                "".join(_TEXT.findall(paragraph)).strip() == self.placeholder:
            self.placeholder = ""
            return self.replacement
        return paragraph


def stream(pieces: Iterator[str], cleanup: Callable[[str], str], out: bytearray | None = None) -> bytearray:
    """Rendered pieces → cleaned, UTF-8 bytes (appended to ``out``), a chunk of whole paragraphs at a time, cut when a
    piece ends a paragraph (a long text without one is joined once, not again with each piece)."""
    out = bytearray() if out is None else out
    pending: list[str] = []
    size = 0
    for piece in pieces:
        pending.append(piece)
        size += len(piece)
        if size >= CHUNK and "</w:p>" in piece:
            text = "".join(pending)
            cut = text.rfind("</w:p>") + len("</w:p>")
            out += cleanup(text[:cut]).encode("utf-8")
            pending, size = [text[cut:]], len(text) - cut
    out += cleanup("".join(pending)).encode("utf-8")
    return out


def core_xml(template: Prepared, properties: dict[str, str], moment: dt.datetime) -> bytes:
    """docProps/core.xml: the template's own values, then the document's (see docx_render.set_properties)."""
    values = {**template.core, **properties}

    def element(tag: str, name: str) -> str:
        value = values.get(name, "")
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f"<{tag}>{value}</{tag}>" if value else f"<{tag}/>"

    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            + element("dc:title", "title") + element("dc:subject", "subject") + element("dc:creator", "creator")
            + element("cp:keywords", "keywords") + element("dc:description", "description")
            + element("cp:lastModifiedBy", "lastModifiedBy") + element("cp:revision", "revision")
            + f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            + f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            + element("cp:category", "category") + element("dc:identifier", "identifier")
            + element("dc:language", "language")
            + (element("cp:contentStatus", "contentStatus") if values.get("contentStatus") else "")
            + (element("cp:version", "version") if values.get("version") else "") + "</cp:coreProperties>").encode("utf-8")

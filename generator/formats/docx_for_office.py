"""The copy of a .docx that LibreOffice lays out: punctuation never hangs past the right margin.

LibreOffice (7.4) drops a punctuation mark it lets hang past the margin of a full justified line (e.g. "、" after 28
characters). Its .docx import reads ``w:overflowPunct`` the wrong way round (``w:val="0"``, "do not let punctuation
overflow", turns hanging on; ``w:val="1"`` turns it off), and hanging is on where the element is absent. So the copy
it is given says ``w:overflowPunct w:val="1"`` in the document defaults and wherever a style or paragraph sets it:
the character before such a mark moves to the next line instead, as in Word, and nothing is lost. Setting the
property through the API after loading instead made LibreOffice lay the whole document out once more.

Only that copy changes: the .docx the user receives says nothing of overflowing punctuation, which Word reads as
"no hanging" — the layout LibreOffice's page numbers are computed for.
"""

from __future__ import annotations

import io
import re
import zipfile

from generator.lazy import Pattern

_ELEMENT = Pattern(rb"<w:overflowPunct\b[^>]*?/>")
_OFF = b'<w:overflowPunct w:val="1"/>'
# The children of w:pPr that follow w:overflowPunct in the schema's order (CT_PPrBase, then CT_PPr's own).
_AFTER = (b"topLinePunct", b"autoSpaceDE", b"autoSpaceDN", b"bidi", b"adjustRightInd", b"snapToGrid", b"spacing",
          b"ind", b"contextualSpacing", b"mirrorIndents", b"suppressOverlap", b"jc", b"textDirection",
          b"textAlignment", b"textboxTightWrap", b"outlineLvl", b"divId", b"cnfStyle", b"rPr", b"sectPr",
          b"pPrChange")
_NEXT = Pattern(rb"<w:(?:" + b"|".join(_AFTER) + rb")\b|</w:pPr>")
_DEFAULTS = Pattern(rb"<w:pPrDefault\b[^>]*?(?:/>|>(.*?)</w:pPrDefault>)", re.S)
_STYLES_OPEN = Pattern(rb"<w:styles\b[^>]*>")
_DOC_DEFAULTS = Pattern(rb"<w:docDefaults\b[^>]*?(?:/>|>)")
_OPEN_PPR = Pattern(rb"<w:pPr(?:\s[^>]*)?(?<!/)>")


def no_hanging(data: bytes) -> bytes:
    """``data`` (a .docx) with punctuation that cannot hang in LibreOffice; the same bytes when it is not a zip
    LibreOffice could read anyway, or already says so everywhere."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except zipfile.BadZipFile:
        return data
    if "word/styles.xml" not in names:
        return data
    parts = {}
    for name in names:
        if name == "word/styles.xml":
            parts[name] = _styles(archive.read(name))
        elif name.startswith("word/") and name.endswith(".xml"):
            part = archive.read(name)
            if b"overflowPunct" in part:
                parts[name] = _ELEMENT.sub(_OFF, part)
    return _replaced(archive, parts)


def _styles(xml: bytes) -> bytes:
    xml = _ELEMENT.sub(_OFF, xml)
    block = b"<w:pPrDefault><w:pPr>" + _OFF + b"</w:pPr></w:pPrDefault>"
    match = _DEFAULTS.search(xml)
    if match is not None:
        body = match.group(1) or b""
        if _OFF in body:
            return xml
        if _OPEN_PPR.search(body) is None:           # no w:pPr, or an empty <w:pPr/>
            return xml[:match.start()] + block + xml[match.end():]
        following = _NEXT.search(xml, match.start(1), match.end())
        return xml[:following.start()] + _OFF + xml[following.start():]
    defaults = _DOC_DEFAULTS.search(xml)
    if defaults is not None and not defaults.group(0).endswith(b"/>"):
        closing = xml.find(b"</w:docDefaults>", defaults.end())   # w:pPrDefault follows w:rPrDefault
        return xml[:closing] + block + xml[closing:]
    whole = b"<w:docDefaults>" + block + b"</w:docDefaults>"
    if defaults is not None:
        return xml[:defaults.start()] + whole + xml[defaults.end():]
    opening = _STYLES_OPEN.search(xml)
    return xml if opening is None else xml[:opening.end()] + whole + xml[opening.end():]


def _replaced(archive: zipfile.ZipFile, parts: dict[str, bytes]) -> bytes:
    """The archive again with ``parts`` replaced; every other member copied as it was (order, names, compression)."""
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as copy:
        for info in archive.infolist():
            copy.writestr(info, parts[info.filename] if info.filename in parts else archive.read(info.filename),
                          compress_type=info.compress_type, compresslevel=1 if info.compress_type else None)
    return target.getvalue()

"""Preparing a docxtpl template once, so that it can be filled without building the document in memory.

Its parts are read as they are, and the body and the headers and footers are patched by docxtpl into the Jinja
source docxtpl itself would compile (the only step that needs docxtpl); the result is kept in ecplan's cache.
``docx_stream`` then fills it. Templates that need docxtpl's repairs of whole tables (``{%tc %}`` loops,
``colspan``, ``hm``/``vm`` merges) are marked not streamable and go through docxtpl (see docx_fill).
"""

from __future__ import annotations

import hashlib
import marshal
import re
import zipfile
from xml.parsers import expat
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import fetch, keep, package_stamp
from generator.cache import folder as cache_folder
from generator.lazy import Pattern

CODE_VERSION = "2"
DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
CORE = "docProps/core.xml"
_STORY_TYPES = ("/header", "/footer", "/footnotes")  # the parts docxtpl renders besides the body
_NEEDS_TABLES = Pattern(r"\{[%{]-?\s*(?:tc\b|colspan\b|hm\b|vm\b)")
_TAG = Pattern(r"\{[{%#]")
_BODY_OPEN = Pattern(r"<w:body(?: [^>]*)?>")
_RELATIONSHIP = Pattern(r"<Relationship\b[^>]*>")
_ATTRIBUTE = Pattern(r'(\w+)="([^"]*)"')


@dataclass
class Prepared:
    """A template ready to be filled: what docxtpl would compile, and every other part as it is."""

    parts: dict[str, bytes]
    head: str                 # word/document.xml up to and including <w:body>
    body: str                 # the body's content, patched by docxtpl (the Jinja source)
    tail: str                 # </w:body></w:document>
    stories: dict[str, str]   # header/footer/footnote parts holding template tags → their patched source
    streamable: bool = True
    core: dict[str, str] = field(default_factory=dict)

    def as_marshal(self) -> bytes:
        return marshal.dumps((self.parts, self.head, self.body, self.tail, self.stories, self.streamable, self.core))

    @classmethod
    def from_marshal(cls, data: bytes) -> Prepared:
        """Raises ValueError for anything but what as_marshal wrote (a damaged cache entry is prepared again)."""
        fields = marshal.loads(data)
        kinds = (dict, str, str, str, dict, bool, dict)
        if not (isinstance(fields, tuple) and len(fields) == len(kinds)
                and all(isinstance(value, kind) for value, kind in zip(fields, kinds))):
            raise ValueError("not a prepared template")
        return cls(*fields)


_PREPARED: dict[tuple[str, int, int], Prepared] = {}


def prepared(path: Path) -> Prepared:
    """The template at ``path``, prepared: from memory, from the cache, or patched now with docxtpl."""
    stat = path.stat()
    memory_key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if memory_key in _PREPARED:
        return _PREPARED[memory_key]
    data = path.read_bytes()
    key = hashlib.sha256(f"{CODE_VERSION}:{package_stamp('docxtpl', 'template.py')}\n".encode() + data).hexdigest()
    where = cache_folder("prepared")
    kept = fetch(where, f"{key}.tpl") if where is not None else None
    result = None
    if kept is not None:
        try:
            result = Prepared.from_marshal(kept)
        except (ValueError, EOFError, TypeError):
            result = None
    if result is None:
        result = prepare(data)
        if where is not None:
            keep(where, f"{key}.tpl", result.as_marshal())
    if len(_PREPARED) > 8:
        _PREPARED.clear()
    _PREPARED[memory_key] = result
    return result


def prepare(data: bytes) -> Prepared:
    """Reads a template's parts and lets docxtpl patch the tagged ones (the only step that needs docxtpl)."""
    import io

    from docxtpl import DocxTemplate

    patcher = DocxTemplate.__new__(DocxTemplate)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = checked_parts(archive)
    text = parts.pop(DOCUMENT).decode("utf-8")
    opened = _BODY_OPEN.search(text)
    closing = text.rfind("</w:body>")
    if opened is None or closing < 0:
        raise ValueError("word/document.xml has no <w:body>")
    head, body, tail = text[:opened.end()], text[opened.end():closing], text[closing:]
    streamable = not _NEEDS_TABLES.search(body)
    stories: dict[str, str] = {}
    for target in _story_targets(parts):
        story = parts[target].decode("utf-8")
        if _TAG.search(story):
            streamable = streamable and not _NEEDS_TABLES.search(story)
            stories[target] = _with_paragraph_lines(patcher.patch_xml(story))
    core = _core_values(parts.get(CORE, b""))
    return Prepared(parts, head, _with_paragraph_lines(patcher.patch_xml(body)), tail, stories, streamable, core)


class UnsafeTemplate(ValueError):
    """A template that must not be used: its message (in Chinese) says why."""


#: what a template may hold: in all, unpacked, and in one member relative to its packed size
MAX_UNPACKED = 64 * 1024 * 1024
MAX_RATIO = 200
_DOCTYPE = Pattern(rb"<!DOCTYPE|<!ENTITY", re.I)
_RELS_NS = ("http://schemas.openxmlformats.org/package/2006/relationships",
            "http://purl.oclc.org/ooxml/package/relationships")
_HYPERLINK = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
              "http://purl.oclc.org/ooxml/officeDocument/relationships/hyperlink")


def well_formed(data: bytes | bytearray) -> bool:
    """Whether an XML part parses (expat, without building anything): a broken template falls back to docxtpl,
    whose parser repairs what it can."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return False
    return True


def checked_parts(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """The parts of a template, refused (UnsafeTemplate) when it could write outside the document, fetch or embed
    what lies outside it, or exhaust memory: names like ``../x`` or ``/x``, relationships to external targets other
    than hyperlinks, DTDs (entity expansion), XML that is not well formed, and more than MAX_UNPACKED unpacked."""
    parts, total = {}, 0
    for info in archive.infolist():
        name = info.filename
        if name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/") or ":" in name:
            raise UnsafeTemplate(f"包含不安全的文件名“{name[:80]}”（可能写到文档之外）")
        if info.is_dir():
            continue
        total += info.file_size
        if total > MAX_UNPACKED or info.file_size > MAX_RATIO * max(info.compress_size, 1024 * 1024 // MAX_RATIO):
            raise UnsafeTemplate(f"解压后过大（“{name[:80]}”；整个模板解压后不得超过 {MAX_UNPACKED // 1024 // 1024} MB）")
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
        if len(data) > info.file_size:
            raise UnsafeTemplate(f"其中“{name[:80]}”的实际大小与记录不符")
        if name.lower().endswith((".xml", ".rels")):
            if _DOCTYPE.search(data):
                raise UnsafeTemplate(f"“{name[:80]}”含有 DTD（<!DOCTYPE> 或实体定义），Word 和 LibreOffice 会拒绝打开")
            if not well_formed(data):
                raise UnsafeTemplate(f"“{name[:80]}”不是格式正确的 XML")
            if name.lower().endswith(".rels"):
                _check_relationships(name, data)
        parts[name] = data
    return parts


def _check_relationships(name: str, data: bytes) -> None:
    """Every relationship of a part, read as XML (however its attributes are quoted, spaced or escaped): one to an
    external target other than a hyperlink (an image linked by r:link, an OLE object, a frame…) would be fetched by
    LibreOffice and embedded, and so would an internal target that climbs out of the package or names a URL."""
    import posixpath
    from xml.etree import ElementTree  # safe here: a part with a DTD was refused before

    base = posixpath.dirname(posixpath.dirname(name))    # word/_rels/document.xml.rels → relative to word/
    for element in ElementTree.fromstring(data).iter():
        namespace, _, tag = element.tag.rpartition("}")
        if tag != "Relationship" or namespace.lstrip("{") not in _RELS_NS:
            continue
        target, kind = element.get("Target", ""), element.get("Type", "")
        if element.get("TargetMode", "Internal").strip() == "External":
            if kind.strip() not in _HYPERLINK:
                raise UnsafeTemplate(f"“{name[:80]}”引用了文档之外的文件或网址（{target[:120]}），"
                                     "会被 LibreOffice 取来嵌入；请在 Word 中改为嵌入的图片")
            continue
        if ":" in target.split("/")[0] or target.startswith("//") or _climbs(base, target):
            raise UnsafeTemplate(f"“{name[:80]}”的关系指向文档之外（{target[:120]}）")


def _climbs(base: str, target: str) -> bool:
    """Whether ``target`` (relative to the folder ``base``, or to the package's root when it starts with /) leads
    above the package's root."""
    depth = 0
    for part in (target.lstrip("/") if target.startswith("/") else f"{base}/{target}").split("/"):
        depth += -1 if part == ".." else 0 if part in ("", ".") else 1
        if depth < 0:
            return True
    return False


#: docxtpl's escapes for writing template syntax as text in a template, and Jinja expressions that print it
_LITERALS = {"{_{": "{{ '{{' }}", "}_}": "{{ '}}' }}", "{_%": "{{ '{%' }}", "%_}": "{{ '%}' }}"}
_LITERAL = Pattern("|".join(re.escape(escape) for escape in _LITERALS))


def _with_paragraph_lines(source: str) -> str:
    """As docxtpl compiles a part: each paragraph on its own line, so a Jinja error's line number means something.
    docxtpl's escapes ``{_{`` … become expressions printing ``{{`` …, so that a plan's own text holding ``{_{``
    is left as written (docxtpl replaces them in the whole rendered document)."""
    return _LITERAL.sub(lambda match: _LITERALS[match.group(0)], re.sub(r"<w:p([ >])", r"\n<w:p\1", source))


def relationships(xml: bytes) -> list[dict[str, str]]:
    return [dict(_ATTRIBUTE.findall(match.group(0))) for match in _RELATIONSHIP.finditer(xml.decode("utf-8"))]


def _story_targets(parts: dict[str, bytes]) -> list[str]:
    targets = []
    for rel in relationships(parts.get(DOCUMENT_RELS, b"")):
        if rel.get("Type", "").endswith(_STORY_TYPES) and rel.get("TargetMode") != "External":
            target = "word/" + rel["Target"].lstrip("/").removeprefix("word/")
            if target in parts:
                targets.append(target)
    return targets


_CORE_FIELDS = ("title", "subject", "creator", "keywords", "description", "lastModifiedBy", "revision", "category",
                "identifier", "language", "contentStatus", "version")


def _core_values(xml: bytes) -> dict[str, str]:
    import html  # only when a template is prepared, not when a prepared one is read from the cache

    text = xml.decode("utf-8", "replace")
    values = {}
    for name in _CORE_FIELDS:
        match = re.search(rf"<(?:\w+:)?{name}(?: [^>]*)?>([^<]*)</(?:\w+:)?{name}>", text)
        if match and match.group(1):
            values[name] = html.unescape(match.group(1))  # the text, not its XML spelling ("R&amp;D")
    return values

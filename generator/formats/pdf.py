"""The PDF format: the .docx laid out by LibreOffice, with the 目录 in two passes — LibreOffice computes the page of
every heading, ecplan writes those numbers into the .docx's own 目录, and the PDF is exported from that .docx, so
both agree. PDFs are made reproducible here and recognised by their /ID, a hash of their content.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from generator.doctypes.blocks import DEFAULT_DATE, document_date
from generator.errors import InputFileError, OfficeError
from generator.formats import Request, Written
from generator.formats.docx_for_office import no_hanging
from generator.lazy import Pattern
from generator.output import check_writable, write_output

SUFFIX = ".docx"         # -o names the .docx; the PDF is written beside it
DRAWS_FIGURES = True
NO_PAGE_NUMBERS = ("未找到能导入 uno 的 Python（Debian 软件包 python3-uno）：PDF 由 soffice --convert-to 直接转换，"
                   "目录中没有页码。安装 python3-uno 后重新生成即可。")


_PDF_DATE = Pattern(rb"/(?:CreationDate|ModDate)\(D:(\d{14})")
_PDF_ID = Pattern(rb"/ID \[ <([0-9A-F]{32})>\s*<([0-9A-F]{32})> \]")
_PDF_CHECKSUM = Pattern(rb"/DocChecksum /([0-9A-F]{32})")


def _set_hex(data: bytes, value: bytes) -> bytes:
    """Every /ID and /DocChecksum value replaced by ``value`` (32 hex digits: the length does not change)."""
    def replace(match: re.Match[bytes]) -> bytes:
        whole = match.group(0)
        for group in match.groups():
            whole = whole.replace(group, value)
        return whole

    return _PDF_CHECKSUM.sub(replace, _PDF_ID.sub(replace, data))


def _pdf_digest(data: bytes) -> bytes:
    """A content hash of a PDF with its /ID and /DocChecksum blanked (they are where the hash is stored)."""
    return hashlib.sha256(b"ecplan-pdf\0" + _set_hex(data, b"0" * 32)).hexdigest()[:32].upper().encode()


def finalize(raw: bytes, moment: str) -> bytes:
    """Makes LibreOffice's PDF reproducible: its embedded fonts numbered by their place, dates from the plan
    (``moment`` = YYYYMMDDhhmmss) instead of the clock, and /ID (and LibreOffice's /DocChecksum) set to a hash of the
    content, which also marks the file as ecplan's.
    Every replacement keeps its length, so the cross-reference offsets stay valid."""
    assert len(moment) == 14 and moment.isdigit()
    from generator.formats.pdf_fonts import normalised

    raw = normalised(raw)       # the fonts numbered alike whichever LibreOffice made it (see pdf_fonts)
    data = _PDF_DATE.sub(lambda match: match.group(0).replace(match.group(1), moment.encode()), raw)
    return _set_hex(data, _pdf_digest(data))


def written_by_ecplan(data: bytes) -> bool:
    match = _PDF_ID.search(data)
    return bool(match) and match.group(1) == _pdf_digest(data)


def write(request: Request) -> Written:
    """The .docx (its 目录 with LibreOffice's page numbers) and the PDF beside it (and page pictures). When LibreOffice
    is missing or fails, the .docx is written all the same, and the error says so."""
    from generator.formats import docx

    guard = {"source": request.source, "force": request.options.force}
    written = Written(request.target, pdf=request.target.with_suffix(".pdf"))
    data, target, pdf_target = docx.document(request, written.notes), written.output, written.pdf
    check_writable(target, **guard, ours=docx.written_by_ecplan)
    check_writable(pdf_target, **guard, ours=written_by_ecplan)
    try:
        with _office(request) as office, tempfile.TemporaryDirectory(prefix="ecplan-") as scratch:
            draft, exported = Path(scratch) / "plan.docx", Path(scratch) / "plan.pdf"
            draft.write_bytes(no_hanging(data))
            data = _with_page_numbers(request, office, draft, exported, written.notes) or data
            exported_bytes = exported.read_bytes()
    except OfficeError as exc:
        written.backups += _kept(write_output(target, data, **guard, ours=docx.written_by_ecplan))
        raise OfficeError(f"{exc}\nWord 文档已生成：{target}", written=target) from None
    written.backups += _kept(write_output(target, data, **guard, ours=docx.written_by_ecplan))
    moment = document_date(request.context).strftime("%Y%m%d000000")
    written.backups += _kept(write_output(pdf_target, finalize(exported_bytes, moment), **guard, ours=written_by_ecplan))
    if request.options.images:
        from generator.formats.pdf_images import page_images

        try:
            written.images = page_images(pdf_target, Path(request.options.images))
        except OfficeError as exc:
            raise OfficeError(f"{exc}\nWord 文档和 PDF 已生成：{target}、{pdf_target}", written=target) from None
    return written


def _office(request: Request) -> Any:
    """The running LibreOffice passed in (a batch worker's, left running), the long-lived one (started if need be;
    see ``office_server``), or, with ``--no-server``, one started now and closed after."""
    if request.office is not None:
        return contextlib.nullcontext(request.office)
    from generator.office import Office

    if not request.options.server:
        return Office()
    from generator import office_client

    return office_client.office()


def _with_page_numbers(request: Request, office: Any, draft: Path, exported: Path, notes: list[str]) -> bytes | None:
    """Lays ``draft`` out once: the PDF exported to ``exported`` with its 目录 updated, and the .docx again with
    the page numbers LibreOffice computed written into its own 目录, so the two agree; None when they cannot be
    computed (no uno: the PDF is converted as it is), which ``notes`` then says."""
    from generator.formats import docx

    from generator.formats.docx_fill import TEXT_WIDTH_TWIPS
    from generator.formats.docx_stream import toc_breaks

    computed = office.layout(draft, exported, toc_breaks(request.context.get("toc") or [], TEXT_WIDTH_TWIPS))
    if computed is None:
        notes.append(NO_PAGE_NUMBERS)
        office.pdf(draft, exported)
        return None
    paged = replace(request, context={**request.context, "toc": assign_pages(request.context["toc"], computed)})
    return docx.document(paged)


def _kept(backup: Path | None) -> list[Path]:
    return [backup] if backup is not None else []


def assign_pages(toc: list[dict[str, Any]], computed: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    """The table of contents with the page numbers an office computed, matched by title in document order.

    An entry the office did not list (or listed under other words) keeps no page number rather than a wrong one.
    """
    def key(text: str) -> str:
        return "".join(text.split())

    result, position = [], 0
    for entry in toc:
        for index in range(position, len(computed)):
            if key(computed[index][1]) == key(entry["text"]):
                result.append({**entry, "page": computed[index][2]})
                position = index + 1
                break
        else:
            result.append(dict(entry))
    return result


def convert(docx: str | Path, output: str | Path | None = None, *, force: bool = False,
            images: str | Path | None = None, server: bool = True) -> tuple[Path, list[Path]]:
    """Any .docx (e.g. a plan edited in Word) to PDF, its indexes updated by LibreOffice first."""
    from generator import office_client
    from generator.formats.pdf_images import page_images
    from generator.office import Office

    source = Path(docx)
    if not source.exists():
        raise InputFileError(str(source), "文件不存在。", code="Y100")
    if not source.is_file():
        raise InputFileError(str(source), "这不是普通文件（是目录、管道或设备），不能作为 Word 文档转换。", code="Y100")
    target = Path(output) if output else source.with_suffix(".pdf")
    check_writable(target, source=source, force=force, ours=written_by_ecplan)
    moment = modified(source)
    with (office_client.office() if server else Office()) as office, \
            tempfile.TemporaryDirectory(prefix="ecplan-") as scratch:
        copy, exported = Path(scratch) / "plan.docx", Path(scratch) / "plan.pdf"
        copy.write_bytes(no_hanging(source.read_bytes()))
        office.pdf(copy, exported, update_indexes=True)
        data = exported.read_bytes()
    write_output(target, finalize(data, moment), source=source, force=force, ours=written_by_ecplan)
    return target, (page_images(target, Path(images)) if images else [])


_DCTERMS = "{http://purl.org/dc/terms/}modified"


def modified(docx: Path) -> str:
    """The document's own modification time (docProps/core.xml) as YYYYMMDDhhmmss, so a PDF does not vary."""
    try:
        with zipfile.ZipFile(docx) as archive:
            core = ElementTree.fromstring(archive.read("docProps/core.xml"))
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        raise InputFileError(str(docx), "不是有效的 Word（.docx）文件。", code="Y100") from None
    stamp = core.findtext(_DCTERMS) or ""
    match = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)", stamp.strip())
    return "".join(match.groups()) if match else DEFAULT_DATE.strftime("%Y%m%d000000")

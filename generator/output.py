"""Writing output: byte-reproducible .docx, a hash of what ecplan wrote, atomic replacement, edited-file guard."""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

from generator.errors import OutputConflictError, RenderError

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
HASH_PART = "docProps/custom.xml"
HASH_NAME = "ecplan-sha256"
MD_MARK = re.compile(r"^<!-- ecplan-sha256: ([0-9a-f]{64}) -->\n")
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.'
           'org/officeDocument/2006/extended-properties"><Application>ecplan</Application></Properties>')


def _parts_hash(parts: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(parts):
        if name != HASH_PART:
            digest.update(name.encode() + b"\0")
            digest.update(parts[name])
            digest.update(b"\0")
    return digest.hexdigest()


#: Parts already compressed (pictures): deflating them again costs time and saves almost nothing.
_STORED = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff")


def finalize_docx(raw: bytes | dict[str, bytes]) -> bytes:
    """Zips the parts (or re-zips a .docx) with fixed timestamps and order, replaces stale statistics and records
    a hash of the content."""
    if isinstance(raw, dict):
        parts = dict(raw)
    else:
        with zipfile.ZipFile(io.BytesIO(raw)) as source:
            parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["docProps/app.xml"] = APP_XML.encode()
    types = parts["[Content_Types].xml"].decode()
    if HASH_PART not in types:
        types = types.replace("</Types>", f'<Override PartName="/{HASH_PART}" ContentType="{_CUSTOM_TYPE}"/></Types>')
        parts["[Content_Types].xml"] = types.encode()
    rels = parts["_rels/.rels"].decode()
    if _CUSTOM_REL not in rels:
        rels = rels.replace("</Relationships>", f'<Relationship Id="rIdEcplanHash" Type="{_CUSTOM_REL}" '
                                                f'Target="{HASH_PART}"/></Relationships>')
        parts["_rels/.rels"] = rels.encode()
    parts[HASH_PART] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/'
        'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="{HASH_NAME}"><vt:lpwstr>{_parts_hash(parts)}</vt:lpwstr></property></Properties>').encode()
    order = ["[Content_Types].xml", "_rels/.rels"] + sorted(n for n in parts if n not in ("[Content_Types].xml",
                                                                                          "_rels/.rels"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in order:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(_STORED) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, parts[name])
    return out.getvalue()


_PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate)\(D:(\d{14})")
_PDF_ID = re.compile(rb"/ID \[ <([0-9A-F]{32})>\s*<([0-9A-F]{32})> \]")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-F]{32})")


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


def finalize_pdf(raw: bytes, moment: str) -> bytes:
    """Makes LibreOffice's PDF reproducible: dates from the plan (``moment`` = YYYYMMDDhhmmss) instead of the clock,
    and /ID (and LibreOffice's /DocChecksum) set to a hash of the content, which also marks the file as ecplan's.
    Every replacement keeps its length, so the cross-reference offsets stay valid."""
    assert len(moment) == 14 and moment.isdigit()
    data = _PDF_DATE.sub(lambda match: match.group(0).replace(match.group(1), moment.encode()), raw)
    return _set_hex(data, _pdf_digest(data))


def finalize_text(text: str) -> bytes:
    body = text if text.endswith("\n") else text + "\n"
    return f"<!-- ecplan-sha256: {hashlib.sha256(body.encode()).hexdigest()} -->\n{body}".encode()


def written_by_ecplan_unchanged(path: Path) -> bool:
    """True when ``path`` holds exactly what ecplan wrote (its recorded hash still matches its content)."""
    data = path.read_bytes()
    if path.suffix.lower() == ".docx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                parts = {info.filename: archive.read(info) for info in archive.infolist()}
        except (zipfile.BadZipFile, OSError):
            return False
        match = re.search(rb"<vt:lpwstr>([0-9a-f]{64})</vt:lpwstr>", parts.get(HASH_PART, b""))
        return bool(match) and match.group(1).decode() == _parts_hash(parts)
    if path.suffix.lower() == ".pdf":
        match = _PDF_ID.search(data)
        return bool(match) and match.group(1) == _pdf_digest(data)
    text = data.decode("utf-8", errors="replace")
    match = MD_MARK.match(text)
    return bool(match) and match.group(1) == hashlib.sha256(text[match.end():].encode()).hexdigest()


def check_writable(path: Path, *, source: Path | None = None, force: bool = False) -> Path | None:
    """Raises if ecplan may not write ``path``; returns where the old file will be kept (with ``force``), if needed.

    Called before expensive work (a PDF conversion) as well as by write_output itself."""
    path = Path(path)
    if source is not None and path.resolve() == Path(source).resolve():
        raise OutputConflictError(f"{path}: 输出文件与输入文件相同，拒绝覆盖输入。请用 -o 指定其他文件名。")
    if not path.parent.exists():
        raise RenderError(f"{path}: 输出目录 {path.parent} 不存在。")
    if path.exists():
        if path.is_dir():
            raise OutputConflictError(f"{path}: 这是一个目录，不能作为输出文件。")
        if not written_by_ecplan_unchanged(path):
            if not force:
                raise OutputConflictError(
                    f"{path}: 此文件在 ecplan 生成后被修改过（或不是 ecplan 生成的），为免丢失修改，拒绝覆盖。"
                    "请另选输出文件名，或加 --force 覆盖（原文件会另存为 .bak）。")
            return path.with_name(path.name + ".bak")
    return None


def write_output(path: Path, data: bytes, *, source: Path | None = None, force: bool = False) -> Path | None:
    """Writes atomically; refuses to replace a file edited since ecplan wrote it unless ``force`` (which keeps a
    ``.bak``). Returns the backup's path, if one was made."""
    path = Path(path)
    backup = check_writable(path, source=source, force=force)
    atomic_write(path, data, backup)
    return backup


def atomic_write(path: Path, data: bytes, backup: Path | None = None) -> None:
    """``data`` to ``path`` through a temporary file in the same directory: readers see the old or the new file,
    never a part. With ``backup`` the old file is moved there first."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except PermissionError:
        raise RenderError(f"{path}: 没有写入目录 {path.parent} 的权限。") from None
    except OSError as exc:
        raise RenderError(f"{path}: 无法在 {path.parent} 创建文件：{exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        if backup is not None:
            os.replace(path, backup)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        reason = "磁盘空间不足" if exc.errno == 28 else (exc.strerror or str(exc))
        raise RenderError(f"{path}: 写入失败（{reason}），原有文件未改动。") from None

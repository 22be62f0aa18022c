"""An Office Open XML package (.docx, .xlsx) as ecplan writes it: zipped with fixed timestamps and order, so the
same content gives the same bytes, and with a hash of its parts recorded inside (``docProps/custom.xml``), by which
ecplan later recognises a file it wrote that nobody has changed since."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
HASH_PART = "docProps/custom.xml"
HASH_NAME = "ecplan-sha256"
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


def finalize(raw: bytes | dict[str, bytes]) -> bytes:
    """Zips the parts (or re-zips a package) with fixed timestamps and order, replaces stale statistics and records
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


def written_by_ecplan(data: bytes) -> bool:
    """Whether ``data`` is a package exactly as ecplan wrote it: its recorded hash still matches its parts."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError):
        return False
    match = re.search(rb"<vt:lpwstr>([0-9a-f]{64})</vt:lpwstr>", parts.get(HASH_PART, b""))
    return bool(match) and match.group(1).decode() == _parts_hash(parts)

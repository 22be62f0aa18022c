"""The Type 1 fonts LibreOffice embeds in a PDF, numbered the same in every PDF.

LibreOffice gives each font it embeds a ``/UniqueID`` from a counter that lives as long as the LibreOffice does
(4100001, 4100002, then 4100003… in its next PDF), in the font's clear text and again in its eexec-encrypted part.
So that one LibreOffice may make many PDFs and the same plan still give the same bytes, each font's ID is set to its
place in the document (4100001, 4100002…): the font program is inflated, its encrypted part decrypted, the IDs
replaced (as many digits, so both parts keep their lengths), encrypted and deflated again; the stream's /Length
object and the cross-reference table follow the bytes that moved. A PDF this cannot read is left as it is."""

from __future__ import annotations

import re
import zlib

from generator.lazy import Pattern

_FONT = Pattern(rb"\n(\d+) 0 obj\n<</Length (\d+) 0 R/Filter/FlateDecode/Length1 (\d+)/Length2 (\d+)/Length3 (\d+)>>"
                   rb"\nstream\n")
_UNIQUE = Pattern(rb"/UniqueID (\d{7}) def")
_EEXEC = 55665


def _decrypt(data: bytes) -> bytes:
    key, out = _EEXEC, bytearray()
    for byte in data:
        out.append(byte ^ (key >> 8))
        key = ((byte + key) * 52845 + 22719) & 0xFFFF
    return bytes(out)


def _encrypt(plain: bytes) -> bytes:
    key, out = _EEXEC, bytearray()
    for byte in plain:
        cipher = byte ^ (key >> 8)
        out.append(cipher)
        key = ((cipher + key) * 52845 + 22719) & 0xFFFF
    return bytes(out)


def _renumbered(program: bytes, clear: int, encrypted: int, number: int) -> bytes | None:
    """A font program with its /UniqueID (clear and encrypted) set to ``number``; None if it is not as expected."""
    value = str(4100000 + number).encode()
    head, body, tail = program[:clear], program[clear:clear + encrypted], program[clear + encrypted:]
    if len(body) != encrypted or not _UNIQUE.search(head):
        return None
    head = _UNIQUE.sub(b"/UniqueID " + value + b" def", head)
    plain = _decrypt(body)
    plain = _UNIQUE.sub(b"/UniqueID " + value + b" def", plain)
    return head + _encrypt(plain) + tail


def normalised(pdf: bytes) -> bytes:
    """``pdf`` with every embedded Type 1 font's /UniqueID set by its place in the document."""
    edits: list[tuple[int, int, bytes]] = []        # (start, end, replacement) in the original bytes
    lengths: dict[int, int] = {}                     # length object → its new value
    for number, found in enumerate(_FONT.finditer(pdf), start=1):
        start = found.end()
        end = pdf.find(b"\nendstream", start)
        if end < 0:
            return pdf
        try:
            program = zlib.decompress(pdf[start:end])
        except zlib.error:
            return pdf
        renumbered = _renumbered(program, int(found.group(3)), int(found.group(4)), number)
        if renumbered is None:
            continue
        packed = zlib.compress(renumbered, 9)
        edits.append((start, end, packed))
        lengths[int(found.group(2))] = len(packed)
    if not edits:
        return pdf
    for obj, value in lengths.items():
        found = re.search(rb"\n" + str(obj).encode() + rb" 0 obj\n(\d+)\nendobj", pdf)
        if found is None:
            return pdf
        edits.append((found.start(1), found.end(1), str(value).encode()))
    return _with_xref(pdf, sorted(edits))


def _with_xref(pdf: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """``pdf`` with ``edits`` made and its cross-reference table and startxref moved with the bytes."""
    start = pdf.rfind(b"\nxref\n")
    startxref = re.search(rb"startxref\n(\d+)\n%%EOF\s*$", pdf)
    if start < 0 or startxref is None or int(startxref.group(1)) != start + 1:
        return pdf

    def moved(offset: int) -> int:
        return offset + sum(len(new) - (end - begin) for begin, end, new in edits if end <= offset)

    out, last = bytearray(), 0
    for begin, end, new in edits:
        out += pdf[last:begin] + new
        last = end
    body = bytes(out + pdf[last:start + 1])
    table = pdf[start + 1:startxref.start()]

    def entry(match: re.Match[bytes]) -> bytes:
        return b"%010d %s n \n" % (moved(int(match.group(1))), match.group(2))
    table = re.sub(rb"(\d{10}) (\d{5}) n \n", entry, table)
    return body + table + b"startxref\n" + str(len(body)).encode() + b"\n%%EOF\n"

"""Runs inside a Python that has LibreOffice's ``uno`` module (Debian: python3-uno), started by generator.office.

Standard library and ``uno`` only: this file is executed by whichever interpreter can import ``uno``, which is often
not the one ecplan runs in. It starts one headless LibreOffice with the given private profile, then answers one JSON
request per line on stdin with one JSON line on stdout:

    {"cmd": "pdf", "docx": PATH, "pdf": P, "update": BOOL}  → {"ok": true}   (update: refresh indexes first)
    {"cmd": "layout", "docx": PATH, "pdf": P, "lines": {WORDS: [LINE, ...]}}
                                            → {"ok": true, "entries": [[level, title, page], ...]}
    {"cmd": "ping"}                         → {"ok": true} while LibreOffice answers
    {"cmd": "quit"}                         → LibreOffice is closed and the worker ends

"layout" loads the document once, updates every index (LibreOffice lays the pages out to do so), reports the table
of contents it computed and exports the PDF from the same document; the document itself is not saved.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid

import uno  # noqa: F401  (only importable in LibreOffice's Python)
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

STARTUP_SECONDS = 60


def _props(**values):
    result = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        result.append(prop)
    return tuple(result)


def _url(path: str) -> str:
    return uno.systemPathToFileUrl(os.path.abspath(path))


class Office:
    def __init__(self, soffice: str, profile: str) -> None:
        pipe = f"ecplan_{uuid.uuid4().hex}"
        self.process = subprocess.Popen(
            [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
             f"-env:UserInstallation={_url(profile)}", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if self.process.poll() is not None:
                    raise RuntimeError(f"LibreOffice 启动时退出（退出码 {self.process.returncode}）")
                if time.monotonic() > deadline:
                    raise RuntimeError("LibreOffice 在 %d 秒内没有启动" % STARTUP_SECONDS)
                time.sleep(0.1)
        self.desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)

    def load(self, path: str):
        document = self.desktop.loadComponentFromURL(_url(path), "_blank", 0,
                                                     _props(Hidden=True, ReadOnly=True, UpdateDocMode=0, MacroExecutionMode=0))
        if document is None:
            raise RuntimeError(f"LibreOffice 无法打开 {path}")
        return document

    def _updated(self, document, lines: dict | None = None) -> list:
        """Every index of the document updated (LibreOffice lays the pages out to do so); the 目录's entries."""
        indexes = document.getDocumentIndexes()
        entries = []
        for number in range(indexes.getCount()):
            index = indexes.getByIndex(number)
            index.update()
            if index.supportsService("com.sun.star.text.ContentIndex") and not entries:
                entries = self._entries(index)
                if lines:
                    _break_entries(index, lines)
        return entries

    @staticmethod
    def _entries(index) -> list:
        """Each entry of the updated index as [level, title, page], read from its text in one request (asking for
        each paragraph's style took a request per entry); the level is not known this way and given as 0 — ecplan
        matches the entries with its own by title, in order."""
        entries = []
        for line in index.getAnchor().getString().splitlines():
            if "\t" in line:
                title, _, page = line.rpartition("\t")
                entries.append([0, title.strip(), page.strip()])
        return entries

    def layout(self, path: str, target: str, lines: dict) -> list:
        """One load: the indexes updated (LibreOffice lays the pages out), the 目录's entries read, the entries that
        ``lines`` breaks (words without spaces → their lines) broken so, and the PDF exported from the same
        document."""
        document = self.load(path)
        try:
            entries = self._updated(document, lines)
            self._export(document, target)
            return entries
        finally:
            document.close(True)

    @staticmethod
    def _export(document, target: str) -> None:
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue",
                              _props(UseTaggedPDF=True, ExportBookmarks=True, EmbedStandardFonts=True))
        document.storeToURL(_url(target), _props(FilterName="writer_pdf_Export", FilterData=filter_data))

    def pdf(self, path: str, target: str, update: bool = False) -> None:
        document = self.load(path)
        try:
            if update:
                indexes = document.getDocumentIndexes()
                for number in range(indexes.getCount()):
                    indexes.getByIndex(number).update()
            self._export(document, target)
        finally:
            document.close(True)

    def quit(self) -> None:
        try:
            self.desktop.terminate()
        except Exception:  # noqa: BLE001 — the bridge goes away as LibreOffice exits
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _break_entries(index, lines: dict) -> None:
    """The 目录's entries LibreOffice wrote on one line broken where the .docx breaks them, left-aligned as there
    (the page numbers stay where the update put them)."""
    from com.sun.star.text.ControlCharacter import LINE_BREAK  # type: ignore[import-not-found]

    protected = index.IsProtected
    index.IsProtected = False
    try:
        anchor = index.getAnchor()
        text = anchor.getText()
        left = {"".join(line.rpartition("\t")[0].split()) for line in anchor.getString().splitlines()} & set(lines)
        for paragraph in _iterate(text.createTextCursorByRange(anchor).createEnumeration()):
            if not left:
                break                       # the entries to break are all done: the rest need no request
            if not paragraph.supportsService("com.sun.star.text.Paragraph"):
                continue
            title = paragraph.getString().rpartition("\t")[0]
            wanted = lines.get("".join(title.split()))
            if not title or not wanted:
                continue
            left.discard("".join(title.split()))
            cursor = text.createTextCursorByRange(paragraph.getStart())
            cursor.goRight(len(title), True)
            cursor.setString(wanted[0])
            cursor.collapseToEnd()
            for line in wanted[1:]:
                text.insertControlCharacter(cursor, LINE_BREAK, False)
                text.insertString(cursor, line, False)
            paragraph.ParaAdjust = uno.Enum("com.sun.star.style.ParagraphAdjust", "LEFT")
    finally:
        index.IsProtected = protected


def _iterate(enumeration):
    while enumeration.hasMoreElements():
        yield enumeration.nextElement()


def main() -> None:
    soffice, profile = sys.argv[1], sys.argv[2]
    try:
        office = Office(soffice, profile)
    except Exception as exc:  # noqa: BLE001 — reported to the caller as data
        print(json.dumps({"ok": False, "error": str(exc)}), flush=True)
        return
    try:
        print(json.dumps({"ok": True, "ready": True}), flush=True)   # (its caller may have gone meanwhile)
        for line in sys.stdin:
            request = json.loads(line)
            try:
                if request["cmd"] == "quit":
                    break
                if request["cmd"] == "ping":
                    office.desktop.getComponents()      # raises when LibreOffice has gone
                    answer = {"ok": True}
                elif request["cmd"] == "layout":
                    answer = {"ok": True, "entries": office.layout(request["docx"], request["pdf"],
                                                                   request.get("lines") or {})}
                elif request["cmd"] == "pdf":
                    office.pdf(request["docx"], request["pdf"], bool(request.get("update")))
                    answer = {"ok": True}
                else:
                    answer = {"ok": False, "error": f"unknown command {request['cmd']}"}
            except Exception as exc:  # noqa: BLE001 — reported to the caller as data
                answer = {"ok": False, "error": getattr(exc, "Message", "") or str(exc) or type(exc).__name__}
            print(json.dumps(answer, ensure_ascii=False), flush=True)
    finally:
        office.quit()


if __name__ == "__main__":
    main()

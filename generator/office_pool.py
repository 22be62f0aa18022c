"""The long-lived office's LibreOffices (see ``office_server``): a pool of at most one document per core, each laid
out by a LibreOffice started ahead of time, replaced after its share of documents or when it fails."""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

from generator.errors import OfficeError
from generator.office import Office

#: documents a LibreOffice lays out before it is replaced by a fresh one (it grows, and may grow strange)
DOCUMENTS_EACH = 25


class Pool:
    """Up to ``size`` documents at a time, each laid out by a LibreOffice that was ready for it: one that has done
    fewer than ``DOCUMENTS_EACH``, else one started ahead of time, when the server started or a document was done
    (its PDFs are the same bytes as a fresh one's: ``formats.pdf_fonts`` numbers the fonts it embeds alike). No
    LibreOffice starts while one is ready for each free slot, nor beside one that is starting already."""

    def __init__(self, size: int):
        self.size, self.documents, self.lock = size, 0, threading.Lock()
        self.slots = threading.Semaphore(size)
        self.ready: queue.Queue[Any] = queue.Queue()
        self.starting = 0
        self.working: list[Any] = []
        self.closing: list[threading.Thread] = []
        self.closed = False

    @property
    def started(self) -> int:
        return self.ready.qsize() + len(self.working) + self.starting

    @property
    def all(self) -> list[Any]:
        return list(self.working) + list(self.ready.queue)

    def _start_spare(self) -> None:
        """One more LibreOffice started in the background when a free slot has none ready (or starting) for it; not
        while one is ready for each (starting one then made every PDF compete with a LibreOffice starting)."""
        with self.lock:
            if self.closed or self.ready.qsize() + self.starting >= self.size - len(self.working):
                return
            self.starting += 1

        def run() -> None:
            try:
                office = Office()
            except OfficeError:
                office = None
            with self.lock:
                closed = self.closed
                if office is not None and not closed:
                    self.ready.put(office)
            if office is not None and closed:
                office.close()          # the server is ending: this one ends with it, before it is counted out
            with self.lock:
                self.starting -= 1
        threading.Thread(target=run, daemon=True).start()

    def take(self) -> Any:
        self.slots.acquire()
        if self.closed:
            self.slots.release()
            raise OfficeError("常驻的 LibreOffice 正在退出，请重试。")
        try:
            office = self._ready()
            if not office.alive():      # one that died while it waited (killed): replaced, at once
                office.kill()
                office = Office()
        except OfficeError:             # none could start: said as it is
            self.slots.release()
            raise
        with self.lock:
            self.working.append(office)
        office.documents = getattr(office, "documents", 0)
        return office

    def _ready(self) -> Any:
        """An office for a document: one ready; else the one being started (a second start beside it would only slow
        both down); else one started now, for this document."""
        while True:
            try:
                return self.ready.get(timeout=0.05) if self.starting else self.ready.get_nowait()
            except queue.Empty:
                if not self.starting and self.ready.empty():
                    return Office()

    def give(self, office: Any, broken: bool) -> None:
        """The office of a finished document ready for the next, or, when it failed, has done its share or is not
        needed, closed (killed when it failed) in the background; its slot free."""
        office.documents += 1
        with self.lock:
            self.documents += 1
            if office in self.working:
                self.working.remove(office)
            keep = not broken and not self.closed and office.documents < DOCUMENTS_EACH and \
                self.ready.qsize() < self.size
            if keep:
                self.ready.put(office)
            else:
                closer = threading.Thread(target=office.kill if broken else office.close)
                self.closing = [thread for thread in self.closing if thread.is_alive()] + [closer]
                closer.start()
        self.slots.release()
        self._start_spare()             # one for the next document (not while this one was laid out: it competed)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            offices = self.all
            self.working.clear()
        while not self.ready.empty():
            self.ready.get_nowait()
        for office in offices:
            office.close()
        deadline = time.monotonic() + 120
        while self.starting and time.monotonic() < deadline:    # one being started closes itself when it is up
            time.sleep(0.1)
        for thread in list(self.closing):           # and those of finished documents are closed to the end
            thread.join(timeout=60)

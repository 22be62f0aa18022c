"""A long-lived office: one process per user that keeps LibreOffice running between PDFs, so that ``render --pdf``,
``ecplan pdf`` and the batch runner do not start one each time.

The server (``python -m generator.office_server``) listens on a Unix socket in a private folder (``folder()``), and
answers one JSON request per connection with one JSON line: ``layout`` and ``pdf`` (as ``office.Office``), ``status``
and ``stop``. It lays out at most one document per core at a time, each in a LibreOffice started for it ahead of
time (see ``office_pool``: the start is off the request's path, and a crash, a timeout or a kill ends only that one); it
exits by itself after ``ECPLAN_OFFICE_IDLE`` idle seconds, closing every LibreOffice and removing their folders.
``office_client`` connects to it, starting it when it is not running; ``ECPLAN_OFFICE_SERVER=0`` (or ``--no-server``)
makes every PDF use a one-off LibreOffice instead, as before. Once idle, it also starts the warm renderer
(``office_warm``) that PDF commands are handed to."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socketserver
import threading
import time
from pathlib import Path
from typing import Any

from generator import settings
from generator.errors import OfficeError, SettingError
from generator.office_pool import Pool
from generator.office_render import folder, peer_gone
from generator.office_warm import Renderer


def _private(path: Path) -> Any:
    """A file of the server's folder opened for writing, never through a link someone put there."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600), "w")


def enabled() -> bool:
    return os.environ.get("ECPLAN_OFFICE_SERVER", "1").strip().lower() not in ("0", "no", "off", "false")


def idle_seconds() -> float:
    return settings.seconds("ECPLAN_OFFICE_IDLE", 600.0, 86400.0)


def code_stamp() -> str:
    """What a server runs: its code and the LibreOffice it starts. A client that finds a server of another stamp
    (ecplan upgraded, another ``ECPLAN_SOFFICE``) has it retire rather than be served by the old code. (Two copies
    of one ecplan share a server; its warm renderer checks the whole package itself: ``office_render``.)"""
    import hashlib

    from generator.office import find_soffice

    digest = hashlib.sha256(str(find_soffice()).encode())
    for name in ("office.py", "office_server.py", "office_worker.py"):
        digest.update(Path(__file__).with_name(name).read_bytes())
    return digest.hexdigest()[:16]


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server: Server = self.server  # type: ignore[assignment]
        server.touched = time.monotonic()
        try:
            request = json.loads(self.rfile.readline().decode("utf-8"))
            answer = server.answer(request, self.connection)
        except (ValueError, UnicodeDecodeError):
            answer = {"ok": False, "error": "无法理解的请求"}
        self.wfile.write((json.dumps(answer, ensure_ascii=False) + "\n").encode("utf-8"))
        server.touched = time.monotonic()


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: Path, size: int):
        super().__init__(str(path), _Handler)
        self.pool, self.touched, self.busy = Pool(size), time.monotonic(), 0
        self.started, self.stamp, self.retiring = time.time(), code_stamp(), False
        self.renderer = Renderer(str(path.parent))

    def answer(self, request: dict[str, Any], caller: Any = None) -> dict[str, Any]:
        command = request.get("cmd")
        if command == "status":
            return {"ok": True, "pid": os.getpid(), "offices": self.pool.started, "documents": self.pool.documents,
                    "busy": self.busy, "since": self.started, "stamp": self.stamp, "retiring": self.retiring,
                    "renderer": self.renderer.pid, "folders": _folders(self.pool.all),
                    "working": _folders(self.pool.working)}
        if command == "stop":
            threading.Thread(target=self.shutdown, daemon=True).start()
            return {"ok": True}
        if command == "retire":         # ends once its documents are done; a new server may then start
            self.retiring = True
            return {"ok": True}
        if command not in ("layout", "pdf"):
            return {"ok": False, "error": f"未知的请求 {command}"}
        if self.retiring:
            return {"ok": False, "retiring": True, "error": "常驻的 LibreOffice 服务正在退出。"}
        with self.pool.lock:
            self.busy += 1              # counted from the start: waiting for a LibreOffice is being busy
        try:
            office = self.pool.take()
        except Exception as exc:  # noqa: BLE001 — a LibreOffice that cannot start is the caller's error, not ours
            if not isinstance(exc, OfficeError):
                exc = OfficeError(f"LibreOffice 无法启动：{exc}")
            with self.pool.lock:
                self.busy -= 1
            return {"ok": False, "error": str(exc)}
        broken, office.timeout = False, _timeout(request.get("timeout"), office.timeout)
        made = Path(self.renderer.home) / f"made-{threading.get_ident()}.pdf"       # see deliver
        watched = stop_if_abandoned(caller, office)
        try:
            if command == "layout":
                entries = office.layout(Path(request["docx"]), made, request.get("lines") or {})
            else:
                entries = None
                office.pdf(Path(request["docx"]), made, update_indexes=bool(request.get("update")))
            deliver(made, Path(request["pdf"]))
            return {"ok": True, "entries": entries}
        except OfficeError as exc:
            broken = True
            return {"ok": False, "error": str(exc)}
        finally:
            watched.set()
            made.unlink(missing_ok=True)
            self.pool.give(office, broken)
            with self.pool.lock:
                self.busy -= 1


def deliver(made: Path, target: Path) -> None:
    """A PDF the long-lived office made in its own folder, moved to where its caller wants it — unless the caller
    has ended meanwhile and removed its folder: LibreOffice would have made that folder again, left behind."""
    if target.parent.is_dir():
        try:
            shutil.move(str(made), str(target))
        except FileNotFoundError:
            pass


def stop_if_abandoned(caller: Any, office: Any) -> threading.Event:
    """While ``office`` lays out a document, its caller's connection is watched: a caller that has gone (Ctrl-C,
    killed) has that LibreOffice stopped, not left to finish a PDF nobody will get (a very large plan takes it half
    a minute). Setting the event returned ends the watch."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.2):
            if peer_gone(caller):
                if not done.is_set():
                    office.kill()
                return

    if caller is not None:
        threading.Thread(target=watch, daemon=True).start()
    return done


def _folders(offices: Any) -> list[str]:
    return [str(office.directory) for office in list(offices)]


def _timeout(asked: Any, default: float) -> float:
    """The seconds the client allows for its document (its own ``ECPLAN_OFFICE_TIMEOUT``), not the starter's."""
    return float(asked) if isinstance(asked, (int, float)) and 0 < asked <= 86400 else default


def serve() -> None:
    """The server's life: one per folder (a second one exits at once), until stopped or idle."""
    import fcntl

    for name in ("ECPLAN_OFFICE_TIMEOUT", "ECPLAN_OFFICE_IDLE"):   # a bad one (the starter checks them): the default
        try:
            settings.seconds(name, 1.0, 86400.0)
        except SettingError:
            os.environ.pop(name, None)
    home = folder()
    try:
        lock = _private(home / "server.lock")
    except OSError:
        return
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return                      # another server holds this folder
    sock = home / "office.sock"
    sock.unlink(missing_ok=True)
    server = Server(sock, max(1, min(os.cpu_count() or 1, 4)))
    os.chmod(sock, 0o600)
    server.pool._start_spare()       # the first PDF need not wait for LibreOffice to start
    with _private(home / "server.pid") as pid:
        pid.write(str(os.getpid()))

    def idle_watch() -> None:
        while True:
            time.sleep(0.2)
            if server.busy == 0 and (server.retiring or time.monotonic() - server.touched > idle_seconds()):
                server.shutdown()
                return
            if server.busy == 0 and not server.retiring and server.pool.ready.qsize():
                server.renderer.keep()      # now that LibreOffice is up and no PDF waits: see office_warm
    threading.Thread(target=idle_watch, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.renderer.stop()          # no more commands handed over, no new requests (a new server may start at
        server.server_close()           # once), then its offices end
        sock.unlink(missing_ok=True)
        server.pool.close()
        (home / "server.pid").unlink(missing_ok=True)
        lock.close()


if __name__ == "__main__":
    serve()

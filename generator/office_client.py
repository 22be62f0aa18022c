"""The client of the long-lived office (``office_server``): requests over its socket, starting it when none runs, and
``Remote``, the server seen as an ``office.Office``; ``office()`` is the office a PDF is made with."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from generator.errors import OfficeError
from generator.office_server import code_stamp, enabled, folder

_STARTUP_SECONDS = 90.0


def ask(request: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
    """One request to the running server (OfficeError when none answers)."""
    from generator.office import request_timeout

    path = folder() / "office.sock"
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout or request_timeout() + 30)
            try:
                connection.connect(str(path))
            except OSError as exc:
                error = OfficeError(f"常驻的 LibreOffice 服务没有在运行（{exc.strerror or exc}）。")
                error.unsent = True     # type: ignore[attr-defined]
                raise error from None
            connection.sendall((json.dumps(request, ensure_ascii=False) + "\n").encode("utf-8"))
            data = b""
            while not data.endswith(b"\n"):
                piece = connection.recv(65536)
                if not piece:
                    break
                data += piece
    except OSError as exc:
        raise OfficeError(f"常驻的 LibreOffice 服务没有响应（{exc.strerror or exc}）。") from None
    try:
        return json.loads(data.decode("utf-8"))
    except ValueError:
        raise OfficeError("常驻的 LibreOffice 服务在处理时意外退出。") from None


def running() -> dict[str, Any] | None:
    """The server's status, or None when none is running."""
    try:
        answer = ask({"cmd": "status"}, timeout=5)
    except OfficeError:
        return None
    return answer if answer.get("ok") else None


def start() -> dict[str, Any]:
    """The running server's status, starting one first when none runs."""
    from generator.office import request_timeout
    from generator.office_server import idle_seconds

    folder()                            # a folder that cannot be the server's is said at once
    request_timeout(), idle_seconds()   # and so are settings it could not run with
    status = running()
    if status and status.get("stamp") == code_stamp() and not status.get("retiring"):
        return status
    if status:                          # another ecplan's server: it ends when its documents are done
        ask({"cmd": "retire"}, timeout=10)
        if not _ended(status["pid"], _STARTUP_SECONDS):
            raise OfficeError("另一版本的常驻 LibreOffice 服务仍在处理文档。")
    from generator.office_render import PACKAGE

    subprocess.Popen([sys.executable, "-m", "generator.office_server"], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                     cwd=os.path.dirname(PACKAGE))     # this copy of ecplan, not one in the caller's folder
    deadline = time.monotonic() + _STARTUP_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.05)
        status = running()
        if status:
            return status
    raise OfficeError("常驻的 LibreOffice 服务未能启动。可用 --no-server（或环境变量 ECPLAN_OFFICE_SERVER=0）改用一次性的 LibreOffice。")


def stop() -> bool:
    """Stops the running server (and every LibreOffice it runs) and waits until it has ended; whether one ran."""
    status = running()
    if status is None:
        return False
    ask({"cmd": "stop"}, timeout=10)
    _ended(status["pid"], 120)
    return True


def _ended(pid: int, seconds: float) -> bool:
    """Whether the server ``pid`` has ended within ``seconds``."""
    deadline = time.monotonic() + seconds
    while Path(f"/proc/{pid}").exists() and _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return True
    return state != "Z"


class Remote:
    """The server seen as an ``office.Office``: the same requests, one document at a time per office of its pool."""

    def __init__(self) -> None:
        self.status = start()

    def _request(self, what: str, **request: Any) -> dict[str, Any]:
        from generator.office import request_timeout

        request["timeout"] = request_timeout()      # this caller's limit, not that of whoever started the server
        try:
            answer = ask(request)
        except OfficeError as exc:
            if not getattr(exc, "unsent", False):
                raise
            answer = {"retiring": True}
        if answer.get("retiring"):      # it ended (idle, stopped, killed) or is ending: started again, asked again
            start()
            answer = ask(request)
        if not answer.get("ok"):
            raise OfficeError(str(answer.get("error") or f"LibreOffice {what}失败。"))
        return answer

    def layout(self, docx: Path, pdf: Path, lines: dict[str, list[str]] | None = None) -> list[tuple[int, str, str]] | None:
        entries = self._request("排版并导出 PDF", cmd="layout", docx=str(Path(docx).resolve()),
                                pdf=str(Path(pdf).resolve()), lines=lines or {})["entries"]
        return None if entries is None else [(int(level), str(title), str(page)) for level, title, page in entries]

    def pdf(self, docx: Path, pdf: Path, *, update_indexes: bool = False) -> None:
        self._request("导出 PDF", cmd="pdf", docx=str(Path(docx).resolve()), pdf=str(Path(pdf).resolve()),
                      update=update_indexes)

    def close(self) -> None:
        """Nothing to close: the server's LibreOffice outlives the caller (until it is idle)."""

    def __enter__(self) -> Remote:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None


def office() -> Any:
    """The office a PDF is made with: the long-lived server (started if needed), or, when it is turned off or
    cannot start, a one-off LibreOffice."""
    from generator.office import Office

    if enabled():
        try:
            return Remote()
        except OfficeError as exc:      # said, so that a planner knows why this PDF takes seconds longer
            sys.stderr.write(f"注意：常驻的 LibreOffice 用不了，这次单独启动一个。原因：{exc}\n")
    return Office()

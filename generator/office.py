"""LibreOffice as the real client: a headless office per conversion, with a private profile and the font aliases.

``Office`` starts one LibreOffice (through ``office_worker.py`` in a Python that has ``uno``) and keeps it for several
requests: computing the table of contents' page numbers, and exporting PDF. Each ``Office`` has its own temporary
profile directory and pipe name, so several can run at once. Without ``uno`` (Debian: python3-uno) it falls back to
``soffice --convert-to pdf``, which cannot compute page numbers.
"""

from __future__ import annotations

import functools
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from generator import settings
from generator.errors import OfficeError

FONTS_DIR = Path(__file__).with_name("fonts")
ALIASES = FONTS_DIR / "aliases.conf"
# The free fonts the aliases point to, and the Debian package of each.
FONT_PACKAGES = {
    "AR PL UMing CN": "fonts-arphic-uming",
    "LXGW WenKai": "fonts-lxgw-wenkai",
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "Noto Serif CJK SC": "fonts-noto-cjk",
    "Liberation Serif": "fonts-liberation2",
}
OFFICE_PACKAGES = "libreoffice-writer-nogui python3-uno"
ALL_PACKAGES = (f"{OFFICE_PACKAGES} {' '.join(sorted(set(FONT_PACKAGES.values())))} poppler-utils")


def request_timeout() -> float:
    """Seconds one LibreOffice request may take (``ECPLAN_OFFICE_TIMEOUT``, default 600, at most a day)."""
    return settings.seconds("ECPLAN_OFFICE_TIMEOUT", 600.0, 86400.0)

_SOFFICE_PLACES = ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
                   "/Applications/LibreOffice.app/Contents/MacOS/soffice",
                   r"C:\Program Files\LibreOffice\program\soffice.exe")


def install_hint(packages: str = ALL_PACKAGES) -> str:
    return f"在 Debian/Ubuntu 上安装：sudo apt-get install {packages}"


def find_soffice() -> str | None:
    """``ECPLAN_SOFFICE`` if set, else soffice/libreoffice on PATH, else the usual install places."""
    configured = os.environ.get("ECPLAN_SOFFICE")
    if configured:
        return configured if Path(configured).exists() or shutil.which(configured) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in _SOFFICE_PLACES if Path(place).exists()), None)


@functools.lru_cache(maxsize=None)
def find_uno_python(soffice: str) -> str | None:
    """A Python interpreter that can ``import uno``: this one, LibreOffice's own, or the system's."""
    program = Path(os.path.realpath(soffice)).parent
    candidates = [sys.executable, str(program / "python"), str(program / "python.exe"), "/usr/bin/python3"]
    for candidate in dict.fromkeys(candidates):
        if not Path(candidate).exists():
            continue
        try:
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return candidate
    return None


def missing_fonts() -> list[str]:
    """The alias targets fontconfig does not have (empty when fc-list is unavailable: not a fontconfig system)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        listing = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    installed = {name.strip() for line in listing.splitlines() for name in line.split(",")}
    return [family for family in FONT_PACKAGES if family not in installed]


def write_fontconfig(directory: Path) -> Path:
    """A fontconfig file that first includes the system's configuration, then the shipped aliases."""
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    path = directory / "fonts.conf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
                    f'  <include ignore_missing="yes">{system}</include>\n  <include>{ALIASES}</include>\n'
                    '</fontconfig>\n', encoding="utf-8")
    return path


class Office:
    """One headless LibreOffice for a series of requests. Use as a context manager."""

    def __init__(self) -> None:
        self.timeout = request_timeout()
        soffice = find_soffice()
        if soffice is None:
            raise OfficeError(f"未找到 LibreOffice（soffice），无法生成 PDF。{install_hint()}")
        missing = missing_fonts()
        if missing:
            packages = " ".join(sorted({FONT_PACKAGES[family] for family in missing}))
            raise OfficeError(f"缺少生成 PDF 所需的字体 {'、'.join(missing)}，否则中文会被替换成不相称的字体。"
                              f"{install_hint(packages)}")
        self.soffice = soffice
        self.python = find_uno_python(soffice)
        self.directory = Path(tempfile.mkdtemp(prefix="ecplan-office-"))
        scratch = self.directory / "tmp"            # LibreOffice's own temporary files (lu*.tmp) go with it
        scratch.mkdir()
        self.env = {**os.environ, "FONTCONFIG_FILE": str(write_fontconfig(self.directory)), "SAL_USE_VCLPLUGIN": "svp",
                    "TMPDIR": str(scratch)}
        self.process: subprocess.Popen[str] | None = None
        self.answers: queue.Queue[str | None] = queue.Queue()
        if self.python is not None:
            self._start_worker()

    def _start_worker(self) -> None:
        worker = Path(__file__).with_name("office_worker.py")
        self.process = subprocess.Popen(
            [self.python, str(worker), self.soffice, str(self.directory / "profile")], env=self.env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
            start_new_session=True)
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        try:
            self._answer("启动")
        except OfficeError:
            self.kill()  # leave no LibreOffice and no profile directory behind
            raise

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.answers.put(line)
        self.answers.put(None)

    def _answer(self, what: str) -> dict[str, Any]:
        try:
            line = self.answers.get(timeout=self.timeout)
        except queue.Empty:
            self.kill()
            raise OfficeError(f"LibreOffice {what}超过 {self.timeout:.0f} 秒仍未完成，已停止。") from None
        if line is None:
            self.close()
            raise OfficeError(f"LibreOffice 在{what}时意外退出。")
        answer = json.loads(line)
        if not answer.get("ok"):
            raise OfficeError(f"LibreOffice {what}失败：{answer.get('error')}")
        return answer

    def _request(self, what: str, **request: Any) -> dict[str, Any]:
        assert self.process is not None and self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            self.close()
            raise OfficeError(f"LibreOffice 在{what}前已退出。") from None
        return self._answer(what)

    def alive(self) -> bool:
        """Whether this LibreOffice still answers (one killed while it waited does not)."""
        if self.process is None:
            return self.python is None      # the soffice --convert-to fallback starts one per request
        try:
            self._request("检查", cmd="ping")
        except OfficeError:
            return False
        return True

    def layout(self, docx: Path, pdf: Path, lines: dict[str, list[str]] | None = None) -> list[tuple[int, str, str]] | None:
        """One load of ``docx``: its 目录 updated (the entries ``lines`` breaks broken so), the entries read back
        (level, title, page) and the PDF exported from the same laid-out document; None (and no PDF) without uno."""
        if self.process is None:
            return None
        answer = self._request("排版并导出 PDF", cmd="layout", docx=str(docx), pdf=str(pdf), lines=lines or {})
        return [(int(level), str(title), str(page)) for level, title, page in answer["entries"]]

    def pdf(self, docx: Path, pdf: Path, *, update_indexes: bool = False) -> None:
        """Exports ``docx`` to ``pdf`` as it is (or with its indexes updated first)."""
        if self.process is not None:
            self._request("导出 PDF", cmd="pdf", docx=str(docx), pdf=str(pdf), update=update_indexes)
            return
        outdir = self.directory / "out"
        outdir.mkdir(exist_ok=True)
        command = [self.soffice, "--headless", "--norestore", "--nologo", "--nolockcheck",
                   f"-env:UserInstallation={(self.directory / 'profile').as_uri()}",
                   "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]
        try:
            subprocess.run(command, env=self.env, capture_output=True, timeout=self.timeout, check=False)
        except subprocess.TimeoutExpired:
            raise OfficeError(f"LibreOffice 转换 {docx.name} 超过 {self.timeout:.0f} 秒仍未完成，已停止。") from None
        produced = outdir / (docx.stem + ".pdf")
        if not produced.exists():
            raise OfficeError(f"LibreOffice 未能把 {docx.name} 转换为 PDF。")
        shutil.move(str(produced), pdf)

    def close(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            try:
                if process.stdin is not None:
                    process.stdin.write('{"cmd": "quit"}\n')
                    process.stdin.close()
                process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                _kill(process)
        shutil.rmtree(self.directory, ignore_errors=True)

    def kill(self) -> None:
        """Stops a LibreOffice that hangs, with everything it started."""
        process, self.process = self.process, None
        if process is not None:
            _kill(process)
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _kill(process: subprocess.Popen[str]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def convert_to_docx(source: Path, outdir: Path) -> Path:
    """A .doc, .wps, .rtf or .odt converted to .docx by a one-off LibreOffice (its own profile, in ``outdir``)."""
    soffice = find_soffice()
    if soffice is None:
        raise OfficeError(f"读取 {source.suffix} 文档要先用 LibreOffice 转换为 .docx，但未找到 LibreOffice（soffice）。"
                          f"{install_hint()}。或用 Word、WPS 把它另存为“Word 文档（*.docx）”。")
    command = [soffice, "--headless", "--norestore", "--nologo", "--nolockcheck",
               f"-env:UserInstallation={(outdir / 'profile').as_uri()}", "--convert-to", "docx", "--outdir",
               str(outdir), str(source)]
    timeout = request_timeout()
    try:
        subprocess.run(command, capture_output=True, timeout=timeout, check=False,
                       env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"})
    except subprocess.TimeoutExpired:
        raise OfficeError(f"LibreOffice 转换 {source.name} 超过 {timeout:.0f} 秒仍未完成，已停止。") from None
    produced = outdir / (source.stem + ".docx")
    if not produced.exists():
        raise OfficeError(f"LibreOffice 未能把 {source.name} 转换为 .docx：文件可能已损坏或加了密码。")
    return produced

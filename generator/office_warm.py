"""The warm renderer (see ``office_render``): one single-threaded process per server, started by it, that has imported
what a command needs and forks a copy of itself for each caller that hands a PDF command over. Each copy takes on
the caller's working folder, environment, umask and standard streams, runs the command as ``ecplan`` would, and
sends its exit code back."""

from __future__ import annotations

import io
import json
import os
import select
import signal
import socket
import sys
import threading

from generator.endings import Ended, end_by, end_cleanly, unwritable_output
from generator.office_render import PACKAGE, encoding, package_stamp, peer_gone, peer_is_me

#: not needed by a PDF command: the workbench, the worker that runs in LibreOffice's Python, the entry points
_LEFT_OUT = ("generator.web", "generator.cli_serve", "generator.office_worker", "generator.__main__",
             "generator.office_warm")
_REQUEST_BYTES = 16 << 20


def preload() -> None:
    """Every module of the package a command may import, and every pattern compiled, so that a copy starts where a
    command's first line would. A module whose optional library is missing is left to the command (which says
    what to install)."""
    import gc
    import importlib

    from generator.lazy import Pattern

    for root, folders, files in os.walk(PACKAGE):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        relative = os.path.relpath(root, PACKAGE)
        package = "generator" if relative == "." else "generator." + relative.replace(os.sep, ".")
        for name in sorted(files):
            module = package if name == "__init__.py" else f"{package}.{name[:-3]}"
            if not name.endswith(".py") or module.startswith(_LEFT_OUT):
                continue
            try:
                importlib.import_module(module)
            except Exception:  # noqa: BLE001 — an optional part not installed: the command itself will say so
                pass
    try:
        from generator.cleantext import _converter

        _converter()                # OpenCC's tables, loaded once for every copy
    except Exception:  # noqa: BLE001 — not installed: the command itself says so
        pass
    for kept in gc.get_objects():
        if isinstance(kept, Pattern):
            try:
                kept.pattern            # compiled now, once, for every copy
            except Exception:  # noqa: BLE001 — a pattern that cannot compile fails where it is used, as before
                pass
    gc.freeze()                 # what is loaded stays shared with the copies (no collection touches its pages)


def serve(home: str, server: int) -> None:
    """Listens on ``render.sock`` in ``home`` until the server that started it (``server``) ends or stops it
    (SIGTERM). The stamp is taken before the code is loaded: a file changed meanwhile (an upgrade) is a stamp no
    caller has. A server that ended while this loaded is not waited for (it would be waited for forever)."""
    stopping: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    stamp, path = package_stamp(), os.path.join(home, "render.sock")
    preload()
    if stopping or os.getppid() != server:
        return
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    listener.bind(path)
    os.chmod(path, 0o600)
    mine = os.stat(path).st_ino
    listener.listen(16)
    try:
        while not stopping and os.getppid() == server:
            ready, _, _ = select.select([listener], [], [], 0.5)
            _reap()
            if not ready:
                continue
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            if os.fork() == 0:
                listener.close()
                _copy(connection, stamp)        # never returns
            connection.close()
    finally:
        listener.close()
        _unlink_own(path, mine)


def _unlink_own(path: str, inode: int) -> None:
    """``render.sock`` removed if it is still this renderer's, not one a renderer started after bound since."""
    try:
        if os.stat(path).st_ino == inode:
            os.unlink(path)
    except FileNotFoundError:
        pass


def _reap() -> None:
    """Finished copies waited for (no zombies)."""
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def _copy(connection: socket.socket, stamp: str) -> None:
    """One caller's command, in this forked copy; its exit code sent back. A command that cannot be taken (another
    stamp, a folder that cannot be entered) is refused before anything happens, and the caller runs it itself."""
    request = None
    try:
        request = _receive(connection)
        taken = bool(request) and request.get("stamp") == stamp and request.get("encoding") == encoding() and \
            peer_is_me(connection) and _become(request, _descriptors(connection))
    except Exception:  # noqa: BLE001 — anything amiss before the command starts: the caller runs it itself
        taken = False
    if not taken:
        if request and request.get("package") == PACKAGE and request.get("stamp") != stamp:
            os.kill(os.getppid(), signal.SIGTERM)   # its own code changed on disk (upgraded, edited): it retires, and
        _send(connection, {"refused": True})        # the server starts a fresh one when idle
        os._exit(0)
    code = 1
    try:
        _send(connection, {"pid": os.getpid()})
        if peer_gone(connection):           # the caller gave up waiting for this answer, and runs the command itself
            os._exit(0)
        _watch(connection)
        code = _run(request)
    except Ended as ended:                      # its scratch folder removed: now ended by the signal, as the caller
        end_by(ended.number)                    # (which then ends by it too)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)    # done: the caller leaving after the code is no Ctrl-C
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 — a caller's stream that is gone
                pass
        _send(connection, {"exit": code})
        os._exit(code)


def _receive(connection: socket.socket) -> dict | None:
    data = b""
    while not data.endswith(b"\n") and len(data) < _REQUEST_BYTES:
        more = connection.recv(1 << 16)
        if not more:
            return None
        data += more
    request = json.loads(data.decode("utf-8")) if data.endswith(b"\n") else None
    return request if isinstance(request, dict) else None


def _descriptors(connection: socket.socket) -> list[int]:
    """The caller's standard streams, asked for once the command is taken."""
    _send(connection, {"ready": True})
    _, descriptors, _, _ = socket.recv_fds(connection, 1, 3)
    if len(descriptors) != 3:
        raise ValueError("three descriptors expected")
    return descriptors


def _become(request: dict, descriptors: list[int]) -> bool:
    """This copy as the caller's process: its folder, environment, umask, standard streams and signals."""
    import tempfile

    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update({str(name): str(value) for name, value in request["env"].items()})
    os.umask(int(request["umask"]))
    for number, descriptor in enumerate(descriptors):
        os.dup2(descriptor, number)
        if descriptor > 2:
            os.close(descriptor)
    sys.stdin, sys.stdout, sys.stderr = (_stream(number, wrapping, default) for number, wrapping, default in
                                         zip((0, 1, 2), request["streams"], ("strict", "strict", "backslashreplace")))
    sys.argv = [str(argument) for argument in request["argv"]]
    tempfile.tempdir = None                     # found again from the caller's TMPDIR
    ignored = tuple(int(number) for number in request.get("ignored", ()))
    for number, handler in ((signal.SIGQUIT, signal.SIG_DFL), (signal.SIGINT, signal.default_int_handler)):
        signal.signal(number, signal.SIG_IGN if number in ignored else handler)
    end_cleanly(ignored)                        # SIGTERM, SIGHUP: tidied up, then ended by them
    return True


def _stream(number: int, wrapping: list, errors: str) -> io.TextIOWrapper:
    """Standard stream ``number`` wrapped as the caller's Python wrapped it: its encoding and errors, line-buffered
    on a terminal, written through with ``PYTHONUNBUFFERED`` (``python -u``)."""
    encoding_, errors_, line, through = (list(wrapping) + [False, False])[:4]
    raw = io.FileIO(number, "r" if number == 0 else "w", closefd=False)
    buffered = io.BufferedReader(raw) if number == 0 else raw if through else io.BufferedWriter(raw)
    return io.TextIOWrapper(buffered, encoding=encoding_ or "utf-8", errors=errors_ or errors,
                            line_buffering=bool(line), write_through=bool(through))


def _watch(connection: socket.socket) -> None:
    """When the caller ends (killed, say), this copy is interrupted as by Ctrl-C: it stops and tidies up."""
    def run() -> None:
        try:
            while connection.recv(1):
                pass
        except OSError:
            pass
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=run, daemon=True).start()


def _run(request: dict) -> int:
    """The command, as ``ecplan`` runs it: click's exit code, or 1 and the traceback for an error of ecplan's own."""
    import traceback

    from generator.cli import main

    try:
        main.main(args=request["argv"][1:], prog_name=str(request["prog"]))
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return int(exc.code or 0)
        print(exc.code, file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 — as Python would: the traceback on the caller's stderr, or why the
        if not (isinstance(exc, OSError) and unwritable_output(exc)):       # output could not be written
            traceback.print_exc()
        return 1
    return 0


def _send(connection: socket.socket, message: dict) -> None:
    try:
        connection.sendall((json.dumps(message) + "\n").encode("utf-8"))
    except OSError:
        pass


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else os.getppid())


class Renderer:
    """The server's handle on its warm renderer: started when the server is idle (not while a first PDF waits for
    its LibreOffice), started again should it end (after a failure, a few times at most), stopped with the
    server."""

    STARTS = 3

    def __init__(self, home: str) -> None:
        self.home, self.process, self.starts, self.stopped = home, None, 0, False
        self.lock = threading.Lock()        # keep (the server's idle watch) and stop (its end) run in two threads

    def keep(self) -> None:
        import subprocess

        with self.lock:
            if self.stopped or self.pid is not None:
                return
            if self.process is not None and self.process.returncode:
                self.starts += 1            # it failed (a clean end, retiring for new code, does not count)
            if self.starts >= self.STARTS:
                return
            self.process = subprocess.Popen([sys.executable, "-m", "generator.office_warm", self.home,
                                             str(os.getpid())], stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None and self.process.poll() is None else None

    def stop(self) -> None:
        import subprocess

        with self.lock:                     # none started after this, while this one ends or later
            process, self.process, self.stopped = self.process, None, True
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

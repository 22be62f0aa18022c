"""The render itself in the long-lived office: a PDF command (``render --pdf``, ``render --png``, ``pdf``) runs in a
process forked from one that has ecplan imported already, instead of in a new Python that imports it all first.

The server (``office_server``) starts the renderer (``office_warm``) once it is idle: a single-threaded process that
imports what a render needs, then listens on ``render.sock`` in the server's private folder and forks once per
caller. ``python -m generator`` and ``ecplan`` hand a PDF command over to it (``hand_over``, which imports nothing
heavy): the command line, the environment, the working folder, the umask and the caller's standard input, output
and error, passed as file descriptors. The forked process then is the command as it would have run in the caller:
its messages on the caller's terminal, its files written by the caller's user in the caller's folder, its exit
code the caller's. Signals are passed on (``endings``): Ctrl-C, kill and a closed terminal end it as they would
have ended the caller, Ctrl-Z stops it with the caller, and the caller's end stops it.
When the renderer is not running, runs other code (``package_stamp``), or cannot take the command, the command runs
in the caller's own process as before. ``ECPLAN_OFFICE_RENDER=0`` (or ``ECPLAN_OFFICE_SERVER=0``, ``--no-server``)
turns the hand-over off.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import zlib

from generator.endings import FORWARDED, ignored_signals

TYPE_CHECKING = False            # (typing itself is not imported: this runs before every command)
if TYPE_CHECKING:
    import socket
    from pathlib import Path

PACKAGE = os.path.dirname(os.path.abspath(__file__))
_OFF = ("0", "no", "off", "false")
_HANDSHAKE_SECONDS = 10.0


def folder() -> Path:
    """The long-lived office's private folder (``folder_path``), made if need be: a real directory of this user's
    that no one else may enter, else an error (another user could put a server or a link there)."""
    from pathlib import Path

    from generator.errors import OfficeError

    path = Path(folder_path())
    try:
        path.mkdir(mode=0o700, parents=True)
    except FileExistsError:
        pass
    except OSError as exc:
        raise OfficeError(f"无法建立常驻 LibreOffice 的文件夹 {path}：{exc.strerror or exc}") from None
    if not _own(str(path)):
        raise OfficeError(f"{path} 不是只属于当前用户的文件夹（可能被别人建立或改了权限），不能用作常驻 LibreOffice 的文件夹。"
                          "请删去它，或用 --no-server。")
    return path


def folder_path() -> str:
    """Where the long-lived office's folder is: ``ECPLAN_OFFICE_DIR``, else one per user in ``XDG_RUNTIME_DIR`` or
    the temporary folder."""
    configured = os.environ.get("ECPLAN_OFFICE_DIR")
    if configured:
        return os.path.abspath(configured)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return os.path.join(runtime, f"ecplan-server-{os.getuid()}")
    return os.path.join(_temporary(), f"ecplan-server-{os.getuid()}")


def _temporary() -> str:
    """The temporary folder as ``tempfile.gettempdir`` finds it, without importing ``tempfile``."""
    for name in ("TMPDIR", "TEMP", "TMP"):
        value = os.environ.get(name)
        if value and os.path.isdir(value) and os.access(value, os.W_OK | os.X_OK):
            return os.path.abspath(value)
    for place in ("/tmp", "/var/tmp", "/usr/tmp"):
        if os.path.isdir(place) and os.access(place, os.W_OK | os.X_OK):
            return place
    return os.getcwd()


def package_stamp() -> str:
    """The code a renderer runs: this Python (as a file and an environment) and how it was started (its flags,
    ``-X`` and ``-W`` options, its ``PYTHONPATH``), the package's place, and the name, size and time of each of its
    modules, so that a renderer started before an upgrade (or an edit), or another way, is not handed the command."""
    interpreter = f"{_interpreter()}\0{sys.flags}\0{sorted(sys._xoptions.items())}\0{sys.warnoptions}\0" \
                  f"{os.environ.get('PYTHONPATH', '')}"
    digest = zlib.crc32(f"{interpreter}\0{PACKAGE}".encode())
    for root, folders, files in os.walk(PACKAGE):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(root, name))
                digest = zlib.crc32(f"{root}/{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode(), digest)
    return f"{digest:08x}"


def _interpreter() -> str:
    """This Python as a file and an environment: ``python``, ``python3`` and ``python3.11`` of one venv (links to
    one file; ``ecplan`` runs one, ``python -m generator`` another) are the same code. Its libraries are as new as
    its site-packages folders (an upgrade of click or Jinja adds and removes folders there)."""
    site = sys.modules.get("site")
    folders = [*site.getsitepackages(), site.getusersitepackages()] if hasattr(site, "getsitepackages") else []
    times = [f"{folder}:{os.stat(folder).st_mtime_ns}" for folder in folders if os.path.isdir(folder)]
    return f"{os.path.realpath(sys.executable)}\0{sys.prefix}\0{sys.version}\0{times}"


def encoding() -> list:
    """How this Python turns file names, the command line and the environment into text (a GBK locale: not as
    UTF-8): a copy of a Python that reads them otherwise would look for other files."""
    return [sys.getfilesystemencoding(), sys.getfilesystemencodeerrors(), sys.flags.utf8_mode]


def wanted(argv: list[str]) -> bool:
    """Whether ``argv`` is a PDF command the renderer may take."""
    if os.environ.get("ECPLAN_OFFICE_RENDER", "1").strip().lower() in _OFF or \
            os.environ.get("ECPLAN_OFFICE_SERVER", "1").strip().lower() in _OFF:
        return False
    arguments = argv[1:]
    if not arguments or "--no-server" in arguments or os.name != "posix":
        return False
    if arguments[0] == "pdf":
        return True
    return arguments[0] == "render" and any(a == "--pdf" or a == "--png" or a.startswith("--png=") for a in arguments)


def _own(path: str) -> bool:
    """A real directory (not a link) of this user's that no one else may enter."""
    import stat

    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def peer_is_me(connection: socket.socket) -> bool:
    """The other end of a Unix socket runs as this user (Linux: SO_PEERCRED; elsewhere the private folder)."""
    import socket

    if not hasattr(socket, "SO_PEERCRED"):
        return True
    import struct

    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", credentials)[1] == os.getuid()


def _program_name() -> str:
    """The name click would give the command in its usage lines (``ecplan``, or ``python -m generator``)."""
    package = getattr(sys.modules.get("__main__"), "__package__", None)
    if package is None:
        return os.path.basename(sys.argv[0])
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    return "python -m " + (package if name == "__main__" else f"{package}.{name}").lstrip(".")


def peer_gone(connection: socket.socket) -> bool:
    """The other end has closed its side of ``connection`` (a caller sends nothing after its request: this is its
    end), or it cannot be read at all."""
    import select
    import socket

    try:
        return bool(select.select([connection], [], [], 0)[0]) and not connection.recv(1, socket.MSG_PEEK)
    except (OSError, ValueError):
        return True


def _streams() -> tuple[list[int], list[list[str | bool | None]]]:
    """The caller's standard streams as descriptors to pass (``/dev/null`` for a closed one), and how Python wraps
    each (encoding, errors, whether it is line-buffered)."""
    descriptors, wrapping = [], []
    for number, stream in enumerate((sys.stdin, sys.stdout, sys.stderr)):
        try:
            os.fstat(number)
            descriptors.append(number)
        except OSError:
            descriptors.append(os.open(os.devnull, os.O_RDWR))
        wrapping.append([getattr(stream, "encoding", None), getattr(stream, "errors", None),
                         bool(getattr(stream, "line_buffering", False)), bool(getattr(stream, "write_through", False))])
    return descriptors, wrapping


def hand_over(argv: list[str]) -> int | None:
    """Runs ``argv`` in the renderer and gives its exit code, or None when the renderer did not take it (then the
    caller runs it itself: nothing has happened yet)."""
    if not wanted(argv):            # (not on Windows, which has no descriptors to pass)
        return None
    home = folder_path()
    if not _own(home):
        return None
    import socket                   # (only now: not on the way of every other command, ecplan --help included)

    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.settimeout(_HANDSHAKE_SECONDS)   # a renderer that does not answer (stopped, stuck): run it here
    try:
        connection.connect(os.path.join(home, "render.sock"))
        if not peer_is_me(connection):
            raise ConnectionRefusedError
        descriptors, wrapping = _streams()
        request = {"argv": list(argv), "prog": _program_name(), "cwd": os.getcwd(), "env": dict(os.environ),
                   "umask": _umask(), "streams": wrapping, "stamp": package_stamp(), "encoding": encoding(),
                   "package": PACKAGE, "ignored": ignored_signals()}
        connection.sendall(json.dumps(request).encode("utf-8") + b"\n")
        lines = connection.makefile("rb")
        started = _answer(lines)                # the streams only to a copy that takes the command: passed to a
        if started and started.get("ready"):    # renderer that does not answer, they stayed open in its queue
            socket.send_fds(connection, [b"\n"], descriptors)
            started = _answer(lines)
        connection.settimeout(None)             # the command itself takes as long as it takes
    except OSError:
        connection.close()
        return None
    if not started or "pid" not in started:
        connection.close()
        return None
    return _wait(connection, lines, int(started["pid"]))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _answer(lines: object) -> dict | None:
    line = lines.readline()  # type: ignore[attr-defined]
    try:
        return json.loads(line) if line else None
    except ValueError:
        return None


def _wait(connection: socket.socket, lines: object, pid: int) -> int:
    """The renderer's exit code, Ctrl-C and the like passed on to it meanwhile. A copy ended by a signal passed on
    (SIGTERM, SIGHUP: ``kill``, ``timeout``, a closed terminal) ends this process by that signal too, as it would
    have ended the command run here."""
    forwarded: list[int] = []

    def forward(number: int, _frame: object) -> None:
        forwarded.append(number)
        _signal(pid, number)

    def suspend(_number: int, _frame: object) -> None:
        """Ctrl-Z: the copy stops with this process, and goes on when it does (fg, bg)."""
        _signal(pid, signal.SIGSTOP)
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)        # this process stops here, until it is continued
        signal.signal(signal.SIGTSTP, suspend)
        _signal(pid, signal.SIGCONT)

    for number in set(FORWARDED) - set(ignored_signals()):
        signal.signal(number, forward)
    if hasattr(signal, "SIGTSTP"):
        signal.signal(signal.SIGTSTP, suspend)
    with connection:
        while True:
            try:
                finished = _answer(lines)
                break
            except InterruptedError:
                continue
            except OSError:
                finished = None
                break
    if finished and isinstance(finished.get("exit"), int):
        return finished["exit"]
    for number in forwarded:
        if number != signal.SIGINT:             # (Ctrl-C the copy answers itself: 已中止, exit code 1)
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)
    sys.stderr.write("ecplan: 常驻 LibreOffice 中的生成过程意外结束，没有完成。请重试，或用 --no-server。\n")
    return 1


def _signal(pid: int, number: int) -> None:
    try:
        os.kill(pid, number)
    except OSError:
        pass

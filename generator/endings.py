"""How a command ends on a signal, in its own process and in a copy of the warm renderer (``office_render``): SIGTERM
and SIGHUP (``kill``, ``timeout``, a closed terminal) let it tidy up first (its scratch folder), then end it by that
signal, as the signal itself would have; a signal the process was started to ignore (``nohup``, a shell's
background job: SIGINT) stays ignored. And how it ends when its output cannot be written (a full disk). Standard
library only: this runs before every command."""

from __future__ import annotations

import errno
import os
import signal
import sys

#: what a caller passes on to the copy that runs its command
FORWARDED = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
                  if hasattr(signal, name))
_ENDING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Ended(BaseException):
    """A command ended by SIGTERM or SIGHUP (``kill``, ``timeout``, a closed terminal), raised where it stands so
    that what it has open is tidied up (its scratch folder) before it ends by that signal, as it would have."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _raise_ended(number: int, _frame: object) -> None:
    raise Ended(number)


def end_cleanly(ignored: tuple[int, ...] = ()) -> None:
    """SIGTERM and SIGHUP raise ``Ended`` — unless ignored (``nohup``), as ``ignored`` ones stay."""
    for number in _ENDING:
        if number in ignored or signal.getsignal(number) == signal.SIG_IGN:
            signal.signal(number, signal.SIG_IGN)
        else:
            signal.signal(number, _raise_ended)


def end_by(number: int) -> None:
    """This process ended by signal ``number`` (after tidying up), as the signal itself would have ended it."""
    sys.stdout.flush()
    signal.signal(number, signal.SIG_DFL)
    os.kill(os.getpid(), number)


def ignored_signals() -> list[int]:
    """The signals this process was started to ignore (``nohup``; a shell's background job: SIGINT)."""
    return [number for number in FORWARDED if signal.getsignal(number) == signal.SIG_IGN]


#: what keeps a command from writing its output, as the planner is told it
_REASONS = {errno.ENOSPC: "磁盘空间不足", getattr(errno, "EDQUOT", -1): "超出磁盘配额", errno.EIO: "输入输出错误",
            errno.EFBIG: "文件过大", errno.EPIPE: "接收输出的程序已经退出"}


def unwritable_output(exc: OSError) -> bool:
    """Whether ``exc`` is a failure to write (a full disk, ``> /dev/full``): the files a command writes report
    theirs themselves (``output``), so one that reaches the entry point is the standard output's. The command then
    says so on standard error, and the rest of its output is dropped so that Python's last flush at exit does not
    fail again with a traceback."""
    if exc.errno not in _REASONS:
        return False
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    try:
        sys.stderr.write(f"ecplan: 无法写出结果：{_REASONS[exc.errno]}。\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass                            # standard error cannot be written either: the exit code says it
    return True

"""Reading a file the user named: a regular file only (a FIFO or /dev/zero would block or never end), never more
than a limit, every failure a message in Chinese."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, BinaryIO, Callable

from generator.errors import InputFileError

#: the largest plan file ecplan reads
MAX_BYTES = 5 * 1024 * 1024


def read_input(path: str | Path, limit: int = MAX_BYTES, what: str = "方案文件") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (``what`` names it in messages)."""
    data = _read(path, what, lambda stream: stream.read(limit + 1))
    if len(data) > limit:
        raise InputFileError(str(path), f"文件过大（超过 {limit // 1024 // 1024} MB 的上限）。", code="Y108")
    return data


#: the largest Word document ecplan reads (a plan with its figures is a few MB)
MAX_DOCUMENT = 200 * 1024 * 1024


def check_document(path: str | Path, what: str = "一份 Word 文档") -> Path:
    """``path`` if it is a regular file of at most MAX_DOCUMENT bytes, before anything opens it as a zip (a pipe or
    a device would block or never end)."""
    size = _read(path, what, lambda stream: os.fstat(stream.fileno()).st_size)
    if size > MAX_DOCUMENT:
        raise InputFileError(str(path), f"文件过大（超过 {MAX_DOCUMENT // 1024 // 1024} MB 的上限）。", code="Y108")
    return Path(path)


def _read(path: str | Path, what: str, reading: Callable[[BinaryIO], Any]) -> Any:
    """``reading`` of the opened file, once it is known to be a regular file; every failure said in Chinese."""
    name = str(path)
    try:
        with open(path, "rb", opener=_no_block) as stream:
            info = os.fstat(stream.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise InputFileError(name, f"这是一个目录，不是{what}。")
            if not stat.S_ISREG(info.st_mode):
                raise InputFileError(name, f"这不是普通文件（是管道、设备或套接字），不能作为{what}读取。")
            return reading(stream)
    except InputFileError:
        raise
    except FileNotFoundError:
        raise InputFileError(name, "文件不存在。") from None
    except IsADirectoryError:
        raise InputFileError(name, f"这是一个目录，不是{what}。") from None
    except PermissionError:
        raise InputFileError(name, "没有读取此文件的权限。") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputFileError(name, f"无法读取文件：{reason}") from None


def _no_block(path: str, flags: int) -> int:
    """Opens without waiting for a FIFO's writer (the type is checked right after)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))

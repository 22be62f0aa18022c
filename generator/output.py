"""Writing output: the guard against overwriting what a user edited, atomic replacement, backups.

The writer says how to recognise its own files (``ours``: each format's ``written_by_ecplan``): a file ecplan wrote
and nobody changed since may be replaced; anything else only with ``--force``, which keeps the old file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from generator.errors import OutputConflictError, RenderError

#: whether bytes are exactly what ecplan wrote (a format's own check)
Recogniser = Callable[[bytes], bool]


def check_writable(path: Path, *, ours: Recogniser | None, source: Path | None = None,
                   force: bool = False) -> Path | None:
    """Raises if ecplan may not write ``path``; returns where the old file will be kept (with ``force``), if needed.
    An existing file is replaced only when ``ours`` recognises it as ecplan's, unchanged (``None``: never).

    Called before expensive work (a PDF conversion) as well as by write_output itself."""
    path = Path(path)
    if source is not None and path.resolve() == Path(source).resolve():
        raise OutputConflictError(f"{path}: 输出文件与输入文件相同，拒绝覆盖输入。请用 -o 指定其他文件名。")
    if not path.parent.exists():
        raise RenderError(f"{path}: 输出目录 {path.parent} 不存在。")
    if path.exists():
        if path.is_dir():
            raise OutputConflictError(f"{path}: 这是一个目录，不能作为输出文件。")
        if ours is None or not ours(path.read_bytes()):
            if not force:
                raise OutputConflictError(
                    f"{path}: 此文件在 ecplan 生成后被修改过（或不是 ecplan 生成的），为免丢失修改，拒绝覆盖。"
                    "请另选输出文件名，或加 --force 覆盖（原文件会另存为 .bak）。")
            return path.with_name(path.name + ".bak")
    return None


def write_output(path: Path, data: bytes, *, ours: Recogniser | None, source: Path | None = None,
                 force: bool = False) -> Path | None:
    """Writes atomically; refuses to replace a file edited since ecplan wrote it unless ``force`` (which keeps a
    ``.bak``). Returns the backup's path, if one was made."""
    path = Path(path)
    backup = check_writable(path, source=source, force=force, ours=ours)
    atomic_write(path, data, backup)
    return backup


def atomic_write(path: Path, data: bytes, backup: Path | None = None) -> None:
    """``data`` to ``path`` through a temporary file in the same directory: readers see the old or the new file,
    never a part. With ``backup`` the old file is moved there first."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except PermissionError:
        raise RenderError(f"{path}: 没有写入目录 {path.parent} 的权限。") from None
    except OSError as exc:
        raise RenderError(f"{path}: 无法在 {path.parent} 创建文件：{exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        if backup is not None:
            os.replace(path, backup)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        reason = "磁盘空间不足" if exc.errno == 28 else (exc.strerror or str(exc))
        raise RenderError(f"{path}: 写入失败（{reason}），原有文件未改动。") from None

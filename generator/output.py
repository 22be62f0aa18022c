"""Writing output: the guard against overwriting what a user edited, atomic replacement, backups.

The writer says how to recognise its own files (``ours``: each format's ``written_by_ecplan``): a file ecplan wrote
and nobody changed since may be replaced; anything else only with ``--force``, which keeps the old file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from generator.errors import OutputConflictError, RenderError

#: whether bytes are exactly what ecplan wrote (a format's own check)
Recogniser = Callable[[bytes], bool]


def check_writable(path: Path, *, ours: Recogniser | None, source: Path | None = None,
                   force: bool = False) -> bool:
    """Raises if ecplan may not write ``path``; returns whether the file there must be kept as a backup first
    (``force`` over a file ecplan does not recognise as its own, unchanged; ``ours`` None: it never does).

    Called before expensive work (a PDF conversion) as well as by write_output itself, under the lock."""
    path = real_target(Path(path))
    if source is not None and path.resolve() == Path(source).resolve():
        raise OutputConflictError(f"{path}: 输出文件与输入文件相同，拒绝覆盖输入。请用 -o 指定其他文件名。")
    if not path.parent.exists():
        raise RenderError(f"{path}: 输出目录 {path.parent} 不存在。")
    if not path.exists():
        return False
    if not path.is_file():
        raise OutputConflictError(f"{path}: 这不是普通文件（是目录或设备），不能作为输出文件。")
    try:
        recognised = ours is not None and ours(path.read_bytes())
    except OSError as exc:
        raise RenderError(f"{path}: 无法读取已有的文件：{exc.strerror or exc}") from None
    if recognised:
        return False
    if not force:
        raise OutputConflictError(
            f"{path}: 此文件在 ecplan 生成后被修改过（或不是 ecplan 生成的），为免丢失修改，拒绝覆盖。"
            "请另选输出文件名，或加 --force 覆盖（原文件会另存为 .bak）。")
    return True


def write_output(path: Path, data: bytes, *, ours: Recogniser | None, source: Path | None = None,
                 force: bool = False) -> Path | None:
    """Writes atomically; refuses to replace a file edited since ecplan wrote it unless ``force``, which keeps it
    as a numbered backup that is never overwritten. The check, the backup and the replacement happen under one
    lock, so two ecplan runs writing the same file cannot lose an edit between them. Through a symbolic link,
    the file it points to is written and the link stays. Returns the backup's path, if one was made."""
    path = real_target(Path(path))
    with locked(path):
        keep = check_writable(path, source=source, force=force, ours=ours)
        return atomic_write(path, data, keep_old=keep)


def real_target(path: Path) -> Path:
    """Where writing ``path`` should go: through a symbolic link, the file it points to."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Holds an exclusive lock on the directory of ``path`` (POSIX): ecplan runs writing there take turns for the
    moment of checking, keeping and replacing a file. Elsewhere (or where the directory cannot be locked) runs
    are not serialised."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    try:
        handle = os.open(path.parent, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def next_backup(path: Path) -> Path:
    """The first of ``X.bak``, ``X.bak1``, ``X.bak2`` … that does not exist."""
    candidate, number = path.with_name(path.name + ".bak"), 1
    while os.path.lexists(candidate):
        candidate, number = path.with_name(f"{path.name}.bak{number}"), number + 1
    return candidate


def keep_backup(path: Path, *, copy: bool = False) -> Path:
    """Keeps the file at ``path`` as a new backup beside it, never replacing a file that exists: a second name for
    it (before ``path`` is replaced by another file), or a copy with its mode (``copy``, or where links are not
    possible)."""
    while True:
        backup = next_backup(path)
        try:
            if copy:
                raise OSError("copy asked for")
            os.link(path, backup)
            return backup
        except FileExistsError:
            continue  # taken since we looked: take the next number
        except OSError:
            try:
                with open(path, "rb") as source, open(backup, "xb") as target:
                    shutil.copyfileobj(source, target)
                shutil.copymode(path, backup)
                return backup
            except FileExistsError:
                continue


def new_file_mode() -> int:
    """The mode a new file gets from the user's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, data: bytes, keep_old: bool = False) -> Path | None:
    """``data`` to ``path`` through a temporary file in the same directory: readers see the old or the new file,
    never a part. A file replaced keeps its mode; a new file gets the umask's. With ``keep_old`` the old file is
    kept as a numbered backup first, whose path is returned."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except PermissionError:
        raise RenderError(f"{path}: 没有写入目录 {path.parent} 的权限。") from None
    except OSError as exc:
        raise RenderError(f"{path}: 无法在 {path.parent} 创建文件：{exc.strerror or exc}") from None
    backup = None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode) if path.exists() else new_file_mode())
        if keep_old and path.exists():
            backup = keep_backup(path)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        reason = "磁盘空间不足" if exc.errno == 28 else (exc.strerror or str(exc))
        raise RenderError(f"{path}: 写入失败（{reason}），原有文件未改动。") from None
    return backup


def rewrite_in_place(path: Path, data: bytes) -> None:
    """``data`` into the file at ``path`` itself, for a file with several hard links (replacing it would split
    them). Not atomic: callers keep a backup first."""
    try:
        with open(path, "r+b") as stream:
            stream.write(data)
            stream.truncate()
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as exc:
        reason = "磁盘空间不足" if exc.errno == 28 else (exc.strerror or str(exc))
        raise RenderError(f"{path}: 写入失败（{reason}）；原文件已先另存为备份。") from None

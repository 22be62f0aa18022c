"""Where ecplan keeps what it can reuse between runs: prepared templates, compiled templates and drawn figures.

``ECPLAN_CACHE_DIR`` chooses the directory (default: the user's cache directory, ``~/.cache/ecplan``);
``ECPLAN_CACHE_DIR=off`` turns caching off. Everything kept is keyed by its full input, so a stale entry is never
used; deleting the directory is always safe.

Compiled templates are code that runs, so nobody else may plant one: the directory is made private (0700) and used
only when it belongs to the user and no one else can write to it, and every entry carries a MAC made with a key
kept in that directory — an entry ecplan did not write itself is ignored. Entries over 64 MB are not kept, and a
folder past 256 MB loses its oldest entries.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import os
import stat
import tempfile
from pathlib import Path

MAX_ENTRY = 64 * 1024 * 1024
MAX_FOLDER = 256 * 1024 * 1024
_MAC = 32


def cache_root() -> Path | None:
    configured = os.environ.get("ECPLAN_CACHE_DIR")
    if configured is not None and configured.strip().lower() in ("", "0", "off", "no"):
        return None
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ecplan"


def _private(directory: Path) -> bool:
    """Makes ``directory`` (0700) if needed; whether it is the user's own and nobody else can write to it."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if not hasattr(os, "getuid"):  # Windows: the user's profile directory is private already
        return True
    if info.st_uid != os.getuid():
        return False
    if info.st_mode & 0o077:
        try:
            os.chmod(directory, 0o700)
        except OSError:
            return False
    return True


def folder(name: str) -> Path | None:
    """The cache folder ``name`` when the cache is on and private, else None (nothing is then kept)."""
    root = cache_root()
    if root is None or not _private(root) or not _private(root / name):
        return None
    return root / name


_KEYS: dict[Path, bytes] = {}


def _key(root: Path) -> bytes | None:
    """The secret that authenticates this cache's entries (made on first use, readable by the user alone; read
    once per process)."""
    if root in _KEYS:
        return _KEYS[root]
    path = root / "key"
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as stream:
            import secrets  # only here, where a new cache folder's key is made

            stream.write(secrets.token_bytes(32))
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or (hasattr(os, "getuid") and (info.st_uid != os.getuid()
                                                                      or info.st_mode & 0o077)):
            return None
        key = path.read_bytes()
    except OSError:
        return None
    if len(key) != 32:
        return None
    _KEYS[root] = key
    return key


def _mac(key: bytes, name: str, data: bytes) -> bytes:
    return hmac.new(key, name.encode("utf-8") + b"\0" + data, hashlib.sha256).digest()


def keep(where: Path, name: str, data: bytes) -> None:
    """Best effort, atomic, authenticated: a cache that cannot be written only costs time, and leaves no part."""
    key = _key(where.parent)
    if key is None or len(data) > MAX_ENTRY:
        return
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(_mac(key, name, data) + data)
        os.replace(temporary, where / name)
        temporary = None
        _trim(where)
    except OSError:
        pass
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def fetch(where: Path, name: str) -> bytes | None:
    """An entry exactly as ecplan kept it, or None (missing, damaged, or not written by ecplan)."""
    key = _key(where.parent)
    try:
        framed = (where / name).read_bytes() if key is not None else b""
    except OSError:
        return None
    if len(framed) < _MAC or not hmac.compare_digest(framed[:_MAC], _mac(key or b"", name, framed[_MAC:])):
        return None
    return framed[_MAC:]


def _trim(where: Path) -> None:
    """Keeps a folder under MAX_FOLDER by removing its oldest entries."""
    entries = []
    for entry in os.scandir(where):
        if entry.is_file(follow_symlinks=False):
            info = entry.stat(follow_symlinks=False)
            entries.append((info.st_mtime, info.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    if total <= MAX_FOLDER:
        return
    for _, size, path in sorted(entries):
        if total <= MAX_FOLDER * 3 // 4:
            break
        Path(path).unlink(missing_ok=True)
        total -= size


def package_stamp(name: str, module: str = "__init__.py") -> str:
    """Which installation of a package made a cached entry (size and time of one of its files), found without
    importing it or reading its metadata: a package upgraded or replaced gives another stamp. "-" if absent."""
    try:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            return "-"
        info = (Path(spec.origin).parent / module).stat()
    except (ImportError, ValueError, OSError):
        return "-"
    return f"{info.st_size}:{info.st_mtime_ns}"

"""Where ecplan keeps what it can reuse between runs: drawn figures and compiled templates.

``ECPLAN_CACHE_DIR`` chooses the directory (default: the user's cache directory, ``~/.cache/ecplan``);
``ECPLAN_CACHE_DIR=off`` turns caching off. Everything kept is keyed by its full input, so a stale entry is never
used; deleting the directory is always safe.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path


def cache_root() -> Path | None:
    configured = os.environ.get("ECPLAN_CACHE_DIR")
    if configured is not None and configured.strip().lower() in ("", "0", "off", "no"):
        return None
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ecplan"


def keep(folder: Path, name: str, data: bytes) -> None:
    """Best effort, atomic: a cache that cannot be written only costs time."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, folder / name)
    except OSError:
        pass


def package_stamp(name: str, module: str = "__init__.py") -> str:
    """Which installation of a package made a cached entry (size and time of one of its files), found without
    importing it or reading its metadata: a package upgraded or replaced gives another stamp. "-" if absent."""
    try:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            return "-"
        stat = (Path(spec.origin).parent / module).stat()
    except (ImportError, ValueError, OSError):
        return "-"
    return f"{stat.st_size}:{stat.st_mtime_ns}"

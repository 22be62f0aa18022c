"""The workbench's folder of plans: names confined to it, the plan list as ``ecplan status`` sees it, and saving —
atomic, refused when the file changed since the page read it, the version before each save kept (a short history
that can be restored)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import EcplanError

HISTORY = ".ecplan-history"
KEPT = 20                      # versions kept per plan
SUFFIXES = (".yaml", ".yml")


class Refused(EcplanError):
    """A request the workbench will not carry out (its message, in Chinese, says why); ``status`` is the HTTP one."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class Stale(Refused):
    """The file changed on disk since the page loaded it: nothing was written."""

    def __init__(self, name: str):
        super().__init__(f"{name} 在你打开之后已被改动（可能是别人，或在其他程序中），为免覆盖，这次没有保存。"
                         "请重新载入后再改。", 409)


def version_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


@dataclass(frozen=True)
class Saved:
    version: str
    kept: Path | None          # the version before, in the history


class Workspace:
    def __init__(self, root: str | Path):
        self.root = Path(os.path.realpath(root))
        if not self.root.is_dir():
            raise Refused(f"{root} 不是目录。")

    def plans(self) -> list[str]:
        """The plan files of the workspace (shared files starting with _ and the history left out), by name."""
        found = []
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            if path.suffix.lower() in SUFFIXES and path.is_file() and not path.name.startswith("_") \
                    and not any(part.startswith(".") for part in relative.parts) and self._inside(path):
                found.append(relative.as_posix())
        return found

    def _inside(self, path: Path) -> bool:
        return os.path.realpath(path).startswith(str(self.root) + os.sep)

    def path_of(self, name: str, *, existing: bool = True) -> Path:
        """The file ``name`` names in the workspace; refused when it leads out of it (``..``, an absolute path, a
        link), is hidden, or is not a plan file."""
        parts = Path(name).parts
        if not name or Path(name).is_absolute() or ".." in parts or any(part.startswith(".") for part in parts) \
                or "\\" in name or "\0" in name:
            raise Refused(f"“{name[:80]}”不是工作区中的文件。", 404)
        path = self.root / name
        if path.suffix.lower() not in SUFFIXES or not self._inside(path):
            raise Refused(f"“{name[:80]}”不是工作区中的方案文件。", 404)
        if existing and not path.is_file():
            raise Refused(f"工作区中没有“{name[:80]}”。", 404)
        return path

    def read(self, name: str) -> tuple[str, str]:
        """The text of a plan and its version (a hash of its bytes)."""
        from generator.fix import decode
        from generator.readers.files import read_input

        raw = read_input(self.path_of(name))
        text, _ = decode(raw, name)
        return text, version_of(raw)

    def save(self, name: str, text: str, version: str) -> Saved:
        """``text`` written as the plan ``name`` if it is still the ``version`` the page read; the version before
        kept in the history."""
        from generator.output import atomic_write, locked, real_target

        path = self.path_of(name)
        target = real_target(path)
        with locked(target):
            before = target.read_bytes()
            if version_of(before) != version:
                raise Stale(name)
            if before == text.encode("utf-8"):
                return Saved(version, None)         # nothing changed: nothing written, no version kept
            kept = self._keep(name, before)
            atomic_write(target, text.encode("utf-8"))
        return Saved(version_of(text.encode("utf-8")), kept)

    def create(self, name: str, text: str) -> Path:
        path = self.path_of(name, existing=False)
        if os.path.lexists(path):
            raise Refused(f"工作区中已有“{name}”，没有覆盖。换一个名字。", 409)
        from generator.output import atomic_write

        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"))
        return path

    def replace_workbook(self, name: str, data: bytes) -> Path:
        """The workbook the plan ``name`` reads its tables from (``tables:``) replaced by ``data`` (an .xlsx), the
        one before kept in the history."""
        import io
        import zipfile

        from generator.output import atomic_write, locked, real_target

        text, _ = self.read(name)
        named = _tables_of(text)
        if not named:
            raise Refused("这个方案没有写 tables:（附表工作簿），不需要上传工作簿。", 400)
        target = self.path_of_file(str(Path(name).parent / named), (".xlsx",))
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                readable = "xl/workbook.xml" in archive.namelist()
        except zipfile.BadZipFile:
            readable = False
        if not readable:
            raise Refused("上传的文件不是 Excel 工作簿（.xlsx）。", 400)
        with locked(real_target(target)):
            if target.exists():
                self._keep(str(Path(name).parent / named), target.read_bytes(), ".xlsx")
            atomic_write(real_target(target), data)
        return target

    def path_of_file(self, name: str, suffixes: tuple[str, ...]) -> Path:
        """A file of the workspace other than a plan (a workbook), confined as plans are."""
        parts = Path(name).parts
        path = self.root / name
        if Path(name).is_absolute() or ".." in parts or path.suffix.lower() not in suffixes or not self._inside(path):
            raise Refused(f"“{name[:80]}”不在工作区中。", 404)
        return path

    # --- history ----------------------------------------------------------------------------------------------

    def _history(self, name: str) -> Path:
        return self.root / HISTORY / name

    def _keep(self, name: str, data: bytes, suffix: str = ".yaml") -> Path:
        folder = self._history(name)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        kept = folder / f"{stamp}-{version_of(data)[:8]}{suffix}"
        kept.write_bytes(data)
        for old in sorted(folder.glob(f"*{suffix}"))[:-KEPT]:
            old.unlink()
        return kept

    def history(self, name: str) -> list[tuple[str, str, int]]:
        """The kept versions of a plan, newest first: (id, when, size in bytes)."""
        self.path_of(name)
        folder = self._history(name)
        entries = []
        for kept in sorted(folder.glob("*.yaml"), reverse=True) if folder.is_dir() else []:
            day, time, _, _ = (kept.stem.split("-") + ["", "", "", ""])[:4]
            when = f"{day[:4]}-{day[4:6]}-{day[6:]} {time[:2]}:{time[2:4]}:{time[4:]}"
            entries.append((kept.stem, when, kept.stat().st_size))
        return entries

    def restore(self, name: str, kept_id: str, version: str) -> Saved:
        """A kept version made the plan again (the present one kept in its turn)."""
        if "/" in kept_id or "\\" in kept_id or kept_id.startswith(".") or not kept_id:
            raise Refused("没有这个历史版本。", 404)
        kept = self._history(name) / f"{kept_id}.yaml"
        if not kept.is_file():
            raise Refused("没有这个历史版本。", 404)
        return self.save(name, kept.read_bytes().decode("utf-8"), version)


def _tables_of(text: str) -> str | None:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    named = data.get("tables") if isinstance(data, dict) else None
    return named.strip() if isinstance(named, str) and named.strip() else None

"""Pictures of a PDF's pages (``--png``), written as ``<name>-<page>.png`` into a directory the user names.

The directory may hold the user's own files. ecplan keeps a list of the pictures it wrote there, with a hash of
each (``.ecplan-pages.json``): the next run replaces those of them that nobody has changed, and nothing else —
a picture of the same name that ecplan did not write (or that was edited) stops the run, and files that merely
share the prefix (``plan-cover.png``) are neither counted nor removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.errors import OfficeError
from generator.lazy import Pattern
from generator.office import install_hint

MANIFEST = ".ecplan-pages.json"
_NAME = Pattern(r"(?P<stem>.+)-\d+\.png")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(directory: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _ours(directory: Path, written: dict[str, str]) -> set[str]:
    """The pictures ecplan wrote earlier that are still as it wrote them."""
    return {name for name, digest in written.items()
            if isinstance(digest, str) and (directory / name).is_file() and _digest(directory / name) == digest}


def page_images(pdf: Path, directory: Path, dpi: int = 60) -> list[Path]:
    """The pages of ``pdf`` as PNG pictures (``pdftoppm``) in ``directory``, in page order; the pictures of an
    earlier run for the same name are replaced (also when that PDF had more pages)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise OfficeError(f"未找到 pdftoppm，无法生成页面图片。{install_hint('poppler-utils')}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".ecplan-pages-", dir=directory))
    except OSError as exc:
        raise OfficeError(f"无法在 {directory} 写入页面图片：{exc.strerror or exc}") from None
    try:
        result = subprocess.run([pdftoppm, "-r", str(dpi), "-png", str(pdf), str(scratch / pdf.stem)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise OfficeError(f"pdftoppm 未能生成页面图片：{result.stderr.strip()}")
        manifest = _manifest(directory)
        earlier = manifest.get(pdf.stem) if isinstance(manifest.get(pdf.stem), dict) else {}
        ours = _ours(directory, earlier)
        pages = sorted((new for new in scratch.iterdir() if _NAME.fullmatch(new.name)),
                       key=lambda path: int(path.stem.rpartition("-")[2]))
        taken = [new.name for new in pages if (directory / new.name).exists() and new.name not in ours]
        if taken:
            raise OfficeError(f"{directory / taken[0]} 已存在，且不是 ecplan 生成的页面图片（或生成后改过），未覆盖。"
                              "请移走它，或用 --png 另选目录。")
        for old in ours - {new.name for new in pages}:
            (directory / old).unlink()          # the pages of a longer PDF before
        for new in pages:
            os.replace(new, directory / new.name)
        manifest[pdf.stem] = {new.name: _digest(directory / new.name) for new in pages}
        (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True),
                                          encoding="utf-8")
    except OSError as exc:
        raise OfficeError(f"无法在 {directory} 写入页面图片：{exc.strerror or exc}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [directory / new.name for new in pages]

"""The preview beside a chapter's form: pictures of the pages of the saved plan's draft, made by the long-lived
office and kept in the server's own folder, one set per plan (the latest version), one made at a time."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

from flask import abort, current_app, render_template, send_file

from generator.errors import EcplanError, InvalidPlanError
from generator.web.views import opened, workspace

_PREVIEWING = threading.Lock()


def preview(name: str) -> Any:
    """Pictures of the pages of the plan as it is saved (its draft: gaps marked), made by the long-lived office; a
    fragment the page loads after each save."""
    _, version, _, _ = opened(name)
    pages_of = _preview_pages(name, version)
    if isinstance(pages_of, str):
        return render_template("_message.html", message=pages_of, kind="note")
    return render_template("_preview.html", name=name, version=version, count=len(pages_of))


def preview_page(name: str, version: str, number: int) -> Any:
    pictures = _preview_pages(name, version, make=False)
    if isinstance(pictures, str) or not 1 <= number <= len(pictures):
        abort(404)
    return send_file(pictures[number - 1], mimetype="image/png", max_age=3600)


def _preview_pages(name: str, version: str, make: bool = True) -> list[Path] | str:
    """The page pictures of ``name`` at ``version`` (kept in the server's own folder), made when missing; or what
    stands in the way, said for the page."""
    from generator.formats.pdf_images import page_images
    from generator.options import RenderOptions
    from generator.pipeline import render_file
    from generator.web.workspace import version_of

    folder = Path(current_app.extensions["ecplan"]["previews"]) / version_of(name.encode())[:12] / version
    done = folder / "done"
    if done.exists():
        return sorted(folder.glob("page-*.png"), key=lambda path: int(path.stem.rpartition("-")[2]))
    if not make:
        return "没有这个预览。"
    with _PREVIEWING:                       # one at a time: two pages asking for the same one wait for the first
        if done.exists():
            return _preview_pages(name, version, make=False)
        for older in folder.parent.glob("*"):           # the pictures of earlier versions of this plan
            shutil.rmtree(older, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            rendered = render_file(workspace().path_of(name), RenderOptions(
                output=str(folder / "page.docx"), pdf=True, draft=True, force=True))
            pictures = page_images(Path(rendered.written.pdf), folder, dpi=50)
        except InvalidPlanError as exc:
            return f"方案还有 {len(exc.report.errors)} 处错误，改正并保存后这里显示文档的样子。"
        except EcplanError as exc:
            return f"暂时无法预览：{exc}"
        done.write_text("", encoding="utf-8")
    return pictures

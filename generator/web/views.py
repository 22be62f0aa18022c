"""The workbench's pages and actions. Every action names a plan by its path in the workspace; every change is a
POST (the CSRF check is in ``create_app``)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import Response, abort, current_app, redirect, render_template, request, send_file, session, url_for

from generator.errors import EcplanError, InvalidPlanError
from generator.web import pages
from generator.web.workspace import Refused, Stale, Workspace


def workspace() -> Workspace:
    return current_app.extensions["ecplan"]["workspace"]


def _notice(html: str, status: int) -> Any:
    """An answer to the page's own request shown in its notice (out of band), the findings left as they are: a
    check answered after it must not take it away."""
    return Response(html, status=status, headers={"HX-Reswap": "none"})


def refused(error: Refused) -> Any:
    if request.headers.get("HX-Request"):
        return _notice(render_template("_message.html", message=str(error), kind="error", oob=True), error.status)
    return render_template("message.html", message=str(error)), error.status


def failed(error: EcplanError) -> Any:
    """Any other of ecplan's errors (a file that cannot be rewritten in place, say): its message, nothing written."""
    if request.headers.get("HX-Request"):
        return _notice(render_template("_message.html", message=str(error), kind="error", oob=True), 400)
    return render_template("message.html", message=str(error)), 400


def too_large(_: Any) -> Any:
    limit = current_app.config["MAX_CONTENT_LENGTH"] // 1024 // 1024
    return render_template("message.html", message=f"提交的内容超过 {limit} MB 的上限，没有接收。"), 413


def forbidden(_: Any) -> Any:
    return render_template("message.html", message="页面已过期（或请求不是从本工作台发出的），请刷新页面后再试。"), 403


def login() -> Any:
    wrong = request.method == "POST"
    return render_template("login.html", wrong=wrong), (403 if wrong else 200)


def plan_list() -> Any:
    from generator import doctypes
    from generator.status import progress

    rows = []
    for name in workspace().plans():
        state = progress(workspace().path_of(name))
        try:
            _, _, data, doctype = opened(name)
            cover = data.get("cover") if isinstance(data.get("cover"), dict) else {}
            kind, stage = doctype.label, cover.get("stage") or ""
        except Exception:  # noqa: BLE001 — the row says the file cannot be read (state.unreadable)
            kind, stage = "", ""
        state.unreadable = state.unreadable.replace(f"{workspace().root}/", "")    # no server paths shown
        rows.append((name, state, kind, stage))
    types = [(doctype.name, doctype.label) for doctype in doctypes.REGISTRY.values() if doctype.scaffold]
    return render_template("plans.html", rows=rows, types=types, csrf=session["csrf"])


def new_plan() -> Any:
    from generator import doctypes
    from generator.scaffold import scaffold

    name = request.form.get("name", "").strip()
    name = name if name.lower().endswith((".yaml", ".yml")) else f"{name}.yaml"
    doctype = doctypes.REGISTRY.get(request.form.get("type", "city"))
    if doctype is None or not doctype.scaffold or name == ".yaml":
        raise Refused("请填写文件名并选择方案类型。")
    workspace().create(name, scaffold(doctype))
    return redirect(url_for("chapter", name=name, key="cover"))


def opened(name: str) -> tuple[str, str, dict[str, Any], Any]:
    text, version = workspace().read(name)
    data = pages.loaded(text, name)
    return text, version, data, pages.doctype_of(data, name)


def plan(name: str) -> Any:
    return redirect(url_for("chapter", name=name, key="cover"))


def chapter(name: str, key: str) -> Any:
    text, version, data, doctype = opened(name)
    form = pages.form_of(doctype, data, key)
    found = pages.findings(workspace(), name, text, key, pages.form_fields.names_of(form))
    return render_template("chapter.html", name=name, key=key, form=form, version=version, found=found,
                           chapters=pages.chapters(doctype), doctype=doctype, extends=data.get("extends"),
                           tables=data.get("tables"), csrf=session["csrf"], plan_name=name, chapter_key=key,
                           saved=bool(request.args.get("saved")))


def check(name: str, key: str) -> Any:
    text, _, data, doctype = opened(name)
    pages.form_of(doctype, data, key)
    draft = pages.drafted(doctype, text, data, key, request.form, name)
    found = pages.findings(workspace(), name, draft.text, key, draft.read.names)
    return render_template("_findings.html", found=found, key=key, name=name, chapters=pages.chapters(doctype))


def save(name: str, key: str) -> Any:
    text, _, data, doctype = opened(name)
    pages.form_of(doctype, data, key)
    draft = pages.drafted(doctype, text, data, key, request.form, name)
    try:
        saved = workspace().save(name, draft.text, request.form.get("version", ""))
    except Stale as exc:
        return _notice(render_template("_stale.html", message=str(exc), name=name, key=key), 409)
    if draft.read.origins:                  # items added, removed or moved: the page's item keys are the file's
        response = Response("")             # old places, so it is loaded again from the file as saved
        response.headers["HX-Redirect"] = url_for("chapter", name=name, key=key, saved=1)
        response.headers["HX-Trigger"] = "ecplan-saved"     # saved: leaving the page asks nothing
        return response
    found = pages.findings(workspace(), name, draft.text, key, draft.read.names)
    response = Response(render_template("_findings.html", found=found, key=key, name=name, saved=True,
                                        chapters=pages.chapters(doctype), version=saved.version))
    response.headers["HX-Trigger"] = "ecplan-saved"
    return response


def new_item(name: str, key: str) -> Any:
    """A new, empty item for the list ``list`` of this chapter (its fields, under a new key)."""
    import secrets

    _, _, data, doctype = opened(name)
    list_name = request.args.get("list", "")
    rules = _rules_at(doctype.schema, list_name)
    if not list_name.startswith(key) or rules is None or rules.get("type") != "list":
        raise Refused("没有这个列表。", 404)
    item_key = "n" + secrets.token_hex(4)
    fields = pages.form_fields.item_fields(rules["schema"], None, list_name, (), item_key)
    return render_template("_item.html", list_name=list_name, item_key=item_key, fields=fields,
                           label=rules["schema"].get("meta", {}).get("label", ""), plan_name=name, chapter_key=key)


def history(name: str) -> Any:
    _, version, _, _ = opened(name)
    return render_template("history.html", name=name, entries=workspace().history(name), version=version,
                           csrf=session["csrf"], restored=bool(request.args.get("restored")))


def restore(name: str, kept: str) -> Any:
    try:
        workspace().restore(name, kept, request.form.get("version", ""))
    except Stale as exc:
        return render_template("message.html", message=str(exc)), 409
    return redirect(url_for("history", name=name, restored=1))


def download(name: str, kind: str) -> Any:
    """The plan as a .docx, a draft .docx (placeholders marked, the list of gaps at the end) or a PDF."""
    import io

    from generator.options import RenderOptions
    from generator.pipeline import render_file

    if kind not in ("docx", "draft", "pdf"):
        abort(404)
    source, back = workspace().path_of(name), url_for("chapter", name=name, key="cover")
    with tempfile.TemporaryDirectory(prefix="ecplan-serve-") as folder:
        target = Path(folder) / (Path(name).stem + ".docx")
        options = RenderOptions(output=str(target), draft=kind == "draft", pdf=kind == "pdf", force=True)
        try:
            rendered = render_file(source, options)
        except InvalidPlanError as exc:
            errors = exc.report.errors
            return render_template("message.html", message=f"方案还有 {len(errors)} 处错误，不能生成文档。请先在各章改正"
                                   "（每章的问题列在表单旁）：", details=[e.format() for e in errors[:20]],
                                   back=back), 422
        except EcplanError as exc:
            return render_template("message.html", message=str(exc), back=back), 503
        produced = rendered.written.pdf if kind == "pdf" else rendered.written.output
        data = Path(produced).read_bytes()
    suffix = {"docx": ".docx", "draft": "-草稿.docx", "pdf": ".pdf"}[kind]
    return send_file(io.BytesIO(data), as_attachment=True, download_name=Path(name).stem + suffix)


def upload_workbook(name: str) -> Any:
    """The plan's 附表 workbook, filled in by the departments, uploaded in place of the one in the workspace."""
    sent = request.files.get("workbook")
    if sent is None or not sent.filename:
        raise Refused("请选择要上传的工作簿（.xlsx）。")
    target = workspace().replace_workbook(name, sent.read())
    return render_template("message.html", message=f"已上传 {target.name}，方案的表格从中读取。",
                           back=url_for("chapter", name=name, key="cover"), kind="ok")


def favicon() -> Any:
    return Response(status=204)


def register(app: Any) -> None:
    """Every page and action of the workbench on ``app``."""
    app.add_url_rule("/favicon.ico", view_func=favicon)
    app.register_error_handler(Refused, refused)
    app.register_error_handler(EcplanError, failed)
    app.register_error_handler(413, too_large)
    app.register_error_handler(403, forbidden)
    app.add_url_rule("/login", view_func=login, methods=["GET", "POST"])
    app.add_url_rule("/", view_func=plan_list)
    app.add_url_rule("/new", view_func=new_plan, methods=["POST"])
    app.add_url_rule("/plan/<path:name>/", view_func=plan)
    app.add_url_rule("/plan/<path:name>/chapter/<key>", view_func=chapter)
    app.add_url_rule("/plan/<path:name>/chapter/<key>/check", view_func=check, methods=["POST"])
    app.add_url_rule("/plan/<path:name>/chapter/<key>/save", view_func=save, methods=["POST"])
    app.add_url_rule("/plan/<path:name>/chapter/<key>/item", view_func=new_item, methods=["GET"])
    app.add_url_rule("/plan/<path:name>/history", view_func=history)
    app.add_url_rule("/plan/<path:name>/history/<kept>/restore", view_func=restore, methods=["POST"])
    app.add_url_rule("/plan/<path:name>/download/<kind>", view_func=download, methods=["GET"])
    from generator.web.preview import preview, preview_page

    app.add_url_rule("/plan/<path:name>/preview", view_func=preview)
    app.add_url_rule("/plan/<path:name>/workbook", view_func=upload_workbook, methods=["POST"])
    app.add_url_rule("/plan/<path:name>/preview/<version>/<int:number>.png", view_func=preview_page)


def _rules_at(schema: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The rules of the field a form name names (a list item's key stands for any item)."""
    from generator.labels import field_rules

    return field_rules(schema, tuple(0 if part.startswith("[") else part for part in name.split(".")))

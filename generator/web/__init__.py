"""``ecplan serve``: the planner's workbench in the browser (Flask, Jinja2 and htmx, every script and style shipped
in the package, so it works with no network).

The YAML files stay the one source of truth: each page reads the file, each save rewrites it in place
(``yaml_edit``: comments, order and layout of what the form did not change are kept) after keeping the version
before, and a file changed on disk since the page loaded it is never overwritten.

Safety: on loopback only, unless the operator sets a token (``--token`` or ``ECPLAN_SERVE_TOKEN``), which every
browser then gives once to open a session; every change is a POST carrying the session's CSRF token; paths are
confined to the workspace; requests are capped at ``MAX_REQUEST`` bytes.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path
from typing import Any

MAX_REQUEST = 8 * 1024 * 1024
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def missing_flask() -> str | None:
    try:
        import flask  # noqa: F401
    except ImportError:
        return "ecplan serve 需要 Flask：pip install 'ecplan[serve]'（或 pip install flask）"
    return None


def create_app(workspace: str | Path, token: str | None = None) -> Any:
    """The workbench over the plans in ``workspace``; with ``token``, a browser must give it before anything."""
    from flask import Flask, abort, redirect, request, session, url_for

    from generator.web.workspace import Workspace

    here = Path(__file__).parent
    app = Flask(__name__, template_folder=str(here / "templates"), static_folder=str(here / "static"))
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=MAX_REQUEST, MAX_FORM_MEMORY_SIZE=MAX_REQUEST,
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
                      TEMPLATES_AUTO_RELOAD=False, JSON_AS_ASCII=False)
    import atexit
    import shutil
    import tempfile

    previews = tempfile.mkdtemp(prefix="ecplan-serve-")          # the server's own: page pictures of previews
    atexit.register(shutil.rmtree, previews, True)
    app.extensions["ecplan"] = {"workspace": Workspace(workspace), "token": token, "previews": previews}
    from generator.web.fields import rows

    app.jinja_env.globals["rows"] = rows

    @app.before_request
    def guard() -> Any:
        if request.endpoint == "static":
            return None
        if token and not session.get("signed_in"):
            given = request.args.get("token") or request.form.get("token")
            if given and hmac.compare_digest(given.encode(), token.encode()):
                session.clear()
                session["signed_in"] = True
                return redirect(request.path)
            if request.endpoint != "login":
                return redirect(url_for("login", next=request.path))
            return None
        session.setdefault("csrf", secrets.token_urlsafe(24))
        if request.method == "POST" and request.endpoint != "login":
            sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf", "")
            if not hmac.compare_digest(sent.encode(), session["csrf"].encode()):
                abort(403)
        return None

    from generator.web.views import register

    register(app)
    return app


def serve(workspace: str, host: str, port: int, token: str | None, browser: bool) -> None:
    """Runs the workbench until interrupted (the command's recipe)."""
    from generator.errors import SettingError

    token = token or os.environ.get("ECPLAN_SERVE_TOKEN") or None
    if host not in LOOPBACK and not token:
        raise SettingError(f"在 {host} 上提供服务（其他电脑可以访问）必须设置口令：--token 口令，或环境变量 "
                           "ECPLAN_SERVE_TOKEN。只在本机使用时不必加 --host。")
    from werkzeug.serving import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args: object) -> None:      # a planner's console is not an access log
            pass

    import socket

    from generator import collector

    collector.resume()                      # a long-running process: its collector runs from the start
    app = create_app(workspace, token)
    try:                                    # werkzeug would say it in English and exit
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError:
        raise SettingError(f"无法在 {host}:{port} 上提供服务：这个端口已被其他程序占用（或地址不是本机的），"
                           "用 --port 换一个端口。") from None
    server = make_server(host, port, app, threaded=True, request_handler=Quiet)
    url = f"http://{'127.0.0.1' if host in LOOPBACK else host}:{port}/" + (f"?token={token}" if token else "")
    if browser:
        import threading
        import webbrowser

        threading.Timer(0.8, lambda: webbrowser.open(url)).start()
    print(f"ecplan 工作台：{url}（按 Ctrl+C 停止）", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("已停止。", flush=True)
    finally:
        server.server_close()

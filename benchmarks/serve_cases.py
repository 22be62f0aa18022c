"""The browser workbench's round trip: what the planner waits for between typing and seeing the findings — an
HTTP POST of a chapter's form to a running ``ecplan serve`` (the plan as the form would make it, validated in
process, the findings placed by field) — on the demo's largest chapters, against the obvious alternative, running
``ecplan validate --draft`` on the saved file."""

from __future__ import annotations

import http.client
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path


def serve_rows(work: Path, env: dict[str, str], runs: int, demo: Path,
               quick: bool) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, float, str, bool | None]]]:
    try:
        from werkzeug.serving import make_server

        from generator.web import create_app
    except ImportError:
        return [("workbench round trip", "—", "", "Flask not installed (the serve extra)")], []
    folder = work / "workbench"
    folder.mkdir(exist_ok=True)
    shutil.copy(demo, folder / demo.name)
    from werkzeug.serving import WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args: object) -> None:
            pass

    server = make_server("127.0.0.1", 0, create_app(folder), threaded=True, request_handler=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port, rounds = server.server_port, max(5, runs * 5) if not quick else 3
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        cookie, csrf = _session(connection)
        rows, verdicts, medians = [], [], {}
        for chapter, field, value in (("targets", "].growth", "16"), ("tasks", "].title", "完善电子商务促进政策")):
            body = _form(connection, cookie, f"/plan/{demo.name}/chapter/{chapter}", field, value)
            times = []
            for _ in range(rounds + 1):
                start = time.perf_counter()
                connection.request("POST", f"/plan/{demo.name}/chapter/{chapter}/check", body=body,
                                   headers={"Cookie": cookie, "X-CSRF-Token": csrf, "HX-Request": "true",
                                            "Content-Type": "application/x-www-form-urlencoded"})
                answer = connection.getresponse()
                answer.read()
                assert answer.status == 200, answer.status
                times.append(time.perf_counter() - start)
            medians[chapter] = statistics.median(times[1:])
            rows.append((f"workbench round trip: a change in 「{chapter}」 to its findings (HTTP, in process)",
                         f"{medians[chapter]:.3f}", "", ""))
        validate = statistics.median(_validate(folder / demo.name, env) for _ in range(max(1, rounds // 2)))
        rows.append(("`ecplan validate --draft` of the same file (a new process)", f"{validate:.3f}", "", "reference"))
        worst = max(medians.values())
        verdicts.append(("workbench round trip on the demo (ms, the slower chapter)", worst * 1000, "≤ 100", worst <= 0.1))
        verdicts.append(("workbench round trip ÷ `ecplan validate --draft`", worst / validate, "—", None))
        return rows, verdicts
    finally:
        server.shutdown()


def _session(connection: http.client.HTTPConnection) -> tuple[str, str]:
    connection.request("GET", "/")
    answer = connection.getresponse()
    page = answer.read().decode("utf-8")
    cookie = answer.getheader("Set-Cookie", "").split(";")[0]
    return cookie, re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _form(connection: http.client.HTTPConnection, cookie: str, path: str, field: str, value: str) -> str:
    """The chapter's form as the browser sends it, the first field whose name ends with ``field`` changed to
    ``value`` (so the plan is rewritten and checked as the form makes it)."""
    import html

    connection.request("GET", urllib.parse.quote(path), headers={"Cookie": cookie})
    page = connection.getresponse().read().decode("utf-8")
    items = re.findall(r'<input id="f-[^"]+" name="([^"]+)" value="([^"]*)"', page)
    items += re.findall(r'<textarea id="f-[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S)
    items += re.findall(r'name="([^"]+\.__order)" value="([^"]+)"', page)
    items += [(name, "1") for name in re.findall(r'name="([^"]+\.__present)" value="1"', page)]
    changed = next(name for name, _ in items if name.endswith(field))
    return urllib.parse.urlencode([(name, value if name == changed else html.unescape(shown)) for name, shown in items])


def _validate(path: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "validate", "--draft", str(path)], env=env,
                   capture_output=True, check=False)
    return time.perf_counter() - start

"""The browser workbench's pages and actions through Flask's test client: the plan list, a chapter's form, findings
as the form changes, saving (in place, comments kept, history, stale saves refused), downloads, and the refusals —
outside the workspace, no token, no CSRF token, too large."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from conftest import DEMO, EXAMPLES, run

flask = pytest.importorskip("flask", reason="the serve extra (Flask) is not installed: pip install '.[serve]'")
from werkzeug.datastructures import MultiDict  # noqa: E402

from generator.web import create_app  # noqa: E402


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    text = DEMO.read_text(encoding="utf-8").replace("  city: 示例市\n", "  city: 示例市  # 全称，与印发文件一致\n")
    (folder / "demo-city.yaml").write_text("# 示例市方案（商务局）\n" + text, encoding="utf-8")
    shutil.copy(EXAMPLES / "demo-base.yaml", folder / "demo-base.yaml")
    return folder


@pytest.fixture
def client(workspace: Path):
    return create_app(workspace).test_client()


def _csrf(client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)


def form_of(page: str) -> MultiDict:
    """What the browser would send for a chapter's page as shown."""
    items = [(name, value) for name, value in re.findall(r'<input id="f-[^"]+" name="([^"]+)" value="([^"]*)"', page)]
    items += re.findall(r'<textarea id="f-[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S)
    for name, body in re.findall(r'<select id="f-[^"]+" name="([^"]+)">(.*?)</select>', page, re.S):
        chosen = re.search(r'<option(?: value="([^"]*)")? selected>([^<]*)', body)
        items.append((name, "" if not chosen else chosen.group(1) if chosen.group(1) is not None else chosen.group(2)))
    items += re.findall(r'name="([^"]+\.__order)" value="([^"]+)"', page)
    items += [(name, "1") for name in re.findall(r'name="([^"]+\.__present)" value="1"', page)]
    items.append(("version", re.search(r'name="version" value="([^"]+)"', page).group(1)))
    import html

    return MultiDict([(name, html.unescape(value)) for name, value in items])


def _findings(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<li class="finding [^"]*" data-field="([^"]*)">\s*<span class="code">([\w.]+)', page)


def test_the_plan_list_shows_each_plan_as_status_does(client):
    page = client.get("/").get_data(as_text=True)
    assert "demo-city.yaml" in page and "demo-base.yaml" in page
    assert "示范城市创建工作方案" in page and "示范基地创建工作方案" in page
    assert re.search(r"\d+ / 3500", page)                       # the 摘要's 字数 and its limit


def test_every_chapter_of_each_type_has_its_form(client):
    for name in ("demo-city.yaml", "demo-base.yaml"):
        first = client.get(f"/plan/{name}/chapter/cover")
        assert first.status_code == 200
        for key in re.findall(rf'href="/plan/{re.escape(name)}/chapter/(\w+)"', first.get_data(as_text=True)):
            page = client.get(f"/plan/{name}/chapter/{key}")
            assert page.status_code == 200, (name, key)
            assert "<form id=\"chapter-form\"" in page.get_data(as_text=True)
    page = client.get("/plan/demo-city.yaml/chapter/economy").get_data(as_text=True)
    assert "地区生产总值" in page and "GDP 总量及比上年增速" in page         # labels and descriptions from the schema
    assert '<option selected>亿元</option>' in page                        # a unit as a drop-down


def test_a_growth_rate_that_contradicts_the_numbers_is_said_beside_its_field_and_goes_when_corrected(client):
    page = client.get("/plan/demo-city.yaml/chapter/targets").get_data(as_text=True)
    form = form_of(page)
    field = next(name for name in form if name.endswith("].growth"))
    right = form[field]
    form[field] = "45"
    checked = client.post("/plan/demo-city.yaml/chapter/targets/check", data=form, headers={"X-CSRF-Token": _csrf(client)})
    assert checked.status_code == 200 and (field, "R12.4") in _findings(checked.get_data(as_text=True))
    form[field] = right
    checked = client.post("/plan/demo-city.yaml/chapter/targets/check", data=form, headers={"X-CSRF-Token": _csrf(client)})
    assert not _findings(checked.get_data(as_text=True))


def test_saving_rewrites_the_changed_line_only_keeps_comments_and_the_version_before(client, workspace):
    before = (workspace / "demo-city.yaml").read_text(encoding="utf-8")
    form = form_of(client.get("/plan/demo-city.yaml/chapter/cover").get_data(as_text=True))
    form["cover.compiler"] = "示例市商务局（新）"
    saved = client.post("/plan/demo-city.yaml/chapter/cover/save", data=form, headers={"X-CSRF-Token": _csrf(client)})
    assert saved.status_code == 200 and "已保存" in saved.get_data(as_text=True)
    assert re.search(r'name="version" value="(\w+)" id="version" hx-swap-oob="true"', saved.get_data(as_text=True))
    after = (workspace / "demo-city.yaml").read_text(encoding="utf-8")
    changed = [(old, new) for old, new in zip(before.splitlines(), after.splitlines()) if old != new]
    assert len(changed) == 1 and changed[0][1] == "  compiler: 示例市商务局（新）"
    assert after.startswith("# 示例市方案（商务局）\n") and "city: 示例市  # 全称，与印发文件一致" in after
    history = client.get("/plan/demo-city.yaml/history").get_data(as_text=True)
    kept = re.findall(r'/plan/demo-city.yaml/history/([\w-]+)/restore', history)
    assert len(kept) == 1
    version = re.search(r'name="version" value="([^"]+)"', history).group(1)
    restored = client.post(f"/plan/demo-city.yaml/history/{kept[0]}/restore", data={"version": version,
                                                                                   "csrf": _csrf(client)})
    assert restored.status_code == 302 and (workspace / "demo-city.yaml").read_text(encoding="utf-8") == before
    assert "已恢复所选的版本" in client.get(restored.headers["Location"]).get_data(as_text=True)


def test_a_stale_save_is_refused_and_loses_nothing(client, workspace):
    form = form_of(client.get("/plan/demo-city.yaml/chapter/cover").get_data(as_text=True))
    path = workspace / "demo-city.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("compiler: ", "compiler: 别人改的", 1), encoding="utf-8")
    theirs = path.read_bytes()
    form["cover.compiler"] = "我改的"
    saved = client.post("/plan/demo-city.yaml/chapter/cover/save", data=form, headers={"X-CSRF-Token": _csrf(client)})
    assert saved.status_code == 409 and "在你打开之后已被改动" in saved.get_data(as_text=True)
    assert "重新载入" in saved.get_data(as_text=True) and path.read_bytes() == theirs


def test_a_task_added_in_the_form_is_saved_after_the_others(client, workspace):
    page = client.get("/plan/demo-city.yaml/chapter/tasks").get_data(as_text=True)
    form = form_of(page)
    list_name = "tasks.policy.tasks"
    item = client.get(f"/plan/demo-city.yaml/chapter/tasks/item?list={list_name}").get_data(as_text=True)
    key = re.search(r'data-item="(n\w+)"', item).group(1)
    form.add(f"{list_name}.__order", key)
    form[f"{list_name}.[{key}].title"] = "培育直播电商基地"
    form[f"{list_name}.[{key}].content"] = "建设三个直播电商基地。"
    form[f"{list_name}.[{key}].lead"] = "市商务局"
    saved = client.post("/plan/demo-city.yaml/chapter/tasks/save", data=form, headers={"X-CSRF-Token": _csrf(client)})
    # a list changed: the page is loaded again (its items' keys are their places in the file as it was)
    assert saved.status_code == 200 and saved.headers["HX-Redirect"].endswith("/chapter/tasks?saved=1")
    assert "已保存" in client.get(saved.headers["HX-Redirect"]).get_data(as_text=True)
    import yaml

    tasks = yaml.safe_load((workspace / "demo-city.yaml").read_text(encoding="utf-8"))["tasks"]["policy"]["tasks"]
    assert tasks[-1] == {"title": "培育直播电商基地", "content": "建设三个直播电商基地。", "lead": "市商务局"}


def test_the_document_downloads(client):
    got = client.get("/plan/demo-city.yaml/download/docx")
    assert got.status_code == 200 and got.data[:2] == b"PK"
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(got.data)).paragraphs)
    assert "示例市" in text and "目录" in text


@pytest.mark.parametrize("path", ["/plan/../../etc/passwd/chapter/cover", "/plan/%2Fetc%2Fpasswd/chapter/cover",
                                  "/plan/outside.yaml/chapter/cover", "/plan/.ecplan-history/x.yaml/chapter/cover",
                                  "/plan/demo-city.yaml/chapter/nonsense"])
def test_what_is_outside_the_workspace_is_not_found(client, workspace, path):
    (workspace.parent / "secret.yaml").write_text("cover: {title: 机密}\n", encoding="utf-8")
    (workspace / "outside.yaml").symlink_to(workspace.parent / "secret.yaml")
    got = client.get(path, follow_redirects=True)
    assert got.status_code == 404 and "机密" not in got.get_data(as_text=True)


def test_a_change_without_the_pages_csrf_token_is_refused(client, workspace):
    before = (workspace / "demo-city.yaml").read_bytes()
    form = form_of(client.get("/plan/demo-city.yaml/chapter/cover").get_data(as_text=True))
    form["cover.compiler"] = "伪造"
    assert client.post("/plan/demo-city.yaml/chapter/cover/save", data=form).status_code == 403
    assert client.post("/new", data={"name": "x", "type": "city"}).status_code == 403
    assert (workspace / "demo-city.yaml").read_bytes() == before and not (workspace / "x.yaml").exists()


def test_with_a_token_nothing_is_shown_until_it_is_given(workspace):
    client = create_app(workspace, token="口令-2026").test_client()
    assert client.get("/").status_code == 302 and "/login" in client.get("/").headers["Location"]
    assert client.get("/plan/demo-city.yaml/download/docx").status_code == 302
    assert client.post("/login", data={"token": "不对"}).status_code == 403
    assert client.get("/?token=口令-2026").status_code == 302
    assert client.get("/").status_code == 200


def test_a_request_over_the_size_limit_is_refused(client):
    big = {"cover.title": "长" * (9 * 1024 * 1024), "csrf": _csrf(client)}
    got = client.post("/plan/demo-city.yaml/chapter/cover/save", data=big)
    assert got.status_code == 413 and "上限" in got.get_data(as_text=True)


def test_a_new_plan_from_the_scaffold(client, workspace):
    got = client.post("/new", data={"name": "青岚市", "type": "city", "csrf": _csrf(client)})
    assert got.status_code == 302 and (workspace / "青岚市.yaml").is_file()
    assert client.post("/new", data={"name": "青岚市", "type": "city", "csrf": _csrf(client)}).status_code == 409
    assert client.get("/plan/青岚市.yaml/chapter/cover").status_code == 200


def test_serving_beyond_this_machine_needs_a_token(workspace, monkeypatch):
    monkeypatch.delenv("ECPLAN_SERVE_TOKEN", raising=False)
    result = run("serve", workspace, "--host", "0.0.0.0", "--no-browser")
    assert result.exit_code == 1 and "必须设置口令" in result.output and "Traceback" not in result.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed; CI installs it")
def test_the_preview_shows_the_pages_of_the_saved_plan(client, workspace):
    page = client.get("/plan/demo-city.yaml/preview").get_data(as_text=True)
    pictures = re.findall(r'src="([^"]+\.png)"', page)
    assert len(pictures) > 10 and f"共 {len(pictures)} 页" in page
    got = client.get(pictures[0])
    assert got.status_code == 200 and got.mimetype == "image/png" and got.data[:4] == b"\x89PNG"
    assert client.get(pictures[0].replace("/1.png", "/999.png")).status_code == 404
    assert client.get(re.sub(r"/preview/\w+/", "/preview/0000/", pictures[0])).status_code == 404


def test_a_departments_workbook_is_uploaded_in_place_and_nothing_else(client, workspace):
    plan = workspace / "demo-city.yaml"
    assert run("excel", plan, "-o", workspace / "附表.xlsx").exit_code == 0
    plan.write_text(plan.read_text(encoding="utf-8") + "tables: 附表.xlsx\n", encoding="utf-8")
    before = (workspace / "附表.xlsx").read_bytes()
    filled = io.BytesIO()
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(before))
    book.worksheets[0]["A1"] = book.worksheets[0]["A1"].value
    book.save(filled)
    headers = {"X-CSRF-Token": _csrf(client)}
    sent = client.post("/plan/demo-city.yaml/workbook", headers=headers,
                       data={"workbook": (io.BytesIO(filled.getvalue()), "填好的.xlsx")})
    assert sent.status_code == 200 and "已上传 附表.xlsx" in sent.get_data(as_text=True)
    assert (workspace / "附表.xlsx").read_bytes() == filled.getvalue()
    assert [p.read_bytes() for p in (workspace / ".ecplan-history").rglob("*.xlsx") if p.is_file()] == [before]
    wrong = client.post("/plan/demo-city.yaml/workbook", headers=headers,
                        data={"workbook": (io.BytesIO(b"not a workbook"), "x.xlsx")})
    assert wrong.status_code == 400 and "不是 Excel 工作簿" in wrong.get_data(as_text=True)
    huge = client.post("/plan/demo-city.yaml/workbook", headers=headers,
                       data={"workbook": (io.BytesIO(b"PK" + b"\0" * (9 * 1024 * 1024)), "big.xlsx")})
    assert huge.status_code == 413
    none = client.post("/plan/demo-base.yaml/workbook", headers=headers,
                       data={"workbook": (io.BytesIO(filled.getvalue()), "x.xlsx")})
    assert none.status_code == 400 and "没有写 tables:" in none.get_data(as_text=True)
    assert (workspace / "附表.xlsx").read_bytes() == filled.getvalue()


def test_a_port_in_use_is_said_in_chinese(workspace):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run("serve", workspace, "--port", taken.getsockname()[1], "--no-browser")
    assert result.exit_code == 1 and "端口已被其他程序占用" in result.output and "Traceback" not in result.output


def test_a_file_that_cannot_be_rewritten_in_place_is_said_and_left_alone(client, workspace):
    path = workspace / "demo-city.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "shared: &shared {note: 共用}\nagain: *shared\n", encoding="utf-8")
    before = path.read_bytes()
    form = form_of(client.get("/plan/demo-city.yaml/chapter/cover").get_data(as_text=True))
    form["cover.compiler"] = "新的编制单位"
    headers = {"X-CSRF-Token": _csrf(client), "HX-Request": "true"}
    for action in ("check", "save"):
        got = client.post(f"/plan/demo-city.yaml/chapter/cover/{action}", data=form, headers=headers)
        assert got.status_code == 400 and "锚点和别名" in got.get_data(as_text=True)
    assert path.read_bytes() == before


def test_saving_what_did_not_change_writes_nothing_and_keeps_no_version(client, workspace):
    before = (workspace / "demo-city.yaml").read_bytes()
    form = form_of(client.get("/plan/demo-city.yaml/chapter/economy").get_data(as_text=True))
    for _ in range(3):
        saved = client.post("/plan/demo-city.yaml/chapter/economy/save", data=form, headers={"X-CSRF-Token": _csrf(client)})
        assert saved.status_code == 200
    assert (workspace / "demo-city.yaml").read_bytes() == before and not (workspace / ".ecplan-history").exists()


def test_a_new_plan_from_the_scaffold_can_be_filled_and_saved(client, workspace):
    client.post("/new", data={"name": "青岚市", "type": "city", "csrf": _csrf(client)})
    form = form_of(client.get("/plan/青岚市.yaml/chapter/cover").get_data(as_text=True))
    form["cover.city"], form["cover.province"] = "青岚市", "示例省"
    saved = client.post("/plan/青岚市.yaml/chapter/cover/save", data=form, headers={"X-CSRF-Token": _csrf(client)})
    assert saved.status_code == 200 and "已保存" in saved.get_data(as_text=True)
    text = (workspace / "青岚市.yaml").read_text(encoding="utf-8")
    assert "  city: 青岚市\n" in text and "  province: 示例省\n" in text and text.startswith("# ")

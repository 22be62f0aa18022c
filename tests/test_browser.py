"""The workbench in a real headless Chromium (Debian's chromium and chromium-driver, driven by selenium): a planner
changes a growth rate so it contradicts the numbers and sees R12's message beside the field, corrects it and sees it
go, adds a task, saves, downloads the .docx, and the YAML on disk holds the change with its comments kept.

Screenshots of each page are written to ``ECPLAN_SCREENSHOTS`` (a folder) when it is set, to be looked at."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
import yaml

from conftest import DEMO, EXAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytest.importorskip("flask", reason="the serve extra (Flask) is not installed: pip install '.[serve]'")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed: pip install '.[test]'")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="Chromium is not installed (Debian: apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    from werkzeug.serving import make_server

    from generator.web import create_app

    folder = tmp_path_factory.mktemp("workbench")
    text = DEMO.read_text(encoding="utf-8").replace("  city: 示例市\n", "  city: 示例市  # 全称\n")
    (folder / "demo-city.yaml").write_text("# 示例市方案\n" + text, encoding="utf-8")
    shutil.copy(EXAMPLES / "demo-base.yaml", folder / "demo-base.yaml")
    from werkzeug.serving import WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args: object) -> None:
            pass

    server = make_server("127.0.0.1", 0, create_app(folder), threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", folder
    server.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                     "--lang=zh-CN", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.downloads = downloads
    yield driver
    driver.quit()


def _shot(browser, name: str) -> None:
    folder = os.environ.get("ECPLAN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(Path(folder) / f"{name}.png"))


def _wait(condition, seconds: float = 15.0):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
        except (StaleElementReferenceException, NoSuchElementException):   # the page replaced it meanwhile
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def _messages(browser, field: str) -> str:
    from selenium.webdriver.common.by import By

    box = browser.find_element(By.CSS_SELECTOR, f'.form [data-field="{field}"] > .messages')
    return box.text


def test_the_plan_list(browser, served):
    url, _ = served
    browser.get(url + "/")
    assert "demo-city.yaml" in browser.page_source and "示范基地创建工作方案" in browser.page_source
    _shot(browser, "1-plans")


def test_a_contradicting_growth_rate_is_said_beside_its_field_and_goes_when_corrected(browser, served):
    from selenium.webdriver.common.by import By

    url, _ = served
    browser.get(url + "/plan/demo-city.yaml/chapter/targets")
    field = "targets.indicators.[k0].growth"
    box = browser.find_element(By.ID, f"f-{field}")
    right = box.get_attribute("value")
    box.clear()
    box.send_keys("45")
    _wait(lambda: "年均增长率" in _messages(browser, field))
    assert "R12.4" in browser.find_element(By.ID, "findings").text
    _shot(browser, "2-finding-beside-its-field")
    box.clear()
    box.send_keys(right)
    _wait(lambda: not _messages(browser, field))
    assert "本章没有问题" in browser.find_element(By.ID, "findings").text


def test_a_task_added_and_saved_is_in_the_yaml_with_the_comments_kept(browser, served):
    from selenium.webdriver.common.by import By

    url, folder = served
    browser.get(url + "/plan/demo-city.yaml/chapter/tasks")
    listing = browser.find_element(By.CSS_SELECTOR, '.form [data-field="tasks.policy.tasks"]')
    before = len(listing.find_elements(By.CSS_SELECTOR, ":scope > .items > .item"))
    add = listing.find_element(By.CSS_SELECTOR, ":scope > button.add")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", add)
    add.click()
    _wait(lambda: len(listing.find_elements(By.CSS_SELECTOR, ":scope > .items > .item")) == before + 1)
    new = listing.find_elements(By.CSS_SELECTOR, ":scope > .items > .item")[-1]
    for name, value in (("title", "培育直播电商基地"), ("content", "建设三个直播电商基地，每个年销售额过亿元。"),
                        ("lead", "市商务局"), ("deadline", "2028年底")):
        typed = new.find_element(By.CSS_SELECTOR, f'[name$="].{name}"]')
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", typed)
        typed.send_keys(value)
    _shot(browser, "3-task-added")
    browser.find_element(By.CSS_SELECTOR, "button.save").click()
    _wait(lambda: "saved=1" in browser.current_url and "已保存" in browser.find_element(By.ID, "save-state").text)
    _shot(browser, "4-saved")
    text = (folder / "demo-city.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 示例市方案\n") and "city: 示例市  # 全称" in text
    tasks = yaml.safe_load(text)["tasks"]["policy"]["tasks"]
    assert tasks[-1] == {"title": "培育直播电商基地", "content": "建设三个直播电商基地，每个年销售额过亿元。", "lead": "市商务局",
                         "deadline": "2028年底"}
    # the page was loaded again from the file as saved (its items' keys are their new places); saved again
    listing = browser.find_element(By.CSS_SELECTOR, '.form [data-field="tasks.policy.tasks"]')
    new = listing.find_elements(By.CSS_SELECTOR, ":scope > .items > .item")[-1]
    title = new.find_element(By.CSS_SELECTOR, '[name$="].title"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", title)
    title.send_keys("（二期）")
    _wait(lambda: not browser.find_element(By.ID, "save-state").text)
    browser.find_element(By.CSS_SELECTOR, "button.save").click()
    _wait(lambda: "已保存" in browser.find_element(By.ID, "save-state").text)
    assert "培育直播电商基地（二期）" in (folder / "demo-city.yaml").read_text(encoding="utf-8")


def test_the_docx_downloads(browser, served):
    from selenium.webdriver.common.by import By

    url, _ = served
    browser.get(url + "/plan/demo-city.yaml/chapter/cover")
    _shot(browser, "5-cover")
    browser.find_element(By.LINK_TEXT, "下载 Word 文档").click()
    got = _wait(lambda: [p for p in browser.downloads.glob("*.docx")], 60)
    import docx

    assert "培育直播电商基地" in "\n".join(p.text for p in docx.Document(str(got[0])).paragraphs)


def test_a_save_over_a_file_changed_meanwhile_says_so_on_the_page(browser, served):
    from selenium.webdriver.common.by import By

    url, folder = served
    browser.get(url + "/plan/demo-city.yaml/chapter/cover")
    path = folder / "demo-city.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("compiler: ", "compiler: 别人改的", 1), encoding="utf-8")
    theirs = path.read_bytes()
    box = browser.find_element(By.ID, "f-cover.compiler")
    box.send_keys("（我改的）")
    browser.find_element(By.CSS_SELECTOR, "button.save").click()
    _wait(lambda: "在你打开之后已被改动" in browser.find_element(By.ID, "notice").text)
    assert browser.find_element(By.LINK_TEXT, "重新载入") and path.read_bytes() == theirs
    _shot(browser, "6-stale-save")

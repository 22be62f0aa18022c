"""`ecplan compare OLD NEW -o 修改稿.docx`: the new draft with what changed as tracked changes, by the plan's author
on the plan's date; `--table`: the 修改对照表 of a 征求意见 round."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import run, write_plan


def _marked(path: Path) -> tuple[list[str], list[str], set[str], set[str]]:
    """The texts inserted and deleted (each w:ins / w:del), and their authors and dates."""
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    inserted, deleted, authors, dates = [], [], set(), set()
    for found in re.finditer(r"<w:(ins|del) ([^>]*?)(/>|>(.*?)</w:\1>)", xml, re.S):
        authors |= set(re.findall(r'w:author="([^"]*)"', found.group(2)))
        dates |= set(re.findall(r'w:date="([^"]*)"', found.group(2)))
        text = "".join(re.findall(r"<w:(?:t|delText)[^>]*>([^<]*)</w:(?:t|delText)>", found.group(4) or ""))
        if text:
            (inserted if found.group(1) == "ins" else deleted).append(text)
    return inserted, deleted, authors, dates


@pytest.fixture
def drafts(tmp_path: Path, demo_data) -> tuple[Path, Path]:
    """Two versions of the demo: a number and a sentence changed, a safeguard (its heading and text) dropped."""
    new = copy.deepcopy(demo_data)
    new["economy"]["overview"]["population"]["value"] = 870
    new["economy"]["strategy"] = new["economy"]["strategy"].replace("区域性商贸物流中心", "区域性商贸物流枢纽")
    new["safeguards"]["other"].pop()
    new["cover"]["date"] = "2026-12-20"
    return write_plan(tmp_path / "初稿.yaml", demo_data), write_plan(tmp_path / "征求意见稿.yaml", new)


def test_the_draft_holds_tracked_changes_for_exactly_what_changed(tmp_path: Path, drafts):
    old, new = drafts
    result = run("compare", old, new, "-o", tmp_path / "修改稿.docx")
    assert result.exit_code == 0 and "处修改" in result.output, result.output
    inserted, deleted, authors, dates = _marked(tmp_path / "修改稿.docx")
    assert sorted(inserted) == ["870", "枢纽"], inserted
    assert sorted(deleted) == sorted(["865.3", "中心", "4.强化安全保障", "加强网络安全和数据安全管理，推广可信身份认证和数据加密"
                                      "等技术应用，保障电子商务交易安全和个人信息安全。"]), deleted
    assert authors == {"示例市商务局"} and dates == {"2026-12-20T00:00:00Z"}     # the new plan's 编制单位 and date
    assert docx.Document(str(tmp_path / "修改稿.docx")).paragraphs                # python-docx opens it
    again = tmp_path / "again.docx"
    assert run("compare", old, new, "-o", again).exit_code == 0
    assert again.read_bytes() == (tmp_path / "修改稿.docx").read_bytes()          # same drafts, same bytes


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_draft_and_sees_its_changes(tmp_path: Path, drafts):
    old, new = drafts
    assert run("compare", old, new, "-o", tmp_path / "修改稿.docx").exit_code == 0
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "odt", "--outdir", str(tmp_path / "odt"), str(tmp_path / "修改稿.docx")],
                   check=True, capture_output=True, timeout=180)
    content = zipfile.ZipFile(tmp_path / "odt" / "修改稿.odt").read("content.xml").decode("utf-8")
    regions = re.findall(r"<text:changed-region", content)
    inserted, deleted, _, _ = _marked(tmp_path / "修改稿.docx")
    assert len(regions) >= len(inserted) + len(deleted) - 1 and "<text:insertion>" in content
    assert "<text:deletion>" in content


def test_the_table_lists_exactly_the_changed_paragraphs_by_chapter(tmp_path: Path, drafts):
    old, new = drafts
    result = run("compare", old, new, "-o", tmp_path / "对照表.docx", "--table")
    assert result.exit_code == 0, result.output
    rows = [[cell.text for cell in row.cells] for row in docx.Document(str(tmp_path / "对照表.docx")).tables[0].rows]
    assert rows[0] == ["原文", "修改后", "修改说明"]
    changes = [row for row in rows[1:] if row[0] != row[2]]           # a chapter row spans the three columns
    chapters = [row[0] for row in rows[1:] if row[0] == row[2]]
    assert chapters == ["二、城市经济社会发展现状与战略定位", "六、创建工作保障措施"], chapters
    explained = sorted(row[2] for row in changes)
    assert explained == sorted(["“865.3”改为“870”", "“中心”改为“枢纽”", "删去", "删去"]), rows
    assert [row[0] for row in changes if row[1] == "（删去）"][0] == "4.强化安全保障"


def test_two_documents_the_same_and_a_wrong_output_name(tmp_path: Path, drafts):
    old, _ = drafts
    assert run("render", old, "-o", tmp_path / "a.docx").exit_code == 0
    same = run("compare", tmp_path / "a.docx", old, "-o", tmp_path / "same.docx")
    assert same.exit_code == 0 and "两稿内容相同" in same.output
    assert _marked(tmp_path / "same.docx")[:2] == ([], [])
    wrong = run("compare", old, old, "-o", tmp_path / "x.md")
    assert wrong.exit_code == 2 and ".docx" in wrong.output
    document = docx.Document(str(tmp_path / "same.docx"))
    document.add_paragraph("有人改过。")
    document.save(str(tmp_path / "same.docx"))
    kept = (tmp_path / "same.docx").read_bytes()
    refused = run("compare", old, old, "-o", tmp_path / "same.docx")
    assert refused.exit_code == 1 and (tmp_path / "same.docx").read_bytes() == kept and "Traceback" not in refused.output


def test_a_changed_table_cell_keeps_its_line_break(tmp_path: Path, demo_data):
    """A task renamed: in 附件1 the cell is broken over two lines in both drafts; the break stays a break."""
    new = copy.deepcopy(demo_data)
    first = new["tasks"]["policy"]["tasks"][0]
    first["title"] = first["title"].replace("完善", "健全", 1)
    old_plan, new_plan = write_plan(tmp_path / "a.yaml", demo_data), write_plan(tmp_path / "b.yaml", new)
    assert run("compare", old_plan, new_plan, "-o", tmp_path / "修改稿.docx").exit_code == 0
    xml = zipfile.ZipFile(tmp_path / "修改稿.docx").read("word/document.xml").decode("utf-8")
    assert "\n" not in "".join(re.findall(r"<w:delText[^>]*>([^<]*)</w:delText>", xml))
    inserted, deleted, _, _ = _marked(tmp_path / "修改稿.docx")
    assert set(inserted) == {"健全"} and set(deleted) == {"完善"}, (inserted, deleted)
    document = docx.Document(str(tmp_path / "修改稿.docx"))
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells
             if "电子商务" in cell.text and "促进政策" in cell.text]
    assert cells and all("<w:br/>" in cell._tc.xml or "\n" not in cell.text for cell in cells)

"""The PDF as a reader and a printer see it: LibreOffice lays the demo plan out, poppler reads the pages back."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import docx
import pytest

from generator.errors import OfficeError
from generator.wordcount import is_east_asian
from conftest import DEMO, EXAMPLES, ROOT, run
from pdf_pages import FOLIO, MM, Page, pdf_fonts, read_pages

needs_office = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                  reason="LibreOffice and poppler-utils are not installed; CI installs them")
pytestmark = needs_office

PITCH = 579 / 20                      # the exact line pitch, in points
TOP_MM, LEFT_MM, BLOCK_HEIGHT_MM = 37, 28, 225
TOC_LINE = re.compile(r"^(?P<title>.+?)\s*\.{3,}\s*(?P<page>\d+)$")


DOCUMENTS = {"city": (DEMO, ()), "base": (EXAMPLES / "demo-base.yaml", ()),
             "brief": (EXAMPLES / "chongqing.yaml", ("--brief",)),
             "issued": (EXAMPLES / "yunxi.yaml", ())}   # with a notice, own task groups, a 征求意见稿 mark


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Each kind of document ecplan writes, as a PDF: the layout checks apply to all of them."""
    source, options = DOCUMENTS[request.param]
    directory = tmp_path_factory.mktemp(f"pdf-{request.param}")
    target = directory / "demo.docx"
    result = run("render", source, *options, "-o", target, "--pdf", "--png", directory / "pages")
    assert result.exit_code == 0, result.output
    pdf = directory / "demo.pdf"
    return {"kind": request.param, "docx": target, "pdf": pdf, "pages": read_pages(pdf), "output": result.output,
            "images": sorted((directory / "pages").glob("*.png"))}


def _needs_toc(rendered: dict[str, object]) -> None:
    if rendered["kind"] == "brief":
        pytest.skip("a brief has no cover and no 目录")


def _body_pages(pages: list[Page]) -> list[Page]:
    return [page for page in pages if page.folio is not None]


def _headings(path: Path, *styles: str) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name in styles and p.text]


def test_render_pdf_writes_docx_pdf_and_page_images(rendered):
    assert "demo.pdf" in rendered["output"]
    pages = rendered["pages"]
    assert len(rendered["images"]) == len(pages) > (3 if rendered["kind"] == "brief" else 12)
    assert all(image.stat().st_size > 1000 for image in rendered["images"])
    assert all(abs(page.width - 210 * MM) < 1 and abs(page.height - 297 * MM) < 1 for page in pages)   # A4


def test_toc_lists_every_level_1_and_2_heading_with_the_page_it_is_on(rendered):
    _needs_toc(rendered)
    pages = rendered["pages"]
    body = _body_pages(pages)
    first_body = body[0].number
    toc_lines = [line.text for page in pages[1:first_body - 1] for line in page.body]
    opening = "".join(toc_lines[:3])     # after the plan's title when a notice issues it
    assert "目" in opening and "录" in opening
    entries: dict[str, int] = {}
    pending = ""
    start = next(n for n, text in enumerate(toc_lines) if "录" in text) + 1   # after "目  录"
    for text in toc_lines[start:]:
        match = TOC_LINE.match(pending + text.strip())
        if match:
            entries.setdefault(re.sub(r"\s+", "", match["title"]), int(match["page"]))
            pending = ""
        elif "目" not in text:
            pending += text.strip()          # an entry wrapped onto two lines
    by_folio = {int(FOLIO.match(page.folio.text)[1]): page for page in body}
    headings = _headings(rendered["docx"], "Heading 1", "Heading 2")
    assert len(headings) > 20
    for heading in headings:
        key = re.sub(r"\s+", "", heading)
        assert key in entries, f"{heading} missing from the 目录"
        page = by_folio[entries[key]]
        starts = "".join(re.sub(r"\s+", "", line.text) for line in page.body)
        assert key in starts, f"{heading}: 目录 says page {entries[key]}, but it is not there"


def test_docx_toc_carries_the_same_page_numbers(rendered):
    _needs_toc(rendered)
    toc = [p.text for p in docx.Document(str(rendered["docx"])).paragraphs if p.style.name.startswith("toc ")]
    assert toc and all(re.fullmatch(r".+\t\d+", text, re.S) for text in toc)    # a long entry has a line break
    assert toc[0].startswith("一、") and toc[0].endswith("\t1")


def test_a_full_body_page_has_22_lines_in_the_text_block(rendered):
    body = _body_pages(rendered["pages"])
    # Pages of running text: every line on the fixed pitch (tables use smaller type).
    text_pages = [page for page in body
                  if all(abs((b.y1 - a.y1) / PITCH - round((b.y1 - a.y1) / PITCH)) < 0.05
                         for a, b in zip(page.body, page.body[1:]))]
    assert len(text_pages) >= (2 if rendered["kind"] == "brief" else 6)
    counts = Counter(len(page.body) for page in text_pages)
    assert max(counts) == 22, counts
    # a page may end early only to keep a heading with its text, or a table with its caption
    following = {page.number: nxt.body[0].text.strip() if nxt.body else "" for page, nxt in zip(body, body[1:])}
    kept_apart = re.compile(r"^(（[一二三四五六七八九十]+）|\d+\.|[一二三四五六七八九十]+、|表\s*\d+|图\s*\d+|附件)")
    flowing = [page for page in text_pages if not kept_apart.match(following.get(page.number, "附件"))]
    assert sum(len(page.body) == 22 for page in flowing) >= 0.6 * len(flowing), counts
    for page in text_pages:
        if len(page.body) == 22:
            top = (page.body[0].y1 - PITCH) / MM
            bottom = page.body[-1].y1 / MM
            assert abs(top - TOP_MM) <= 1, (page.number, top)
            assert abs(bottom - (TOP_MM + BLOCK_HEIGHT_MM)) <= 1, (page.number, bottom)
            assert abs(min(line.x0 for line in page.body) / MM - LEFT_MM) <= 1, page.number


def test_a_full_body_line_has_28_characters(rendered):
    """Full lines of body type (三号: glyph boxes about 21 pt high; table text is smaller) made only of Chinese
    characters — from the left edge of the text block to its right edge — hold 28."""
    left, right = LEFT_MM * MM, (LEFT_MM + 156) * MM
    lengths: Counter[int] = Counter()
    for page in _body_pages(rendered["pages"]):
        for line in page.body:
            text = line.text.replace(" ", "")
            full = abs(line.x0 - left) < 4 and line.x1 > right - 8
            if full and line.y1 - line.y0 > 19 and text and all(is_east_asian(char) for char in text):
                lengths[len(text)] += 1
    assert sum(lengths.values()) >= 10, lengths
    # A line may hold 27 when the 28th character would start the next line with a mark that may not begin a line
    # (、，。…): LibreOffice then moves the character before the mark down, since hanging punctuation is off; and
    # rarely 26, when the next word is a number it does not split (…总投资 / 3.2亿元).
    assert max(lengths) == 28 and min(lengths) >= 26 and lengths[26] <= 2, lengths
    assert lengths[28] >= 0.8 * sum(lengths.values()), lengths


def test_page_numbers_start_at_1_on_the_body_odd_right_even_left(rendered):
    pages = rendered["pages"]
    body = _body_pages(pages)
    front = pages[:body[0].number - 1]
    assert len(front) >= 2 if rendered["kind"] != "brief" else not front     # cover and 目录; a brief has none
    assert all(page.folio is None for page in front)
    assert [page.number for page in body] == list(range(body[0].number, len(pages) + 1))
    block_right = (LEFT_MM + 156) * MM
    for number, page in enumerate(body, start=1):
        folio = page.folio
        assert re.fullmatch(r"— \d+ —", folio.text) and int(FOLIO.match(folio.text)[1]) == number
        below = folio.y0 / MM - (TOP_MM + BLOCK_HEIGHT_MM)
        assert 2 <= below <= 10, (page.number, below)
        if number % 2:
            assert 3 <= (block_right - folio.x1) / MM <= 7, page.number        # right, one character in
        else:
            assert 3 <= folio.x0 / MM - LEFT_MM <= 7, page.number              # left, one character in


def test_body_and_heading_fonts_are_the_mapped_cjk_fonts(rendered):
    first_body = _body_pages(rendered["pages"])[0].number
    fonts = pdf_fonts(rendered["pdf"], first_body)        # body, 一、 (黑体) and （一） (楷体) are all on it
    assert any(name.startswith("UMingCN") for name in fonts), fonts         # 仿宋_GB2312
    assert any(name.startswith("NotoSansCJK") for name in fonts), fonts     # 黑体
    assert any(name.startswith("LXGWWenKai") for name in fonts), fonts      # 楷体_GB2312
    cover = pdf_fonts(rendered["pdf"], 1)
    assert any(name.startswith("NotoSerifCJK") for name in cover), cover    # 方正小标宋简体
    assert not [name for name in pdf_fonts(rendered["pdf"]) if "DejaVu" in name]


def test_pdf_text_contains_every_paragraph_of_the_docx(rendered):
    document = docx.Document(str(rendered["docx"]))
    paragraphs = [p.text for p in document.paragraphs if not p.style.name.startswith("toc ")]
    paragraphs += [p.text for table in document.tables for row in table.rows for cell in row.cells
                   for p in cell.paragraphs]
    assert len(paragraphs) > (15 if rendered["kind"] == "brief" else 200)
    # Table cells wrap inside their column, so a cell is checked against its own text run, not the page's lines.
    raw = subprocess.run(["pdftotext", "-raw", str(rendered["pdf"]), "-"], capture_output=True, text=True).stdout
    headers = {page.header.text.strip() for page in rendered["pages"] if page.header}   # a draft's running mark
    raw = re.sub(r"\s+", "", "".join(line for line in raw.splitlines()
                                     if not FOLIO.match(line.strip()) and line.strip() not in headers))
    lost = [p for p in paragraphs if re.sub(r"\s+", "", p) and re.sub(r"\s+", "", p) not in raw
            and p.strip() not in headers]
    assert not lost, lost[:3]


def test_rendering_the_pdf_again_gives_the_same_bytes(rendered, tmp_path):
    source, options = DOCUMENTS[rendered["kind"]]
    target = tmp_path / "again.docx"
    assert run("render", source, *options, "-o", target, "--pdf").exit_code == 0
    assert target.read_bytes() == Path(rendered["docx"]).read_bytes()
    assert (tmp_path / "again.pdf").read_bytes() == Path(rendered["pdf"]).read_bytes()


def test_two_conversions_at_once_do_not_clash(tmp_path):
    processes = []
    for name in ("one", "two"):
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "generator", "render", str(DEMO), "-o", str(tmp_path / f"{name}.docx"), "--pdf"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()
    assert len(read_pages(tmp_path / "one.pdf")) > 20


def test_an_edited_pdf_is_not_overwritten(tmp_path):
    target = tmp_path / "plan.docx"
    assert run("render", DEMO, "-o", target).exit_code == 0
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4 annotated by a reviewer")
    result = run("render", DEMO, "-o", target, "--pdf")
    assert result.exit_code == 1 and "plan.pdf" in result.output and "--force" in result.output
    assert (tmp_path / "plan.pdf").read_bytes() == b"%PDF-1.4 annotated by a reviewer"


def test_pdf_command_converts_an_edited_docx_and_updates_its_toc(rendered, tmp_path):
    if rendered["kind"] != "city":
        pytest.skip("one document is enough")
    source = tmp_path / "edited.docx"
    document = docx.Document(str(rendered["docx"]))
    document.add_paragraph("审阅时补充的一段文字。")
    document.save(str(source))
    result = run("pdf", source, "--png", tmp_path / "png")
    assert result.exit_code == 0, result.output
    pages = read_pages(tmp_path / "edited.pdf")
    assert "审阅时补充的一段文字。" in "".join(page.text for page in pages)
    toc = [line.text for line in pages[1].lines if TOC_LINE.match(line.text.strip())]
    assert len(toc) > 10
    assert list((tmp_path / "png").glob("edited-*.png"))


def test_without_libreoffice_the_docx_is_written_and_the_packages_named(tmp_path, monkeypatch):
    monkeypatch.setenv("ECPLAN_OFFICE_SERVER", "0")      # the one-off office, in this process
    monkeypatch.setenv("ECPLAN_SOFFICE", str(tmp_path / "no-such-soffice"))
    target = tmp_path / "plan.docx"
    result = run("render", DEMO, "-o", target, "--pdf")
    assert result.exit_code == 1
    assert "未找到 LibreOffice" in result.output and "libreoffice-writer" in result.output
    assert "fonts-noto-cjk" in result.output and "Traceback" not in result.output
    assert target.exists() and not (tmp_path / "plan.pdf").exists()


def test_without_the_fonts_the_message_names_their_packages(tmp_path, monkeypatch):
    monkeypatch.setenv("ECPLAN_OFFICE_SERVER", "0")      # the one-off office, in this process
    empty = tmp_path / "empty-fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    target = tmp_path / "plan.docx"
    result = run("render", DEMO, "-o", target, "--pdf")
    assert result.exit_code == 1 and target.exists()
    for package in ("fonts-arphic-uming", "fonts-lxgw-wenkai", "fonts-noto-cjk", "fonts-liberation2"):
        assert package in result.output


def test_without_uno_the_pdf_is_made_and_the_missing_page_numbers_said(tmp_path, monkeypatch):
    monkeypatch.setenv("ECPLAN_OFFICE_SERVER", "0")      # the one-off office, in this process
    import generator.office

    monkeypatch.setattr(generator.office, "find_uno_python", lambda soffice: None)
    target = tmp_path / "plan.docx"
    result = run("render", DEMO, "-o", target, "--pdf")
    assert result.exit_code == 0, result.output
    assert "python3-uno" in result.output
    assert len(read_pages(tmp_path / "plan.pdf")) > 20


class _DyingOffice:
    """A LibreOffice that dies while laying the document out (as one killed by the OOM killer would)."""

    def layout(self, docx, pdf, lines=None):
        raise OfficeError("LibreOffice 在排版并导出 PDF时意外退出。")

    def pdf(self, *args, **kwargs):
        raise AssertionError("never reached")


def test_an_office_dying_mid_job_still_leaves_the_docx_and_says_so(tmp_path, monkeypatch):
    from generator import batch
    from generator.options import RenderOptions
    from generator.pipeline import render_file

    target = tmp_path / "plan.docx"
    with pytest.raises(OfficeError) as caught:
        render_file(DEMO, RenderOptions(output=str(target), pdf=True), office=_DyingOffice())
    assert caught.value.written == target and f"Word 文档已生成：{target}" in str(caught.value)
    assert "意外退出" in str(caught.value) and target.exists() and not target.with_suffix(".pdf").exists()
    assert docx.Document(str(target)).paragraphs  # a whole document, not a part of one
    (tmp_path / "out").mkdir()
    monkeypatch.setattr(batch, "_worker_office", lambda: _DyingOffice())
    outcome = batch.run_job(batch.Job(str(DEMO), RenderOptions(pdf=True, output_dir=str(tmp_path / "out"))))
    assert not outcome.ok and outcome.errors == 0 and outcome.output == str(tmp_path / "out" / "demo-city.docx")


def test_png_pages_replace_an_earlier_runs_and_nothing_of_the_users(tmp_path):
    """--png into a folder of the user's: the pictures of an earlier, longer PDF of the same name are replaced;
    the user's own files — named like pages (plan-77.png), sharing the prefix (plan-cover.png) or a page ecplan
    wrote and the user then edited — are neither counted, nor removed, nor overwritten."""
    pages = tmp_path / "pages"
    pages.mkdir()
    mine = {"plan-77.png": b"the user's", "plan-cover.png": b"the user's cover", "notes.png": b"the user's notes"}
    for name, data in mine.items():
        (pages / name).write_bytes(data)
    assert run("render", DEMO, "-o", tmp_path / "plan.docx", "--png", pages).exit_code == 0
    longer = len(read_pages(tmp_path / "plan.pdf"))
    result = run("render", EXAMPLES / "harbin.yaml", "--brief", "-o", tmp_path / "plan.docx", "--png", pages,
                 "--force")
    assert result.exit_code == 0, result.output
    count = len(read_pages(tmp_path / "plan.pdf"))
    assert count < longer and f"页面图片 {count} 张" in result.output
    ours = sorted(path.name for path in pages.glob("plan-*.png") if path.name not in mine)
    assert ours == sorted(f"plan-{n}.png" for n in range(1, count + 1)), ours     # the longer run's others gone
    assert all((pages / name).read_bytes() == data for name, data in mine.items())
    (pages / "plan-1.png").write_bytes(b"edited")                   # a page the user drew on
    result = run("render", EXAMPLES / "harbin.yaml", "--brief", "-o", tmp_path / "plan.docx", "--png", pages,
                 "--force")
    assert result.exit_code == 1 and "plan-1.png 已存在" in result.output and "Traceback" not in result.output
    assert (pages / "plan-1.png").read_bytes() == b"edited"


# The document as a reviewer reads it: front matter, headings, page fill, figures that print.

def _plans_only(rendered: dict[str, object]) -> None:
    if rendered["kind"] == "brief":
        pytest.skip("a brief has no cover and no 目录")


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_first_body_page_opens_with_the_plans_title(rendered):
    _plans_only(rendered)
    title = _squeezed(docx.Document(str(rendered["docx"])).core_properties.title)
    first = _body_pages(rendered["pages"])[0]
    opening = "".join(_squeezed(line.text) for line in first.body[:2])
    assert opening.startswith(title), (first.number, opening)


def test_the_toc_takes_at_most_two_pages(rendered):
    _plans_only(rendered)
    pages = rendered["pages"]
    first_body = _body_pages(pages)[0].number
    toc_pages = [page for page in pages[:first_body - 1] if any(TOC_LINE.match(line.text) for line in page.lines)]
    assert 1 <= len(toc_pages) <= 2, [page.number for page in toc_pages]


def test_a_toc_entry_on_two_lines_is_broken_between_words(rendered):
    """A 目录 entry too long for its line is broken where the words allow: never one character left alone before
    the leader dots ("…应对措" / "施……10")."""
    _plans_only(rendered)
    pages = rendered["pages"]
    first_body = _body_pages(pages)[0].number
    lines = [line.text.strip() for page in pages[1:first_body - 1] for line in page.body]
    wrapped = [(first, second) for first, second in zip(lines, lines[1:])
               if re.match(r"^[一二三四五六七八九十]+、|（", first) and not TOC_LINE.match(first) and TOC_LINE.match(second)]
    for first, second in wrapped:
        assert len(_squeezed(TOC_LINE.match(second)["title"])) > 1, (first, second)
    assert wrapped or rendered["kind"] != "city"       # the demo has one: 三（三）'s long title


def test_a_long_table_repeats_its_header_row_on_each_page(rendered):
    """附件1's 任务分工表 runs over pages; each page of it opens with the table's header row."""
    if rendered["kind"] != "city":
        pytest.skip("one document is enough")
    body = _body_pages(rendered["pages"])
    start = next(n for n, page in enumerate(body) if "创建工作任务分工表" in _squeezed(page.text))
    end = next(n for n in range(start + 1, len(body)) if _squeezed(body[n].body[0].text).startswith("附件"))
    assert end - start >= 2, "the demo's task table should take more than one page"
    for page in body[start:end]:
        header = next(_squeezed(line.text) for line in page.body if "序号" in line.text)
        assert header == "序号任务牵头部门配合部门完成时限", (page.number, header)
        if page is not body[start]:
            assert "序号" in page.body[0].text, page.number


def test_no_heading_skips_a_level(rendered):
    levels = [int(p.style.name[-1]) for p in docx.Document(str(rendered["docx"])).paragraphs
              if p.style.name.startswith("Heading ") and p.text]
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert levels and not jumps, jumps


_LABEL = re.compile(r"^(附件\d+|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)")


def test_no_heading_repeats_its_parent(rendered):
    """A heading says something its parent does not: never the parent's words again."""
    parents: dict[int, str] = {}
    for paragraph in docx.Document(str(rendered["docx"])).paragraphs:
        if not paragraph.style.name.startswith("Heading ") or not paragraph.text:
            continue
        level, words = int(paragraph.style.name[-1]), _LABEL.sub("", _squeezed(paragraph.text))
        parent = parents.get(level - 1)
        assert not parent or words != parent, (parent, paragraph.text)
        parents = {**{k: v for k, v in parents.items() if k < level}, level: words}


def test_no_heading_or_title_leaves_one_character_alone_on_its_last_line(rendered):
    document = docx.Document(str(rendered["docx"]))
    styles = ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "Title", "附件标题")
    headings = {_squeezed(p.text) for p in document.paragraphs if p.style.name in styles and len(_squeezed(p.text)) > 1}
    found = 0
    for page in _body_pages(rendered["pages"]):
        lines = [_squeezed(line.text) for line in page.body]
        for first, second in zip(lines, lines[1:]):
            if first + second in headings:          # a heading on two lines
                found += 1
                assert len(second) > 1, (page.number, first, second)
    assert found or rendered["kind"] == "brief"      # the demo has wrapped headings to look at


def test_no_page_is_less_than_half_full_but_the_last_of_a_chapter(rendered):
    pages = _body_pages(rendered["pages"])
    starts = re.compile(r"^([一二三四五六七八九十]+、|附件\s*\d)")
    images: dict[int, float] = {}
    listing = subprocess.run(["pdfimages", "-list", str(rendered["pdf"])], capture_output=True, text=True).stdout
    for row in listing.splitlines()[2:]:
        fields = row.split()
        if fields[2] == "image":
            images[int(fields[0])] = images.get(int(fields[0]), 0) + int(fields[4]) / int(fields[13]) * 25.4
    for page, following in zip(pages, pages[1:]):
        if not page.body or (following.body and starts.match(following.body[0].text.strip())):
            continue                                  # a chapter or an attachment ends here
        used = (max(line.y1 for line in page.body) / MM - TOP_MM)
        assert used >= BLOCK_HEIGHT_MM / 2 or images.get(page.number, 0) > BLOCK_HEIGHT_MM / 3, \
            (page.number, round(used), page.body[0].text)


def test_a_figure_stays_distinct_in_black_and_white(rendered):
    if rendered["kind"] != "city":
        pytest.skip("one document is enough")
    from PIL import Image

    from generator.chart_drawings import BASELINE_COLOUR, OTHER_COLOUR, TARGET_COLOUR

    page = next(number for number, page in enumerate(rendered["pages"], start=1)
                if any(line.text.startswith("图1") or line.text.startswith("图 1") for line in page.lines))
    grey = Image.open(rendered["images"][page - 1]).convert("L")
    counts = sorted(((n, level) for n, level in grey.getcolors(256) if 20 < level < 235), reverse=True)
    fills = sorted({level for _, level in counts[:2]})
    assert len(fills) == 2 and fills[1] - fills[0] >= 0.25 * 255, counts[:5]       # the two series, as printed
    lumas = sorted(0.299 * int(c[1:3], 16) + 0.587 * int(c[3:5], 16) + 0.114 * int(c[5:7], 16)
                   for c in (BASELINE_COLOUR, TARGET_COLOUR, OTHER_COLOUR))
    assert all(b - a >= 0.25 * 255 * 0.6 for a, b in zip(lumas, lumas[1:]))       # the third series too


@pytest.mark.parametrize("styles, expected", [
    (b'<w:styles x="1"><w:docDefaults><w:rPrDefault/><w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:spacing/>'
     b'</w:pPr></w:pPrDefault></w:docDefaults></w:styles>',
     b'<w:widowControl w:val="0"/><w:overflowPunct w:val="1"/><w:spacing/>'),
    (b'<w:styles x="1"><w:docDefaults><w:rPrDefault/></w:docDefaults></w:styles>',
     b'<w:rPrDefault/><w:pPrDefault><w:pPr><w:overflowPunct w:val="1"/></w:pPr></w:pPrDefault></w:docDefaults>'),
    (b'<w:styles x="1"><w:docDefaults><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults></w:styles>',
     b'<w:pPrDefault><w:pPr><w:overflowPunct w:val="1"/></w:pPr></w:pPrDefault>'),
    (b'<w:styles x="1"><w:style><w:pPr><w:overflowPunct w:val="0"/></w:pPr></w:style></w:styles>',
     b'<w:styles x="1"><w:docDefaults><w:pPrDefault><w:pPr><w:overflowPunct w:val="1"/></w:pPr></w:pPrDefault>'
     b'</w:docDefaults><w:style><w:pPr><w:overflowPunct w:val="1"/></w:pPr></w:style>'),
], ids=["defaults", "no-pPrDefault", "empty-pPr", "style-says-no-overflow"])
def test_the_copy_for_libreoffice_says_no_hanging_wherever_word_would_read_none(styles, expected, tmp_path):
    """LibreOffice reads w:overflowPunct inverted; its copy says val="1" (no hanging there) in the defaults and
    wherever a style or a paragraph sets it, and only that part changes."""
    import io
    import zipfile

    from generator.formats.docx_for_office import no_hanging

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/styles.xml", styles)
        archive.writestr("word/document.xml", b'<w:p><w:pPr><w:overflowPunct/></w:pPr></w:p>', zipfile.ZIP_DEFLATED)
        archive.writestr("word/media/image1.png", b"\x89PNG")
    copy = zipfile.ZipFile(io.BytesIO(no_hanging(buffer.getvalue())))
    assert expected in copy.read("word/styles.xml")
    assert copy.read("word/document.xml") == b'<w:p><w:pPr><w:overflowPunct w:val="1"/></w:pPr></w:p>'
    assert [(i.filename, i.compress_type) for i in copy.infolist()] == \
        [("[Content_Types].xml", 0), ("word/styles.xml", 0), ("word/document.xml", 8), ("word/media/image1.png", 0)]
    assert no_hanging(b"not a zip") == b"not a zip"


def test_the_docx_the_user_receives_says_nothing_of_overflowing_punctuation(rendered):
    import zipfile

    with zipfile.ZipFile(rendered["docx"]) as archive:
        assert not [name for name in archive.namelist() if b"overflowPunct" in archive.read(name)]

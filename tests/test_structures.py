"""What real plans say that the outline's skeleton alone does not (issue: real plans' structures), through the CLI:
each construct used correctly and misused, with the message a planner gets."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
import docx.oxml.ns
import docx.shared
import yaml

from conftest import EXAMPLES, run, write_plan
from docx_text import document_lines
from pdf_pages import MM, read_pages

CHONGQING = EXAMPLES / "chongqing.yaml"


def _codes(output: str, code: str) -> list[str]:
    return [line for line in output.splitlines() if f" {code} " in line]


def test_units_of_one_family_are_compared_across_their_sizes(mutated):
    """A baseline in 万元 against chapter 三's figure in 亿元 is the same number, and a wrong one is still caught."""
    def in_wan(value: float):
        def change(data: dict[str, Any]) -> None:
            item = data["targets"]["indicators"][0]
            item.update(unit="万元", baseline={"year": 2025, "value": value},
                        target={"year": 2029, "value": 120_000_000}, yearly=[])
            item.pop("growth")
        return change
    same = run("validate", mutated(in_wan(68_500_000)))
    assert not _codes(same.output, "R12.10"), same.output
    wrong = run("validate", mutated(in_wan(60_000_000)))
    assert any("基期值 6e+07万元 与第三章所写 2025 年数值 6850亿元 不一致" in line or "与第三章所写 2025 年数值 6850亿元" in line
               for line in _codes(wrong.output, "R12.10")), wrong.output


def test_the_units_real_tables_use_are_accepted(mutated, tmp_path: Path):
    def parcels(data: dict[str, Any]) -> None:
        data["targets"]["indicators"].append({
            "name": "快递业务量", "kind": "其他", "unit": "万件", "baseline": {"year": 2025, "value": 42000},
            "target": {"year": 2029, "value": 68000}})
        data["targets"]["indicators"].append({
            "name": "电子商务培训", "kind": "其他", "unit": "万人次", "baseline": {"year": 2025, "value": 3.2},
            "target": {"year": 2029, "value": 8}})
    plan = mutated(parcels)
    result = run("validate", "--strict", plan)
    assert result.exit_code == 0, result.output
    out = tmp_path / "plan.md"
    assert run("render", plan, "-o", out).exit_code == 0
    assert "快递业务量由2025年的42000万件达到68000万件" in out.read_text(encoding="utf-8")
    bad = run("validate", mutated(lambda d: d["targets"]["indicators"][0].update(unit="万吨次")))
    assert bad.exit_code == 1 and _codes(bad.output, "S204")


def test_a_total_without_its_split_is_a_warning_and_no_sum_is_checked(mutated):
    def total_only(data: dict[str, Any]) -> None:
        overview = data["ecommerce"]["overview"]
        del overview["domestic_transactions"], overview["cross_border_transactions"]
    result = run("validate", mutated(total_only))
    assert result.exit_code == 0, result.output
    warned = _codes(result.output, r"R1.3")
    assert len(warned) == 2 and any("未写国内电子商务交易额" in line for line in warned)
    assert not _codes(result.output, "R12.9") and not _codes(result.output, "R1.1")


def test_a_district_applicant_and_a_two_year_period_are_warnings_that_can_be_accepted(mutated):
    def district(accept: bool):
        def change(data: dict[str, Any]) -> None:
            data["cover"]["city_status"] = "国家级新区"
            data["period"] = {"start": 2028, "end": 2029}
            for item in data["targets"]["indicators"]:
                item["baseline"]["year"] = 2026
                item.pop("yearly", None)
                item.pop("growth", None)
            data["projects"]["items"] = [{**p, "start": "2028-01", "end": "2029-06"} for p in data["projects"]["items"]]
            groups = [g for key, g in data["tasks"].items() if key != "extra"] + data["tasks"].get("extra", [])
            for group in groups:
                for task in group.get("tasks", []):
                    task["deadline"] = "2029年底"
            data["safeguards"]["funding"]["yearly"] = [y for y in data["safeguards"]["funding"]["yearly"]
                                                       if y["year"] >= 2028]
            data["safeguards"]["funding"].pop("total", None)
            if accept:
                data["accept"] = [{"code": "R15.1", "reason": "经省政府同意，以国家级新区申报。"},
                                  {"code": "R3.9", "reason": "按第三批申报要求，创建期至2029年。"}]
        return change
    warned = run("validate", mutated(district(False)))
    assert warned.exit_code == 0, warned.output
    assert any("本市为“国家级新区”" in line for line in _codes(warned.output, "R15.1"))
    assert any("只有 2 年" in line for line in _codes(warned.output, "R3.9"))
    assert "1284号" in warned.output
    accepted = run("validate", "--strict", mutated(district(True)))
    assert accepted.exit_code == 0, accepted.output
    assert "2 个已接受的警告" in accepted.output


def test_guiding_ideology_and_principles_are_run_in_paragraphs_not_repeated_headings(tmp_path: Path):
    out = tmp_path / "plan.docx"
    assert run("render", EXAMPLES / "demo-city.yaml", "-o", out).exit_code == 0
    lines = document_lines(out)
    chapter = len(lines) - 1 - lines[::-1].index("四、创建工作总体目标与具体目标")   # the heading, not its 目录 entry
    start = lines.index("（一）总体目标", chapter)
    assert lines[start + 1].startswith("指导思想：以习近平新时代中国特色社会主义思想为指导")
    assert lines[start + 2].startswith("基本原则：一是政府引导，市场主导。充分发挥") and "二是立足特色，错位发展。" in lines[start + 2]
    assert lines[start + 3].startswith("到2029年")
    assert lines[start + 4] == "（二）具体目标"
    assert not any(line.endswith("总体目标") and line != "（一）总体目标" and "创建工作" not in line for line in lines)
def test_a_brief_keeps_its_preamble_issuer_and_date_in_the_document(tmp_path: Path):
    data = yaml.safe_load(CHONGQING.read_text(encoding="utf-8"))
    data["preamble"] = ["根据国家发展改革委等部门关于开展国家电子商务示范城市创建工作的要求，制定本要点。"]
    data["cover"].update(applicant="重庆市人民政府", date="2011-06-30")
    source = write_plan(tmp_path / "chongqing-brief.yaml", data)
    result = run("render", source)
    assert result.exit_code == 0, result.output
    out = tmp_path / "chongqing-brief.docx"      # not chongqing-brief-brief.docx
    assert out.exists() and not (tmp_path / "chongqing-brief-brief.docx").exists()
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[1].startswith("根据国家发展改革委等部门")
    assert texts[-2:] == ["重庆市人民政府", "2011年6月30日"]
    signature = [p for p in document.paragraphs if p.text in ("重庆市人民政府", "2011年6月30日")]
    assert [p.style.name for p in signature] == ["署名", "落款"]     # a line below the text, then the date
    assert all(p.paragraph_format.alignment == 2 or p.style.paragraph_format.alignment == 2 for p in signature)
    md = tmp_path / "chongqing-brief.md"
    assert run("render", source, "-o", md).exit_code == 0
    assert md.read_text(encoding="utf-8").rstrip().endswith("2011年6月30日")


NOTICE = {"issuer": "示例市人民政府办公厅", "number": "示府办发〔2026〕12号", "recipients": "各区县人民政府，市政府各部门",
          "date": "2026-11-20", "publicity": "此件公开发布", "copy_to": ["市委各部门", "市人大常委会办公厅"],
          "print_date": "2026-11-21"}


def _with_notice(**changes: Any):
    def change(data: dict[str, Any]) -> None:
        data["notice"] = {**NOTICE, **changes}
    return change


def test_a_notice_issues_the_plan_in_the_layout_of_gbt_9704(mutated, tmp_path: Path):
    out = tmp_path / "plan.docx"
    result = run("render", mutated(_with_notice()), "-o", out)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    shown = [(p.style.name, p.text.replace("\n", "")) for p in document.paragraphs if p.text][:9]
    assert shown == [
        ("发文机关标志", "示例市人民政府办公厅文件"), ("发文字号", "示府办发〔2026〕12号"),
        ("通知标题", "示例市人民政府办公厅关于印发《示例市创建国家电子商务示范城市工作方案》的通知"),
        ("主送机关", "各区县人民政府，市政府各部门："),
        ("通知正文", "经示例市人民政府同意，现将《示例市创建国家电子商务示范城市工作方案》印发给你们，请认真贯彻执行。"),
        ("署名", "示例市人民政府办公厅"), ("落款", "2026年11月20日"), ("附注", "（此件公开发布）"),
        ("Title", "示例市创建国家电子商务示范城市工作方案")]
    styles = document.styles
    assert styles["发文机关标志"].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    assert 'w:color="FF0000"' in styles["发文字号"].element.xml   # the red line under the 发文字号
    assert "示例市人民政府" not in [p.text for p in document.paragraphs[:12] if p.style.name == "封面信息"]
    imprint = [p for p in document.paragraphs if p.style.name == "版记"]
    assert [p.text for p in imprint] == ["抄送：市委各部门、市人大常委会办公厅。", "示例市人民政府办公厅\t2026年11月21日印发"]
    assert all(p._p.pPr.find(docx.oxml.ns.qn("w:framePr")) is not None for p in imprint)   # at the foot of the page
    md = tmp_path / "plan.md"
    assert run("render", mutated(_with_notice()), "-o", md).exit_code == 0
    text = md.read_text(encoding="utf-8")
    assert text.index("示府办发〔2026〕12号") < text.index("# 示例市创建国家电子商务示范城市工作方案")
    assert text.rstrip().endswith("示例市人民政府办公厅　2026年11月21日印发")


def test_a_notice_number_in_the_wrong_brackets_and_a_print_date_before_signing_are_said(mutated):
    result = run("validate", mutated(_with_notice(number="示府办发[2026]12号", print_date="2026-11-01")))
    assert " 警告 N101 " in result.output and "如“示府办发〔2026〕12号”" in result.output
    assert " 警告 N102 " in result.output and "早于成文日期" in result.output
    missing = run("validate", mutated(lambda d: d.update(notice={"issuer": "示例市人民政府办公厅"})))
    assert missing.exit_code == 1 and "notice.number" in missing.output and "notice.recipients" in missing.output


def test_an_attachment_may_be_a_table_of_the_plans_own_columns(mutated, tmp_path: Path):
    def table(rows: list[list[Any]]):
        def change(data: dict[str, Any]) -> None:
            data["attachments"] = [{"title": "创建工作领导小组成员单位职责", "table": {
                "columns": ["序号", "单位", "主要职责"], "rows": rows, "note": "注：按职责分工排列。"}}]
        return change
    rows = [[1, "市商务局", "承担领导小组办公室日常工作，统筹推进创建工作"], [2, "市发展改革委", "统筹重点工程"]]
    out = tmp_path / "plan.docx"
    assert run("render", mutated(table(rows)), "-o", out).exit_code == 0
    lines = document_lines(out)
    start = lines.index("序号 | 单位 | 主要职责")
    assert lines[start - 1] == "创建工作领导小组成员单位职责"    # the attachment's title is the table's
    assert lines[start + 1:start + 3] == ["1 | 市商务局 | 承担领导小组办公室日常工作，统筹推进创建工作", "2 | 市发展改革委 | 统筹重点工程"]
    assert lines[start + 3] == "注：按职责分工排列。"
    grid = docx.Document(str(out)).tables[-1]
    widths = [int(c.get(docx.oxml.ns.qn("w:w"))) for c in grid._tbl.tblGrid]
    assert sum(widths) == 8844 and widths[0] < widths[2]     # fills the text block; the narrow 序号, the wide 职责
    md = tmp_path / "plan.md"
    assert run("render", mutated(table(rows)), "-o", md).exit_code == 0
    assert "| 1 | 市商务局 | 承担领导小组办公室日常工作，统筹推进创建工作 |" in md.read_text(encoding="utf-8")
    bad = run("validate", mutated(table([[1, "市商务局"]])))
    assert bad.exit_code == 1 and " 错误 S213 " in bad.output and "表格第 1 行有 2 格，而表头有 3 列" in bad.output


def test_a_template_from_an_older_ecplan_shows_new_kinds_as_text_and_says_so(mutated, tmp_path: Path):
    folder = tmp_path / "old"
    folder.mkdir()
    template = docx.Document()
    for line in ("{%p for b in blocks %}", "{%p if b.text is defined %}", "{{ b.text }}", "{%p endif %}", "{%p endfor %}"):
        template.add_paragraph(line)
    template.save(str(folder / "city-plan.docx"))
    def change(data: dict[str, Any]) -> None:
        _with_notice()(data)
        data["attachments"] = [{"title": "职责", "table": {"columns": ["单位", "职责"], "rows": [["市商务局", "牵头"]]}}]
    out = tmp_path / "plan.docx"
    result = run("render", mutated(change), "--template-dir", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert "没有" in result.output and "已按正文排出" in result.output and "ecplan templates copy" in result.output
    text = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "示例市人民政府办公厅文件" in text and "市商务局 牵头" in text and "示例市人民政府办公厅　2026年11月21日印发" in text


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler-utils are not installed; CI installs them")
def test_on_the_pages_the_notice_heads_the_plan_and_the_imprint_ends_it(mutated, tmp_path: Path):
    out = tmp_path / "plan.docx"
    result = run("render", mutated(_with_notice()), "-o", out, "--pdf")
    assert result.exit_code == 0, result.output
    pages = read_pages(tmp_path / "plan.pdf")
    first = pages[0]
    mark = next(line for line in first.lines if line.text == "示例市人民政府办公厅文件")
    assert abs(mark.y0 - (37 + 35) * MM) < 6 * MM, mark          # 35 mm below the top of the text block
    assert first.lines[1].text.replace(" ", "") == "示府办发〔2026〕12号" and first.folio is None
    assert first.lines[-1].text == "（此件公开发布）"
    assert pages[1].lines[0].text == "示例市创建国家电子商务示范城市工作方案"   # the plan on a page of its own
    last = pages[-1].body
    assert last[-1].text.replace(" ", "") == "示例市人民政府办公厅2026年11月21日印发"
    assert abs(last[-1].y1 - (297 - 35) * MM) < 3 * MM, last[-1]  # on the last line of the last page
    assert last[-2].text.startswith("抄送：")


def _targets(data: dict[str, Any]) -> None:
    indicators = data["targets"]["indicators"]
    indicators[0]["target"]["bound"] = "以上"
    indicators[3]["target"] = {"year": 2029, "value": 75, "bound": "不低于"}
    indicators[3]["attribute"] = "约束性"
    indicators[6].pop("baseline")
    indicators.append({"name": "电子商务公共服务平台", "kind": "其他", "unit": "个", "attribute": "预期性",
                       "target": {"year": 2028, "text": "建成覆盖全市的电子商务公共服务平台"}})


def test_targets_that_are_bounds_milestones_or_without_a_base_read_as_real_plans_write_them(mutated, tmp_path: Path):
    plan = mutated(_targets)
    result = run("validate", "--strict", plan)
    assert result.exit_code == 0, result.output
    out = tmp_path / "plan.docx"
    assert run("render", plan, "-o", out).exit_code == 0
    lines = document_lines(out)
    summary = next(line for line in lines if line.startswith("主要指标方面"))
    assert "电子商务交易额由2025年的6850亿元达到12000亿元以上，年均增长15.0%" in summary
    assert "规模以上企业电子商务应用普及率由2025年的62.5%提高到不低于75%" in summary
    assert "电子商务从业人员数量达到60万人；" in summary       # no base: no 由…, and no rate
    assert "；2028年建成覆盖全市的电子商务公共服务平台。" in summary
    header = next(line for line in lines if line.startswith("序号 | 指标名称"))
    assert header.endswith("| 属性")
    rows = {line.split(" | ")[1]: line.split(" | ") for line in lines if line.count(" | ") == 9 and line[0].isdigit()}
    assert rows["电子商务交易额"][6] == "12000以上"
    assert rows["规模以上企业电子商务应用普及率"][6] == "不低于75" and rows["规模以上企业电子商务应用普及率"][9] == "约束性"
    assert rows["电子商务从业人员数量"][3:6] == ["—", "—", "2029"] and rows["电子商务从业人员数量"][7] == "—"
    assert rows["电子商务公共服务平台"][6] == "建成覆盖全市的电子商务公共服务平台"


def test_a_target_with_neither_number_nor_words_or_a_bound_without_a_number_is_refused(mutated):
    def empty(data: dict[str, Any]) -> None:
        data["targets"]["indicators"][0]["target"] = {"year": 2029}
        data["targets"]["indicators"][1]["target"] = {"year": 2029, "bound": "以上", "text": "明显提升"}
    result = run("validate", mutated(empty))
    assert result.exit_code == 1
    found = [line for line in result.output.splitlines() if " 错误 S214 " in line]
    assert any("既没有数值，也没有文字" in line for line in found) and any("却没有目标数值" in line for line in found)


def test_the_figures_draw_only_what_is_numeric(mutated, tmp_path: Path):
    from generator.figures import indicators as drawn_indicators
    from generator.pipeline import check
    from generator.validate import usable_data

    plan = mutated(_targets)
    data = usable_data(check(plan).plan.data)
    figure = drawn_indicators(data)
    names = [item["name"] for group in figure["groups"] for item in group["items"]]
    assert "电子商务交易额" in names and "电子商务公共服务平台" not in names and "电子商务从业人员数量" not in names
    assert not figure.get("incomplete")   # nothing is missing: a milestone is not a value still to come


def _own_structure(data: dict[str, Any]) -> None:
    """The demo's tasks regrouped the way 重庆 groups its own: three brands and a support system."""
    tasks = data["tasks"]
    everything = {key: group["tasks"] for key, group in tasks.items() if key != "extra"}
    data["tasks"] = {"groups": [
        {"title": "着力打造三大核心品牌", "covers": ["积极培育电子商务服务", "深化电子商务应用"],
         "tasks": everything["services"] + everything["applications"]},
        {"title": "完善服务保障体系", "covers": ["policy", "support", "infrastructure"],
         "tasks": everything["policy"] + everything["support"] + everything["infrastructure"]},
    ]}
    first = data["tasks"]["groups"][0]["tasks"][0]
    first["measures"] = [{"title": "建设跨境电子商务公共服务平台", "text": "依托电子口岸，建设通关、结汇、退税一体的服务平台。"},
                         {"text": "培育跨境电子商务龙头企业10家以上。"}]
    data["layout"] = {"toc_levels": 4}
    data["steps"] = [{"name": "动员部署阶段", "start": "2026-12", "end": "2027-03", "content": "成立领导小组，分解任务。"},
                     {"name": "组织实施阶段", "start": "2027-04", "end": "2029-06", "content": "全面推进各项任务和重点工程。"},
                     {"name": "总结验收阶段", "start": "2029-07", "end": "2029-12", "content": "总结经验，迎接评估验收。"}]


def test_a_plan_may_organise_its_tasks_its_own_way_and_is_checked_for_coverage(mutated, tmp_path: Path):
    plan = mutated(_own_structure)
    result = run("validate", plan)
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if " 警告 " in line] == \
        [line for line in result.output.splitlines() if " R3.10 " in line]      # only the mobilisation before 2027
    out = tmp_path / "plan.docx"
    assert run("render", plan, "-o", out).exit_code == 0
    lines = document_lines(out)
    body = lines[len(lines) - 1 - lines[::-1].index("五、创建工作主要任务"):]
    assert body[1] == "（一）着力打造三大核心品牌" and "（二）完善服务保障体系" in body
    assert "（三）加强电子商务基础设施和交易保障设施建设" not in body
    assert "（1）建设跨境电子商务公共服务平台" in body and "（2）培育跨境电子商务龙头企业10家以上。" in body
    toc = lines[:lines.index("一、摘要", lines.index("目  录") + 2)]
    assert "（1）建设跨境电子商务公共服务平台" in toc            # toc_levels: 4 lists the measure headings
    assert "七、实施步骤" in lines and "（一）动员部署阶段（2026年12月—2027年3月）" in lines
    division = [line for line in lines if line.startswith("1.1 | ")]
    assert division and division[0].split(" | ")[1] == body[2].split(".", 1)[1]   # the division table follows too
    summary = next(line for line in lines if line.startswith("围绕创建目标，重点推进"))
    assert summary.startswith("围绕创建目标，重点推进两个方面的任务。")


def test_own_groups_that_leave_an_official_group_uncovered_or_mix_both_structures_are_refused(mutated):
    def uncovered(data: dict[str, Any]) -> None:
        _own_structure(data)
        data["tasks"]["groups"][1]["covers"] = ["policy", "support"]
        for task in data["tasks"]["groups"][1]["tasks"]:
            task.pop("topic", None)
    result = run("validate", mutated(uncovered))
    assert result.exit_code == 1
    assert any("没有覆盖编制要点的任务组“加强电子商务基础设施和交易保障设施建设”" in line
               for line in result.output.splitlines() if " R6.3 " in line), result.output
    def mixed(data: dict[str, Any]) -> None:
        policy = data["tasks"]["policy"]
        _own_structure(data)
        data["tasks"]["policy"] = policy
    mixing = run("validate", mutated(mixed))
    assert mixing.exit_code == 1 and " R6.4 " in mixing.output
    wrong = run("validate", mutated(lambda d: (_own_structure(d), d["tasks"]["groups"][0].update(covers=["跨境"]))))
    assert wrong.exit_code == 1 and " S204 " in wrong.output


def test_steps_that_end_before_they_start_are_refused(mutated):
    def backwards(data: dict[str, Any]) -> None:
        _own_structure(data)
        data["steps"][1]["end"] = "2027-01"
    result = run("validate", mutated(backwards))
    assert result.exit_code == 1 and " 错误 R3.11 " in result.output and "早于开始时间" in result.output


def test_the_issued_example_uses_every_construct_and_is_clean_but_for_what_it_accepts(tmp_path: Path):
    source = EXAMPLES / "yunxi.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert data["notice"] and data["tasks"]["groups"] and data["steps"] and data["cover"]["stage"] == "征求意见稿"
    assert any(t.get("measures") for g in data["tasks"]["groups"] for t in g["tasks"])
    assert any(i["target"].get("bound") for i in data["targets"]["indicators"])
    assert any("text" in i["target"] for i in data["targets"]["indicators"])
    assert {i["unit"] for i in data["targets"]["indicators"]} >= {"万件", "万人次"}
    assert any("table" in a for a in data["attachments"])
    result = run("validate", "--strict", source)
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("0 个错误，0 个警告，1 个已接受的警告")


def test_what_a_first_trial_of_real_structures_found(mutated, tmp_path: Path):
    """Each a mistake a planner made, or a sentence that read wrong, in a new user's trial."""
    def change(data: dict[str, Any]) -> None:
        data["layout"] = {"toc_levels": "待定"}
        indicators = data["targets"]["indicators"]
        indicators[3]["target"] = {"year": 2029, "value": 80, "bound": "不低于"}
        indicators[5]["target"]["bound"] = "不超过"
        indicators.append({"name": "电子商务公共服务平台", "kind": "其他", "unit": "个",
                           "target": {"year": 2028, "text": "建成覆盖全市的电子商务公共服务平台"}})
    plan = mutated(change)
    out = tmp_path / "draft.docx"
    result = run("render", "--draft", plan, "-o", out)            # a placeholder in layout: no traceback
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    summary = next(line for line in document_lines(out) if line.startswith("主要指标方面"))
    assert "由2025年的62.5%提高到不低于80%" in summary
    assert "由2025年的1860家控制在不超过3000家" in summary
    assert "2028年建成覆盖全市的电子商务公共服务平台" in summary   # a milestone keeps its own year

    def wrong(data: dict[str, Any]) -> None:
        data["targets"]["indicators"][0]["target"]["text"] = "明显提升"
        data["targets"]["indicators"][1]["baseline"] = {"value": 437.4}
        data["notice"] = {**NOTICE, "date": "2026-13-40", "number": "示府办发〔2026〕035号"}
        data["cover"]["city_status"] = "副省级城市"
    result = run("validate", mutated(wrong))
    lines = result.output.splitlines()
    assert any(" S214 " in line and "同时写了数值和里程碑文字" in line for line in lines)
    assert any(" S214 " in line and "没有基期年份" in line for line in lines)
    assert any(" S206 " in line and "“2026-13-40”不是有效的日期" in line for line in lines)
    assert any(" N101 " in line and "不编虚位" in line for line in lines) and "示府办发〔2026〕35号" in result.output
    assert not any(" R15.1 " in line for line in lines)
    year = run("validate", mutated(lambda d: d.update(notice={**NOTICE, "number": "示府办发〔2025〕12号"})))
    assert " N103 " in year.output


def test_a_stage_mark_leaves_a_notices_letterhead_where_it_is(mutated, tmp_path: Path):
    def staged(data: dict[str, Any]) -> None:
        _with_notice()(data)
        data["cover"]["stage"] = "征求意见稿"
    out = tmp_path / "plan.docx"
    assert run("render", mutated(staged), "-o", out).exit_code == 0
    document = docx.Document(str(out))
    assert document.paragraphs[0].style.name == "发文机关标志"             # no mark line above the 版头
    assert document.sections[0].header.paragraphs[-1].text == "征求意见稿"  # page one carries it in its header

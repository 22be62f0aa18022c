"""The mistakes a Chinese input method makes, found before the YAML is parsed — all of them in one run, each at its
own line — and the mechanical ones repaired by ``ecplan fix``."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import EXAMPLES, run

#: one plan with the six mistakes, each on its own line (the line numbers are asserted below)
SIX_MISTAKES = """\
extends: demo-city.yaml
cover:
  title：青岚市创建国家电子商务示范城市工作方案
  applicant:青岚市人民政府
preamble:
  - 到2016年: 全市电子商务交易额达到6000亿元
targets:
  indicators:
    - name: 电子商务交易额
      kind: transactions
\u3000\u3000  unit: 亿元
      baseline: {year: 2025, value: 6850}
      target: {year: 2029, value: 12000}
    - name: 网络零售额增长率
      kind: online_retail_growth
      unit: %
      baseline: {year: 2025, value: 12.8}
      target: {year: 2029, value: 16}
safeguards:
  organisation:
    lead_department: 市商务局
    departments: [市司法局，市财政局、市统计局]
"""
EXPECTED = {3: ("Y121", "全角冒号"), 4: ("Y122", "冒号后面没有空格"), 6: ("S209", "被读成了“键: 值”"),
            11: ("Y123", "全角空格"), 16: ("Y125", "不能以“%”开头"), 22: ("Y124", "中文逗号")}
FINDING = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): 错误 (?P<code>[A-Z]\d+)[^:]*: (?P<message>.*)$")


def _plan(tmp_path: Path, text: str = SIX_MISTAKES) -> Path:
    (tmp_path / "demo-city.yaml").write_text((EXAMPLES / "demo-city.yaml").read_text(encoding="utf-8"),
                                             encoding="utf-8")
    path = tmp_path / "青岚市.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _findings(output: str) -> dict[int, tuple[str, str]]:
    return {int(m["line"]): (m["code"], m["message"]) for m in map(FINDING.match, output.splitlines()) if m}


def test_one_validate_run_reports_all_six_mistakes_each_at_its_line(tmp_path: Path):
    plan = _plan(tmp_path)
    result = run("validate", plan)
    assert result.exit_code == 1 and "Traceback" not in result.output
    found = _findings(result.output)
    assert set(found) == set(EXPECTED), result.output
    for line, (code, words) in EXPECTED.items():
        assert found[line][0] == code and words in found[line][1], (line, found[line])
    assert "YAML 语法错误" not in result.output             # the parser's own message would only confuse
    assert "写作 `applicant: 青岚市人民政府`" in result.output   # the hint shows the line as it should read
    assert "写作 `[市司法局, 市财政局, 市统计局]`" in result.output


def test_render_stops_with_the_same_list_and_writes_nothing(tmp_path: Path):
    plan = _plan(tmp_path)
    result = run("render", plan, "-o", tmp_path / "out.docx")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert set(_findings(result.output)) == set(EXPECTED)
    assert not (tmp_path / "out.docx").exists()


def test_fix_repairs_the_mechanical_ones_and_the_file_then_reads(tmp_path: Path):
    plan = _plan(tmp_path)
    result = run("fix", plan)
    assert result.exit_code == 0, result.output
    assert "输入法造成的错误改正 5 处" in result.output and (tmp_path / "青岚市.yaml.bak").read_text(
        encoding="utf-8") == SIX_MISTAKES
    text = plan.read_text(encoding="utf-8").splitlines()
    assert text[2] == "  title: 青岚市创建国家电子商务示范城市工作方案"
    assert text[3] == "  applicant: 青岚市人民政府"
    assert text[5] == "  - 到2016年：全市电子商务交易额达到6000亿元"        # pasted text: its colon made full-width
    assert text[10] == "      unit: 亿元"                                # aligned with its neighbours
    assert text[15] == '      unit: "%"'
    assert text[21] == "    departments: [市司法局, 市财政局, 市统计局]"
    after = run("validate", plan)
    assert not re.search(r"错误 (Y1\d\d|S209)", after.output), after.output   # it parses, and reads as meant
    assert "targets.indicators[0].unit" not in after.output


def test_a_list_with_chinese_commas_is_reported_and_the_rest_still_checked(tmp_path: Path):
    """A list that parses (as one item) does not stop validation: its mistake comes with every other one."""
    plan = _plan(tmp_path, "extends: demo-city.yaml\nsafeguards:\n  organisation:\n    lead_department: 市商务局\n"
                           "    departments: [市司法局、市财政局]\nperiod: {start: 2029, end: 2027}\n")
    result = run("validate", plan)
    found = _findings(result.output)
    assert found[5][0] == "Y124" and "R3.1" in result.output


def test_what_looks_like_a_mistake_inside_text_is_left_alone(tmp_path: Path):
    """Block text, quoted text, comments, times and web addresses are text: nothing there is reported or changed."""
    text = ("extends: demo-city.yaml\n"
            "# 注释里的全角冒号：没关系，[甲，乙] 也没关系\n"
            "cover:\n"
            "  title: '示例市创建国家电子商务示范城市工作方案'\n"
            "  applicant: \"示例市人民政府\"   # 申报单位：市政府\n"
            "economy:\n"
            "  overview: |\n"
            "    title：这是正文里的一行\n"
            "    applicant:市政府\n"
            "    [市司法局，市财政局]\n"
            "  strategy: >-\n"
            "    会议于10:30开始，网址 http://example.org，单位：%\n"
            "safeguards:\n"
            "  organisation:\n"
            "    lead_department: 市商务局\n"
            "    departments: ['市司法局，市财政局']\n")
    plan = _plan(tmp_path, text)
    result = run("validate", plan)
    assert not re.search(r"错误 (Y12\d|S209)", result.output), result.output
    before = plan.read_bytes()
    fixed = run("fix", "--to-simplified", plan)
    assert fixed.exit_code == 0 and plan.read_bytes() == before, fixed.output


def test_the_quick_look_never_misses_what_the_line_scan_finds():
    """A plan is scanned line by line only when a quick look over its text suspects a mistake: that look must
    catch every file the scan would report on (pasted text aside, which validation finds in a plan that reads)."""
    from generator.readers import ime

    texts = [SIX_MISTAKES] + [path.read_text(encoding="utf-8")
                              for path in sorted((Path(__file__).parent / "bad").glob("*.yaml"))]
    for text in texts:
        if any(slip.code != "S209" for slip in ime.scan(text)):
            assert ime.suspect(text), text[:200]
    assert not ime.suspect((EXAMPLES / "demo-city.yaml").read_text(encoding="utf-8"))


MORE_MISTAKES = """\
extends: demo-city.yaml
cover:
  title: 青岚市创建国家电子商务示范城市工作方案
\u3000\u3000city_status: 省会城市
\tapplicant: 青岚市人民政府
targets:
  overall: 到2029年: 全市电子商务发展水平显著提升，建成区域性电子商务中心城市。
safeguards:
  organisation:
    lead_department: 市商务局
    departments: [市发展和改革委员会，市工业和信息化局、市财政局, 市统计局]
preamble:
  － 为加快推进电子商务发展，结合本市实际，制定本方案。
economy:
  overview:
    population: {value：865.3, unit: 万人, year: 2025}
"""
MORE_EXPECTED = {4: "Y123", 5: "Y123", 7: "S209", 11: "Y124", 13: "Y126", 16: "Y121"}


def test_more_of_a_chinese_keyboards_mistakes_are_found_and_repaired(tmp_path: Path):
    """Indentation under a key that has a value, a colon inside a sentence, a list of departments with both kinds of
    comma, a full-width list dash and a full-width colon inside braces: each found at its line, each repaired so the
    file reads as meant."""
    plan = _plan(tmp_path, MORE_MISTAKES)
    found = _findings(run("validate", plan).output)
    assert {line: code for line, (code, _) in found.items()} == MORE_EXPECTED, found
    result = run("fix", plan)
    assert result.exit_code == 0 and "输入法造成的错误改正" in result.output, result.output
    lines = plan.read_text(encoding="utf-8").splitlines()
    assert lines[3] == "  city_status: 省会城市" and lines[4] == "  applicant: 青岚市人民政府"   # siblings, not children
    assert lines[6] == "  overall: 到2029年：全市电子商务发展水平显著提升，建成区域性电子商务中心城市。"
    assert lines[10] == "    departments: [市发展和改革委员会, 市工业和信息化局, 市财政局, 市统计局]"
    assert lines[12] == "  - 为加快推进电子商务发展，结合本市实际，制定本方案。"
    assert lines[15] == "    population: {value: 865.3, unit: 万人, year: 2025}"
    after = run("validate", plan).output
    assert not re.search(r"错误 (Y1\d\d|S209|S20[1-3])", after), after


def test_full_width_brackets_are_a_list_and_fix_does_not_widen_their_commas(tmp_path: Path):
    plan = _plan(tmp_path, "extends: demo-city.yaml\nsafeguards:\n  organisation:\n    lead_department: 市商务局\n"
                           "    departments: ［市司法局, 市财政局］\n")
    assert _findings(run("validate", plan).output)[5][0] == "Y126"
    assert run("fix", plan).exit_code == 0
    assert plan.read_text(encoding="utf-8").splitlines()[4] == "    departments: [市司法局, 市财政局]"


def test_yes_no_and_full_width_digits_read_as_typed(tmp_path: Path):
    """是/否 in a yes/no field, and numbers typed in full-width digits, are what the planner meant."""
    plan = _plan(tmp_path, "extends: demo-city.yaml\ncharts:\n  trajectory: 否\neconomy:\n  overview:\n"
                           "    population: {value: ８６５．３, unit: 万人, year: ２０２５}\n")
    result = run("validate", plan)
    assert result.exit_code == 0, result.output
    markdown = tmp_path / "plan.md"
    assert run("render", plan, "-o", markdown).exit_code == 0
    assert "865.3万人" in markdown.read_text(encoding="utf-8")
    meets = _plan(tmp_path, "extends: demo-city.yaml\ncover:\n  applicant: {名称: 青岚市人民政府}\n")
    assert "实际写的是映射“名称: 青岚市人民政府”" in run("validate", meets).output    # as written, not as Python prints it


def test_list_items_indented_with_tabs_stay_items_after_fix(tmp_path: Path):
    plan = _plan(tmp_path, "extends: demo-city.yaml\nsafeguards:\n  organisation:\n    lead_department: 市商务局\n"
                           "    departments:\n\t\t- 市发展和改革委员会\n\t\t- 市工业和信息化局\n\t\t- 市财政局\n")
    assert run("fix", plan).exit_code == 0
    assert plan.read_text(encoding="utf-8").splitlines()[5:] == ["      - 市发展和改革委员会", "      - 市工业和信息化局",
                                                                 "      - 市财政局"]


def test_valid_text_that_looks_like_a_mistake_is_not_reported():
    """A paragraph indent in a text's next line, a block after an anchor, text starting with an English word before a
    colon, a full-width colon in quotes inside braces, a 顿号 inside brackets within a name."""
    from generator.readers import ime

    text = ("safeguards:\n  organisation:\n    departments: [市教育局, 市委宣传部（市新闻出版局、市版权局）]\n"
            "  funding:\n    yearly:\n      - {year: 2027, amount: 10000, unit: 万元, source: \"专项资金（含 PPP：社会资本）\"}\n"
            "economy:\n  strategy: &s |\n    正文\n    　　第二段\n  overview:\n    text: 第一行\n      　　电子信息产业\n"
            "preamble:\n  - KPI：绩效管理。\n  - ISO9001:2015质量管理体系认证。\n")
    assert ime.scan(text) == []
    assert yaml.safe_load(text)["economy"]["overview"]["text"].startswith("第一行")


def test_a_bom_from_notepad_does_not_fail_strict(tmp_path: Path):
    plan = _plan(tmp_path, "extends: demo-city.yaml\n")
    plan.write_bytes(b"\xef\xbb\xbf" + plan.read_bytes())
    result = run("validate", "--strict", plan)
    assert result.exit_code == 0 and "警告 Y106" in result.output, result.output

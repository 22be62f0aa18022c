"""Pasted text: traditional characters, "發(fā)" artefacts and half-width punctuation are flagged, and ecplan fix
repairs them in place, keeping comments and layout, after a backup."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from conftest import DEMO, line_of, run
from generator.cleantext import find, repair

#: three passages copied from published notices as they are (traditional characters, 發(fā) artefacts, half-width marks)
PASTED = Path(__file__).resolve().parent / "fixtures" / "pasted-text.txt"


def _pasted() -> dict[str, str]:
    lines = [line for line in PASTED.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return dict(line.split("\t", 1) for line in lines)


@pytest.mark.parametrize(("text", "expected"), [
    ("國家發展改革委辦公廳", "国家发展改革委办公厅"),
    ("乾隆年間的乾燥氣候", "乾隆年间的干燥气候"),                         # phrase-aware, not character by character
    ("印發(fā)〈本市大力發(fā)展電子商務(wù)〉", "印发〈本市大力发展电子商务〉"),
    ("推進(jìn)線(xiàn)上創(chuàng )新", "推进线上创新"),                  # the artefact may end in a space
    ("各區、縣人民政府,市政府各委、辦、局:", "各区、县人民政府，市政府各委、办、局："),
    ("(國發〔2015〕24號)", "（国发〔2015〕24号）"),
    ("增长(10%),达到2,000组,3.5亿元.", "增长（10%），达到2,000组，3.5亿元。"),  # figures keep their marks
    ('坚持"完善环境"的主线', "坚持“完善环境”的主线"),
    ("GDP, CPI and (a) list", "GDP, CPI and (a) list"),               # no Chinese: nothing to do
])
def test_clean(text: str, expected: str) -> None:
    assert repair(text) == expected
    assert bool(find(text)) == (text != expected)


def _pasted_plan(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The demo with three values pasted from the seed documents, as a planner would: unconverted."""
    pasted = _pasted()
    text = DEMO.read_text(encoding="utf-8").splitlines(keepends=True)
    out = []
    for line in text:
        if line.startswith("guiding_ideology:"):
            line = f"guiding_ideology: {pasted['guiding']}\n"
        elif line.startswith("  overall: 到2029年"):
            line = f"  overall: \"{pasted['overall']}\"  # 从通知中摘录\n"
        out.append(line)
    plan = tmp_path / "plan.yaml"
    plan.write_text("".join(out).replace("preamble:\n", f"preamble:\n  - {pasted['preamble']}\n", 1), encoding="utf-8")
    return plan, pasted


def test_validate_flags_pasted_text_with_its_line(tmp_path: Path) -> None:
    plan, pasted = _pasted_plan(tmp_path)
    result = run("validate", plan)
    guiding = line_of(plan, "guiding_ideology:")
    assert f"{plan}:{guiding}:1: 警告 T101" in result.output and "含繁体字：為、貫、徹" in result.output
    assert f"{plan}:{guiding}:1: 警告 T102" in result.output and "發(fā)" in result.output
    assert f"{plan}:{line_of(plan, pasted['preamble'])}:5: 警告 T103" in result.output
    assert f"ecplan fix {plan}" in result.output
    # the pasted line ends in a half-width colon, so YAML read it as a key: one clear error, no follow-on errors
    assert f"{plan}:{line_of(plan, pasted['preamble'])}:5: 错误 S209" in result.output and "1 个错误" in result.output


def test_fix_turns_pasted_text_into_simplified_text_that_validates(tmp_path: Path) -> None:
    plan, pasted = _pasted_plan(tmp_path)
    original = plan.read_bytes()
    result = run("fix", plan)
    assert result.exit_code == 0, result.output
    assert "繁体字改为简体" in result.output and "删去转换残留的拼音" in result.output and "半角标点改为全角" in result.output
    assert (tmp_path / "plan.yaml.bak").read_bytes() == original
    fixed = plan.read_text(encoding="utf-8")
    assert repair(pasted["guiding"]) in fixed and "(fā)" not in fixed and "發" not in fixed
    assert f"  overall: \"{repair(pasted['overall'])}\"  # 从通知中摘录\n" in fixed  # quoting and comment kept
    assert fixed.splitlines()[0] == DEMO.read_text(encoding="utf-8").splitlines()[0]  # the header comment kept
    checked = run("validate", "--strict", plan)
    assert checked.exit_code == 0, checked.output
    assert run("render", plan, "--format", "md", "-o", tmp_path / "plan.md").exit_code == 0
    assert "国家发展改革委、商务部、人民银行" in (tmp_path / "plan.md").read_text(encoding="utf-8")
    again = run("fix", plan)
    assert "无需修正" in again.output and not (tmp_path / "plan.yaml.bak1").exists()


def test_a_plan_written_in_traditional_characters_comes_back_exactly(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(opencc.OpenCC("s2t").convert(DEMO.read_text(encoding="utf-8")), encoding="utf-8")
    flagged = run("validate", plan)
    assert "T101" in flagged.output and "另有" in flagged.output  # many values: the rest summed up
    assert run("fix", plan).exit_code == 0
    assert plan.read_bytes() == DEMO.read_bytes()


def test_fix_keeps_flow_lists_and_keys(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("cover:\n  title: 示例市創建工作方案   # 標題\n  標題: 示例\n"
                    "partners: [市司法局, 市財政局]\nnote: '主要任務:完善環境'\nplain: 推動\"網上\"交易\n"
                    "tasks:\n  - 現將有關工作通知如下,請遵照執行: 一是完善環境\n", encoding="utf-8")
    assert run("fix", plan).exit_code == 0
    assert plan.read_text(encoding="utf-8") == (
        "cover:\n  title: 示例市创建工作方案   # 标题\n  标题: 示例\n"
        "partners: [市司法局, 市财政局]\nnote: '主要任务：完善环境'\nplain: 推动“网上”交易\n"
        "tasks:\n  - 现将有关工作通知如下，请遵照执行：一是完善环境\n")


def test_fix_to_simplified_leaves_punctuation_and_diff_writes_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("text: 電子商務,發展\n", encoding="utf-8")
    shown = run("fix", "--diff", plan)
    assert "-text: 電子商務,發展" in shown.output and "+text: 电子商务，发展" in shown.output
    assert plan.read_text(encoding="utf-8") == "text: 電子商務,發展\n"
    assert run("fix", "--to-simplified", plan).exit_code == 0
    assert plan.read_text(encoding="utf-8") == "text: 电子商务,发展\n"


def test_fix_of_a_gbk_file_writes_utf8(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes("text: 電子商務\r\n".encode("gb18030"))
    result = run("fix", plan)
    assert result.exit_code == 0 and "改存为 UTF-8" in result.output
    assert plan.read_bytes() == "text: 电子商务\r\n".encode("utf-8")


def test_fix_refuses_broken_yaml_and_leaves_it(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("text: [電子商務\n", encoding="utf-8")
    result = run("fix", plan)
    assert result.exit_code == 1 and "YAML 语法错误" in result.output and "Traceback" not in result.output
    assert plan.read_text(encoding="utf-8") == "text: [電子商務\n" and not (tmp_path / "plan.yaml.bak").exists()


def test_neighbour_checks_match_the_patterns_they_replace():
    """full_width and the artefact search check a mark's neighbours in Python instead of compiling the Han class
    into look-arounds (milliseconds at every start): the same results as those patterns, on any text."""
    import re

    from hypothesis import given, strategies as st

    from generator import cleantext
    from test_properties import SETTINGS

    han, toned = cleantext.HAN, cleantext.TONED
    artefact = re.compile(f"(?<=[{han}])\\((?=[a-zü{toned} ]*[{toned}])[a-zü{toned}]{{1,7}} ?\\)")
    simple = re.compile(f"(?<=[{han}])[,;:?!]|[,;:?!](?=[{han}])")
    period = re.compile(f"(?<=[{han}])\\.(?=$|\\s|[{han}])")
    alphabet = st.sampled_from(list("發展中文a.,;:?!() \n\"fāzhǎnüǜ") + ["𠀀", "\u3000", "x"])

    @SETTINGS
    @given(st.text(alphabet, max_size=40))
    def check(text: str) -> None:
        assert [m.span() for m in cleantext.artefacts(text)] == [m.span() for m in artefact.finditer(text)]
        assert cleantext.remove_artefacts(text) == artefact.sub("", text)
        assert cleantext._replace_marks(text) == simple.sub(lambda m: cleantext.PUNCTUATION[m.group()], text)
        assert cleantext._replace_periods(text) == period.sub("。", text)

    check()

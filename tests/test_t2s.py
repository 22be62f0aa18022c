"""OpenCC is loaded only for a text its t2s conversion would change: the table that tells so, made from the
installed dictionaries, passes by no text t2s changes (every character and every phrase of its dictionaries, alone
and inside a sentence), and a plan in simplified characters is read, checked and rendered without OpenCC."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import opencc
import pytest

from conftest import DEMO, ROOT, run
from generator import t2s, t2s_data
from generator.cleantext import find, to_simplified

CONVERTER = opencc.OpenCC("t2s")
FOLDER = t2s.dictionary_dir()
TOOL = FOLDER.parent.parent / "bin" / "opencc_dict" if FOLDER else None
HAN_BLOCKS = ((0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
              (0xFE10, 0xFE6F), (0xFF00, 0xFFEF), (0x20000, 0x3134F))
needs_tool = pytest.mark.skipif(TOOL is None or not TOOL.exists(), reason="OpenCC 没有附带 opencc_dict 工具")
#: the table is used only with the dictionaries it was made from; with others (OpenCC 1.1–1.3: other contents, no
#: CJK_Compatibility_Ideographs.ocd2) every text goes to OpenCC, and what the table spares cannot be tested
TABLE = t2s._table() is not None
needs_table = pytest.mark.skipif(not TABLE, reason=f"安装的 OpenCC 词典与 t2s_data 不同，每段文字都交给 OpenCC：{FOLDER}")


def test_the_table_was_made_from_the_installed_dictionaries() -> None:
    assert FOLDER is not None
    # another OpenCC (None: a dictionary of t2s_data's OpenCC is missing): every text goes to OpenCC, as before
    if t2s.fingerprint(FOLDER) != t2s_data.FINGERPRINT:
        assert t2s._table() is None and t2s.may_change("电子商务进农村")
        pytest.skip(f"安装的 OpenCC 词典与 t2s_data 不同（python -m generator.t2s 重新生成）：{FOLDER}")
    assert t2s._table() is not None and not t2s.may_change("电子商务进农村")


@needs_tool
@needs_table
def test_the_shipped_table_is_what_the_installed_dictionaries_give() -> None:
    singles, triggers = t2s.build(FOLDER)
    assert singles == "".join(t2s_data.SINGLES) and triggers == t2s_data.TRIGGERS
    assert "覆" in triggers and "反覆" in triggers["覆"] and "覆盖" not in triggers["覆"]


@needs_tool
@needs_table
def test_the_command_that_remakes_the_table_writes_the_shipped_module(tmp_path: Path) -> None:
    out = tmp_path / "t2s_data.py"
    done = subprocess.run([sys.executable, "-m", "generator.t2s", str(out)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0 and done.stdout == f"已写入 {out}\n", done.stderr
    assert out.read_bytes() == Path(t2s_data.__file__).read_bytes()


def test_no_character_t2s_converts_is_passed_by() -> None:
    chars = [chr(code) for low, high in HAN_BLOCKS for code in range(low, high + 1)]
    converted = CONVERTER.convert("\n".join(chars)).split("\n")
    changed = [char for char, after in zip(chars, converted) if after != char]
    assert len(changed) > 4000
    assert [char for char in changed if not t2s.may_change(char)] == []
    kept = [char for char, after in zip(chars, converted) if after == char]
    assert not TABLE or sum(1 for char in kept if t2s.may_change(char)) < len(kept) // 100  # and OpenCC is spared the rest


@needs_tool
@needs_table
def test_no_phrase_t2s_converts_is_passed_by_alone_or_in_a_sentence() -> None:
    keys = [key for name in t2s.dictionaries(FOLDER) or () for key, _ in t2s.entries(FOLDER, name) if len(key) > 1]
    missed = [key for key in keys for text in (key, f"我们{key}了") if CONVERTER.convert(text) != text
              and not t2s.may_change(text)]
    assert len(keys) > 400 and missed == []


@pytest.mark.parametrize("text", [
    "反覆研究，及时答覆", "经过重覆核对，瞭解情况", "藉此机会", "1英哩", "沈阳市推进电子商务", "衹得如此",
    "覆盖率达到90%", "什么都要坏了", "國家發展改革委辦公廳", "乾隆年間的乾燥氣候", "电子商务进农村综合示范",
])
def test_the_text_is_what_opencc_gives(text: str) -> None:
    assert to_simplified(text) == CONVERTER.convert(text)
    assert bool(find(text).traditional) == (CONVERTER.convert(text) != text)


@pytest.mark.parametrize("text", ["设备一坏就停", "破坏土壤", "打坏了", "不要拉坏", "坏子"])
def test_the_simplified_bad_is_not_taken_for_an_old_form_of_pi(text: str) -> None:
    assert "坯" in CONVERTER.convert(text) or not TABLE         # OpenCC 1.4's reading, for traditional text
    assert to_simplified(text) == text and not find(text)
    assert to_simplified("壞了，" + text) == "坏了，" + text     # the traditional 壞 is still converted


def test_a_phrase_of_unchanged_characters_is_still_reported(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = DEMO.read_text(encoding="utf-8")
    assert "反覆" not in text and "guiding_ideology:" in text
    lines = [f"guiding_ideology: 坚持问题导向，反覆论证，{line.split(':', 1)[1].strip()}"
             if line.startswith("guiding_ideology:") else line for line in text.splitlines()]
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", plan)
    assert "警告 T101" in result.output and "含繁体字：覆" in result.output


def test_a_plan_in_simplified_characters_is_rendered_without_opencc(tmp_path: Path) -> None:
    probe = ("import sys\nfrom generator.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print('opencc' in sys.modules)\n")
    out = tmp_path / "demo.docx"
    done = subprocess.run([sys.executable, "-c", probe, "render", str(DEMO), "-o", str(out), "--no-charts"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.exists() and done.stdout.strip().splitlines()[-1] == str(not TABLE), done.stdout + done.stderr
    pasted = tmp_path / "pasted.yaml"
    pasted.write_text(DEMO.read_text(encoding="utf-8").replace("guiding_ideology: ", "guiding_ideology: 國家", 1),
                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", probe, "validate", str(pasted)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert "含繁体字：國" in done.stdout and done.stdout.strip().splitlines()[-1] == "True", done.stdout + done.stderr


def test_fix_keeps_the_simplified_bad_and_converts_the_rest(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    lines = [f"guiding_ideology: 於是要防止系统一坏就停，{line.split(':', 1)[1].strip()}"
             if line.startswith("guiding_ideology:") else line for line in DEMO.read_text(encoding="utf-8").splitlines()]
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", plan)
    assert "含繁体字：於" in result.output and "坏" not in result.output.split("含繁体字：")[1].split("\n")[0]
    assert run("fix", "--to-simplified", plan).exit_code == 0
    fixed = plan.read_text(encoding="utf-8")
    assert "于是要防止系统一坏就停" in fixed and "坯" not in fixed


def test_the_dictionaries_are_those_the_configuration_names(tmp_path: Path) -> None:
    """OpenCC 1.1's t2s.json segments with TSPhrases before converting with it: each file counts once."""
    (tmp_path / "t2s.json").write_text('{"segmentation": {"type": "mmseg", "dict": {"type": "ocd2", "file": '
                                       '"TSPhrases.ocd2"}}, "conversion_chain": [{"dict": {"type": "group", "dicts": '
                                       '[{"type": "ocd2", "file": "TSPhrases.ocd2"}, {"type": "ocd2", "file": '
                                       '"TSCharacters.ocd2"}]}}]}', encoding="utf-8")
    assert t2s.dictionaries(tmp_path) == ["TSPhrases.ocd2", "TSCharacters.ocd2"]
    assert t2s.fingerprint(tmp_path) is None                       # a dictionary it names is missing
    (tmp_path / "TSPhrases.ocd2").write_bytes(b"1")
    (tmp_path / "TSCharacters.ocd2").write_bytes(b"22")
    assert [(name, size) for name, size, _ in t2s.fingerprint(tmp_path) or ()] == [
        ("t2s.json", len((tmp_path / "t2s.json").read_bytes())), ("TSPhrases.ocd2", 1), ("TSCharacters.ocd2", 2)]
    (tmp_path / "t2s.json").write_text("{", encoding="utf-8")
    assert t2s.dictionaries(tmp_path) is None and t2s.fingerprint(tmp_path) is None

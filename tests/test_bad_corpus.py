"""The bad-input corpus: each file under tests/bad/ is one planner's mistake and says, in its header, the message
``ecplan validate`` must give — code, line, field and words of the message — and that message must name the file.

Most files extend a complete example (``extends: ../../examples/demo-city.yaml``) and change one thing, so each
stays a few lines long while the mistake is checked in a full plan.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, run

CORPUS = Path(__file__).parent / "bad"
FILES = sorted(CORPUS.glob("*.yaml"))
DIAGNOSTIC = re.compile(r"^(?P<file>.+?):(?P<line>\d+)(?::(?P<column>\d+))?: (?P<severity>错误|警告) (?P<code>[A-Z]\d+(?:\.\d+)?)"
                        r"(?P<rest>.*)$")


def _header(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines()[:6]:
        match = re.match(r"# (expect|line|field|message): (.*)$", line)
        if match:
            fields[match.group(1)] = match.group(2).strip()
    return fields


def test_the_corpus_is_large_and_covers_every_kind_of_mistake():
    assert len(FILES) >= 40
    codes = {_header(path)["expect"] for path in FILES}
    for family in ("Y101", "Y102", "Y103", "Y104", "Y109", "Y111", "Y112", "Y113", "S201", "S202", "S203", "S204",
                   "S205", "S206", "S209", "T101", "T102", "T103"):
        assert family in codes, family
    rules = {code.split(".")[0] for code in codes if code.startswith("R")}
    assert rules == {f"R{n}" for n in range(1, 16)}, sorted(rules)


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_each_bad_file_gets_its_message(path: Path):
    expected = _header(path)
    result = run("validate", "--shared", EXAMPLES, path)
    assert "Traceback" not in result.output
    # one diagnostic per line, its hint (if any) indented on the next line and read with it
    text = re.sub(r"\n    提示：", "  提示：", result.output)
    found = [m for m in map(DIAGNOSTIC.match, text.splitlines()) if m and m["code"] == expected["expect"]]
    assert found, f"{path.name}: no {expected['expect']} in\n{result.output}"
    if expected.get("line", "-") != "-":
        found = [m for m in found if m["line"] == expected["line"]]
        assert found, f"{path.name}: {expected['expect']} not at line {expected['line']}:\n{result.output}"
    assert all(m["file"] == str(path) for m in found), "the message must name the file the mistake is in"
    if expected.get("field", "-") != "-":
        assert any(f"[{expected['field']}]" in m["rest"] for m in found), result.output
    assert any(expected["message"] in m["rest"] for m in found), result.output
    if any(m["severity"] == "错误" for m in found):
        assert result.exit_code == 1
    else:
        assert result.exit_code in (0, 1)

"""Each document type's rendered text, as a reader of the .docx sees it, against a reviewed golden file.

A change to what any document says shows up here as a diff to review; accept it with ECPLAN_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import EXAMPLES, run
from docx_text import document_lines

GOLDEN = Path(__file__).parent / "golden"

#: golden file → the command-line arguments that render it
DOCUMENTS = {
    "demo-city.txt": [EXAMPLES / "demo-city.yaml"],
    "demo-base.txt": [EXAMPLES / "demo-base.yaml"],
    "chongqing-brief.txt": [EXAMPLES / "chongqing.yaml", "--brief"],
    "yunxi.txt": [EXAMPLES / "yunxi.yaml"],
}


@pytest.mark.parametrize("golden", sorted(DOCUMENTS))
def test_extracted_text_matches_the_reviewed_golden_file(tmp_path: Path, golden: str):
    out = tmp_path / "plan.docx"
    result = run("render", *DOCUMENTS[golden], "-o", out)
    assert result.exit_code == 0, result.output
    text = "\n".join(document_lines(out)) + "\n"
    if os.environ.get("ECPLAN_UPDATE_GOLDEN"):
        (GOLDEN / golden).write_text(text, encoding="utf-8")
    assert text == (GOLDEN / golden).read_text(encoding="utf-8"), "review the change, then rerun with ECPLAN_UPDATE_GOLDEN=1"

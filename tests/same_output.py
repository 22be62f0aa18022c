"""Renders every example at a git revision and in the work tree, and compares the outputs byte for byte.

Run it before committing a change that must not change any output (a reshaping, a speed-up)::

    python tests/same_output.py            # the work tree against HEAD
    python tests/same_output.py v0.1.0     # ... against another revision
    python tests/same_output.py --pdf      # also the PDFs (needs LibreOffice; about a minute more)

Each example is rendered as .docx (with and without figures), as Markdown and, where it has one, as a brief.
Exit code 0 when every output is identical, 1 otherwise (the differing outputs are listed).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
MODES = {"docx": [], "no-charts.docx": ["--no-charts"], "md": ["--format", "md"], "brief.docx": ["--brief"]}
#: with --pdf: the PDF written beside the .docx (the name says which file is compared)
PDF_MODES = {"pdf": ["--pdf"], "brief.pdf": ["--brief", "--pdf"]}


def _render(tree: Path, example: Path, mode: str, out: Path, cache: Path) -> bytes | None:
    target = out / f"{example.stem}.{mode}"
    written = target.with_suffix(".docx") if mode.endswith(".pdf") or mode == "pdf" else target
    command = [sys.executable, "-m", "generator", "render", str(example), "-o", str(written), *{**MODES, **PDF_MODES}[mode]]
    env = {**os.environ, "PYTHONPATH": str(tree), "ECPLAN_CACHE_DIR": str(cache)}
    result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    if mode == "pdf":
        target = written.with_suffix(".pdf")
    return target.read_bytes() if result.returncode == 0 and target.exists() else None


def main(revision: str = "HEAD", pdf: bool = False) -> int:
    with tempfile.TemporaryDirectory(prefix="same-output-") as scratch:
        old_tree = Path(scratch) / "old"
        subprocess.run(["git", "worktree", "add", "--detach", str(old_tree), revision], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            differing = []
            for example in EXAMPLES:
                for mode in [*MODES, *(PDF_MODES if pdf else ())]:
                    outputs = []
                    for name, tree in (("old", old_tree), ("new", ROOT)):
                        out = Path(scratch) / name / "out"
                        out.mkdir(parents=True, exist_ok=True)
                        outputs.append(_render(tree, tree / "examples" / example.name, mode, out,
                                               Path(scratch) / name / "cache"))
                    same = outputs[0] == outputs[1]
                    state = ("neither" if outputs[0] is None else "same") if same else "DIFFERENT"
                    shown = "not rendered" if outputs[0] is None else f"{len(outputs[0])} bytes"
                    print(f"{example.name:<18} {mode:<16} {state:<10} ({shown})")
                    if not same:
                        differing.append(f"{example.name} {mode}")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old_tree)], cwd=ROOT, capture_output=True)
    print("all outputs identical" if not differing else f"{len(differing)} outputs differ: {', '.join(differing)}")
    return 1 if differing else 0


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if argument != "--pdf"]
    sys.exit(main(*arguments[:1], pdf="--pdf" in sys.argv[1:]))

"""The package's shape, kept as tests: small modules and functions, names that say one thing, light commands, and a
repository that stands on its own."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEMO, ROOT

PACKAGE = ROOT / "generator"
MODULES = sorted(PACKAGE.rglob("*.py"))
HEAVY = ("docx", "docxtpl", "lxml", "matplotlib")


@pytest.mark.parametrize("module", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_modules_and_functions_stay_small(module: Path):
    source = module.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 300, "a module past 300 lines holds two concerns: split it"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            assert node.end_lineno - node.lineno + 1 <= 60, f"{node.name} is longer than 60 lines"


def test_no_module_name_reads_as_a_shared_base():
    """"base" means 示范基地 only: a shared file is a parent, a baseline is a baseline."""
    assert not [path for path in MODULES if path.stem.endswith("_base")]


@pytest.mark.parametrize("args", [["--help"], ["validate", str(DEMO)], ["render", "--help"]])
def test_light_commands_import_no_document_or_drawing_library(args: list[str]):
    probe = ("import sys\nfrom generator.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             f"print(sorted(name for name in {HEAVY!r} if name in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_a_render_from_the_prepared_template_imports_no_xml_tree_library(tmp_path: Path):
    """Once the master template is prepared (cached), a .docx is written as a stream: rendering the demo imports no
    lxml, python-docx or docxtpl, and no xml.sax (which brings in urllib.request, http.client and ssl)."""
    out = tmp_path / "demo.docx"
    probe = ("import sys\nfrom generator.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             f"print(sorted(name for name in {HEAVY + ('xml.sax', 'http.client')!r} if name in sys.modules))")
    args = ["render", str(DEMO), "-o", str(out), "--force", "--no-charts"]
    subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.exists() and done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_nothing_in_the_repository_reaches_outside_it():
    """A newcomer's clone has nothing beside it: no file may name a folder beside the repository."""
    tracked = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    beside = "shared"  # the folder of source documents that sits beside a working copy, never beside a clone
    outside = (f"../{beside}", f"..\\{beside}", f"{beside}/seeds", "parents[2]", ".parent" * 3)
    found = []
    for name in tracked:
        path = ROOT / name
        if path.suffix in (".docx", ".png", ".pdf") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{name}: {word}" for word in outside if word in text and name != "tests/test_layout.py"]
    assert not found


def test_every_subpackage_is_installed():
    """setup.cfg names each package: one left out is missing from an installed ecplan (not from a checkout)."""
    import configparser

    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    listed = set(config["options"]["packages"].split())
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in PACKAGE.rglob("__init__.py")}
    assert not found - listed, f"add to setup.cfg [options] packages: {sorted(found - listed)}"


def test_readme_names_every_test_module():
    """README says how the tests are organised: every test module is in that account."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [path.name for path in sorted((ROOT / "tests").glob("test_*.py")) if f"`{path.name}`" not in readme]
    assert not missing, missing

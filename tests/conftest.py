"""Shared helpers: the demo plan, mutations of it, and running the CLI in-process."""

from __future__ import annotations

import atexit
import copy
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import main

# The tests' temporary files (LibreOffice's folders among them, in this process and in those it starts) go into a
# folder of their own, so that what they leave behind is told apart from what other programs are doing meanwhile.
_TEMPORARY = tempfile.mkdtemp(prefix="ecplan-tests-")
os.environ["TMPDIR"] = tempfile.tempdir = _TEMPORARY
# removed at exit, after everything else (multiprocessing's own folder in it included; --basetemp keeps pytest's)
atexit.register(shutil.rmtree, _TEMPORARY, True)
# Drawn figures are cached between runs; the tests keep theirs apart from the user's cache.
os.environ.setdefault("ECPLAN_CACHE_DIR", tempfile.mkdtemp(prefix="ecplan-test-cache-"))
# The tests' ``python -m generator`` runs the ecplan this session imported, as ``ecplan`` would (-m put a
# generator folder in the working directory first: a non-editable install ran the repository's copy beside it).
os.environ["PYTHONSAFEPATH"] = "1"
# The long-lived office the tests start is theirs alone, and stopped (and checked gone) when they end.
os.environ["ECPLAN_OFFICE_DIR"] = tempfile.mkdtemp(prefix="ecplan-test-server-")
os.environ.setdefault("ECPLAN_OFFICE_IDLE", "300")


def pytest_sessionfinish(session, exitstatus):
    """Stop the tests' long-lived office; then no LibreOffice of the tests' may run and no folder of theirs remain."""
    import subprocess
    import time

    from generator import office_client

    status = office_client.running()
    office_client.stop()
    time.sleep(0.5)
    left = list(Path(_TEMPORARY).glob("ecplan-office-*"))
    processes = [folder for folder in left if subprocess.run(["pgrep", "-f", str(folder)], capture_output=True).stdout]
    alive = bool(status) and any(office_client._alive(pid) for pid in (status["pid"], status.get("renderer")) if pid)
    shutil.rmtree(os.environ["ECPLAN_OFFICE_DIR"], ignore_errors=True)
    if left or alive:
        print(f"\nleft behind by the tests: folders {left} (LibreOffice still running in {processes}), "
              f"the long-lived office running: {alive}")
        session.exitstatus = 1

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DEMO = EXAMPLES / "demo-city.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="session")
def demo_data() -> dict[str, Any]:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


def write_plan(path: Path, data: dict[str, Any]) -> Path:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def mutated(tmp_path: Path, demo_data: dict[str, Any]) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    """Write a copy of the demo changed by ``change`` and return its path."""

    def make(change: Callable[[dict[str, Any]], None], name: str = "plan.yaml") -> Path:
        data = copy.deepcopy(demo_data)
        change(data)
        return write_plan(tmp_path / name, data)

    return make


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line in ``path`` that contains ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def client_template_dir(tmp_path: Path, text: str) -> Path:
    """A client's template directory: the built-in city master with one more paragraph, ``text``."""
    import docx

    from generator.templating import builtin_dir

    folder = tmp_path / "client"
    folder.mkdir()
    document = docx.Document(str(builtin_dir() / "city-plan.docx"))
    document.add_paragraph(text)
    document.save(str(folder / "city-plan.docx"))
    return folder

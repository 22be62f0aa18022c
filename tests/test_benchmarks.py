"""The benchmark script still works (a smoke run: every case once, small sizes); numbers are in RESULTS.md."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_benchmark_smoke_run_produces_the_table(tmp_path):
    out = tmp_path / "table.md"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert done.returncode == 0, done.stderr
    table = out.read_text(encoding="utf-8")
    for case in ("`ecplan validate` demo", "`ecplan render` demo", "raw docxtpl", "`ecplan batch` 4 plans",
                 "10 tasks and 10 projects", "`ecplan validate` ÷ `ecplan render`"):
        assert case in table, case
    assert "Machine:" in table and ("| met |" in table or "| not met |" in table)

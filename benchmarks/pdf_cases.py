"""The PDF cases of the benchmark: ecplan's ``render --pdf`` warm (the long-lived office running) and cold (none
running), against LibreOffice converting the same .docx warm (``unoconvert`` against ``unoserver``, installed in
this run's own scratch environment only, as the reference) and cold (``soffice --convert-to pdf``); and batch with
``--pdf``. Each pair is measured side by side in one run."""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
ECPLAN = [sys.executable, "-m", "generator"]


def _time(command: list[str], env: dict[str, str], before: Callable[[], None] | None = None) -> float:
    if before:
        before()
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, capture_output=True, timeout=900)
    return time.perf_counter() - start


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _unoserver(work: Path) -> tuple[list[str], subprocess.Popen[bytes]] | None:
    """``unoconvert`` against a running ``unoserver``, from a scratch environment of this run; None if it cannot be
    had (no network for pip, no Python with uno)."""
    if not Path("/usr/bin/python3").exists():       # the Python LibreOffice's uno is installed for (Debian)
        return None
    scratch = work / "unoserver-env"
    try:
        subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(scratch)], check=True,
                       capture_output=True, timeout=300)
        subprocess.run([str(scratch / "bin" / "pip"), "install", "-q", "unoserver"], check=True, capture_output=True,
                       timeout=600)
    except (subprocess.SubprocessError, OSError):
        return None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(scratch / "bin" / "unoserver"), "--port", str(port), "--uno-port", str(port + 1),
                               "--user-installation", str(work / "unoserver-profile")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    convert = [str(scratch / "bin" / "unoconvert"), "--port", str(port)]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.5)
        done = subprocess.run([*convert, str(work / "demo.docx"), str(work / "probe.pdf")], capture_output=True)
        if done.returncode == 0:
            return convert, server
    os.killpg(server.pid, 9)
    server.wait()
    return None


def _renderer_ready(office_dir: Path, env: dict[str, str]) -> None:
    """Waits until the server's warm renderer listens (it starts once the server is idle)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        shown = subprocess.run(ECPLAN + ["office", "status"], env=env, capture_output=True, text=True)
        if "预先载入" in shown.stdout and (office_dir / "render.sock").exists():
            return
        time.sleep(0.2)


def pdf_rows(work: Path, env: dict[str, str], runs: int, demo: Path, examples: Path,
             quick: bool) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, float, str, bool | None]]]:
    """The rows of the PDF cases and their verdicts (name, value, wanted, met)."""
    if shutil.which("soffice") is None:
        return [("PDF cases", "—", "", "LibreOffice is not installed")], []
    office_dir = work / "office"
    env = {**env, "ECPLAN_OFFICE_DIR": str(office_dir)}
    docx = work / "demo.docx"
    subprocess.run(ECPLAN + ["render", str(demo), "-o", str(docx), "--force", "--no-source"], check=True, env=env,
                   capture_output=True)
    stop = lambda: subprocess.run(ECPLAN + ["office", "stop"], env=env, capture_output=True)  # noqa: E731
    render_pdf = ECPLAN + ["render", str(demo), "-o", str(work / "pdf.docx"), "--pdf", "--force"]
    cold_soffice = lambda n: ["soffice", "--headless", f"-env:UserInstallation={(work / f'cold-{n}').as_uri()}",  # noqa: E731
                              "--convert-to", "pdf", "--outdir", str(work / "cold"), str(docx)]
    cold, soffice = [], []
    for number in range(runs):
        cold.append(_time(render_pdf, env, stop))                 # no office running: this one starts it
        soffice.append(_time(cold_soffice(number), env))
    stop()
    subprocess.run(ECPLAN + ["office", "start"], env=env, capture_output=True, check=True)
    _time(render_pdf, env)                                        # warm-up
    _renderer_ready(office_dir, env)
    alone = {**env, "ECPLAN_OFFICE_RENDER": "0"}                  # the same, run in its own process
    reference = None if quick else _unoserver(work)
    warm, unoconvert, in_process = [], [], []
    for _ in range(max(runs, 3)):                                 # in turns, under the same conditions
        warm.append(_time(render_pdf, env))
        in_process.append(_time(render_pdf, alone))
        if reference is not None:
            unoconvert.append(_time([*reference[0], str(docx), str(work / "uno.pdf")], env))
    if reference is not None:
        os.killpg(reference[1].pid, 9)       # unoserver and the LibreOffice it started (its own session)
        reference[1].wait()
    plans = work / "pdf-plans"
    plans.mkdir(exist_ok=True)
    for example in sorted(examples.glob("*.yaml")):
        shutil.copy(example, plans / example.name)
    count = len(list(plans.glob("*.yaml")))
    batch_pdf = ECPLAN + ["batch", str(plans), "-o", str(work / "pdf-batch"), "--pdf", "--jobs", "2", "--force"]
    _time(batch_pdf, env)                 # warm-up, as for every case: the examples' figures drawn and cached
    batch = _median([_time(batch_pdf, env) for _ in range(max(1, runs // 2))])
    stop()
    rows = [("`ecplan render --pdf` demo, cold (no office running)", f"{_median(cold):.3f}", "", ""),
            ("`soffice --convert-to pdf` of the same .docx, cold", f"{_median(soffice):.3f}", "", ""),
            ("`ecplan render --pdf` demo, warm (the long-lived office and its renderer)", f"{_median(warm):.3f}", "",
             ""),
            ("the same, run in its own process (`ECPLAN_OFFICE_RENDER=0`)", f"{_median(in_process):.3f}", "", ""),
            (f"`ecplan batch --pdf --jobs 2`, the {count} examples", f"{batch:.3f}", "",
             f"{count / batch:.2f} documents/s")]
    verdicts = [("warm `render --pdf` ÷ the same in its own process", _median(warm) / _median(in_process), "—",
                 None),
                ("cold `render --pdf` ÷ cold `soffice --convert-to pdf`", _median(cold) / _median(soffice), "≤ 1.5",
                 _median(cold) / _median(soffice) <= 1.5),
                ("`batch --pdf --jobs 2` documents per second", count / batch, "≥ 1.5", count / batch >= 1.5)]
    if unoconvert:
        rows.insert(3, ("`unoconvert` (unoserver running) of the same .docx, warm", f"{_median(unoconvert):.3f}", "",
                        "reference"))
        verdicts.insert(0, ("warm `render --pdf` ÷ warm `unoconvert`", _median(warm) / _median(unoconvert), "≤ 1.3",
                            _median(warm) / _median(unoconvert) <= 1.3))
    else:
        rows.append(("`unoconvert` reference", "—", "", "not measured (smoke run, or unoserver not installable)"))
    return rows, verdicts


if __name__ == "__main__":        # python benchmarks/pdf_cases.py: the PDF cases alone
    sys.path.insert(0, str(ROOT))
    folder = Path(tempfile.mkdtemp(prefix="ecplan-bench-pdf-"))
    try:
        found, judged = pdf_rows(folder, dict(os.environ), 3, ROOT / "examples" / "demo-city.yaml", ROOT / "examples",
                                 "--quick" in sys.argv)
        for row in found:
            print(" | ".join(row))
        for name, value, wanted, met in judged:
            print(f"{name}: {value:.2f} (wanted {wanted}: {'reference' if met is None else 'met' if met else 'not met'})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)

"""Benchmarks: what users wait for, timed as whole processes against what they would otherwise use, in one run.

    python benchmarks/run.py                 # full run (several minutes), Markdown table on stdout
    python benchmarks/run.py --out table.md  # also write the table to a file (RESULTS.md is updated by hand)
    python benchmarks/run.py --quick         # smoke run: every case once, small sizes (what CI runs)

Each case runs once to warm up (files cached by the OS, figures and compiled templates in ecplan's cache), then
``--runs`` times; the single-document cases take turns round by round, so the ratios between them are measured
under the same conditions. The table gives medians, peak memory of the process (``wait4`` rusage) and ratios. Nothing here
needs a service: pandoc is used when installed and reported as missing otherwise.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEMO = ROOT / "examples" / "demo-city.yaml"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402


@dataclass
class Timing:
    seconds: float        # median wall time
    peak_mb: float        # largest peak RSS over the runs
    runs: int


def _run_once(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0,):
        raise RuntimeError(f"{' '.join(command)} exited with {code}: {stderr[-500:]}")
    return elapsed, usage.ru_maxrss / 1024


def measure(command: list[str], runs: int, env: dict[str, str] | None = None, warm: bool = True) -> Timing:
    if warm:
        _run_once(command, env)
    results = [_run_once(command, env) for _ in range(runs)]
    return Timing(statistics.median(r[0] for r in results), max(r[1] for r in results), runs)


def measure_together(cases: dict[str, tuple[list[str], dict[str, str] | None]], runs: int) -> dict[str, Timing]:
    """Several commands timed in turns: each is warmed up, then every round runs each once (starting with a
    different one each round), so a slower or busier moment of the machine weighs on all of them alike and the
    ratios between them hold even when single numbers drift."""
    names = list(cases)
    for name in names:
        _run_once(*cases[name])
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for round_number in range(runs):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(_run_once(*cases[name]))
    return {name: Timing(statistics.median(r[0] for r in runs_of), max(r[1] for r in runs_of), runs)
            for name, runs_of in results.items()}


def measure_call(function, runs: int) -> float:  # type: ignore[no-untyped-def]
    function()
    return statistics.median(_timed(function) for _ in range(runs))


def _timed(function) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


ECPLAN = [sys.executable, "-m", "generator"]

FLOOR = """
import pickle, sys
from docxtpl import DocxTemplate
from generator.templating import environment  # the template's filters (num, break_title...)
context = pickle.load(open(sys.argv[1], "rb"))
template = DocxTemplate(sys.argv[2])
template.render(context, jinja_env=environment())
template.save(sys.argv[3])
"""


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    pandoc = "not installed"
    if shutil.which("pandoc"):
        pandoc = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; "
            f"{pandoc}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: each case once, small sizes")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    sizes = [10, 100] if args.quick else [10, 100, 1000, 5000]
    batch_size = 4 if args.quick else 50
    work = Path(tempfile.mkdtemp(prefix="ecplan-bench-"))
    # Python may keep byte-code, as it does for an installed package (pip compiles it on install): without it, every
    # run would compile ecplan's modules from source, which no user waits for.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["ECPLAN_CACHE_DIR"] = str(work / "cache")
    rows: list[tuple[str, str, str, str]] = []
    verdicts: list[str] = []
    try:
        out = work / "demo.docx"
        markdown = work / "demo.md"
        subprocess.run(ECPLAN + ["render", str(DEMO), "--format", "md", "-o", str(markdown), "--force"], check=True,
                       env=env, capture_output=True)

        from generator.pipeline import check
        from generator.templating import find_template
        from generator.validate import usable_data

        checked = check(DEMO)
        from generator.formats.docx_fill import fitted
        from generator.formats.docx_prepare import prepared

        master = find_template("city-plan.docx")
        context = checked.doctype.build(usable_data(checked.plan.data), None, frozenset())
        context = fitted(context, prepared(master).body, master.name, [])  # as the template is filled
        (work / "context.pickle").write_bytes(pickle.dumps(context))
        (work / "floor.py").write_text(FLOOR, encoding="utf-8")
        cases: dict[str, tuple[list[str], dict[str, str] | None]] = {
            "validate": (ECPLAN + ["validate", str(DEMO)], env),
            "render": (ECPLAN + ["render", str(DEMO), "-o", str(out), "--force"], env),
            "no_charts": (ECPLAN + ["render", str(DEMO), "-o", str(out), "--force", "--no-charts"], env),
            "no_cache": (ECPLAN + ["render", str(DEMO), "-o", str(out), "--force"], {**env, "ECPLAN_CACHE_DIR": "off"}),
            "floor": ([sys.executable, str(work / "floor.py"), str(work / "context.pickle"),
                       str(find_template("city-plan.docx")), str(work / "floor.docx")], {**env, "PYTHONPATH": str(ROOT)}),
            "imports": ([sys.executable, "-c", "import click, cerberus, jinja2, yaml"], env),
        }
        if shutil.which("pandoc"):
            cases["pandoc"] = (["pandoc", str(markdown), "-o", str(work / "pandoc.docx")], None)
        timed = measure_together(cases, runs)
        validate, render, no_charts, no_cache = timed["validate"], timed["render"], timed["no_charts"], timed["no_cache"]
        floor, imports, pandoc = timed["floor"], timed["imports"], timed.get("pandoc")
        rows += [("`ecplan validate` demo", f"{validate.seconds:.3f}", f"{validate.peak_mb:.0f}", ""),
                 ("`ecplan render` demo (figures and templates cached)", f"{render.seconds:.3f}", f"{render.peak_mb:.0f}", ""),
                 ("`ecplan render --no-charts` demo", f"{no_charts.seconds:.3f}", f"{no_charts.peak_mb:.0f}", ""),
                 ("`ecplan render` demo, cache off (draws 3 figures)", f"{no_cache.seconds:.3f}", f"{no_cache.peak_mb:.0f}", "")]
        if pandoc is not None:
            rows.append(("pandoc: the same document (Markdown) to .docx", f"{pandoc.seconds:.3f}", f"{pandoc.peak_mb:.0f}", ""))
        rows.append(("raw docxtpl: the master template with a ready context", f"{floor.seconds:.3f}", f"{floor.peak_mb:.0f}", ""))
        rows.append(("Python importing click, cerberus, Jinja and PyYAML, nothing else", f"{imports.seconds:.3f}",
                     f"{imports.peak_mb:.0f}", ""))

        plans = work / "plans"
        plans.mkdir()
        for number in range(batch_size):
            shutil.copy(DEMO, plans / f"city-{number:02d}.yaml")
        batch = measure(ECPLAN + ["batch", str(plans), "-o", str(work / "batch-out"), "--jobs", "2", "--force"], runs, env)
        rows.append((f"`ecplan batch` {batch_size} plans, `--jobs 2`", f"{batch.seconds:.3f}", f"{batch.peak_mb:.0f}",
                     f"{batch_size / batch.seconds:.1f} plans/s"))
        pandoc_batch = None
        if pandoc is not None:
            sources = [markdown] * batch_size

            def pandoc_all() -> None:
                with concurrent.futures.ThreadPoolExecutor(2) as pool:
                    list(pool.map(lambda item: subprocess.run(
                        ["pandoc", str(item[1]), "-o", str(work / f"p{item[0]}.docx")], check=True),
                        enumerate(sources)))

            pandoc_batch = measure_call(pandoc_all, runs)
            rows.append((f"pandoc {batch_size} documents, 2 at a time", f"{pandoc_batch:.3f}", "",
                         f"{batch_size / pandoc_batch:.1f} documents/s"))

        scaling: dict[int, Timing] = {}
        for size in sizes:
            source = synthetic.write(work / f"synthetic-{size}.yaml", size)
            scaling[size] = measure(ECPLAN + ["render", str(source), "-o", str(work / f"synthetic-{size}.docx"),
                                              "--force"], max(1, runs // 2), env)
            rows.append((f"`ecplan render`, {size} tasks and {size} projects", f"{scaling[size].seconds:.3f}",
                         f"{scaling[size].peak_mb:.0f}", ""))

        # the same key projects read from a department's workbook (tables:) against written in YAML
        rows_in_book = 100 if args.quick else 5000
        in_yaml = synthetic.write(work / "book-plan-yaml.yaml", 10, rows_in_book)
        subprocess.run(ECPLAN + ["excel", str(in_yaml), "-o", str(work / "附表.xlsx"), "--force"], check=True, env=env,
                       capture_output=True)
        in_book = synthetic.without_rows(in_yaml, work / "book-plan.yaml", "附表.xlsx")
        book_cases = {"yaml": (ECPLAN + ["validate", str(in_yaml)], env),
                      "workbook": (ECPLAN + ["validate", str(in_book)], env),
                      "workbook_render": (ECPLAN + ["render", str(in_book), "-o", str(work / "book.docx"), "--force",
                                                    "--no-charts"], env)}
        book = measure_together(book_cases, max(1, runs // 2))
        rows += [(f"`ecplan validate`, {rows_in_book} key projects in YAML", f"{book['yaml'].seconds:.3f}",
                  f"{book['yaml'].peak_mb:.0f}", ""),
                 (f"`ecplan validate`, the same {rows_in_book} key projects from a workbook",
                  f"{book['workbook'].seconds:.3f}", f"{book['workbook'].peak_mb:.0f}", ""),
                 (f"`ecplan render --no-charts`, {rows_in_book} key projects from a workbook",
                  f"{book['workbook_render'].seconds:.3f}", f"{book['workbook_render'].peak_mb:.0f}", "")]

        from pdf_cases import pdf_rows

        pdf_found, pdf_verdicts = pdf_rows(work, env, runs, DEMO, DEMO.parent, args.quick)
        rows += pdf_found
        from serve_cases import serve_rows

        serve_found, serve_verdicts = serve_rows(work, env, runs, DEMO, args.quick)
        rows += serve_found
        pdf_verdicts += serve_verdicts

        def verdict(name: str, value: float, target: str, met: bool | None) -> None:
            verdicts.append(f"| {name} | {value:.2f} | {target} | {'reference' if met is None else 'met' if met else 'not met'} |")

        if pandoc is not None:
            verdict("cold `ecplan render` ÷ pandoc (same content, figures cached)", render.seconds / pandoc.seconds,
                    "≤ 2", render.seconds / pandoc.seconds <= 2)
            verdict("cold `ecplan render --no-charts` ÷ pandoc", no_charts.seconds / pandoc.seconds, "≤ 2",
                    no_charts.seconds / pandoc.seconds <= 2)
        verdict("`ecplan validate` ÷ `ecplan render`", validate.seconds / render.seconds, "≤ 0.5",
                validate.seconds / render.seconds <= 0.5)
        if pandoc_batch is not None:
            ratio = (batch_size / batch.seconds) / (batch_size / pandoc_batch)
            verdict("batch throughput ÷ pandoc's", ratio, "≥ 2", ratio >= 2)
        if 1000 in scaling and 5000 in scaling:
            slope = scaling[5000].seconds / scaling[1000].seconds
            verdict("time at 5000 tasks ÷ time at 1000", slope, "≤ 6", slope <= 6)
            verdict("peak memory at 5000 tasks (MB)", scaling[5000].peak_mb, "≤ 150", scaling[5000].peak_mb <= 150)
        verdict(f"validate from a workbook ÷ from YAML ({rows_in_book} key projects)",
                book["workbook"].seconds / book["yaml"].seconds, "≤ 3", book["workbook"].seconds / book["yaml"].seconds <= 3)
        for name, value, wanted, met in pdf_verdicts:
            verdict(name, value, wanted, met)
        verdict("raw docxtpl ÷ `ecplan render --no-charts`", floor.seconds / no_charts.seconds, "—", None)
        if pandoc is not None:
            verdict("importing the required libraries ÷ pandoc", imports.seconds / pandoc.seconds, "—", None)
        verdict("importing the required libraries ÷ `ecplan validate`", imports.seconds / validate.seconds, "—", None)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    table = [f"Machine: {machine()}", "", f"Medians of {runs} run(s) after a warm-up; peak = largest resident set.", "",
             "| case | seconds | peak MB | throughput |", "|---|---:|---:|---:|",
             *(f"| {name} | {seconds} | {peak} | {extra} |" for name, seconds, peak, extra in rows), "",
             "| target | measured | wanted | |", "|---|---:|---:|---|", *verdicts, ""]
    text = "\n".join(table)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

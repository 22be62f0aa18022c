"""``ecplan batch``: many plans at once, in parallel, past bad files, with a report (``batch_report``: table, CSV, JSON).

Each worker process renders one plan after another; with ``--pdf`` it keeps one LibreOffice for all of them.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from generator.errors import EcplanError, InputFileError, InvalidPlanError, OfficeError
from generator.options import RenderOptions

REPORT_NAME = "ecplan-batch"
PLAN_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Job:
    """One plan file to render, and how (``options.output_dir`` is where)."""

    source: str
    options: RenderOptions


@dataclass
class Outcome:
    """What became of one plan file: a row of the report."""

    file: str
    status: str  # "ok" or "failed"
    errors: int
    warnings: int
    summary_chars: int | None
    output: str
    pdf: str
    message: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.status == "ok"


#: column name in the report, its Chinese heading in the table
COLUMNS = {"file": "文件", "status": "结果", "errors": "错误", "warnings": "警告", "summary_chars": "摘要字数",
           "output": "输出", "pdf": "PDF", "message": "说明", "seconds": "用时(秒)"}


def collect(inputs: list[str]) -> list[Path]:
    """Plan files named or found (non-recursively) in the named directories, in order, each once.

    In a directory, names starting with ``_`` or ``.`` are skipped: keep shared files for ``extends:`` there."""
    found: list[Path] = []
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in PLAN_SUFFIXES and p.is_file()
                                and not p.name.startswith(("_", "."))))
        elif path.is_file():
            found.append(path)
        else:
            raise InputFileError(name, "文件或目录不存在。")
    unique = list(dict.fromkeys(found))
    if not unique:
        raise InputFileError(", ".join(inputs), "没有找到方案文件（*.yaml、*.yml）。")
    return unique


def plan_jobs(files: list[Path], outdir: Path, options: RenderOptions) -> list[Job]:
    """One job per file, each writing into OUTDIR under the name ``ecplan render`` would give it (``a.yaml`` of
    ``type: brief`` → ``a-brief.docx``); two inputs whose outputs would have the same name are refused before
    anything is written.

    Only a file that another input could share a name with is read for its type: one whose names under every type
    (``a.docx``, ``a-brief.docx``) are no other file's is named apart whatever it declares, so a batch of differently
    named plans reads none of them here (each worker reads its own plan when it renders it)."""
    options = options.but(output=None, output_dir=str(outdir))
    possible = [possible_names(file, options) for file in files]
    counted: dict[str, int] = {}
    for names in possible:
        for name in names:
            counted[name] = counted.get(name, 0) + 1
    jobs, taken = [], {}
    for file, names in zip(files, possible):
        if any(counted[name] > 1 for name in names):
            name = output_name(file, options)
            if name in taken:
                raise InputFileError(str(file), f"与 {taken[name]} 的输出同名（{outdir / name}），会写到同一个文件，"
                                     "请改名其中一个。")
            taken[name] = file
        jobs.append(Job(str(file), options))
    return jobs


def possible_names(file: Path, options: RenderOptions) -> set[str]:
    """Every name ``output_name`` could give ``file``: its name as a document of each type."""
    from generator import doctypes, formats

    suffix = formats.get(options.format).SUFFIX
    return {formats.output_path(file, doctype, options, suffix).name for doctype in doctypes.REGISTRY.values()}


def output_name(file: Path, options: RenderOptions) -> str:
    """The name ``ecplan render`` gives the output of ``file``: from the type the plan declares; a file that cannot
    be read (it fails later, with its message) is named as a city plan would be."""
    from generator import doctypes, formats
    from generator.readers import read_plan

    try:
        doctype = doctypes.of_plan(read_plan(file, options.shared).data, options.brief, str(file))
    except EcplanError:
        doctype = doctypes.get(doctypes.get(doctypes.DEFAULT).brief or doctypes.DEFAULT) if options.brief \
            else doctypes.get(doctypes.DEFAULT)
    return formats.output_path(file, doctype, options, formats.get(options.format).SUFFIX).name


_office: Any = None


def _worker_office() -> Any:
    """This worker's LibreOffice, started on first use and closed when the worker ends."""
    global _office
    if _office is None:
        from multiprocessing.util import Finalize

        from generator import office_client

        _office = office_client.office()    # the long-lived one (each document its own LibreOffice), or one of its own
        Finalize(_office, _office.close, exitpriority=10)
    return _office


def _drop_office() -> None:
    global _office
    if _office is not None:
        _office.close()
        _office = None


def run_job(job: Job) -> Outcome:
    """Render one plan; every failure becomes an Outcome with its message (the batch goes on)."""
    from generator.pipeline import check, passed, render_checked

    started = time.perf_counter()

    def outcome(status: str, errors: int, warnings: int, message: str = "", summary: int | None = None,
                output: str = "", pdf: str = "") -> Outcome:
        return Outcome(job.source, status, errors, warnings, summary, output, pdf, message,
                       round(time.perf_counter() - started, 2))

    office = None
    if job.options.format == "pdf":
        try:
            office = _worker_office()
        except EcplanError:
            pass  # the pdf format tries again, writes the .docx and reports what is missing
    report = None
    try:
        checked = check(job.source, job.options)
        report = checked.report
        result = render_checked(passed(checked, job.options), job.options, office)
    except InvalidPlanError as exc:
        first = exc.report.errors[0].format().splitlines()[0]
        return outcome("failed", len(exc.report.errors), len(exc.report.warnings), first)
    except EcplanError as exc:
        if isinstance(exc, OfficeError):
            _drop_office()  # start a fresh LibreOffice for the next plan
        errors, warnings = (len(report.errors), len(report.warnings)) if report is not None else (1, 0)
        written = getattr(exc, "written", None)
        return outcome("failed", errors, warnings, str(exc).splitlines()[0], output=str(written or ""))
    except Exception as exc:  # noqa: BLE001 — one broken file must not end the batch; the report says what broke
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return outcome("failed", 1, 0, f"内部错误（请报告此问题）：{type(exc).__name__}: {exc} "
                                       f"[{Path(where.filename).name}:{where.lineno}]")
    summary = result.summary.count if result.summary is not None else None
    return outcome("ok", 0, len(result.report.warnings), "；".join(result.notes), summary, str(result.written.output),
                   str(result.written.pdf or ""))


def _warm() -> None:
    """Import what every render needs once per worker, not once per plan."""
    import generator.formats.docx_fill  # noqa: F401
    import generator.formats.docx_stream  # noqa: F401
    import generator.pipeline  # noqa: F401
    import generator.validate  # noqa: F401


def run(jobs: list[Job], workers: int, progress: Callable[[Outcome, int, int], None] | None = None,
        task: Callable[[Job], Outcome] = run_job) -> list[Outcome]:
    """All jobs, ``workers`` at a time (1: in this process); outcomes in the order of ``jobs``.

    A worker that dies (killed by the system for lack of memory, say) takes down the pool: the files it and the
    other workers held are tried again one at a time, and only a file that kills its worker again is reported as
    failed; files not yet started go on in a new pool."""
    outcomes: dict[int, Outcome] = {}

    def record(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        if progress:
            progress(outcome, len(outcomes), len(jobs))

    if workers <= 1 or len(jobs) == 1:
        try:
            for index, job in enumerate(jobs):
                record(index, task(job))
        finally:
            _drop_office()
        return [outcomes[i] for i in range(len(jobs))]
    remaining = list(range(len(jobs)))
    while remaining:
        suspects, remaining = _pooled(jobs, remaining, workers, task, record)
        for index in suspects:
            again, _ = _pooled(jobs, [index], 1, task, record)
            for culprit in again:
                record(culprit, Outcome(jobs[culprit].source, "failed", 1, 0, None, "", "",
                                        "处理此文件的工作进程意外退出（可能是内存不足），重试一次仍然如此。", 0.0))
    return [outcomes[i] for i in range(len(jobs))]


def _pooled(jobs: list[Job], indices: list[int], workers: int, task: Callable[[Job], Outcome],
            record: Callable[[int, Outcome], None]) -> tuple[list[int], list[int]]:
    """Runs ``indices`` in one pool of ``workers`` processes, no more in flight than there are workers. When a
    worker dies: (the files in flight then, the files not started), else two empty lists."""
    context = multiprocessing.get_context("spawn" if os.name == "nt" else "forkserver")
    waiting, running = list(indices), {}
    with ProcessPoolExecutor(max_workers=min(workers, len(indices)), mp_context=context, initializer=_warm) as pool:
        while waiting or running:
            while waiting and len(running) < workers:
                index = waiting.pop(0)
                running[pool.submit(task, jobs[index])] = index
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in finished:
                index = running.pop(future)
                try:
                    record(index, future.result())
                except BrokenProcessPool:
                    broken = True
                    running[future] = index
            if broken:
                wait(running)
                suspects = []
                for future, index in running.items():
                    try:
                        record(index, future.result())
                    except BrokenProcessPool:
                        suspects.append(index)
                return suspects, waiting
    return [], []

"""The batch's report: a CSV for Excel and WPS (Chinese headings, cells that are never formulas), a JSON for
programs, and the summary table for the terminal."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from generator import terminal
from generator.batch import COLUMNS, REPORT_NAME, Outcome

#: the 结果 column of the CSV report, in words
STATUS_WORDS = {"ok": "成功", "failed": "失败"}


def to_csv(outcomes: list[Outcome]) -> bytes:
    """The report for Excel and WPS: Chinese headings and 成功/失败, UTF-8 with BOM (so that they open it correctly).
    The JSON report keeps the field names, for programs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([COLUMNS[field.name] for field in fields(Outcome)])
    for outcome in outcomes:
        writer.writerow([csv_cell(STATUS_WORDS[outcome.status] if f.name == "status" else getattr(outcome, f.name))
                         for f in fields(Outcome)])
    return buffer.getvalue().encode("utf-8-sig")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell that Excel and WPS show as text: one starting like a formula (=, +, -, @, a tab or a
    line break; a file may be called ``=1+2.yaml``) is prefixed with an apostrophe, so it is never evaluated."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        return "'" + value
    return value


def to_json(outcomes: list[Outcome]) -> bytes:
    totals = {"files": len(outcomes), "ok": sum(o.ok for o in outcomes), "failed": sum(not o.ok for o in outcomes)}
    document = {"totals": totals, "columns": COLUMNS, "files": [asdict(o) for o in outcomes]}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_reports(outcomes: list[Outcome], outdir: Path) -> list[Path]:
    """``OUTDIR/ecplan-batch.csv`` and ``.json`` (replaced on each run, written atomically)."""
    from generator.output import atomic_write

    written = []
    for suffix, data in ((".csv", to_csv(outcomes)), (".json", to_json(outcomes))):
        path = outdir / (REPORT_NAME + suffix)
        atomic_write(path, data)
        written.append(path)
    return written


def table(outcomes: list[Outcome]) -> str:
    """The summary table for the terminal (file, 错误, 警告, 摘要字数, output or the reason it failed)."""
    headings = ["文件", "错误", "警告", "摘要字数", "输出 / 说明"]
    rows = [[Path(o.file).name, str(o.errors), str(o.warnings), "" if o.summary_chars is None else str(o.summary_chars),
             "，".join(filter(None, [o.output, o.pdf, "" if o.ok else f"失败：{o.message}"]))] for o in outcomes]
    sizes = [max(terminal.width(row[i]) for row in [headings, *rows]) for i in range(len(headings) - 1)]

    def line(row: list[str]) -> str:
        cells = [terminal.pad(cell, sizes[i]) for i, cell in enumerate(row[:-1])]
        return "  ".join([*cells, row[-1]]).rstrip()

    return "\n".join([line(headings), line(["-" * s for s in sizes] + ["-" * 10]), *map(line, rows)])

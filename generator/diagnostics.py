"""Diagnostics: one problem found in a plan, and the sorted report of all of them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import NamedTuple

ERROR = "error"
WARNING = "warning"
SEVERITY_LABEL = {ERROR: "错误", WARNING: "警告"}


class Diagnostic(NamedTuple):
    """A single finding, located in a file and named by its field path (English keys and Chinese labels)."""

    code: str
    severity: str
    message: str
    file: str = ""
    line: int | None = None
    column: int | None = None
    path: str = ""
    label: str = ""
    hint: str = ""
    sheet: str | None = None    # a value read from a workbook: its sheet and cell instead of a line
    cell: str | None = None
    accepted: str = ""          # a warning the plan accepts (``accept:``): the reason it gives

    def format(self) -> str:
        where = self.file or "<输入>"
        if self.sheet:
            where += f":{self.sheet}" + (f"!{self.cell}" if self.cell else "")
        elif self.line is not None and self.sheet is None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field_part = f" {self.label}" if self.label else ""
        if self.path:
            field_part += f" [{self.path}]"
        severity = "已接受的警告" if self.accepted else SEVERITY_LABEL[self.severity]
        text = f"{where}: {severity} {self.code}{field_part}: {self.message}"
        if self.accepted:
            text += f"\n    接受理由：{self.accepted}"
        elif self.hint:
            text += f"\n    提示：{self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        return self._asdict()


#: warnings about the file, not the plan, that --strict leaves as warnings: a UTF-8 BOM (Notepad's "UTF-8")
HARMLESS = ("Y106",)


@dataclass
class Report:
    """All diagnostics for one input file: errors before warnings, each group sorted by line."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.diagnostics:
            self.diagnostics.append(diagnostic)

    def extend(self, diagnostics: list[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Warnings still open: not those the plan accepts with a reason."""
        return [d for d in self.sorted() if d.severity == WARNING and not d.accepted]

    @property
    def accepted(self) -> list[Diagnostic]:
        """Warnings the plan accepts (``accept:``), each with its reason: listed, but they fail nothing."""
        return [d for d in self.sorted() if d.severity == WARNING and d.accepted]

    def sorted(self) -> list[Diagnostic]:
        return sorted(
            self.diagnostics,
            key=lambda d: (d.severity != ERROR, d.file, d.line or 0, d.column or 0, d.code, d.path),
        )

    def strict(self, keep: tuple[str, ...] = ()) -> Report:
        """The same report with every warning turned into an error (``--strict``), but those the plan accepts and
        those whose code starts with one of ``keep`` (a draft's placeholders, under ``--draft --strict``)."""
        keep = keep + HARMLESS
        promoted = [
            d._replace(severity=ERROR)
            if d.severity == WARNING and not d.accepted and not d.code.startswith(keep) else d
            for d in self.diagnostics
        ]
        return Report(self.path, promoted)

    def format_text(self) -> str:
        lines = [d.format() for d in self.sorted()]
        accepted = f"，{len(self.accepted)} 个已接受的警告" if self.accepted else ""
        lines.append(f"{self.path}: {len(self.errors)} 个错误，{len(self.warnings)} 个警告{accepted}")
        return "\n".join(lines)


def reports_to_json(reports: list[Report]) -> str:
    items = [d.as_dict() for report in reports for d in report.sorted()]
    return json.dumps(items, ensure_ascii=False, indent=2)

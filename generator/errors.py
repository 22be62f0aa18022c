"""Every error ecplan raises on purpose; the CLI's one guard turns the base class into its message and exit code 1."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.diagnostics import Diagnostic, Report


class EcplanError(Exception):
    """Base of all user-facing errors: the message is shown as it is, without a traceback."""


class InputFileError(EcplanError):
    """Raised when an input file cannot be read or parsed (missing, unreadable, bad YAML), or is not a document the
    command can take (``--brief`` of a plan type without a 要点)."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None,
                 code: str = "Y100", diagnostics: list[Diagnostic] | None = None):
        self.path, self.line, self.column, self.detail, self.code = path, line, column, message, code
        #: when several mistakes stop reading (an input method's, each at its line), all of them
        self.diagnostics = list(diagnostics or [])
        where = path if line is None else f"{path}:{line}" + ("" if column is None else f":{column}")
        super().__init__(f"{where}: {message}")


class InvalidPlanError(EcplanError):
    """Raised when a plan has validation errors; carries the full report."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(f"{report.path}: 有 {len(report.errors)} 处错误，未生成文档。")


class TemplateNotFoundError(EcplanError):
    """Raised when a named template is in none of the template directories."""

    def __init__(self, name: str, searched: list[str], available: list[str]):
        self.name, self.searched, self.available = name, searched, available
        listing = "、".join(available) if available else "（无）"
        super().__init__(f"找不到模板 {name}；已查找：{'；'.join(searched)}。可用模板：{listing}")


class TemplateError(EcplanError):
    """Raised when a template is broken or misbehaves: names the template, the place and the cause."""

    def __init__(self, template: str, message: str, where: str | None = None):
        self.template, self.where = template, where
        super().__init__(f"模板 {template}{'（' + where + '）' if where else ''}: {message}")


class RenderError(EcplanError):
    """Raised when a valid plan cannot be turned into a document."""


class OutputConflictError(EcplanError):
    """Raised when writing would overwrite something the user must not lose."""


class OfficeError(EcplanError):
    """Raised when LibreOffice, the fonts it needs or poppler are missing, or a conversion fails; ``written`` is the
    .docx that was written all the same, if one was."""

    def __init__(self, message: str, *, written: Path | None = None):
        self.written = written
        super().__init__(message)


class SettingError(EcplanError):
    """Raised when an environment variable ecplan reads (a time limit, say) holds an invalid value."""

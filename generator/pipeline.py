"""The recipe: load → validate → build context → render → write. The CLI and the batch runner call these."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import ERROR, Diagnostic, Report
from generator.errors import InputFileError
from generator.loader import load_plan


def check(path: str | Path) -> Report:
    """Load and validate one plan file. Raises InputFileError when the file cannot be read at all."""
    from generator.rules import CITY_RULES
    from generator.schema import CITY_SCHEMA
    from generator.validate import validate_plan

    plan = load_plan(path)
    return validate_plan(plan, CITY_SCHEMA, CITY_RULES)


def check_file(path: str | Path) -> Report:
    """Like check(), but a file that cannot be read becomes a report with one error instead of an exception."""
    try:
        return check(path)
    except InputFileError as exc:
        return Report(str(path), [Diagnostic(exc.code, ERROR, exc.detail, exc.path, exc.line, exc.column)])

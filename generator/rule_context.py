"""What a rule sees: the plan's data as validation reads it, where each value was written, and a way to report
findings — the one interface of every rule of every document type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.diagnostics import ERROR, WARNING, Diagnostic, Report
from generator.labels import Rules, label_parts, label_path
from generator.readers import LoadedPlan, PathKey, dotted_path


@dataclass
class RuleContext:
    """What a rule sees: the plan's data as validation reads it (a copy: ill-typed values removed), where each value
    was written, and a way to report findings."""

    plan: LoadedPlan
    schema: Rules
    report: Report
    data: dict[str, Any]
    gaps: tuple[PathKey, ...] = ()    # where placeholders stand: what depends on them is not judged yet
    refused: frozenset[PathKey] = frozenset()   # values the schema reported (and the rules do not see)

    def get(self, path: PathKey, default: Any = None) -> Any:
        node: Any = self.data
        for part in path:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and -len(node) <= part < len(node):
                node = node[part]
            else:
                return default
        return node

    def items(self, path: PathKey) -> list[tuple[int, dict[str, Any]]]:
        """The well-formed mapping items of the list at ``path``, with their indices."""
        value = self.get(path, [])
        return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []

    def discard(self, path: PathKey) -> None:
        """The rules that follow do not see the value at ``path`` (one reported as impossible): nothing is computed
        from it."""
        parent = self.get(tuple(path)[:-1])
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
        elif isinstance(parent, list) and isinstance(path[-1], int) and 0 <= path[-1] < len(parent):
            parent[path[-1]] = None

    def depends_on_refused(self, path: PathKey) -> bool:
        """Whether a finding at ``path`` would be about a value the schema refused: the value itself, or a mapping
        one of whose own fields it is (a base whose year is in the wrong form is not also "without a year")."""
        return path in self.refused or any(len(refused) == len(path) + 1 and refused[:-1] == path
                                           for refused in self.refused)

    def refused_under(self, path: PathKey) -> bool:
        """Whether the schema refused a value anywhere under ``path`` (a sum over its items is not known)."""
        return any(refused[:len(path)] == path for refused in self.refused)

    def label(self, path: PathKey) -> str:
        return label_path(self.schema, tuple(path), self.data)

    def label_parts(self, path: PathKey) -> list[str]:
        return label_parts(self.schema, tuple(path), self.data)

    def emit(self, code: str, severity: str, path: PathKey, message: str, hint: str = "") -> None:
        path = tuple(path)
        if path and not code.startswith("P") and any(path[:len(gap)] == gap or gap[:len(path)] == path
                                                     for gap in self.gaps):
            return  # a finding about a field still to be filled, or about what holds it: judged once it is filled
        if not code.startswith(("P", "Y")) and (self.depends_on_refused(path) or path in self.plan.explained):
            return  # one message per mistake: a value in the wrong form is not also reported as missing, nor one a
            # reader has said why it could not read (a formula without its saved value, a column the sheet lacks)
        at = self.plan.position(path)
        if at and at.sheet is not None:     # a cell of a workbook: the hint in its columns' terms
            from generator.workbook_layout import cell_hint

            hint = cell_hint(hint, path, self.label_parts)
        self.report.add(Diagnostic(
            code=code, severity=severity, message=message,
            file=at.file if at else self.plan.path, line=at.line if at else None,
            column=at.column if at else None, path=dotted_path(tuple(path), self.data), label=self.label(path), hint=hint,
            sheet=at.sheet if at else None, cell=at.cell if at else None,
        ))

    def error(self, code: str, path: PathKey, message: str, hint: str = "") -> None:
        self.emit(code, ERROR, path, message, hint)

    def warning(self, code: str, path: PathKey, message: str, hint: str = "") -> None:
        self.emit(code, WARNING, path, message, hint)

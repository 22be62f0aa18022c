"""The plan as read from its files: plain data, and where each value was written.

Every reader (YAML today) produces a ``LoadedPlan``; validation and messages use its positions, so a finding
points at the place to fix: a file and line (and column), or — for a workbook — a sheet and cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from generator.diagnostics import Diagnostic

PathKey = tuple[Any, ...]


class Position(NamedTuple):
    """Where a value was written: a line and column of a text file, or a sheet and cell of a workbook."""

    file: str
    line: int | None
    column: int | None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.sheet:
            return f"{self.file}:{self.sheet}" + (f"!{self.cell}" if self.cell else "")
        if self.sheet is not None:      # the workbook as a whole
            return self.file
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}" + ("" if self.column is None else f":{self.column}")


@dataclass
class LoadedPlan:
    """The data of a plan file with the position of each path and the loader's own findings."""

    path: str
    data: dict[str, Any]
    positions: dict[PathKey, Position] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    forms_read: bool = False     # its values already read in their forms (generator.forms): not done twice
    workbook: Path | None = None    # the workbook its tables were read from (``tables:``), if any
    explained: frozenset[PathKey] = frozenset()   # values whose absence a reader reported already (X104, X111…)

    def position(self, path: PathKey) -> Position | None:
        """Where ``path`` was written, or where its nearest written parent was."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get(())



def dotted_path(path: PathKey, data: Any = None) -> str:
    """``('targets', 'indicators', 2, 'growth')`` → ``targets.indicators[2].growth``. With ``data``, a number that is
    a mapping's key (``2029:``) is written as a key (``funding.2029``), not as an item."""
    out, node = "", data
    for part in path:
        key = isinstance(node, dict)
        out += f"[{part}]" if isinstance(part, int) and not key else ("." if out else "") + str(part)
        try:
            node = node[part] if node is not None else None
        except (KeyError, IndexError, TypeError):
            node = None
    return out

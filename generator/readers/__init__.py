"""Readers: a plan file in, a ``LoadedPlan`` (data and where each value was written) out.

``read_plan(path)`` picks the reader by the file's suffix (YAML for .yaml, .yml and anything not claimed by another
reader) and merges the files the plan ``extends:``, each read by its own reader. A new input format is one module
with a ``read(path) -> LoadedPlan`` function and one line in ``READERS``.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from generator.readers.plan import LoadedPlan, PathKey, Position, dotted_path

#: file suffix → module whose ``read(path)`` reads it; the first entry also reads unknown suffixes
READERS = {".yaml": "generator.readers.yaml", ".yml": "generator.readers.yaml"}
DEFAULT_READER = "generator.readers.yaml"

__all__ = ["LoadedPlan", "PathKey", "Position", "dotted_path", "read_file", "read_plan"]


def read_file(path: str | Path) -> LoadedPlan:
    """One file as its reader reads it, without what it extends."""
    path = Path(path)
    module = importlib.import_module(READERS.get(path.suffix.lower(), DEFAULT_READER))
    return module.read(path)


def read_plan(path: str | Path, shared: tuple[str, ...] = (), text: str | None = None) -> LoadedPlan:
    """A plan file and everything it extends, merged (see ``readers.extends``): shared files from the plan's own
    directory tree, or from the directories in ``shared``; then the tables of the workbook it names in ``tables:``
    (see ``readers.workbook``), from the same places. With ``text``, that is the plan file's content (a form not
    saved yet) instead of what is on disk."""
    from generator.readers.extends import with_parents

    def read(file: Path) -> LoadedPlan:
        if text is not None and file == Path(path):
            from generator.readers.yaml import parse

            return parse(text, str(path))
        return read_file(file)

    plan = with_parents(Path(path), read, shared)
    named = plan.data.get("tables")
    if isinstance(named, str) and named.strip():
        from generator.readers.extends import confined
        from generator.readers.workbook import with_tables

        at = plan.positions.get(("tables",), Position(plan.path, 1, 1))
        workbook = confined(plan, at, Path(at.file).parent / named, named, Path(path), shared, what="tables")
        plan = with_tables(plan, workbook, named)
    return plan

"""Regular expressions compiled at their first use instead of at import.

Every command imports modules whose patterns only some commands need (``ecplan --help`` imports the CLI, which
names every command; ``validate`` imports the word count, which only a 摘要 uses). A pattern written as
``Pattern(source)`` costs nothing until it is used; then it compiles once and its methods are kept on the object,
so later calls cost what a compiled pattern's do.
"""

from __future__ import annotations

import re
from typing import Any, Callable

_KEPT = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "pattern", "flags", "groups",
         "groupindex")


class Pattern:
    """``re.compile(source, flags)`` when first used; ``source`` may be a function giving the source text (for a
    pattern built from tables)."""

    def __init__(self, source: str | Callable[[], str], flags: int = 0) -> None:
        self._source, self._flags = source, flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_source", "_flags"):
            raise AttributeError(name)
        source = self._source() if callable(self._source) else self._source
        compiled = re.compile(source, self._flags)
        for kept in _KEPT:
            setattr(self, kept, getattr(compiled, kept))
        self.compiled = compiled
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"Pattern({self._source!r})"

"""Python's cyclic garbage collector, paused while a command starts.

A command spends its first tenth of a second importing (click, cerberus, Jinja, PyYAML and ecplan's own modules)
and reading the plan. What that creates lives until the command ends: the collector finds nothing in it to free, yet
walks it again and again (about 13 ms of a 0.2 s render, and a large plan's data at every full collection). The entry
point pauses the collector; once the plan is read (or a long-running command starts serving), ``resume`` sets aside
for good what exists then (``gc.freeze``: kept, never walked again) and the collector runs as usual on what the work
creates. A process the entry point did not start (a test, a library caller) is left as it is.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()

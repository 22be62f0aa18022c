"""What one render may generate in all: every piece of output, counted as the template generates it (at the top
level, in a macro, a ``{% set %}`` block or a ``{% filter %}`` block alike), and what the template keeps in lists,
dicts and sets it fills. Past the limit the render stops, in the Markdown, the streamed .docx and the docxtpl paths
alike, before any file is written.

The counting is compiled into each template (CountingCodeGenerator): an output expression becomes
``environment.counted(str(environment.sized(value)))`` and a ``~`` concatenation ``environment.concatenated(...)``,
which measure before anything is built. Nothing but the template's own text is evaluated while compiling (Jinja
would otherwise fold ``{{ 'a' | center(4999999) }}`` written a hundred times into one constant, unmeasured; the
sandbox also compiles without Jinja's optimizer). CODE_VERSION names this compilation in the caches of compiled templates, so
that code compiled without it is never run."""

from __future__ import annotations

import contextlib
import contextvars
from typing import Any, Iterable, Iterator

from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.nodes import Concat, Expr, Impossible, TemplateData
from jinja2.runtime import markup_join, str_join

from generator import settings
from generator.sandbox_sizes import check_text, size_of

CODE_VERSION = "ecplan-counted-output-1"
#: characters a render may generate by default; a plan of 5 000 tasks and 5 000 key projects generates about 30
#: million (its .docx, whose body is 17.7 MB of XML), its Markdown 2.5 million
DEFAULT_OUTPUT = 200_000_000


def output_limit() -> int:
    """Characters one render may generate (``ECPLAN_TEMPLATE_OUTPUT``, default 200 million, at most 2 000 million)."""
    return settings.characters("ECPLAN_TEMPLATE_OUTPUT", DEFAULT_OUTPUT, 2_000_000_000)


class OutputTooLong(SecurityError):
    """A render generated more than its limit of characters."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"生成的内容超过 {limit} 个字符的上限")


class _Budget:
    __slots__ = ("left", "limit")

    def __init__(self, limit: int):
        self.left = self.limit = limit


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("ecplan_template_output", default=None)


@contextlib.contextmanager
def output_budget(limit: int) -> Iterator[None]:
    """Within this block, templates may generate ``limit`` characters in all."""
    token = _BUDGET.set(_Budget(limit))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def spend(size: float) -> None:
    """Counts ``size`` characters against the render's budget (outside a render, nothing is counted)."""
    budget = _BUDGET.get()
    if budget is not None:
        budget.left -= size
        if budget.left < 0:
            raise OutputTooLong(budget.limit)


def left() -> float:
    """Characters the render may still generate (as good as unlimited outside a render)."""
    budget = _BUDGET.get()
    return budget.left if budget is not None else float("inf")


def kept(value: Any) -> None:
    """Counts what enters a list, dict or set the template fills: a text kept there stays until the render ends."""
    spend(size_of(value, left() + 1))


def spending(items: Iterable[Any]) -> Iterator[Any]:
    """``items``, each counted (kept) as it is taken: for a filter that keeps what an iterator makes."""
    for item in items:
        kept(item)
        yield item


def counted(text: str) -> str:
    """A piece of output, counted."""
    spend(len(text))
    return text


def sized(value: Any) -> Any:
    """A value about to be output as text: a container whose text is too long is refused before it is made."""
    if not isinstance(value, (str, int, float)):
        check_text(size_of(value))
    return value


def concatenated(parts: tuple[Any, ...], escape: bool) -> str:
    """``a ~ b ~ c``: refused before joining when the parts make more than MAX_TEXT characters together."""
    check_text(sum(size_of(part) for part in parts), *parts)
    return (markup_join if escape else str_join)(parts)


class CountingCodeGenerator(CodeGenerator):
    """Jinja's code generator, with every output counted and sized and every ``~`` measured (see above)."""

    def _output_child_to_const(self, node: Expr, frame: Frame, finalize: Any) -> str:
        if not isinstance(node, TemplateData):
            raise Impossible()
        return super()._output_child_to_const(node, frame, finalize)

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.counted({super()._output_const_repr(group)})"

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.counted(")
        super()._output_child_pre(node, frame, finalize)
        self.write("environment.sized(")

    def _output_child_post(self, node: Expr, frame: Frame, finalize: Any) -> None:
        self.write(")")
        super()._output_child_post(node, frame, finalize)
        self.write(")")

    @optimizeconst
    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        escape = "context.eval_ctx.autoescape" if frame.eval_ctx.volatile else repr(bool(frame.eval_ctx.autoescape))
        self.write("environment.concatenated((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(f"), {escape})")

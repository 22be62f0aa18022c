"""What a template may do: the sandbox every template runs in, with limits on time and on the size of what one
expression may build, so that a client's template can neither reach Python's internals nor exhaust the machine.

Jinja's sandbox already refuses attributes starting with ``_`` and Python internals and caps ``range``. Here, in
addition: repetition (``'a' * 300000000``), padding (``'x'.ljust(2e9)``, the ``center`` filter) and format widths
(``'{:>2000000000}'.format(1)``, ``'%2000000000s' % 1``) beyond ``MAX_TEXT`` characters are refused, and a template
is stopped after a time limit.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Any, Iterator

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from generator import settings
from generator.errors import TemplateError
from generator.lazy import Pattern

#: the longest text (or list) one template expression may build
MAX_TEXT = 5_000_000
_PADDING = ("ljust", "rjust", "center", "zfill", "expandtabs")
_WIDE_FORMAT = Pattern(r"\{[^{}]*[:!][^{}]*?(\d{7,})|%[-+ #0]*(\d{7,})|%[-+ #0]*\d*\.(\d{7,})")


def _too_long(size: float) -> SecurityError:
    return SecurityError(f"模板要生成的文字过长（{size:.0f} 个字符，上限 {MAX_TEXT}）")


class LimitedSandbox(SandboxedEnvironment):
    """The sandbox, with the limits above."""

    intercepted_binops = frozenset(["*", "%", "**"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) and \
                        len(sequence) * times > MAX_TEXT:
                    raise _too_long(len(sequence) * times)
        elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise _too_long(MAX_TEXT + 1)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(right) > 10_000:
            raise SecurityError(f"模板中的乘方过大（指数 {right}）")
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, str) and attribute in ("format", "format_map") and _WIDE_FORMAT.search(obj):
            raise _too_long(MAX_TEXT + 1)
        return super().getattr(obj, attribute)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's names)
        if isinstance(getattr(__obj, "__self__", None), str) and getattr(__obj, "__name__", "") in _PADDING:
            sizes = [a for a in (*args, *kwargs.values()) if isinstance(a, (int, float)) and not isinstance(a, bool)]
            if sizes and max(sizes) > MAX_TEXT:
                raise _too_long(max(sizes))
        return super().call(__context, __obj, *args, **kwargs)


def center(value: Any, width: int = 80) -> str:
    """Jinja's ``center`` filter, within the limit."""
    if width > MAX_TEXT:
        raise _too_long(width)
    return str(value).center(width)


def time_limit() -> float:
    """Seconds a template may run (``ECPLAN_TEMPLATE_TIMEOUT``, default 30, at most an hour): a loop that never
    ends is stopped."""
    return settings.seconds("ECPLAN_TEMPLATE_TIMEOUT", 30.0, 3600.0)


@contextlib.contextmanager
def limited(name: str) -> Iterator[None]:
    """Stops a template that runs longer than time_limit() with a TemplateError naming it (on the main thread of
    a POSIX process, where a timer signal can interrupt it; elsewhere the template runs unlimited)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    seconds = time_limit()

    def stop(_signum: int, _frame: Any) -> None:
        raise TemplateError(name, f"模板运行超过 {seconds:g} 秒仍未结束（可能是死循环），已停止。")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

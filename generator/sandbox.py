"""What a template may do: the sandbox every template runs in, with limits on time, on what one expression may make
and on what one render may generate in all, so that a client's template can neither reach Python's internals nor
exhaust the machine.

Jinja's sandbox already refuses attributes starting with ``_`` and Python internals and caps ``range``. Here, in
addition (each reckoned before the text is made, see sandbox_sizes and sandbox_filters):

- no expression makes a text of more than MAX_TEXT characters, except by shortening or changing a text longer
  still: repetition (``'a' * 300000000``), ``+`` and ``~``, padding and tabs (``'x'.ljust(2e9)``, ``zfill``,
  ``expandtabs``), ``replace``, ``join`` and ``translate``, format widths and precisions however given
  (``'{:>2000000000}'.format(1)``, ``'{0:{1}}'.format(1, 2e9)``, ``format_map``, ``'%*s' % (2e9, 1)``, the
  ``format`` filter), the filters that take a width or a separator (``center``, ``indent``, ``wordwrap``,
  ``tojson``, ``urlize``…), a list or a dict written out as text, and ``lipsum``;
- no list, dict or set a template makes or fills holds more than MAX_ITEMS items, and no number more than
  MAX_BITS bits;
- one render generates at most ``ECPLAN_TEMPLATE_OUTPUT`` characters (200 million unless set), counted as the
  template generates them, with what it keeps in the lists it fills (sandbox_output);
- a template is stopped after a time limit.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import threading
from typing import Any, Iterator

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from generator import settings
from generator.errors import TemplateError
from generator.sandbox_filters import bounded_filters, lipsum
from generator.sandbox_output import (CountingCodeGenerator, concatenated, counted, kept, output_budget,
                                      output_limit, sized, spending)
from generator.sandbox_sizes import (MAX_TEXT, BoundedEscapeFormatter, BoundedFormatter, check_bits, check_items,
                                     check_text, joined, method_size, percent_size)

#: methods of a list, a set or a dict by which a template fills it
_FILLING = frozenset(["append", "insert", "add", "setdefault", "extend", "update"])


class LimitedSandbox(SandboxedEnvironment):
    """The sandbox, with the limits above."""

    intercepted_binops = frozenset(["*", "%", "**", "+"])
    code_generator_class = CountingCodeGenerator
    counted, sized, concatenated = staticmethod(counted), staticmethod(sized), staticmethod(concatenated)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **{"optimized": False, **kwargs})   # nothing evaluated at compile time
        self.filters = bounded_filters(self.filters)
        self.globals["lipsum"] = lipsum

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(times, int) and isinstance(sequence, (str, bytes)):
                    check_text(len(sequence) * times, sequence)
                elif isinstance(times, int) and isinstance(sequence, (list, tuple)):
                    check_items(len(sequence) * times)
            if isinstance(left, int) and isinstance(right, int):
                check_bits(left.bit_length() + right.bit_length())
        elif operator == "+":
            _check_sum(left, right)
        elif operator == "%" and isinstance(left, (str, bytes)):
            check_text(percent_size(left, right), left)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(right) > 10_000:
                raise SecurityError(f"模板中的乘方过大（指数 {right}）")
            check_bits(left.bit_length() * right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Any:
        """``str.format`` and ``format_map``, each field reckoned before it is formatted (see BoundedFormatter)."""
        if getattr(value, "__name__", None) not in ("format", "format_map") or \
                not isinstance(getattr(value, "__self__", None), str):
            return None
        template, as_map = value.__self__, value.__name__ == "format_map"

        @functools.wraps(value)
        def formatted(*args: Any, **kwargs: Any) -> str:
            if as_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument and no keyword arguments")
                args, kwargs = (), args[0]
            formatter = BoundedEscapeFormatter(self, escape=template.escape) if isinstance(template, Markup) \
                else BoundedFormatter(self)
            return type(template)(formatter.vformat(template, args, kwargs))

        return formatted

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's names)
        receiver, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", "")
        if isinstance(receiver, (str, bytes)):
            return __self._call_text_method(__context, __obj, receiver, name, args, kwargs)
        if isinstance(receiver, (list, dict, set)) and name in _FILLING:
            args = _filling(receiver, name, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def _call_text_method(self, context: Any, method: Any, receiver: str | bytes, name: str, args: tuple,
                          kwargs: dict) -> Any:
        """A method of a text: its result reckoned first where its arguments set its length, and measured after."""
        if name in ("format", "format_map") and isinstance(receiver, str):
            method = self.wrap_str_format(method)   # reached without getattr (a filter gave it)
        elif name == "join" and args:
            args = (joined(receiver, args[0]), *args[1:])
        else:
            size = method_size(receiver, name, args, kwargs)
            if size is not None:
                check_text(size, receiver)
        result = super().call(context, method, *args, **kwargs)
        if isinstance(result, (str, bytes)) and len(result) > MAX_TEXT:
            check_text(len(result), receiver, *args)
        return result


def _check_sum(left: Any, right: Any) -> None:
    """``a + b`` of two texts or two lists; what a list gains is counted as kept (the smaller side: ``l + [x]``)."""
    if isinstance(left, (str, bytes)) and isinstance(right, (str, bytes)):
        check_text(len(left) + len(right), left, right)
    elif isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        check_items(len(left) + len(right))
        kept(min(left, right, key=len))


def _filling(receiver: Any, name: str, args: tuple, kwargs: dict) -> tuple:
    """The arguments of a call that fills a list, set or dict: the items it would then hold counted (at most
    MAX_ITEMS), what enters it counted as kept (an iterator's items as they are taken)."""
    if name in ("extend", "update"):
        given = []
        for arg in args:
            if isinstance(arg, (list, tuple, set, frozenset, dict, str)):
                kept(arg)
                given.append(arg)
            else:
                given.append(list(spending(arg)))
        args = tuple(given)
        check_items(len(receiver) + sum(len(a) for a in args) + len(kwargs))
    else:
        check_items(len(receiver) + 1)
        kept(args)
    kept(kwargs)
    return args


def time_limit() -> float:
    """Seconds a template may run (``ECPLAN_TEMPLATE_TIMEOUT``, default 30, at most an hour): a loop that never
    ends is stopped."""
    return settings.seconds("ECPLAN_TEMPLATE_TIMEOUT", 30.0, 3600.0)


@contextlib.contextmanager
def limited(name: str) -> Iterator[None]:
    """Runs a render within its output budget (output_limit()) and stops a template that runs longer than
    time_limit() with a TemplateError naming it (on the main thread of a POSIX process, where a timer signal can
    interrupt it; elsewhere the template runs without a time limit)."""
    with output_budget(output_limit()), _timer(name):
        yield


@contextlib.contextmanager
def _timer(name: str) -> Iterator[None]:
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

"""Jinja's filters (and ecplan's, and ``lipsum``) within the sandbox's limits. A width, a count, a separator or an
indentation a template passes is reckoned before the text is made (sandbox_sizes); any filter that makes a text
from a list or a dict measures it first; a filter that keeps what an iterator makes (``map('upper') | list``)
counts it against the render's budget (sandbox_output); and what a filter returns is checked against MAX_TEXT."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Sized
from typing import Any, Callable

from jinja2 import filters as jinja
from jinja2.utils import _PassArg, generate_lorem_ipsum, pass_environment, pass_eval_context

from generator.sandbox_output import spending
from generator.sandbox_sizes import MAX_TEXT, TooLarge, check_items, check_text, joined, method_size, percent_size, size_of, whole

#: Jinja's filters that return something the value already holds, or a number: no text of theirs to measure
_NOT_TEXT = frozenset(["abs", "attr", "batch", "count", "d", "default", "dictsort", "first", "float", "groupby", "int",
                       "items", "last", "length", "list", "map", "max", "min", "random", "reject", "rejectattr",
                       "reverse", "round", "select", "selectattr", "slice", "sort", "sum", "unique"])
#: filters that keep what they take from an iterator until they are done
_KEEPING = frozenset(["batch", "dictsort", "groupby", "list", "reverse", "slice", "sort", "sum", "unique"])
#: the most slices ``slice`` may make (as many as ``range`` may count)
MAX_SLICES = 100_000


def _text(value: Any) -> str:
    """The value as the filter will see it: a container measured before its text is made."""
    if isinstance(value, str):
        return value
    check_text(size_of(value))
    return str(value)


def _line_breaks(text: str) -> int:
    """Line breaks as str.splitlines counts them (\\r\\n once)."""
    return sum(text.count(mark) for mark in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029") - text.count("\r\n")


def _center(value: Any, width: Any = 80) -> None:
    check_text(max(len(_text(value)), whole(width)), value)


def _indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> None:
    text = _text(s)
    step = len(width) if isinstance(width, str) else max(whole(width), 0)
    check_text(len(text) + (_line_breaks(text) + 2) * step, s)


def _wordwrap(s: Any, width: Any = 79, break_long_words: bool = True, wrapstring: Any = None,
              break_on_hyphens: bool = True) -> None:
    text = _text(s)
    lines = 2 * len(text) // max(whole(width), 1) + _line_breaks(text) + 1
    check_text(len(text) + lines * (len(wrapstring) if isinstance(wrapstring, str) else 1), s)


def _replace(s: Any, old: Any, new: Any, count: Any = None) -> None:
    text = _text(s)
    size = method_size(text, "replace", (str(old), str(new), -1 if count is None else count), {})
    check_text(size or 0, s)


def _format(value: Any, *args: Any, **kwargs: Any) -> None:
    check_text(percent_size(_text(value), kwargs or args), value)


def _tojson(value: Any, indent: Any = None) -> None:
    check_text(size_of(value, indent=len(indent) if isinstance(indent, str) else max(whole(indent), 0)))


def _pprint(value: Any) -> None:
    check_text(size_of(value, indent=1, keyed=True))


def _urlize(value: Any, trim_url_limit: Any = None, nofollow: bool = False, target: Any = None, rel: Any = None,
            extra_schemes: Any = None) -> None:
    text = _text(value)
    links = text.count(".") + text.count(":") + 1   # each link holds one or the other
    check_text(2 * len(text) + links * (len(str(target or "")) + len(str(rel or "")) + 64), value)


def _none(*args: Any, **kwargs: Any) -> None:
    """For ``join``, which measures its items itself (the items joined, not the list)."""


def _batch(value: Any, linecount: Any, fill_with: Any = None) -> None:
    check_items(whole(linecount))


def _slice(value: Any, slices: Any, fill_with: Any = None) -> None:
    if whole(slices) > MAX_SLICES:
        raise TooLarge(f"要分的组过多（{slices} 组，上限 {MAX_SLICES} 组）")


_CHECKS: dict[str, Callable[..., None]] = {
    "center": _center, "indent": _indent, "wordwrap": _wordwrap, "replace": _replace, "format": _format,
    "tojson": _tojson, "pprint": _pprint, "urlize": _urlize, "batch": _batch, "slice": _slice,
    "join": _none}


@pass_eval_context
def join(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> str:
    """Jinja's ``join``, refused before joining what would pass MAX_TEXT."""
    if attribute is not None:
        value = map(jinja.make_attrgetter(eval_ctx.environment, attribute), value)
    return jinja.sync_do_join(eval_ctx, joined(str(d), value), d)


@pass_environment
def sum_(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
    """Jinja's ``sum``: lists summed may hold MAX_ITEMS items in all."""
    if attribute is not None:
        iterable = map(jinja.make_attrgetter(environment, attribute), iterable)
    if isinstance(start, (list, tuple)):
        items = list(iterable)
        check_items(len(start) + sum(len(item) for item in items if isinstance(item, Sized)))
        iterable = items
    return jinja.sync_do_sum(environment, iterable, None, start)


def bounded(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    """Filter ``name`` within the limits (see the module's description)."""
    passes = _PassArg.from_obj(original) is not None   # its first argument is the context or the environment
    check = _CHECKS.get(name)
    text = name not in _NOT_TEXT
    keeping = name in _KEEPING

    @functools.wraps(original)
    def filtered(*args: Any, **kwargs: Any) -> Any:
        if len(args) <= passes:
            return original(*args, **kwargs)
        head, value, rest = args[:int(passes)], args[int(passes)], args[int(passes) + 1:]
        if keeping and not isinstance(value, Sized):
            value = spending(value)
        if check is not None:
            check(value, *rest, **kwargs)
        elif text and not isinstance(value, str):
            check_text(size_of(value))
        result = original(*head, value, *rest, **kwargs)
        if text and isinstance(result, str) and len(result) > MAX_TEXT:
            check_text(len(result), value, *rest, *kwargs.values())
        elif isinstance(result, (list, tuple)):
            check_items(len(result))
        return result

    return filtered


def bounded_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """``filters`` within the limits, Jinja's ``join`` and ``sum`` replaced by the ones above."""
    replaced = {"join": join, "sum": sum_}
    return {name: bounded(name, replaced.get(name, function)) for name, function in filters.items()}


def lipsum(*args: Any, **kwargs: Any) -> str:
    """Jinja's ``lipsum``, refused when its paragraphs (about a dozen characters a word) would pass MAX_TEXT."""
    given = inspect.signature(generate_lorem_ipsum).bind(*args, **kwargs)
    given.apply_defaults()
    words = max(whole(given.arguments["min"]), whole(given.arguments["max"]))
    check_text(max(whole(given.arguments["n"]), 0) * (words + 1) * 12)
    return generate_lorem_ipsum(*args, **kwargs)

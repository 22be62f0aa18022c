"""How long a text, or how many items, an operation in a template would make, reckoned before it makes them, for
the limits the sandbox keeps (sandbox.py). A reckoning errs on the long side and never builds what it measures: a
container is walked only until it is known to be too long."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Iterable, Iterator

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Namespace

from generator.lazy import Pattern

#: the longest text one expression may make (a longer one only by shortening or changing a text longer still)
MAX_TEXT = 5_000_000
#: the most items one list, dict or set a template makes or fills may hold
MAX_ITEMS = 5_000_000
#: the largest whole number an expression may make, in bits (2 ** 1 000 000 has 301 030 digits)
MAX_BITS = 1_000_000

_DIGITS = Pattern(r"\d+")
_PRECISION = Pattern(r"\.(\d+)")
_NO_KEY = object()


class TooLarge(SecurityError):
    """An operation would make more than a limit allows; the message says what, and how much."""


def too_long(size: float) -> TooLarge:
    return TooLarge(f"要生成的文字过长（约 {size:.0f} 个字符，每处表达式上限 {MAX_TEXT} 个字符）")


def check_text(size: float, *inputs: Any) -> None:
    """Refuses a text of ``size`` characters when that is more than MAX_TEXT and more than the longest text among
    ``inputs`` (so that a long text made by the plan or by the output may still be shortened or changed)."""
    if size > MAX_TEXT and size > max((len(i) for i in inputs if isinstance(i, (str, bytes))), default=0):
        raise too_long(size)


def check_items(count: float) -> None:
    if count > MAX_ITEMS:
        raise TooLarge(f"要生成的列表过长（约 {count:.0f} 项，上限 {MAX_ITEMS} 项）")


def check_bits(bits: float) -> None:
    if bits > MAX_BITS:
        raise TooLarge(f"要生成的数过大（约 {bits * 0.30103:.0f} 位，上限 {MAX_BITS * 0.30103:.0f} 位）")


def whole(value: Any) -> int:
    """A width or a count as given, 0 for what is not a whole number (the operation itself then says so)."""
    return value if isinstance(value, int) else 0


def size_of(value: Any, limit: float = MAX_TEXT, indent: int = 0, keyed: bool = False) -> int:
    """About how many characters ``value`` makes as text: a container's items as their repr, each also indented by
    ``indent`` per level of nesting (``tojson``), and by its key's length when ``keyed`` (``pprint``). The walk
    stops once past ``limit``."""
    if isinstance(value, (str, bytes)):
        return len(value)
    sizer = _Sizer(limit, indent, keyed)
    sizer.add(value, 0)
    return sizer.total


class _Sizer:
    def __init__(self, limit: float, indent: int, keyed: bool):
        self.limit, self.indent, self.keyed, self.total, self.open = limit, indent, keyed, 0, set()

    def add(self, value: Any, offset: int) -> None:
        if isinstance(value, (str, bytes)):
            self.total += len(value) + 2
        elif isinstance(value, int):
            self.total += value.bit_length() // 3 + 5
        elif isinstance(value, (list, tuple, set, frozenset, dict, Namespace)) or \
                (dataclasses.is_dataclass(value) and not isinstance(value, type)):
            self._add_items(value, offset)
        else:
            self.total += 64   # a number, a date, None, an object of ecplan's with a short text

    def _add_items(self, value: Any, offset: int) -> None:
        if id(value) in self.open:   # a list holding itself shows as [...]
            self.total += 5
            return
        self.open.add(id(value))
        self.total += 2
        inner = offset + self.indent
        for key, item in _items(value):
            if self.total > self.limit:
                break
            self.total += inner + 2
            shift = 0
            if key is not _NO_KEY:
                before = self.total
                self.add(key, inner)
                shift = self.total - before if self.keyed else 0
            self.add(item, inner + shift)
        self.open.discard(id(value))


def _items(value: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(value, Namespace):
        value = object.__getattribute__(value, "_Namespace__attrs")
    elif dataclasses.is_dataclass(value):
        value = {field.name: getattr(value, field.name, None) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return iter(value.items())
    return ((_NO_KEY, item) for item in value)


def _number(digits: str) -> int:
    return int(digits) if len(digits) < 19 else 10 ** 19


def percent_size(template: str | bytes, values: Any) -> float:
    """How long ``template % values`` gets: the template, and for each conversion its width, its precision (``*``
    taken from the values, as Python does) and its value."""
    text = template.decode("latin-1") if isinstance(template, bytes) else template
    args = values if isinstance(values, tuple) else (values,)
    mapping = values if isinstance(values, Mapping) else None
    total, position = float(len(text)), 0
    for key, width, precision, kind in _conversions(text):
        if kind == "%":
            continue
        sizes = []
        for part in (width, precision):
            if part == "*":
                sizes.append(abs(whole(args[position])) if position < len(args) else 0)
                position += 1
            else:
                sizes.append(_number(part) if part else 0)
        if key is None:
            value = args[position] if position < len(args) else None
            position += 1
        else:
            value = mapping.get(key) if mapping is not None else None
        shown = size_of(value)
        body = min(shown, sizes[1]) if kind in "sra" and precision else shown + sizes[1]
        total += max(sizes[0], body) + 8
    return total


def _conversions(text: str) -> Iterator[tuple[str | None, str, str, str]]:
    """(key, width, precision, type) of each %-conversion, read as Python's printf-style formatting reads them."""
    at, end = 0, len(text)
    while (at := text.find("%", at)) >= 0:
        at += 1
        key = None
        if at < end and text[at] == "(":
            depth, start = 1, at + 1
            at += 1
            while at < end and depth:
                depth += {"(": 1, ")": -1}.get(text[at], 0)
                at += 1
            key = text[start:at - 1]
        while at < end and text[at] in "-+ #0":
            at += 1
        width, at = _width(text, at)
        precision = ""
        if at < end and text[at] == ".":
            precision, at = _width(text, at + 1)
            precision = precision or "0"
        while at < end and text[at] in "hlL":
            at += 1
        yield key, width, precision, text[at:at + 1]
        at += 1


def _width(text: str, at: int) -> tuple[str, int]:
    if text[at:at + 1] == "*":
        return "*", at + 1
    start = at
    while at < len(text) and text[at].isdigit():
        at += 1
    return text[start:at], at


def field_size(value: Any, spec: str) -> float:
    """How long ``format(value, spec)`` gets: every number in the spec (width, precision) counts in full, and a
    date's spec (``%Y年%m月``) at most a dozen characters for each of its own."""
    shown = size_of(value)
    precision = _PRECISION.search(spec)
    if isinstance(value, str) and precision and not spec.endswith(("d", "f", "e", "g", "%")):
        shown = min(shown, _number(precision.group(1)))
    return shown + sum(_number(d) for d in _DIGITS.findall(spec)) + 12 * len(spec) + 8


class _Bounded:
    """Makes a sandboxed formatter reckon each field before formatting it and stop past MAX_TEXT in all."""

    total = 0.0

    def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
        self.total = len(format_string)
        self.template = format_string
        return super().vformat(format_string, args, kwargs)   # type: ignore[misc]

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion is not None:
            check_text(size_of(value))
        return super().convert_field(value, conversion)   # type: ignore[misc]

    def format_field(self, value: Any, format_spec: str) -> Any:
        self.total += field_size(value, format_spec)
        check_text(self.total, self.template)
        return super().format_field(value, format_spec)   # type: ignore[misc]


class BoundedFormatter(_Bounded, SandboxedFormatter):
    pass


class BoundedEscapeFormatter(_Bounded, SandboxedEscapeFormatter):
    pass


def method_size(receiver: str | bytes, name: str, args: tuple, kwargs: dict) -> float | None:
    """How long the text made by str (or bytes) method ``name`` gets, for the methods whose arguments set that;
    None for the others, whose text is at most a few times the receiver's."""
    size = len(receiver)
    if name in ("ljust", "rjust", "center", "zfill"):
        return max(size, whole(args[0] if args else kwargs.get("width")))
    if name == "expandtabs":
        tab = "\t" if isinstance(receiver, str) else b"\t"
        return size + receiver.count(tab) * max(whole(args[0] if args else kwargs.get("tabsize", 8)), 0)  # type: ignore[arg-type]
    if name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        count = receiver.count(old) if len(old) else size + 1
        limit = args[2] if len(args) > 2 else kwargs.get("count", -1)
        if isinstance(limit, int) and limit >= 0:
            count = min(count, limit)
        return size + count * (len(new) - len(old))
    if name == "translate" and args:
        table = args[0]
        values = table.values() if isinstance(table, dict) else table if isinstance(table, (list, tuple)) else ()
        return size * max([len(v) for v in values if isinstance(v, (str, bytes))] + [1])
    return None


def joined(separator: Any, items: Iterable[Any]) -> list[Any]:
    """``items`` as a list, refused as soon as joining them with ``separator`` would make a text past MAX_TEXT (one
    item longer than that may still be joined alone)."""
    kept: list[Any] = []
    between = len(separator) if isinstance(separator, (str, bytes)) else size_of(separator)
    total = longest = 0.0
    for item in items:
        size = size_of(item, MAX_TEXT - total + 1)
        total += size + (between if kept else 0)
        longest = max(longest, size)
        if total > MAX_TEXT and total > longest:
            raise too_long(total)
        kept.append(item)
        check_items(len(kept))
    return kept

"""YAML parser events → plain data, recording where every value was written.

PyYAML's own loaders lose positions and silently keep the last of two equal keys, so ecplan reads the parser's
events itself and builds the data from them, recording ``file, line, column`` for every path.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode

from generator.diagnostics import ERROR, Diagnostic
from generator.errors import InputFileError
from generator.readers.plan import PathKey, Position, dotted_path

#: libyaml's parser when PyYAML was built with it (5-10x faster); positions are the same.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_NODES = 200_000
MAX_DEPTH = 40
TOO_DEEP = f"嵌套层级过深（超过 {MAX_DEPTH} 层），拒绝读取。"

NOTHING = object()
_MERGE = object()     # the key ``<<``: the value's mappings are merged into this one
_DISCARD = object()   # a repeated key: its value is read (to go on) and dropped
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_STANDARD = "tag:yaml.org,2002:"
#: tags a value may carry: YAML's own for the kinds of value a plan holds (``!!binary``, ``!!set`` and others are not)
_SCALAR_TAGS = frozenset(_STANDARD + kind for kind in ("str", "int", "float", "bool", "null", "timestamp"))
_PLAIN_TAGS = _SCALAR_TAGS | {_MERGE_TAG}   # what a plain value may resolve to (else it is text: YAML 1.1's "=")
#: tags a mapping or a list may carry: only the standard ones that change nothing
_COLLECTION_TAGS = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
#: a date as YAML reads one (2026-13-01 is one, out of range)
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


class _Frame:
    """A mapping or sequence being read: its value so far, its path (None: not recorded) and, for a mapping, the
    key whose value comes next."""

    __slots__ = ("value", "path", "key", "key_at", "seen", "merges", "anchor", "first", "count", "weak", "merging")

    def __init__(self, value: Any, path: PathKey | None, anchor: str | None, first: int, count: int, weak: bool,
                 merging: bool = False):
        self.value, self.path, self.anchor, self.first, self.count, self.weak = value, path, anchor, first, count, weak
        self.key: Any = None
        self.key_at: Position | None = None
        self.seen: dict[Any, tuple[Position, str]] = {}    # each key read: where, and as it was written
        self.merges: list[dict[Any, Any]] = []
        self.merging = merging  # a sequence of mappings after ``<<``: its items merge into the parent's path


class Builder:
    """Reads the parser's events into plain data, recording positions, duplicate keys and limits as it goes.

    The node tree PyYAML composes first is never built: a large plan costs its data and its positions, not three
    times that. Anchors and aliases (copies of the anchored value, counted against the limit), merge keys (``<<``,
    explicit keys win, the first source wins over later ones) and the single-document rule are handled here."""

    def __init__(self, name: str):
        self.name = name
        self.positions: dict[PathKey, Position] = {}
        self.order: list[PathKey] = []           # paths in the order they were recorded (to copy an anchor's)
        self.diagnostics: list[Diagnostic] = []
        self.constructor = SafeConstructor()
        self.resolver = yaml.resolver.Resolver()
        self.count = 0
        # anchor → value, its path, the span of self.order holding its descendants' paths, number of values
        self.anchors: dict[str, tuple[Any, PathKey | None, int, int, int]] = {}
        self.open: set[str] = set()
        self.plain_tags: dict[str, str] = {}

    def _at(self, mark: Any) -> Position:
        return Position(self.name, mark.line + 1, mark.column + 1)

    def _fail(self, mark: Any, message: str) -> InputFileError:
        at = self._at(mark)
        return InputFileError(self.name, message, at.line, at.column, code="Y109")

    def _record(self, path: PathKey | None, at: Position, weak: bool) -> None:
        if path is None:
            return
        if path not in self.positions:
            self.order.append(path)
            self.positions[path] = at
        elif not weak:
            self.positions[path] = at

    def read(self, text: str) -> Any:
        loader = _FAST_LOADER(text)
        try:
            return self._read(loader)
        finally:
            loader.dispose()

    def _read(self, loader: Any) -> Any:
        from yaml.composer import ComposerError
        from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                                 SequenceEndEvent, SequenceStartEvent, StreamEndEvent)

        root: Any = NOTHING
        stack: list[_Frame] = []
        first_document = None
        get_event = loader.get_event
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent or kind is AliasEvent:
                parent = stack[-1] if stack else None
                if parent is not None and parent.key is None and type(parent.value) is dict:
                    self._key(parent, event)
                    continue
                path, weak = self._slot(parent, event)
                self.count += 1
                if self.count > MAX_NODES:
                    raise self._fail(event.start_mark, f"内容过多或别名（*引用）展开过多（超过 {MAX_NODES} 个值），拒绝读取。")
                if kind is ScalarEvent:
                    value = self._scalar(event)
                    if event.anchor is not None:
                        self.anchors[event.anchor] = (value, path, len(self.order), len(self.order), 1)
                    root = self._deliver(stack, value, root)
                elif kind is AliasEvent:
                    root = self._deliver(stack, self._alias(event, path, weak), root)
                else:
                    if event.tag not in _COLLECTION_TAGS:
                        raise self._fail(event.start_mark, f"ecplan 不认识 YAML 标签“{_written(event.tag)}”"
                                                           "（用在映射或列表上），请删去这个标签。")
                    if len(stack) >= MAX_DEPTH:
                        raise self._fail(event.start_mark, TOO_DEEP)
                    merging = parent is not None and parent.key is _MERGE and kind is SequenceStartEvent
                    if event.anchor is not None:
                        self.open.add(event.anchor)
                    stack.append(_Frame({} if kind is MappingStartEvent else [], path, event.anchor,
                                        len(self.order), self.count, weak, merging))
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                value = self._finish(frame)
                if frame.anchor is not None:
                    self.open.discard(frame.anchor)
                    self.anchors[frame.anchor] = (value, frame.path, frame.first, len(self.order),
                                                  self.count - frame.count)
                root = self._deliver(stack, value, root)
            elif kind is DocumentStartEvent:
                if first_document is not None:
                    raise ComposerError("expected a single document in the stream", first_document,
                                        "but found another document", event.start_mark)
                first_document = event.start_mark
            elif kind is StreamEndEvent or event is None:
                return root

    def _slot(self, parent: _Frame | None, event: Any) -> tuple[PathKey | None, bool]:
        """The path of the value that starts with ``event`` (recording where it was written)."""
        if parent is None:
            self._record((), self._at(event.start_mark), False)
            return (), False
        if type(parent.value) is dict:
            if parent.key is _DISCARD or parent.path is None:
                return None, True
            if parent.key is _MERGE:
                return parent.path, True  # merged keys land in this mapping; written keys win
            path = parent.path + (parent.key,)
            self._record(path, parent.key_at, parent.weak)  # type: ignore[arg-type]
            return path, parent.weak
        if parent.path is None:
            return None, True
        if parent.merging:
            return parent.path, True
        path = parent.path + (len(parent.value),)
        self._record(path, self._at(event.start_mark), parent.weak)
        return path, parent.weak

    def _key(self, frame: _Frame, event: Any) -> None:
        from yaml.events import ScalarEvent

        if not isinstance(event, ScalarEvent):
            raise self._fail(event.start_mark, "键必须是简单的文字，不能是列表或映射。")
        at = self._at(event.start_mark)
        if self._tag(event) == _MERGE_TAG:
            frame.key, frame.key_at = _MERGE, at
            return
        key = self._scalar(event)
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            key = str(event.value)  # yes: and 1: are two keys (YAML 1.1 reads yes as true, and true == 1)
        if key in frame.seen:
            message, hint = _repeated(key, *frame.seen[key], event.value)
            path = dotted_path(frame.path or ()) + ("." if frame.path else "") + event.value   # a key, never an item
            self.diagnostics.append(Diagnostic("Y102", ERROR, message, self.name, at.line, at.column, path, hint=hint))
            frame.key, frame.key_at = _DISCARD, at
            return
        frame.seen[key] = at, event.value
        frame.key, frame.key_at = key, at

    def _tag(self, event: Any) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            value, implicit = event.value, event.implicit
            if not implicit[0]:
                return _STR_TAG  # quoted: always text
            tag = self.plain_tags.get(value)
            if tag is None:
                tag = self.resolver.resolve(ScalarNode, value, implicit)
                if (tag in (_INT_TAG, _FLOAT_TAG) and ":" in value) or tag not in _PLAIN_TAGS:
                    tag = _STR_TAG  # YAML 1.1's base 60 (33:47 would be 2027), or its "=": text, as a planner meant it
                if len(value) <= 32:  # keys and short values repeat: resolve each once
                    self.plain_tags[value] = tag
        return tag

    def _scalar(self, event: Any) -> Any:
        tag = self._tag(event)
        if tag == _STR_TAG or (tag == _MERGE_TAG and event.tag in (None, "!")):
            return event.value  # what SafeConstructor makes of text, without building a node for it (``a: <<`` too)
        if tag not in _SCALAR_TAGS:
            before = f"（“{event.value[:30]}”前）" if event.value else ""
            raise self._fail(event.start_mark, f"ecplan 不认识 YAML 标签“{_written(tag)}”{before}，请删去这个标签。")
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.constructor.construct_object(node, deep=True)
            self.constructor.constructed_objects.pop(node, None)  # the constructor would keep every node
            return value
        except (ConstructorError, ValueError, OverflowError, KeyError, TypeError, AttributeError):
            # SafeConstructor's own messages are Python's (month must be in 1..12, invalid literal for int()…)
            kind = "日期" if "timestamp" in node.tag else "值"
            reason = ("数字位数过多" if sum(char.isdigit() for char in node.value) > 300 else
                      "年、月、日超出范围" if kind == "日期" and _DATE.match(node.value) else
                      f"不是 {_written(tag)} 的写法" if event.tag not in (None, "!") else "写法不对")
            raise self._fail(event.start_mark, f"无法识别的{kind}“{node.value[:40]}”：{reason}") from None

    def _alias(self, event: Any, path: PathKey | None, weak: bool) -> Any:
        from yaml.composer import ComposerError

        if event.anchor in self.open:
            raise self._fail(event.start_mark, f"别名 *{event.anchor} 引用了包含它自己的内容，无法展开。")
        if event.anchor not in self.anchors:
            raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        value, anchor_path, first, last, size = self.anchors[event.anchor]
        self.count += size - 1
        if self.count > MAX_NODES:
            raise self._fail(event.start_mark, f"内容过多或别名（*引用）展开过多（超过 {MAX_NODES} 个值），拒绝读取。")
        if path is not None and anchor_path is not None:
            depth = len(anchor_path)
            for recorded in self.order[first:last]:
                if recorded[:depth] == anchor_path:
                    self._record(path + recorded[depth:], self.positions[recorded], True)
        return copy.deepcopy(value) if isinstance(value, (dict, list)) else value

    def _finish(self, frame: _Frame) -> Any:
        if not isinstance(frame.value, dict) or not frame.merges:
            return frame.value
        merged: dict[Any, Any] = {}
        for source in frame.merges:
            for key, value in source.items():
                merged.setdefault(key, value)
        merged.update(frame.value)
        return merged

    def _deliver(self, stack: list[_Frame], value: Any, root: Any) -> Any:
        """Puts a finished value where it belongs; returns the document's root once it is finished."""
        if not stack:
            return value
        parent = stack[-1]
        if isinstance(parent.value, dict):
            if parent.key is _MERGE:
                sources = value if isinstance(value, list) else [value]
                if not all(isinstance(source, dict) for source in sources):
                    raise InputFileError(self.name, "合并键（<<）用法有误：只能合并映射或映射的列表。",
                                         parent.key_at.line if parent.key_at else None,
                                         parent.key_at.column if parent.key_at else None, code="Y109")
                parent.merges.extend(sources)
            elif parent.key is not _DISCARD:
                parent.value[parent.key] = value
            parent.key = None
        else:
            parent.value.append(value)
        return root


def _written(tag: str) -> str:
    """A tag as a planner writes it: ``!!foo`` for YAML's own ``tag:yaml.org,2002:foo``."""
    return "!!" + tag[len(_STANDARD):] if tag.startswith(_STANDARD) else tag


def _repeated(key: Any, first: Position, written: str, again: str) -> tuple[str, str]:
    """What to say of a key read twice, first ``written`` at ``first`` and ``again`` here: as written both times
    (``1:`` and ``01:`` are one key, the number 1)."""
    lost = "只会保留其中一个，另一处的内容会整段丢失。"
    if written == again:
        return f"键“{key}”重复出现（第一次在第 {first.line} 行）；YAML {lost}", "合并两处内容，或删除多余的一处。"
    return (f"键“{written}”（第 {first.line} 行）和“{again}”是同一个键：YAML 把两者都读作数字 {key}，{lost}",
            f"合并两处内容，或删除多余的一处；确是两个键时给它们加引号（如 \"{again}\"）。")

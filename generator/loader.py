"""Loading a plan file: bytes → text → YAML events → plain data, keeping where every value was written.

PyYAML's own loaders lose positions and silently keep the last of two equal keys, so ecplan reads the parser's
events itself and builds the data from them, recording ``file, line, column`` for every path.
"""

from __future__ import annotations

import codecs
import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode

from generator.diagnostics import ERROR, WARNING, Diagnostic
from generator.errors import InputFileError

#: libyaml's parser when PyYAML was built with it (5-10x faster); positions are the same.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 40

PathKey = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Position:
    file: str
    line: int
    column: int


@dataclass
class LoadedPlan:
    """The data of a plan file with the position of each path and the loader's own findings."""

    path: str
    data: dict[str, Any]
    positions: dict[PathKey, Position] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def position(self, path: PathKey) -> Position | None:
        """Where ``path`` was written, or where its nearest written parent was."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get(())


def decode(raw: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 (with or without BOM) is read as is; GB18030/GBK is read with a warning; anything else fails."""
    notes: list[Diagnostic] = []
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        notes.append(Diagnostic("Y106", WARNING, "文件以 UTF-8 BOM 开头，已忽略 BOM。", path, 1, 1,
                                hint="用编辑器另存为“UTF-8（无 BOM）”即可消除此警告。"))
    try:
        return raw.decode("utf-8"), notes
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise InputFileError(path, "文件不是 UTF-8 编码，也不是 GB18030/GBK 编码，无法读取。"
                                 "请用编辑器另存为 UTF-8 编码。", line, code="Y107") from None
        notes.append(Diagnostic("Y105", WARNING, "文件不是 UTF-8 编码，已按 GB18030（GBK）读取。", path, line, 1,
                                hint="请将文件另存为 UTF-8 编码，以免在其他电脑上乱码。"))
        return text, notes


def load_plan(path: str | Path) -> LoadedPlan:
    """Read and parse one plan file; raise InputFileError for anything that stops reading."""
    name = str(path)
    try:
        file = Path(path)
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise InputFileError(name, f"文件过大（{size // 1024} KB），上限为 {MAX_BYTES // 1024 // 1024} MB。",
                                 code="Y108")
        raw = file.read_bytes()
    except FileNotFoundError:
        raise InputFileError(name, "文件不存在。") from None
    except IsADirectoryError:
        raise InputFileError(name, "这是一个目录，不是 YAML 文件。") from None
    except PermissionError:
        raise InputFileError(name, "没有读取此文件的权限。") from None
    except OSError as exc:
        raise InputFileError(name, f"无法读取文件：{exc.strerror or exc}") from None
    text, notes = decode(raw, name)
    return parse_plan(text, name, notes)


def parse_plan(text: str, name: str, notes: list[Diagnostic] | None = None) -> LoadedPlan:
    builder = _Builder(name)
    try:
        data = builder.read(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and (exc.problem or "").startswith("did not find expected ',' or"):
            mark = exc.context_mark  # an unclosed [ or {: point at where it was opened, not at the end of the file
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = _translate_problem(exc.problem or str(exc))
        raise InputFileError(name, f"YAML 语法错误：{problem}", line, column, code="Y101") from None
    except yaml.YAMLError as exc:
        raise InputFileError(name, f"YAML 语法错误：{exc}", code="Y101") from None
    except RecursionError:  # the pure-Python parser (without libyaml) on absurdly deep nesting
        raise InputFileError(name, f"嵌套层级过深（超过 {MAX_DEPTH} 层），拒绝读取。", code="Y109") from None
    if data is _NOTHING or data is None or (isinstance(data, str) and data.strip() == ""):
        raise InputFileError(name, "文件是空的：请参照 examples/demo-city.yaml 填写方案内容。", 1, 1, code="Y104")
    if not isinstance(data, dict):
        at = builder.positions[()]
        raise InputFileError(name, "文件的最外层必须是“键: 值”映射（如 cover:、period: …），而不是列表或单个值。",
                             at.line, at.column, code="Y103")
    result = LoadedPlan(name, data, builder.positions, list(notes or []) + builder.diagnostics)
    result.positions[()] = Position(name, 1, 1)
    return result


_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现“键: 值”（常见原因：缩进错误，或文字中含“: ”——请给整段文字加引号，或把冒号改为全角“：”）",
    "could not find expected ':'": "找不到应有的冒号“:”（常见原因：缩进错误或多行文本未加引号）",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "found character that cannot start any token": "此处有不能出现的字符（常见原因：用 Tab 缩进，或以 @、` 开头的文字未加引号）",
    "did not find expected alphabetic or numeric character": "锚点（&）和别名（*）的名称只能用英文字母和数字；文字以“*”或“&”开头时请加引号",
    "expected <block end>, but found '-'": "列表项“-”的缩进与上文不一致",
    "found undefined alias": "引用了未定义的锚点（*别名）",
    "did not find expected ',' or ']'": "方括号“[”没有对应的“]”（或列表项之间缺逗号）",
    "did not find expected ',' or '}'": "花括号“{”没有对应的“}”（或各项之间缺逗号）",
    "did not find expected node content": "此处缺少内容（常见原因：缩进错误，或行首有多余的“-”“:”“[”等符号）",
}


def _translate_problem(problem: str) -> str:
    for english, chinese in _PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return f"{problem}（请检查此处的缩进、冒号和引号）"


_NOTHING = object()
_MERGE = object()     # the key ``<<``: the value's mappings are merged into this one
_DISCARD = object()   # a repeated key: its value is read (to go on) and dropped
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"


class _Frame:
    """A mapping or sequence being read: its value so far, its path (None: not recorded) and, for a mapping, the
    key whose value comes next."""

    __slots__ = ("value", "path", "key", "key_at", "seen", "merges", "anchor", "first", "count", "weak", "merging")

    def __init__(self, value: Any, path: PathKey | None, anchor: str | None, first: int, count: int, weak: bool,
                 merging: bool = False):
        self.value, self.path, self.anchor, self.first, self.count, self.weak = value, path, anchor, first, count, weak
        self.key: Any = None
        self.key_at: Position | None = None
        self.seen: dict[Any, Position] = {}
        self.merges: list[dict[Any, Any]] = []
        self.merging = merging  # a sequence of mappings after ``<<``: its items merge into the parent's path


class _Builder:
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

        root: Any = _NOTHING
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
                    if len(stack) >= MAX_DEPTH:
                        raise self._fail(event.start_mark, f"嵌套层级过深（超过 {MAX_DEPTH} 层），拒绝读取。")
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
        if not isinstance(key, (str, int)):
            key = str(event.value)
        if key in frame.seen:
            first = frame.seen[key]
            self.diagnostics.append(Diagnostic(
                "Y102", ERROR, f"键“{key}”重复出现（第一次在第 {first.line} 行）；YAML 只会保留其中一个，"
                "另一处的内容会整段丢失。", self.name, at.line, at.column,
                _dotted((frame.path or ()) + (key,)), hint="合并两处内容，或删除多余的一处。"))
            frame.key, frame.key_at = _DISCARD, at
            return
        frame.seen[key] = at
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
                if len(value) <= 32:  # keys and short values repeat: resolve each once
                    self.plain_tags[value] = tag
        return tag

    def _scalar(self, event: Any) -> Any:
        tag = self._tag(event)
        if tag == _STR_TAG:
            return event.value  # what SafeConstructor makes of text, without building a node for it
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.constructor.construct_object(node, deep=True)
            self.constructor.constructed_objects.pop(node, None)  # the constructor would keep every node
            return value
        except (ConstructorError, ValueError, OverflowError) as exc:
            kind = "日期" if "timestamp" in node.tag else "值"
            raise self._fail(event.start_mark, f"无法识别的{kind}“{node.value}”：{exc}") from None

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


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


dotted_path = _dotted

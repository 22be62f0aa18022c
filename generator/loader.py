"""Loading a plan file: bytes → text → YAML nodes → plain data, keeping where every value was written.

PyYAML's own loaders lose positions and silently keep the last of two equal keys, so ecplan composes the
node tree itself and builds the data from it, recording ``file, line, column`` for every path.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.diagnostics import ERROR, WARNING, Diagnostic
from generator.errors import InputFileError

#: libyaml's parser when PyYAML was built with it (5-10x faster); positions are the same.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 40

PathKey = tuple[Any, ...]


@dataclass(frozen=True)
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
    try:
        root = yaml.compose(text, Loader=_FAST_LOADER)
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
    if root is None or (isinstance(root, ScalarNode) and root.value.strip() == ""):
        raise InputFileError(name, "文件是空的：请参照 examples/demo-city.yaml 填写方案内容。", 1, 1, code="Y104")
    if not isinstance(root, MappingNode):
        mark = root.start_mark
        raise InputFileError(name, "文件的最外层必须是“键: 值”映射（如 cover:、period: …），而不是列表或单个值。",
                             mark.line + 1, mark.column + 1, code="Y103")
    builder = _Builder(name)
    data = builder.build(root, (), 0)
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


class _Builder:
    """Walks composed nodes into plain data; records positions, duplicate keys and limits."""

    def __init__(self, name: str):
        self.name = name
        self.positions: dict[PathKey, Position] = {}
        self.diagnostics: list[Diagnostic] = []
        self.constructor = SafeConstructor()
        self.count = 0

    def _at(self, node: Node) -> Position:
        return Position(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def _fail(self, node: Node, message: str) -> InputFileError:
        at = self._at(node)
        return InputFileError(self.name, message, at.line, at.column, code="Y109")

    def build(self, node: Node, path: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(node, f"内容过多或别名（*引用）展开过多（超过 {MAX_NODES} 个值），拒绝读取。")
        if depth > MAX_DEPTH:
            raise self._fail(node, f"嵌套层级过深（超过 {MAX_DEPTH} 层），拒绝读取。")
        self.positions.setdefault(path, self._at(node))
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError) as exc:
            kind = "日期" if "timestamp" in node.tag else "值"
            raise self._fail(node, f"无法识别的{kind}“{node.value}”：{exc}") from None

    def _mapping(self, node: MappingNode, path: PathKey, depth: int) -> dict[Any, Any]:
        try:
            self.constructor.flatten_mapping(node)
        except ConstructorError as exc:
            raise self._fail(node, f"合并键（<<）用法有误：{exc.problem}") from None
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self._fail(key_node, "键必须是简单的文字，不能是列表或映射。")
            key = self.constructor.construct_object(key_node)
            if not isinstance(key, (str, int)):
                key = str(key_node.value)
            at = self._at(key_node)
            if key in first_seen:
                first = first_seen[key]
                self.diagnostics.append(Diagnostic(
                    "Y102", ERROR, f"键“{key}”重复出现（第一次在第 {first.line} 行）；YAML 只会保留其中一个，"
                    "另一处的内容会整段丢失。", self.name, at.line, at.column, _dotted(path + (key,)),
                    hint="合并两处内容，或删除多余的一处。"))
                continue
            first_seen[key] = at
            self.positions[path + (key,)] = at
            result[key] = self.build(value_node, path + (key,), depth + 1)
            self.positions[path + (key,)] = at
        return result


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


dotted_path = _dotted

"""``ecplan fix``: rewrite a plan file's text in place — an input method's mechanical mistakes made right (see
readers.ime), simplified characters, no conversion artefacts, full-width punctuation in Chinese sentences — keeping
its comments, order, quoting and layout.

Only the source text of each value is rewritten (found through the YAML node marks); keys, indentation, flow
punctuation (the commas of ``[a, b]``) and line ends stay as they are, and comments are only converted to simplified
characters. The result is parsed again and must have the same structure, or nothing is written.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator import cleantext
from generator.errors import InputFileError, RenderError
from generator.readers.encodings import decode


@dataclass
class Fixed:
    """The rewritten text and how many characters of each kind were changed."""

    text: str
    typing: int = 0           # an input method's mistakes (the colon, its space, indentation, list commas, "%")
    simplified: int = 0
    artefacts: int = 0
    punctuation: int = 0
    notes: list[str] = field(default_factory=list)
    saved_as: str = ""        # the file written back in another encoding (UTF-8, without a BOM)

    @property
    def changed(self) -> bool:
        return bool(self.typing or self.simplified or self.artefacts or self.punctuation)

    def summary(self) -> str:
        parts = [f"输入法造成的错误改正 {self.typing} 处" if self.typing else "",
                 f"繁体字改为简体 {self.simplified} 处" if self.simplified else "",
                 f"删去转换残留的拼音 {self.artefacts} 处" if self.artefacts else "",
                 f"半角标点改为全角 {self.punctuation} 处" if self.punctuation else "", self.saved_as]
        return "，".join(filter(None, parts)) or "没有需要修正的文字"


def _value_scalars(node: Node, seen: set[int]) -> list[tuple[ScalarNode, bool]]:
    """Every scalar that is a value, each once even when reached through an alias; and every plain key written in
    Chinese — pasted text ending in a half-width colon, which YAML read as a key (ecplan's keys are English) — when
    it is the mapping's only one (text among fields stays where it is, for validate to point at)."""
    if id(node) in seen:
        return []
    seen.add(id(node))
    if isinstance(node, ScalarNode):
        return [(node, False)] if node.tag == "tag:yaml.org,2002:str" else []
    found: list[tuple[ScalarNode, bool]] = []
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if (len(node.value) == 1 and isinstance(key, ScalarNode) and key.style is None
                    and isinstance(value, ScalarNode) and cleantext.reads_as_sentence(key.value, value.value)):
                found.append((key, True))
            found.extend(_value_scalars(value, seen))
    elif isinstance(node, SequenceNode):
        for item in node.value:
            found.extend(_value_scalars(item, seen))
    return found


def _differing(before: str, after: str) -> int:
    if len(before) == len(after):
        return sum(a != b for a, b in zip(before, after))
    return sum(1 for op in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
               if op[0] != "equal")


def fix_text(text: str, name: str, *, punctuation: bool = True) -> Fixed:
    """The cleaned text of a YAML plan file: first an input method's mechanical mistakes, after which the text must
    parse, then the values' text."""
    from generator.readers.ime import repair

    text, slips = repair(text)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise InputFileError(name, "嵌套层级过深，无法自动修正。", code="Y109") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputFileError(name, "YAML 语法错误，无法自动修正；请先用 ecplan validate 查看并改正。",
                             mark.line + 1 if mark else None, code="Y101") from None
    result = Fixed(text, typing=len(slips))
    if root is None:
        return result
    spans = sorted((node.start_mark.index, node.end_mark.index, node.style, is_key)
                   for node, is_key in _value_scalars(root, set()))
    pieces: list[str] = []
    position = 0
    for start, end, style, is_key in spans:
        if start < position:  # not expected from a parser; never rewrite a span twice
            continue
        between = text[position:start]
        pieces.append(cleantext.to_simplified(between))  # comments, keys, indentation
        result.simplified += _differing(between, pieces[-1])
        value = text[start:end]
        if punctuation and is_key and text[end:end + 1] == ":":
            end += 1  # a Chinese "key": its colon is text (so the whole becomes one value again)
            value += ":"
            if text[end:end + 1] == " ":
                end += 1  # "…如下: 一是" reads "…如下：一是"
        pieces.append(_clean_value(value, style, punctuation, result))
        position = end
    rest = text[position:]
    pieces.append(cleantext.to_simplified(rest))
    result.simplified += _differing(rest, pieces[-1])
    result.text = "".join(pieces)
    _same_structure(text, result.text, name)
    if slips:
        _readable(result.text, name)
    return result


def _readable(text: str, name: str) -> None:
    """After an input method's mistakes are made right the file must read without error, or nothing is written."""
    from generator.readers.yaml import parse

    try:
        parse(text, name)
    except InputFileError as exc:
        raise RenderError(f"{name}: 改正输入法造成的错误后，文件仍无法读取（{exc.detail}），已放弃，文件未改动。"
                          "请按 ecplan validate 列出的各处手工修改。") from None


def _clean_value(source: str, style: str | None, punctuation: bool, result: Fixed) -> str:
    without = cleantext.remove_artefacts(source)
    result.artefacts += len(cleantext.artefacts(source))
    simple = cleantext.to_simplified(without)
    result.simplified += _differing(without, simple)
    if not punctuation:
        return simple
    # In a quoted value an ASCII double quote is syntax (or an escape): leave quotes alone there.
    widened = cleantext.full_width(simple, quotes=style not in ('"', "'"))
    result.punctuation += _differing(simple, widened)
    return widened


def _shape(value: Any) -> Any:
    """The structure ecplan reads: a mapping with a key in Chinese is text that YAML misread (see above)."""
    if isinstance(value, dict):
        if len(value) == 1 and cleantext.reads_as_sentence(*next(iter(value.items()))):
            return "str"
        return {cleantext.to_simplified(key) if isinstance(key, str) else key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return type(value).__name__


def _same_structure(before: str, after: str, name: str) -> None:
    """Read as ecplan reads a plan (with its limits on size, nesting and aliases), both texts must have one shape."""
    from generator.readers.yaml import parse

    try:
        same = _shape(parse(before, name).data) == _shape(parse(after, name).data)
    except InputFileError:
        same = False
    if not same:
        raise RenderError(f"{name}: 自动修正会改变文件的结构，已放弃，文件未改动。请手工修正 ecplan validate 列出的各处。")


def fix_file(path: str | Path, *, punctuation: bool = True, write: bool = True) -> tuple[Fixed, Path | None, str]:
    """Clean one plan file. Returns what changed, the backup written (if any) and a unified diff.

    The file is read as ``ecplan validate`` reads it (a regular file, the same limits). Through a symbolic link the
    file it points to is fixed; a file with several hard links is rewritten in place, so every name sees the fix;
    the file keeps its mode, and the backup has it too."""
    from generator.output import atomic_write, keep_backup, locked, real_target, rewrite_in_place
    from generator.readers.files import read_input
    from generator.readers.yaml import parse

    source = Path(path)
    raw = read_input(source)
    text, notes = decode(raw, str(source))
    from generator.readers.ime import repair

    parse(repair(text)[0], str(source))  # the loader's limits: an alias bomb or absurd nesting is refused here
    fixed = fix_text(text, str(source), punctuation=punctuation)
    reencoded = fixed.text.encode("utf-8") != raw
    if reencoded and not fixed.changed:
        fixed.saved_as = "文件改存为不带 BOM 的 UTF-8" if raw.startswith(b"\xef\xbb\xbf") else "文件改存为 UTF-8 编码"
    if notes and reencoded:
        fixed.notes.extend(note.message.replace("已忽略 BOM。", "修正后的文件不带 BOM。") if note.code == "Y106"
                           else note.message.rstrip("。") + "，修正后的文件改存为 UTF-8。" for note in notes)
    diff = "".join(difflib.unified_diff(text.splitlines(keepends=True), fixed.text.splitlines(keepends=True),
                                        f"{source}（原文）", f"{source}（修正后）"))
    if not write or not (fixed.changed or reencoded):
        return fixed, None, diff
    target = real_target(source)
    with locked(target):
        if target.read_bytes() != raw:
            raise RenderError(f"{source}: 文件在修正期间被改动过，未写入。请重新运行 ecplan fix。")
        linked = target.stat().st_nlink > 1
        backup = keep_backup(target, copy=linked)
        if linked:
            rewrite_in_place(target, fixed.text.encode("utf-8"))
        else:
            atomic_write(target, fixed.text.encode("utf-8"))
    return fixed, backup, diff

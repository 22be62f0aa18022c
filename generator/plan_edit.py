"""Changing values in a plan file in place: each scalar rewritten where it stands, in the style it was written in
(plain, quoted, a block of lines), so the comments, the order and the layout of everything else stay as they are.
The result is read again, and must hold the new values and nothing else changed; else nothing is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.errors import InputFileError, RenderError
from generator.readers.plan import PathKey

_FLOW_UNSAFE = set(",[]{}#&*!|>'\"%@`")


def _node_at(root: Any, path: PathKey) -> tuple[Any, bool] | None:
    """The scalar node at ``path`` and whether it stands in a flow collection ({…} or […]), or None."""
    import yaml

    node, flow = root, False
    for part in path:
        if isinstance(node, yaml.MappingNode):
            flow = bool(node.flow_style)
            node = next((value for key, value in node.value if key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            flow = bool(node.flow_style)
            node = node.value[part]
        else:
            return None
        if node is None:
            return None
    return (node, flow) if isinstance(node, yaml.ScalarNode) else None


def _plain_ok(text: str, flow: bool) -> bool:
    import yaml

    if not text or text != text.strip() or "\n" in text or ": " in text or " #" in text or text[0] in "-?:":
        return False
    if flow and set(text) & _FLOW_UNSAFE:
        return False
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False


def _number(value: Any) -> str:
    from generator.formatting import num

    return num(value)


def scalar_in_style(value: Any, node: Any, flow: bool, original: str) -> str:
    """``value`` written as YAML where ``node`` stood, in its style."""
    if not isinstance(value, str):
        return _number(value)
    if node.style in ("|", ">"):
        header, _, body = original.partition("\n")
        lines = [line for line in body.split("\n") if line.strip()]
        indent = len(lines[0]) - len(lines[0].lstrip(" ")) if lines else 2
        text = value.rstrip("\n")
        content = text.split("\n") if node.style == "|" else [" ".join(text.split("\n"))]
        return header + "\n" + "\n".join(" " * indent + line if line else "" for line in content) + "\n"
    if node.style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if node.style is None and _plain_ok(value, flow):
        return value
    return json.dumps(value, ensure_ascii=False)


def patched(text: str, name: str, changes: dict[PathKey, Any]) -> tuple[str, list[PathKey]]:
    """``text`` (a plan file) with the value at each path of ``changes`` replaced; and the paths this file does not
    write (inherited from a shared file, or read from a workbook), which are left for the planner."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise InputFileError(name, "文件无法按原样改写（先运行 ecplan fix 修正其中的写法，再试一次）。") from exc
    edits, elsewhere = [], []
    for path, value in changes.items():
        found = _node_at(root, path)
        if found is None:
            elsewhere.append(path)
            continue
        node, flow = found
        start, end = node.start_mark.index, node.end_mark.index
        edits.append((start, end, scalar_in_style(value, node, flow, text[start:end])))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, elsewhere


def _stripped(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _stripped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_stripped(item) for item in value]
    return value.strip() if isinstance(value, str) else value


def check_patch(before: str, after: str, name: str, changes: dict[PathKey, Any]) -> None:
    """Read as ecplan reads a plan, ``after`` must be ``before`` with exactly ``changes`` made."""
    from generator.readers.yaml import parse
    from generator.word_edits import with_value

    expected = parse(before, name).data
    for path, value in changes.items():
        try:
            expected = with_value(expected, path, value)
        except (KeyError, IndexError, TypeError):
            continue
    try:
        got = parse(after, name).data
    except InputFileError:
        got = None
    if got is None or _stripped(got) != _stripped(expected):
        raise RenderError(f"{name}: 改写后的文件与预期不符，已放弃，文件未改动。请按上面列出的修改手工改写。")


def apply(path: Path, changes: dict[PathKey, Any]) -> tuple[Path | None, list[PathKey]]:
    """Writes ``changes`` into the plan file at ``path`` (through a link to the file it names), after a backup; the
    backup, and the paths the file does not write."""
    from generator.fix import decode
    from generator.output import atomic_write, keep_backup, locked, real_target
    from generator.readers.files import read_input

    raw = read_input(path)
    text, _ = decode(raw, str(path))
    new, elsewhere = patched(text, str(path), changes)
    mine = {p: v for p, v in changes.items() if p not in elsewhere}
    if not mine:
        return None, elsewhere
    check_patch(text, new, str(path), mine)
    target = real_target(path)
    with locked(target):
        if target.read_bytes() != raw:
            raise RenderError(f"{path}: 文件在改写期间被改动过，未写入。请重新运行。")
        backup = keep_backup(target)
        atomic_write(target, new.encode("utf-8"))
    return backup, elsewhere

"""A plan file rewritten to hold new data with the fewest changes: what did not change keeps its text — comments,
order, quoting, blank lines —, a changed value is rewritten where it stands in its own style, a new key or list item
is written beside its neighbours at their indentation, a removed one is cut out with its lines, and the items of a
list that were reordered move with their comments. The result is read again and must hold exactly the new data;
else nothing is returned but an error.

This is what the browser workbench saves with; ``plan_edit`` (values only) is what ``import --apply`` uses.
"""

from __future__ import annotations

from typing import Any

from generator.errors import InputFileError
from generator.readers.plan import PathKey

#: for each list (by its path in the new data), the index each new item had in the old list (None: a new item)
Origins = dict[PathKey, list[int | None]]


class NotEditable(InputFileError):
    """A file whose text cannot be rewritten in place (its message says why); the data itself is fine."""


def edited(text: str, new: dict[str, Any], name: str, origins: Origins | None = None) -> str:
    """``text`` (a plan file) rewritten to read as ``new``; ``origins`` says where reordered list items came from
    (lists without an entry keep their items by position)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
        old = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise NotEditable(name, "文件无法按原样改写（先运行 ecplan fix 修正其中的写法，再试一次）。") from exc
    if _shared_nodes(root):
        raise NotEditable(name, "文件中用了 YAML 的锚点和别名（&、*、<<:），网页无法在保留这些写法的同时修改它；"
                          "请在文本编辑器中修改。")
    if root is None or not isinstance(old, dict):
        result = _block(new, "")
    else:
        rewriter = _Rewriter(text, origins or {})
        result = text[:root.start_mark.index] + rewriter.node(root, old, new, (), 0) + text[rewriter.end(root):]
    try:
        same = yaml.load(result, Loader=loader) == new
    except yaml.YAMLError:
        same = False
    if not same:
        raise NotEditable(name, "改写后的文件与表单内容不符，已放弃，文件未改动。")
    return result


def _shared_nodes(root: Any) -> bool:
    """Whether a node stands in two places (an alias, or a merge key): its text is written once for both."""
    import yaml

    seen, pending = set(), [root] if root is not None else []
    while pending:
        node = pending.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            pending += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            pending += node.value
    return False


def _block(value: Any, indent: str) -> str:
    from generator.yaml_writer import lines_of

    return "\n".join(lines_of(value, indent)) + "\n"


class _Rewriter:
    """Each ``node`` call gives the new text of a node's own characters, from its start to ``end`` (a block's span
    as the parser marks it runs on over the comments and blank lines after it, which stay where they are)."""

    def __init__(self, text: str, origins: Origins):
        self.text, self.origins = text, origins

    def end(self, node: Any) -> int:
        import yaml

        if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False) or not node.value:
            end = node.end_mark.index
            while end > node.start_mark.index and self.text[end - 1] in "\n \t":
                end -= 1
            return end
        last = node.value[-1]
        return self.end(last[1] if isinstance(node, yaml.MappingNode) else last)

    def _line_end(self, index: int) -> int:
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end

    def node(self, node: Any, old: Any, new: Any, path: PathKey, column: int) -> str:
        """The new text of ``node`` (``column``: where its children start, should it become a block)."""
        import yaml

        original = self.text[node.start_mark.index:self.end(node)]
        if type(old) is type(new) and old == new and path not in self.origins:
            return original
        block = isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style
        if block and isinstance(new, dict) and isinstance(node, yaml.MappingNode) and isinstance(old, dict):
            return self._mapping(node, old, new, path)
        if block and isinstance(new, list) and isinstance(node, yaml.SequenceNode) and isinstance(old, list):
            return self._sequence(node, old, new, path)
        if isinstance(new, (dict, list)):
            if new and not (isinstance(node, yaml.CollectionNode) and node.flow_style):
                return "\n" + _block(new, " " * column).rstrip("\n")
            return _flow(new)
        written = _scalar(new, node if isinstance(node, yaml.ScalarNode) else None, original).rstrip("\n")
        before = self.text[node.start_mark.index - 1:node.start_mark.index]
        return " " + written if not original and before and not before.isspace() else written   # `key:` → `key: x`

    def _apply(self, start: int, end: int, edits: list[tuple[int, int, str]]) -> str:
        pieces, position = [], start
        for edit_start, edit_end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1])):
            pieces += [self.text[position:edit_start], replacement]
            position = max(position, edit_end)
        return "".join(pieces) + self.text[position:end]

    def _mapping(self, node: Any, old: dict, new: dict, path: PathKey) -> str:
        pairs = list(node.value)
        kept = [i for i, (key, _) in enumerate(pairs) if key.value in new]
        if not new or not kept:
            return _flow(new)
        last, end = kept[-1], self.end(node)
        edits = []
        for i, (key, value) in enumerate(pairs):
            if key.value in new:
                start, text = value.start_mark.index, self.node(value, old.get(key.value), new[key.value],
                                                                path + (key.value,), key.start_mark.column + 2)
                if _block_node(value) and not text.startswith("\n") and not _block_node_text(value, text):
                    start, text = self.text.index(":", key.end_mark.index) + 1, " " + text   # a block now one line
                edits.append((start, self.end(value), text))
            elif i < last:                          # its lines, up to the next key at the same column
                edits.append((key.start_mark.index, pairs[i + 1][0].start_mark.index, ""))
        after = min(self._line_end(self.end(pairs[last][1])), end)
        added = {key: value for key, value in new.items() if key not in {k.value for k, _ in pairs}}
        lines = "\n" + _block(added, " " * node.start_mark.column).rstrip("\n") if added else ""
        if last < len(pairs) - 1 or added:      # the keys after the last one kept go, the new ones come there
            edits.append((after, end if last < len(pairs) - 1 else after, lines))
        return self._apply(node.start_mark.index, end, edits)

    def _sequence(self, node: Any, old: list, new: list, path: PathKey) -> str:
        if not new:
            return "[]"
        items = node.value
        origins = self.origins.get(path) or [i if i < len(items) else None for i in range(len(new))]
        indent, column = " " * node.start_mark.column, node.start_mark.column
        dashes = [self.text.rfind("-", 0, item.start_mark.index) for item in items]
        ends = [self._line_end(self.end(item)) for item in items[:-1]] + [self.end(node)]
        leads = [""] + [self.text[ends[i - 1] + 1:self.text.rfind("\n", 0, dashes[i]) + 1]
                        for i in range(1, len(items))]
        bodies = []
        for index, value in enumerate(new):
            origin = origins[index] if index < len(origins) else None
            if origin is None or not 0 <= origin < len(items):
                bodies.append(("", _block([value], indent).rstrip("\n")[len(indent):]))
                continue
            item = items[origin]
            body = (self.text[dashes[origin]:item.start_mark.index]
                    + self.node(item, old[origin], value, path + (index,), column + 2)
                    + self.text[self.end(item):ends[origin]])
            bodies.append((leads[origin], body))
        return bodies[0][1] + "".join("\n" + lead + indent + body for lead, body in bodies[1:])


def _block_node(node: Any) -> bool:
    import yaml

    return isinstance(node, yaml.CollectionNode) and not node.flow_style


def _block_node_text(node: Any, text: str) -> bool:
    """Whether ``text``, the new text of the block ``node``, is still a block of its kind starting where it did."""
    import yaml

    return text.startswith("-") if isinstance(node, yaml.SequenceNode) else not text.startswith(("{", "[", '"', "'")) \
        and ":" in text.split("\n", 1)[0]


def _scalar(value: Any, node: Any, original: str) -> str:
    """A scalar written where ``node`` stood, in its style when it was one."""
    import datetime as dt

    from generator.yaml_writer import scalar

    if value is None:
        return "null"
    if node is not None and isinstance(value, str):
        from generator.plan_edit import scalar_in_style

        node.style = node.style or None         # libyaml says "" for plain

        return scalar_in_style(value, node, False, original)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return scalar(value)


def _flow(value: Any) -> str:
    from generator.yaml_writer import scalar

    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    import json

    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else scalar(value)

"""Naming a place in a plan as a planner reads it: a field's Chinese label from the schema, and a path of labels
(``具体目标 › 第3项「电子商务交易额」 › 年均增长率(%)``) for messages."""

from __future__ import annotations

from typing import Any

Rules = dict[str, Any]


def field_rules(schema: Rules, path: tuple[Any, ...]) -> Rules | None:
    """The rules of the field at ``path`` (an integer steps into a list's items), or None if the path is unknown."""
    rules: Rules | None = {"type": "dict", "schema": schema}
    for part in path:
        if rules is None:
            return None
        if isinstance(part, int):
            if rules.get("type") != "list":
                return None
            rules = rules.get("schema")
            continue
        children = rules.get("schema") if rules.get("type") == "dict" else None
        if not isinstance(children, dict) or part not in children:
            return None
        rules = children[part]
    return rules


def field_meta(schema: Rules, path: tuple[Any, ...]) -> dict[str, Any] | None:
    """The ``meta`` of the field at ``path`` (list indices are skipped), or None if the path is unknown."""
    rules = field_rules(schema, path)
    return rules.get("meta") if rules else None


def label_path(schema: Rules, path: tuple[Any, ...], data: Any = None) -> str:
    """``('targets', 'indicators', 2, 'growth')`` → ``具体目标 › 第3项「电子商务交易额」 › 年均增长率(%)``.

    With ``data``, a list item is also named by its own ``name`` or ``title``, which a planner recognises faster.
    """
    return " › ".join(label_parts(schema, path, data))


def label_parts(schema: Rules, path: tuple[Any, ...], data: Any = None) -> list[str]:
    """The label of each part of ``path``, as ``label_path`` joins them."""
    labels: list[str] = []
    node = data
    for i, part in enumerate(path):
        in_mapping = isinstance(node, dict)
        try:
            node = node[part] if node is not None else None
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(part, int) and not in_mapping:  # a number written as a key (2029:) is a key, not an item
            name = node.get("name") or node.get("title") if isinstance(node, dict) else None
            labels.append(f"第{part + 1}项" + (f"「{str(name)[:24]}」" if name else ""))
            continue
        found = field_meta(schema, path[: i + 1])
        labels.append(found["label"] if found else str(part))
    return labels

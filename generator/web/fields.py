"""The form of a chapter, generated from the schema, and the form's values read back into plan data.

A field is named by its path: ``economy.overview.gdp.value``; an item of a list by a key that stays with it while
items are added, removed and moved in the page (``k3``: the fourth item of the list in the file; ``n…``: a new one),
``tasks.policy.tasks.[k3].title``, and the list's order by its ``__order`` inputs in page order. What is typed is
read as the plan file would read it: a number as a number, anything else (待补充（统计局）, 约3000) as text for the
checks to judge; a field left as it was shown keeps its value exactly (a date stays a date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.readers.plan import PathKey

LONG = 200                     # texts allowed longer than this get a text area


@dataclass
class Field:
    name: str                  # the form name (keys for list items)
    path: PathKey              # the path in the data (positions for list items)
    kind: str                  # group, quantity, list, lines, text, long, number, choice, switch
    label: str
    help: str = ""
    required: bool = False
    value: str = ""
    options: list[str] = field(default_factory=list)
    children: list[Field] = field(default_factory=list)
    items: list[tuple[str, list[Field]]] = field(default_factory=list)     # a list's items: (key, their fields)
    item_rules: dict[str, Any] = field(default_factory=dict)


def shown(value: Any) -> str:
    """A value as a field shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _kind(rules: dict[str, Any]) -> str:
    types = rules.get("type")
    types = types if isinstance(types, list) else [types]
    if "dict" in types and isinstance(rules.get("schema"), dict):
        return "quantity" if rules.get("meta", {}).get("units") else "group"
    if "list" in types:
        inner = rules.get("schema") or {}
        return "list" if inner.get("type") == "dict" else "lines"
    if "boolean" in types:
        return "switch"
    if rules.get("allowed"):
        return "choice"
    if types[0] in ("number", "integer", "float"):
        return "number"
    label = rules.get("meta", {}).get("label", "")
    return "long" if rules.get("maxlength", 0) > LONG and not label.endswith(_ONE_LINE) else "text"


#: texts that fit on one line whatever their length limit: names of things, units, departments
_ONE_LINE = ("标题", "名称", "部门", "单位", "城市", "省份", "文号", "机关", "主送", "抄送", "签发人", "联系人", "电话",
             "牵头", "责任人", "地点")


def rows(field: Field) -> int:
    """The height of a text area: its text, at about 45 characters a line, within 3 to 14 lines."""
    return min(14, max(3, len(field.value) // 45 + 1 + field.value.count("\n")))


def build(rules: dict[str, Any], value: Any, name: str, path: PathKey, key: str = "") -> Field:
    """The field (and those within it) for ``rules`` holding ``value``."""
    meta = rules.get("meta", {})
    kind = _kind(rules)
    made = Field(name, path, kind, meta.get("label") or key, meta.get("desc", ""), bool(rules.get("required")))
    if kind in ("group", "quantity"):
        data = value if isinstance(value, dict) else {}
        made.children = [build(sub, data.get(sub_key), f"{name}.{sub_key}", path + (sub_key,), sub_key)
                         for sub_key, sub in rules["schema"].items()]
    elif kind == "list":
        made.item_rules = rules["schema"]
        made.items = [(f"k{index}", item_fields(rules["schema"], item, name, path + (index,), f"k{index}"))
                      for index, item in enumerate(value if isinstance(value, list) else [])]
    elif kind == "lines":
        made.value = "\n".join(shown(item) for item in value) if isinstance(value, list) else shown(value)
    else:
        made.value = shown(value)
        made.options = [str(option) for option in rules.get("allowed", [])]
    return made


def names_of(made: Field, into: dict[PathKey, str] | None = None) -> dict[PathKey, str]:
    """The form name of every field (groups, lists and their items included) by its path in the data, as the page
    shows them: findings are placed by it."""
    names = {} if into is None else into
    names[made.path] = made.name
    for child in made.children:
        names_of(child, names)
    for index, (key, children) in enumerate(made.items):
        names[made.path + (index,)] = f"{made.name}.[{key}]"
        for child in children:
            names_of(child, names)
    return names


def item_fields(rules: dict[str, Any], value: Any, list_name: str, path: PathKey, key: str) -> list[Field]:
    data = value if isinstance(value, dict) else {}
    return [build(sub, data.get(sub_key), f"{list_name}.[{key}].{sub_key}", path + (sub_key,), sub_key)
            for sub_key, sub in rules["schema"].items()]


# --- reading a form back ----------------------------------------------------------------------------------------


@dataclass
class Read:
    """What a form says: the new value, where reordered list items came from, and the form name of each path."""

    value: Any
    origins: dict[PathKey, list[int | None]] = field(default_factory=dict)
    names: dict[PathKey, str] = field(default_factory=dict)


def read(rules: dict[str, Any], form: Any, name: str, path: PathKey, old: Any, into: Read) -> Any:
    """The value of the field ``name`` (``old``: the value in the file, kept where the field still shows it);
    None when the field is empty."""
    into.names[path] = name
    kind = _kind(rules)
    if kind in ("group", "quantity"):
        before = old if isinstance(old, dict) else {}
        result = {key: value for key, value in before.items() if key not in rules["schema"]}   # not in the form
        for key, sub in rules["schema"].items():
            value = read(sub, form, f"{name}.{key}", path + (key,), before.get(key), into)
            if value is not None:
                result[key] = value
        ordered = {key: result[key] for key in before if key in result}
        ordered.update({key: value for key, value in result.items() if key not in ordered})
        return ordered or None
    if kind == "list":
        return _read_list(rules, form, name, path, old, into)
    if f"{name}" not in form:
        return old                            # not on the page (a field the form does not show)
    typed = form.get(name, "")
    if kind == "lines":
        lines = [line.strip() for line in typed.splitlines() if line.strip()]
        return old if old is not None and shown_lines(old) == "\n".join(lines) else (lines or None)
    if old is not None and shown(old) == typed.strip():
        return old
    return _typed(kind, typed)


def shown_lines(value: Any) -> str:
    return "\n".join(shown(item) for item in value) if isinstance(value, list) else shown(value)


def _read_list(rules: dict[str, Any], form: Any, name: str, path: PathKey, old: Any, into: Read) -> Any:
    keys = form.getlist(f"{name}.__order")
    if not keys and f"{name}.__present" not in form:
        return old                            # the list is not on the page
    before = old if isinstance(old, list) else []
    items, origins = [], []
    for key in keys:
        origin = int(key[1:]) if key[:1] == "k" and key[1:].isdigit() and int(key[1:]) < len(before) else None
        position = path + (len(items),)
        value = read(rules["schema"], form, f"{name}.[{key}]", position, before[origin] if origin is not None
                     else None, into)
        if value is None and origin is None:
            continue                          # an item added and left empty
        items.append(value if value is not None else {})
        origins.append(origin)
    if origins != list(range(len(before))):
        into.origins[path] = origins
    return items or None


def _typed(kind: str, typed: str) -> Any:
    from generator.forms import typed_number

    text = typed.strip() if kind != "long" else typed.rstrip()
    if not text:
        return None
    if kind == "number":
        number = typed_number(text, commas=True)
        return number if number is not None else text
    if kind == "switch":
        return {"true": True, "false": False}.get(text, text)
    return text.replace("\r\n", "\n")

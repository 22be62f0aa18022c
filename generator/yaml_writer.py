"""A plan's data written as the YAML a planner would write: keys in the order given, block style, long texts on one
line, and a comment above a field where there is something to say about it (where an imported text came from, why a
value is still 待补充). The text is read back to check it holds exactly the data."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from generator.readers.plan import PathKey


def scalar(value: Any) -> str:
    import yaml

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        from generator.formatting import num

        return num(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value)
    plain = text and text == text.strip() and "\n" not in text and not text.startswith(("-", "?", ":", "[", "{", "!",
                                                                                          "&", "*", "#", "|", ">", "'", '"', "%", "@", "`"))
    if plain and ": " not in text and " #" not in text:
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def _comment(lines: list[str], indent: str, text: str | None) -> None:
    if text:
        lines += [f"{indent}# {line}" if line else f"{indent}#" for line in text.splitlines()]


def _write(value: Any, path: PathKey, indent: str, comments: dict[PathKey, str], lines: list[str]) -> None:
    """The lines of a mapping's or a list's items at ``indent``."""
    if isinstance(value, dict):
        for key, item in value.items():
            here = path + (key,)
            _comment(lines, indent, comments.get(here))
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{indent}{key}:")
                _write(item, here, indent + "  ", comments, lines)
            else:
                lines.append(f"{indent}{key}: {'{}' if item == {} else '[]' if item == [] else scalar(item)}")
        return
    for index, item in enumerate(value):
        here = path + (index,)
        _comment(lines, indent, comments.get(here))
        if isinstance(item, dict) and item:
            inner: list[str] = []
            _write(item, here, indent + "  ", comments, inner)
            first = next(i for i, line in enumerate(inner) if not line.lstrip().startswith("#"))
            lines += inner[:first] + [f"{indent}- {inner[first].lstrip()}"] + inner[first + 1:]
        elif isinstance(item, list) and item:
            lines.append(f"{indent}-")
            _write(item, here, indent + "  ", comments, lines)
        else:
            lines.append(f"{indent}- {scalar(item)}")


def lines_of(value: Any, indent: str = "") -> list[str]:
    """The lines of a mapping's keys or a list's items written at ``indent``."""
    lines: list[str] = []
    _write(value, (), indent, {}, lines)
    return lines


def dump(data: dict[str, Any], comments: dict[PathKey, str] | None = None, header: str = "") -> str:
    """``data`` as YAML text, with ``comments`` (by path) above their fields and ``header`` on top."""
    import yaml

    lines: list[str] = []
    _comment(lines, "", header)
    _write(data, (), "", comments or {}, lines)
    text = "\n".join(lines) + "\n"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if yaml.load(text, Loader=loader) != data:          # never a file that reads as something else
        raise ValueError("YAML written does not read back as the data")
    return text

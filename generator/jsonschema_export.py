"""A JSON Schema (draft 2020-12) generated from the plan schema, for editors (yaml-language-server and the like):
labels become titles, descriptions stay descriptions, allowed values become enums, required fields are required."""

from __future__ import annotations

import json
from typing import Any

#: the forms of a year, a month and a date, as text (see generator.forms)
WHEN_PATTERN = r"^\d{4}([-/.]\d{1,2}([-/.]\d{1,2})?)?$|^\d{4}年(\d{1,2}月(\d{1,2}日)?)?$"

_TYPES = {"string": "string", "number": "number", "integer": "integer", "boolean": "boolean", "dict": "object",
          "list": "array", "date": "string"}


def to_json_schema(rules: dict[str, Any], strict: bool = True) -> dict[str, Any]:
    """One cerberus rule set as JSON Schema; ``strict=False`` requires nothing (a file that extends another)."""
    result: dict[str, Any] = {}
    meta = rules.get("meta", {})
    if meta.get("label"):
        result["title"] = meta["label"]
    if meta.get("desc"):
        result["description"] = meta["desc"] + (f"（单位：{'、'.join(meta['units'])}）" if meta.get("units") else "")
    kinds = rules.get("type")
    names = [kinds] if isinstance(kinds, str) else list(kinds or [])
    types = list(dict.fromkeys(_TYPES[name] for name in names if name in _TYPES))
    if types:
        result["type"] = types[0] if len(types) == 1 else types
    if "maxlength" in rules and "string" in names:
        result["maxLength"] = rules["maxlength"]
    if "allowed" in rules:
        result["enum"] = list(rules["allowed"])
    if "regex" in rules:
        # A YAML date (2026-03-08) reaches the editor as text: accept it beside the written form.
        result["pattern"] = rules["regex"] + (r"|^\d{4}-\d{1,2}-\d{1,2}$" if "date" in names else "")
    if "min" in rules:
        result["minimum"] = rules["min"]
    if "max" in rules:
        result["maximum"] = rules["max"]
    if "minlength" in rules:
        result["minItems"] = rules["minlength"]
    if meta.get("when"):        # any of the forms of a year, month or date (generator.forms), whatever the field keeps
        result["type"] = ["integer", "string"]
        result["pattern"] = WHEN_PATTERN if meta["when"] != "deadline" else f"{WHEN_PATTERN}|{rules['regex']}"
        result.pop("minimum", None)
        result.pop("maximum", None)
    inner = rules.get("schema")
    if "dict" in names and isinstance(inner, dict):
        result.update(_object(inner, strict))
    elif "list" in names and isinstance(inner, dict):
        result["items"] = to_json_schema(inner, strict)
    return result


def _object(fields: dict[str, Any], strict: bool = True) -> dict[str, Any]:
    required = [name for name, rules in fields.items() if rules.get("required")] if strict else []
    properties = {name: to_json_schema(rules, strict) for name, rules in fields.items()}
    for name, rules in fields.items():
        if rules.get("type") == "list":  # ``key+:`` adds to a list from an extended file (see generator.readers.extends)
            properties[name + "+"] = {**properties[name], "description": f"追加到 extends 文件中的“{name}”列表"}
    body: dict[str, Any] = {"properties": properties, "additionalProperties": False}
    if required:
        body["required"] = required
    return body


def plan_json_schema(schema: dict[str, Any], title: str) -> dict[str, Any]:
    """The whole plan file: a mapping of the schema's top-level fields."""
    complete = _object(schema)
    body = _object(schema, strict=False)
    extends = {"title": "继承的共享文件", "description": "从这些文件（相对于本文件的路径）取得共享内容，本文件所写的优先。",
               "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}
    body["properties"] = {"extends": extends, **body["properties"]}
    # What a file with ``extends:`` leaves out may come from the shared file (ecplan checks the merged plan), so
    # required fields are asked for only in a file that stands alone.
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, "type": "object", **body,
            "if": {"not": {"required": ["extends"]}}, "then": {"$ref": "#/$defs/complete"},
            "$defs": {"complete": {"type": "object", **complete}}}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

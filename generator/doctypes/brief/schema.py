"""A city plan checked as its 创建工作方案要点: the ``brief:`` section (part of the city plan's format) is required,
everything else may be missing."""

from __future__ import annotations

from generator.doctypes.city.schema import SCHEMA as CITY_SCHEMA
from generator.doctypes.fields import Rules


def _relaxed(rules: Rules) -> Rules:
    """The same rules with nothing required (types, allowed values and formats still checked)."""
    result = {key: value for key, value in rules.items() if key not in ("required", "minlength")}
    if isinstance(rules.get("schema"), dict):
        inner = rules["schema"]
        result["schema"] = ({key: _relaxed(value) for key, value in inner.items()} if "type" not in inner
                            else _relaxed(inner))
    return result


def _brief_schema() -> Rules:
    """A city plan checked as a brief: the brief section and the cover's title and city are required; everything
    else may be missing, but what is written must still have the right keys and types."""
    relaxed = {key: _relaxed(value) for key, value in CITY_SCHEMA.items()}
    relaxed["cover"]["required"] = True
    for key in ("title", "city"):
        relaxed["cover"]["schema"][key]["required"] = True
    relaxed["brief"] = {**CITY_SCHEMA["brief"], "required": True}
    return relaxed


SCHEMA = _brief_schema()

"""The three documents ecplan writes, and which schema, rules, context builder and master template each uses.

- ``city``: 国家电子商务示范城市创建工作方案 (a plan file without ``type:``, or ``type: city``)
- ``base``: 国家电子商务示范基地创建工作方案 (``type: base``)
- ``brief``: a city's 创建工作方案要点, from the ``brief:`` section of a city plan (``--brief``, or ``type: brief``)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from generator.errors import RenderError


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    template: str
    output_suffix: str
    charts: tuple[str, ...] = ()


KINDS = {
    "city": Kind("city", "示范城市创建工作方案", "city-plan.docx", "", ("indicators", "trajectory", "investment")),
    "base": Kind("base", "示范基地创建工作方案", "base-plan.docx", "", ("indicators", "trajectory")),
    "brief": Kind("brief", "示范城市创建工作方案要点", "city-brief.docx", "-brief"),
}


def kind_of(data: Any, brief: bool = False, source: str = "") -> Kind:
    """The document a plan file describes: ``type: base`` is a base plan; anything else is read as a city plan
    (a wrong ``type`` value is then reported by the schema). ``brief`` — or ``type: brief`` in a file that holds only
    the 要点 — asks for the city's 要点."""
    declared = data.get("type") if isinstance(data, dict) else None
    if declared == "brief":
        return KINDS["brief"]
    if declared == "base":
        if brief:
            raise RenderError(f"{source}: 这是示范基地方案（type: base），没有“要点”文档；--brief 只用于示范城市方案。")
        return KINDS["base"]
    return KINDS["brief"] if brief else KINDS["city"]


def schema_and_rules(kind: Kind) -> tuple[dict[str, Any], list[Callable[..., None]]]:
    from generator import rules

    if kind.key == "base":
        from generator.schema_base import BASE_SCHEMA

        return BASE_SCHEMA, rules.BASE_RULES
    if kind.key == "brief":
        from generator.schema_base import brief_schema

        return brief_schema(), rules.BRIEF_RULES
    from generator.schema import CITY_SCHEMA

    return CITY_SCHEMA, rules.CITY_RULES


def build(kind: Kind, data: dict[str, Any], template_dir: str | Path | None,
          charts: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The render context for ``kind``, with the figures named in ``charts`` (a brief has none)."""
    if kind.key == "base":
        from generator.context_base import build_base_context

        return build_base_context(data, charts)
    if kind.key == "brief":
        from generator.context_base import build_brief_context

        return build_brief_context(data)
    from generator.context import build_context

    return build_context(data, template_dir, charts)

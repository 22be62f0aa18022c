"""A 创建工作方案要点 (brief) mapped from a Word document: its targets (the positioning, then the quantified targets),
its task groups and its safeguards, each a titled list of paragraphs, as real 要点 (重庆, 哈尔滨, 成都) are written."""

from __future__ import annotations

import re
from typing import Any

from generator.readers.word import MISSING, Mapping, Section


def _paragraphs(section: Section) -> list[str]:
    return [p.text for p in section.everything() if p.kind == "para"]


def _titled(section: Section) -> list[dict[str, Any]]:
    """Its subsections as titled lists of paragraphs (numbered paragraphs when it has none)."""
    found = [{"title": child.title, "paragraphs": _paragraphs(child) or [MISSING]} for child in section.children]
    if not found:
        for text in _paragraphs(section):
            numbered = re.match(r"^(?:[（(][一二三四五六七八九十]+[）)]|\d+[.．、])\s*(.+?)。(.*)$", text)
            if numbered:
                found.append({"title": numbered.group(1), "paragraphs": [numbered.group(2).strip() or numbered.group(1)]})
    return found


def map_brief(root: Section, title: str, cover: list[Any]) -> Mapping:
    mapping = Mapping()
    city = re.match(r"^(.+?[市州盟区县])", title)
    mapping.put(("type",), "brief")
    mapping.put(("cover", "title"), re.sub(r"要点$", "", title) or MISSING)
    if city:
        mapping.put(("cover", "city"), city.group(1))
    else:
        mapping.lack(("cover", "city"), "城市名称")
    mapping.put(("brief", "title"), title or MISSING)
    for section in root.children:
        if "目标" in section.title:
            paragraphs = _paragraphs(section)
            mapping.put(("brief", "targets", "heading"), section.title)
            mapping.put(("brief", "targets", "positioning"), paragraphs[:1] or [MISSING], section, "创建工作目标 › 定位")
            mapping.put(("brief", "targets", "quantified"), paragraphs[1:] or [MISSING], section, "创建工作目标 › 量化目标")
        elif "任务" in section.title:
            mapping.put(("brief", "tasks"), _titled(section) or [{"title": MISSING, "paragraphs": [MISSING]}], section,
                        "主要任务")
        elif "保障" in section.title:
            mapping.put(("brief", "safeguards"), _titled(section) or [{"title": MISSING, "paragraphs": [MISSING]}],
                        section, "保障措施")
        else:
            mapping.unplaced += section.everything()
    for key, what in (("targets", "创建工作目标"), ("tasks", "主要任务"), ("safeguards", "保障措施")):
        if key not in mapping.data["brief"]:
            mapping.lack(("brief", key), what)
    return mapping

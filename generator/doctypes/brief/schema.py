"""A city's 创建工作方案要点: the ``brief:`` section of a city plan, and a city plan checked as a brief."""

from __future__ import annotations

import functools

from generator.doctypes.fields import Rules, listof, mapping, text, texts

SECTION = mapping("创建工作方案要点", "在完整方案之前报送的三章要点：创建工作目标、主要任务、保障措施", {
    "title": text("要点标题", "不填则为封面标题加“要点”"),
    "targets": mapping("创建工作目标", "定位与量化目标", {
        "heading": text("章标题", "第一章的标题（可选，默认“创建工作目标”）"),
        "positioning": texts("定位", "发展定位与先行先试方向，一段一项", required=True),
        "quantified": texts("量化目标", "创建期末的量化目标，一段一项", required=True),
    }, required=True),
    "tasks": listof("主要任务", "本市自己的任务组", mapping("任务组", "一组任务", {
        "title": text("任务组名称", "如“着力打造三大核心品牌”", required=True),
        "paragraphs": texts("内容", "本组任务的段落", required=True),
    }), required=True, min_items=1),
    "safeguards": listof("保障措施", "组织、制度、资金、税收、人才、监管、宣传等保障措施", mapping("保障措施", "一项保障措施", {
        "title": text("标题", "如“组织保障”", required=True),
        "paragraphs": texts("内容", "本项保障措施的段落", required=True),
    }), required=True, min_items=1),
})


def _relaxed(rules: Rules) -> Rules:
    """The same rules with nothing required (types, allowed values and formats still checked)."""
    result = {key: value for key, value in rules.items() if key not in ("required", "minlength")}
    if isinstance(rules.get("schema"), dict):
        inner = rules["schema"]
        result["schema"] = ({key: _relaxed(value) for key, value in inner.items()} if "type" not in inner
                            else _relaxed(inner))
    return result


@functools.lru_cache(maxsize=None)
def schema() -> Rules:
    """A city plan checked as a brief: the brief section and the cover's title and city are required; everything
    else may be missing, but what is written must still have the right keys and types."""
    from generator.doctypes.city.schema import SCHEMA as CITY_SCHEMA  # the city schema holds SECTION

    relaxed = {key: _relaxed(value) for key, value in CITY_SCHEMA.items()}
    relaxed["cover"]["required"] = True
    for key in ("title", "city"):
        relaxed["cover"]["schema"][key]["required"] = True
    relaxed["brief"] = {**SECTION, "required": True}
    return relaxed

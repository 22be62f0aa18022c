"""A small vocabulary for writing the plan schema as documented data.

Each helper returns a cerberus rule set whose ``meta`` carries the Chinese label and a one-line description.
Messages, the scaffold, the editor schema and the README's input reference are all generated from these.
"""

from __future__ import annotations

from typing import Any

from generator.labels import Rules

MONEY_UNITS = ("元", "万元", "亿元", "万亿元", "万美元", "亿美元")
PEOPLE_UNITS = ("人", "万人")
COUNT_UNITS = ("家", "个", "户", "万户", "万家", "项", "件", "部", "条", "处", "所")
AREA_UNITS = ("平方米", "万平方米", "平方公里", "亩")
PERCENT_UNITS = ("%",)
INCOME_UNITS = ("元",)
#: every unit an indicator may be counted in, as real plans' tables write them
ALL_UNITS = MONEY_UNITS + PEOPLE_UNITS + COUNT_UNITS + AREA_UNITS + PERCENT_UNITS + (
    "万个", "万件", "亿件", "单", "万单", "亿单", "次", "万次", "人次", "万人次", "吨", "万吨", "万项")

YEAR = {"type": "integer", "min": 1990, "max": 2100}
MONTH_RE = r"^\d{4}(-\d{1,2})?$"
#: a date as text (``forms.normalised`` makes a date of one in any form; a month or a year, 2026年12月, stands)
DATE_RE = r"^(\d{4}年(\d{1,2}月(\d{1,2}日)?)?|\d{4}-\d{1,2}-\d{1,2})$"
DEADLINE_RE = r"^(\d{4}年(\d{1,2}月(\d{1,2}日)?)?(底|前|末|年底)?|长期|持续推进|常态化)$"
#: the forms of a year, month or date (see generator.forms), as the field descriptions name them
WHEN_FORMS = "2026、2026年、2026年12月、2026年12月31日、2026-12 或 2026-12-31"


def meta(label: str, desc: str, **extra: Any) -> dict[str, Any]:
    return {"label": label, "desc": desc, **extra}


#: the longest text a field may hold (a whole chapter fits many times), and a title
MAX_TEXT = 20_000
MAX_TITLE = 200


def text(label: str, desc: str, *, required: bool = False, example: str = "", max_length: int = MAX_TEXT) -> Rules:
    rules: Rules = {"type": "string", "maxlength": max_length, "meta": meta(label, desc, example=example)}
    if required:
        rules["required"] = True
    return rules


def switch(label: str, desc: str) -> Rules:
    """A yes/no setting (true/false), optional."""
    return {"type": "boolean", "meta": meta(label, desc, format="true 或 false")}


def choice(label: str, desc: str, options: tuple[str, ...] | list[str], *, required: bool = False) -> Rules:
    rules: Rules = {"type": "string", "allowed": list(options), "meta": meta(label, desc)}
    if required:
        rules["required"] = True
    return rules


def number(label: str, desc: str, *, required: bool = False, minimum: float | None = None,
           maximum: float | None = None) -> Rules:
    rules: Rules = {"type": "number", "meta": meta(label, desc)}
    if minimum is not None:
        rules["min"] = minimum
    if maximum is not None:
        rules["max"] = maximum
    if required:
        rules["required"] = True
    return rules


def year(label: str, desc: str, *, required: bool = False) -> Rules:
    rules: Rules = {**YEAR, "meta": meta(label, desc, when="year")}
    if required:
        rules["required"] = True
    return rules


def month(label: str, desc: str, *, required: bool = False) -> Rules:
    """A year (2027) or a year and month ('2027-06'), written in any of the forms of generator.forms."""
    rules: Rules = {"type": ["integer", "string"], "regex": MONTH_RE,
                    "meta": meta(label, desc, format="YYYY 或 YYYY-MM", when="month")}
    if required:
        rules["required"] = True
    return rules


def date(label: str, desc: str, *, required: bool = False) -> Rules:
    """A date (a month or a year stands as written), in any of the forms of generator.forms."""
    rules: Rules = {"type": ["date", "string"], "regex": DATE_RE, "meta": meta(label, desc, when="date")}
    if required:
        rules["required"] = True
    return rules


def deadline(label: str, desc: str, *, required: bool = False) -> Rules:
    """A 完成时限: a year, month or date in any of the forms, or 2027年底, 2027年6月前, 长期, 持续推进, 常态化."""
    rules: Rules = {"type": ["string", "integer", "date"], "regex": DEADLINE_RE, "meta": meta(label, desc, when="deadline")}
    if required:
        rules["required"] = True
    return rules


def mapping(label: str, desc: str, fields: dict[str, Rules], *, required: bool = False) -> Rules:
    rules: Rules = {"type": "dict", "schema": fields, "meta": meta(label, desc)}
    if required:
        rules["required"] = True
    return rules


def listof(label: str, desc: str, item: Rules, *, required: bool = False, min_items: int = 0) -> Rules:
    rules: Rules = {"type": "list", "schema": item, "meta": meta(label, desc)}
    if min_items:
        rules["minlength"] = min_items
    if required:
        rules["required"] = True
    return rules


def texts(label: str, desc: str, *, required: bool = False) -> Rules:
    return listof(label, desc, {"type": "string", "meta": meta(label, desc)}, required=required)


def quantity(label: str, desc: str, units: tuple[str, ...], *, with_year: bool = True, with_growth: bool = False,
             required: bool = False) -> Rules:
    """A number with its unit (and usually its year): ``{value: 3250.6, unit: 亿元, year: 2025}``."""
    fields: Rules = {
        "value": number("数值", f"{label}的数值", required=True),
        "unit": choice("单位", f"{label}的单位", units, required=True),
    }
    if with_year:
        fields["year"] = year("年份", f"{label}的统计年份", required=True)
    if with_growth:
        fields["growth"] = number("增速(%)", f"{label}比上年增长的百分比，如 7.5 表示增长 7.5%", minimum=-100)
    rules = mapping(label, desc, fields, required=required)
    rules["meta"]["units"] = list(units)
    return rules


def titled_texts(label: str, desc: str, example: str = "政府引导，市场主导") -> Rules:
    """A list of ``{title, text}`` items, such as 基本原则 or 其他保障措施 (``example``: a title as a plan writes it)."""
    return listof(label, desc, mapping(label, desc, {
        "title": text("标题", f"本条的小标题，如“{example}”", required=True),
        "text": text("内容", "本条的正文", required=True),
    }))

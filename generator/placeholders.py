"""Placeholders: what a draft says is still missing, in any field, written the ways planners write it.

A whole value is a placeholder when it is (or starts with, or is a short note ending with) 待补充, 待填写, 待定, 待核实,
待确认, 待补, 暂缺… (spaces inside ignored; also in 【】, （） or 〔〕), XX, ×× or 某某, TODO/TBD/……, or a year or date
whose digits are XX (20XX, 2027年XX月); optionally naming who owes it. The documented form is ``待补充（市统计局）``; ``待补充：市统计局``, ``【待补充：市统计局】``
and the mapping ``{待补充: 市统计局}`` are read the same way. Inside a longer text, 【待补充…】, （待补充…）, XX, ×× and
某某 mark a gap too: the text stays, and the gap is reported.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from generator.lazy import Pattern

WORDS = ("待补充", "待填写", "待定", "待核实", "待确认", "待完善", "待提供", "待补", "待统计", "暂缺", "暂无数据")
_WORD = "|".join(sorted(WORDS, key=len, reverse=True)).replace("待补|", "待补(?![充贴])|")
_OPEN, _CLOSE = "【\\[（(〔", "】\\]）)〕"
#: a whole value: optional brackets around a word, then an optional owner in brackets or after a colon
_WHOLE = Pattern(rf"^[{_OPEN}]?\s*(?:{_WORD})\s*(?:[（(：:]\s*(?P<owner>[^{_CLOSE}]*?)\s*[）)]?)?\s*[{_CLOSE}]?$")
_BARE = ("TODO", "TBD", "……", "...", "？", "?")
_STARTS = Pattern(rf"^(?:{_WORD})")
#: gaps inside a text: a bracketed word (an unclosed one runs to the end of the text), XX, ×× and 某某
_INSIDE = Pattern(rf"【\s*(?:{_WORD})[^】]*(?:】|$)|〔\s*(?:{_WORD})[^〕]*(?:〕|$)|\[\s*(?:{_WORD})[^\]]*(?:\]|$)"
                     rf"|[（(]\s*(?:{_WORD})[^）)]*[）)]|(?<![A-Za-z])(?:XX+|xx+)(?![A-Za-z])|××+|某某")
#: the owner a gap inside a text names: after a colon, or in brackets inside its own (【待补充（市商务局）】)
_INSIDE_OWNER = Pattern(rf"^[{_OPEN}]\s*(?:{_WORD})\s*(?:[：:]\s*(?P<after>[^{_CLOSE}]+?)|[（(](?P<within>[^）)]+)[）)])"
                           rf"\s*[{_CLOSE}]?$")
_DIGITS = Pattern(r"(?<![A-Za-z])(?:XX+|xx+)(?![A-Za-z])|××+")
#: what may stand beside an XX in a value that is then a placeholder as a whole: 20XX, 2027年XX月, XX亿元
_AROUND = Pattern(r"^[\d\s年月日底前末季度.\-/元万亿千百个家项人%]*$")


def _squeezed(text: str) -> str:
    """A value as compared with the words: spaces inside dropped (待 补充, from an input method)."""
    return re.sub(r"\s+", "", text)


class Placeholder(NamedTuple):
    """A gap: as written, and who owes it (a department), if the placeholder says."""

    written: str
    owner: str = ""

    def mark(self, label: str = "") -> str:
        """How a draft document shows it: 【待补充：地区生产总值（市统计局）】."""
        what = "：" + label if label else ""
        return f"【待补充{what}" + (f"（{self.owner}）" if self.owner else "") + "】"


def whole(value: Any) -> Placeholder | None:
    """The placeholder a whole value is, or None."""
    if isinstance(value, dict) and len(value) == 1:
        key, owner = next(iter(value.items()))
        if isinstance(key, str) and _squeezed(key) in WORDS and (owner is None or isinstance(owner, str)):
            return Placeholder(f"{{{key}: {owner or ''}}}", (owner or "").strip())
        return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    squeezed = _squeezed(text)
    if squeezed in _BARE or re.fullmatch(r"X{2,}|x{2,}|×{2,}|某某", squeezed):
        return Placeholder(text)
    match = _WHOLE.match(squeezed)
    if match is not None:
        return Placeholder(text, (match.group("owner") or "").strip())
    if _STARTS.match(squeezed) or (len(squeezed) <= 12 and squeezed.endswith(WORDS)):
        return Placeholder(text)  # "待补充2025年数据", "数据待补充": a note to self
    if len(text) <= 20 and _DIGITS.search(text) and _AROUND.match(_DIGITS.sub("", text)):
        return Placeholder(text)  # 20XX, 2027年XX月: a year or a date with its digits still to come
    return None


def inside(text: Any) -> list[Placeholder]:
    """The gaps marked inside a longer text (a whole-value placeholder is not counted here); a gap names its owner
    only after a colon (【待补充：市统计局】) — 【待补充2025年数据】 is a note, not a department."""
    if not isinstance(text, str) or whole(text) is not None:
        return []
    found = []
    for match in _INSIDE.finditer(text):
        owner = _INSIDE_OWNER.match(match.group(0))
        found.append(Placeholder(match.group(0), (owner.group("after") or owner.group("within")).strip() if owner else ""))
    return found


def spans(text: str) -> list[tuple[int, int]]:
    """Where gaps stand in a text as a draft shows it: ecplan's marks (【待补充：…】) and those written inside texts."""
    return [match.span() for match in _INSIDE.finditer(text)]


def remove(value: Any, path: tuple[Any, ...] = ()) -> tuple[Any, dict[tuple[Any, ...], Placeholder]]:
    """``value`` without its whole-value placeholders (as if those fields were not written; list items stay as
    None, keeping the indices), and where each was."""
    found: dict[tuple[Any, ...], Placeholder] = {}
    gap = whole(value) if path else None
    if gap is not None:
        found[path] = gap
        return None, found
    if isinstance(value, dict):
        kept = {}
        for key, item in value.items():
            item, inner = remove(item, path + (key,))
            found.update(inner)
            if item is None and path + (key,) in inner:
                continue  # as if not written: the schema and the rules see the field missing
            kept[key] = item
        return kept, found
    if isinstance(value, list):
        items = []
        for index, item in enumerate(value):
            item, inner = remove(item, path + (index,))
            found.update(inner)
            items.append(item)
        return items, found
    return value, found


def in_texts(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Placeholder]]:
    """Every gap marked inside a text of ``value``, with its path."""
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in in_texts(item, path + (key,))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in in_texts(item, path + (index,))]
    return [(path, gap) for gap in inside(value)]


class Missing(str):
    """A placeholder standing in a draft's data where a value is still missing: it reads as its visible mark, so
    a sentence shows 【待补充：地区生产总值（市统计局）】 where the number will stand, never 0."""


class MissingList(list):  # type: ignore[type-arg]
    """An empty list standing in a draft for a list still to be written; ``mark`` is how the draft shows it."""

    mark = ""


class MissingDict(dict):  # type: ignore[type-arg]
    """A section standing in a draft for one still to be written (its required fields are stand-ins)."""

    mark = ""


def gap_of(*values: Any) -> str:
    """The visible mark of the first of ``values`` that stands in for something still to be written, else ""."""
    for value in values:
        if isinstance(value, Missing):
            return str(value)
        if isinstance(value, (MissingList, MissingDict)):
            return value.mark
    return ""


def _standing(value: MissingList | MissingDict, mark: str) -> Any:
    value.mark = mark
    return value


#: labels of the parts of an amount, named in a draft with the amount's own label (电子商务交易额, not 数值)
_PARTS = {"数值": "", "单位": "单位", "年份": "年份", "增速(%)": "增速"}


def stand_ins(value: Any, rules: dict[str, Any] | None, parent: str = "", *, within: bool = False) -> Any:
    """A draft's data: each whole-value placeholder replaced by what stands in for it — a Missing text for a value,
    a MissingDict of stand-ins for its required fields (``within`` one), an empty MissingList — each showing as its
    mark."""
    gap = whole(value)
    kinds = (rules or {}).get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    label = (rules or {}).get("meta", {}).get("label", "")
    shown = parent + _PARTS[label] if label in _PARTS and parent else label
    if gap is not None and rules is not None:
        if "dict" in kinds:
            fields = rules.get("schema", {})
            return _standing(MissingDict({name: stand_ins(value, field, label, within=True)
                                          for name, field in fields.items() if field.get("required")}), gap.mark(shown))
        if "list" in kinds:
            return _standing(MissingList(), gap.mark(shown))
        # the unit of an amount owed as a whole says nothing until its number comes: the number's mark stands for both
        return Missing("" if label == "单位" and within else gap.mark(shown))
    if isinstance(value, dict):
        fields = (rules or {}).get("schema", {}) if "dict" in kinds or rules is None else {}
        fields = fields if isinstance(fields, dict) else {}
        return {key: stand_ins(item, fields.get(key), label) for key, item in value.items()}
    if isinstance(value, list):
        inner = (rules or {}).get("schema")
        return [stand_ins(item, inner if isinstance(inner, dict) else None, label) for item in value]
    return value

"""How numbers, dates and lists are written in a Chinese government document."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from generator.lazy import Pattern

_XML_ILLEGAL = Pattern("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: Any) -> str:
    """Text as it can stand in a .docx: XML-1.0-illegal control characters removed, everything else kept."""
    return _XML_ILLEGAL.sub("", str(text))


def num(value: Any) -> str:
    """7260.5 → '7260.5', 12000.0 → '12000', 0.15000000001 → '0.15' (no thousands separators, as published plans write)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return clean(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text if text not in ("-0", "") else "0"
    return str(value)


#: what a draft shows for a figure computed from a number still missing (never 0)
UNKNOWN = "【待补充】"


def rounded(value: float | None) -> str:
    """A computed amount, to four decimals; UNKNOWN when one of the numbers it comes from is still missing."""
    return UNKNOWN if value is None else num(round(value, 4))


def amount(value: Any, unit: str) -> str:
    """An amount as running text writes it: 10 000 万元 and more in 亿元 (2亿元, not 20000万元)."""
    if unit == "万元" and isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{num(round(value / 10_000, 4))}亿元"
    return f"{num(value)}{unit}"


def money(value: float | None, unit: str) -> str:
    """A computed amount with its unit as running text writes it (see amount); UNKNOWN while a part is missing."""
    return UNKNOWN if value is None else amount(round(value, 4), unit)


def count_cn(value: Any) -> str:
    """A count in running text: 一 to 十 in Chinese (五个方面, 两个方面), larger ones in digits (GB/T 15835)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 10:
        return "一两三四五六七八九十"[value - 1]
    return str(value)


def date_cn(value: Any) -> str:
    """2026-03-08 → 2026年3月8日 (no padding, as GB/T 9704 writes dates)."""
    date = as_date(value)
    return f"{date.year}年{date.month}月{date.day}日" if date else clean(value)


def as_date(value: Any) -> _dt.date | None:
    """A YAML date, or one written 2026年3月8日 (or 2026-03-08 in quotes, as a spreadsheet exports it)."""
    if isinstance(value, _dt.date):
        return value
    match = re.match(r"^(\d{4})(?:年|-)(\d{1,2})(?:月|-)(\d{1,2})日?$", str(value))
    try:
        return _dt.date(*(int(g) for g in match.groups())) if match else None
    except ValueError:
        return None


def month_cn(value: Any) -> str:
    """2027 → 2027年; '2027-03' → 2027年3月."""
    match = re.match(r"^(\d{4})(?:-(\d{1,2}))?$", str(value))
    if not match:
        return clean(value)
    return f"{match.group(1)}年" + (f"{int(match.group(2))}月" if match.group(2) else "")


def join_cn(items: list[str]) -> str:
    return "、".join(clean(item) for item in items if str(item).strip())


def led_by(lead: Any, departments: list[str]) -> str:
    """组织保障 as prose: "由市商务局牵头，市发展改革委、市财政局等部门参与。" A remark in brackets after the lead
    department follows 牵头 ("由市商务局牵头（领导小组办公室设在市商务局）"), so the department is named plainly."""
    lead, others = clean(lead or "").strip().rstrip("。"), join_cn(departments or [])
    remark = ""
    bracketed = re.match(r"^(.+?)（(.+)）$", lead)
    if bracketed:
        lead, remark = bracketed.group(1), f"（{bracketed.group(2)}）"
    if not lead and not others:
        return ""
    return ((f"由{lead}牵头{remark}" if lead else "") + ("，" if lead and others else "")
            + (f"{others}等部门参与" if others else "") + "。")


def sentence(text: Any) -> str:
    """Ends a piece of text with a full stop unless it already ends with punctuation."""
    text = clean(text).strip()
    if not text or text[-1] in "。！？；…" or (len(text) > 1 and text[-1] in "”’）)" and text[-2] in "。！？"):
        return text
    return text + "。"


# Where a long title may be broken, best first: before a bracketed part, before the document kind, between the
# applicant and what it does. A line never starts with closing punctuation and a bracketed part stays whole.
_TITLE_BREAKS = [("before", "（"), ("before", "工作方案"), ("before", "实施方案"), ("before", "管理办法"),
                 ("before", "创建"), ("before", "国家"), ("after", "关于"), ("after", "的"), ("before", "示范"), ("before", "及"), ("before", "名单")]
_NO_LINE_START = set("，。、；：？！）》」』”’〕】")


def break_title(text: str, per_line: int = 20) -> str:
    """A title too long for one line, split with "\\n" into lines of at most ``per_line`` characters that keep
    words whole and are as even as possible (GB/T 9704: 标题……排列对称，词意完整). Time grows with the length of
    the title, line by line."""
    rest = clean(text).strip()
    lines = []
    while len(rest) > per_line:
        best = _line_break(rest, per_line)
        lines.append(rest[:best])
        rest = rest[best:]
    return "\n".join([*lines, rest])


def _line_break(text: str, per_line: int) -> int:
    """Where the first line of ``text`` (longer than ``per_line``) ends: only the first ``per_line`` characters and
    the words that start in them are looked at."""
    window = text[:per_line + max(len(word) for _, word in _TITLE_BREAKS)]
    candidates: dict[int, int] = {}
    for rank, (side, word) in enumerate(_TITLE_BREAKS):
        for match in re.finditer(re.escape(word), window):
            position = match.start() if side == "before" else match.end()
            if 0 < position <= per_line and _breakable(text, position):
                candidates.setdefault(position, rank)
    fitting = list(candidates)
    if fitting:
        rest_fits = [position for position in fitting if len(text) - position <= per_line]
        if rest_fits:
            return min(rest_fits, key=lambda p: (abs(len(text) - 2 * p) // 4, candidates[p], -p))
        if max(fitting) >= per_line * 0.6:
            return max(fitting)
    return next((p for p in range(per_line, 0, -1) if _breakable(text, p)), per_line)


def _breakable(text: str, position: int) -> bool:
    if text[position] in _NO_LINE_START:
        return False
    return text[:position].count("（") <= text[:position].count("）")


#: where a bound stands: before the number (不低于70%) or after it (12000亿元以上)
_BOUND_BEFORE = ("不低于", "突破", "不超过")


def target_text(target: dict[str, Any], unit: str) -> str:
    """A target as a plan writes it: 12000亿元以上, 不低于70%, 突破5000家, or the milestone itself."""
    value = target.get("value")
    if value is None:
        return clean(target.get("text", ""))
    bound = target.get("bound") or ""
    written = f"{num(value)}{clean(unit)}"
    return f"{bound}{written}" if bound in _BOUND_BEFORE else f"{written}{bound}"


def target_verb(target: dict[str, Any], falls: bool = False, from_base: bool = False) -> str:
    """The verb before a numeric target in a sentence: 达到 (…以上, …左右), 下降到, 控制在 (…以内, 不超过…); none
    before 突破 or 不低于 unless the sentence comes from a base value (由…提高到不低于80%)."""
    bound = target.get("bound") or ""
    if bound in ("以内", "不超过"):
        return "控制在"
    if bound in _BOUND_BEFORE:
        return ("下降到" if falls else "提高到") if from_base else ""
    return "下降到" if falls else "达到"

"""Text pasted from other documents: traditional characters, broken conversions, half-width punctuation.

Three findings, each detected and each fixed by the same code (``validate`` warns, ``ecplan fix`` rewrites):

* traditional characters — converted with OpenCC's ``t2s`` (phrase-aware: 乾隆 stays, 乾燥 becomes 干燥);
* conversion artefacts — a character followed by its pinyin in brackets, as a broken web conversion leaves them
  (“發(fā)展”, “創(chuàng )新”): the bracket is removed;
* half-width punctuation inside Chinese text — ``, ; : ? ! ( )`` next to a Chinese character become ``，；：？！（）``,
  a ``.`` ending a Chinese sentence becomes ``。`` and ASCII double quotes around Chinese become “ ”. Figures keep
  theirs (2,000 and 3.5 are left alone).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from generator.lazy import Pattern
from generator.t2s import may_change

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN = Pattern(f"[{HAN}]")
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
#: pinyin in half-width brackets, at least one tone mark; after a Han character it is an artefact: 發(fā), 創(chuàng )
_PINYIN = Pattern(f"\\((?=[a-zü{TONED} ]*[{TONED}])[a-zü{TONED}]{{1,7}} ?\\)")
PUNCTUATION = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_MARK = Pattern(r"[,;:?!]")
#: any mark full_width may change: text without one is left as it is, without the passes below
_HALF_WIDTH = Pattern(r'[,;:?!.()"]')


def is_han(char: str) -> bool:
    """A Han character (the blocks of HAN). Neighbours are checked with this rather than with look-arounds over
    HAN: each pattern holding that class costs milliseconds to compile, at every start."""
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3134F


def artefacts(text: str) -> list[re.Match[str]]:
    """Conversion artefacts: bracketed pinyin right after a Han character."""
    if "(" not in text:
        return []
    return [m for m in _PINYIN.finditer(text) if m.start() > 0 and is_han(text[m.start() - 1])]


class Findings(NamedTuple):
    traditional: str      # the traditional characters found, each once, in order
    artefacts: list[str]  # e.g. ["發(fā)", "創(chuàng )"]
    punctuation: str      # the half-width marks found, each once, in order

    def __bool__(self) -> bool:
        return bool(self.traditional or self.artefacts or self.punctuation)


def has_han(text: object) -> bool:
    return isinstance(text, str) and _HAN.search(text) is not None


def reads_as_sentence(key: object, value: object = None) -> bool:
    """A mapping key that is really pasted text cut at a half-width colon: Chinese, and longer than any field label,
    holding sentence punctuation, or holding a number before a Chinese sentence (到2016年: 全市……) — so a label
    written as a key, like 标题, is not taken for text."""
    if not has_han(key):
        return False
    key = str(key)
    return (len(key) > 12 or any(ch in key for ch in "，。、；（“,;(")
            or (any(ch.isdigit() for ch in key) and has_han(value)))


@functools.lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` through OpenCC's ``t2s``; OpenCC is loaded only for a text it would change (see ``t2s``).

    坏 is the simplified form of 壞 (bad), but ``t2s`` reads it as an old form of 坯 in a few phrases (打坏, 拉坏, 一坏,
    土坏…), which would make 设备一坏就停 into 设备一坯就停 in a plan written in simplified characters: that change is
    undone."""
    if not _HAN.search(text) or not may_change(text):
        return text
    converted = _converter().convert(text)
    if "坏" in text and "坯" in converted and len(converted) == len(text):
        converted = "".join(a if a == "坏" and b == "坯" else b for a, b in zip(text, converted))
    return converted


def remove_artefacts(text: str) -> str:
    found = artefacts(text)
    if not found:
        return text
    kept, last = [], 0
    for match in found:
        kept.append(text[last:match.start()])
        last = match.end()
    return "".join(kept) + text[last:]


def full_width(text: str, quotes: bool = True) -> str:
    """Half-width punctuation next to Chinese characters made full-width; brackets and quotes go in pairs."""
    if not _HALF_WIDTH.search(text) or not _HAN.search(text):
        return text
    text = _replace_marks(text)
    text = _replace_periods(text) if "." in text else text
    text = _brackets(text)
    return _quotes(text) if quotes else text


def _replace_marks(text: str) -> str:
    """, ; : ? ! next to a Han character (either side) become full-width."""
    chars = None
    for match in _MARK.finditer(text):
        at = match.start()
        if (at > 0 and is_han(text[at - 1])) or (at + 1 < len(text) and is_han(text[at + 1])):
            chars = chars or list(text)
            chars[at] = PUNCTUATION[match.group()]
    return "".join(chars) if chars else text


def _replace_periods(text: str) -> str:
    """A . after a Han character and before the end, a space or another Han character ends a sentence: 。"""
    chars = None
    for at in (i for i, char in enumerate(text) if char == "."):
        after = text[at + 1] if at + 1 < len(text) else ""
        if at > 0 and is_han(text[at - 1]) and (not after or after.isspace() or is_han(after)):
            chars = chars or list(text)
            chars[at] = "。"
    return "".join(chars) if chars else text


def _brackets(text: str) -> str:
    """A pair ( ) becomes （ ） when a Chinese character is just inside or just outside either bracket."""
    chars = list(text)
    opened: list[int] = []
    for index, char in enumerate(chars):
        if char == "(":
            opened.append(index)
        elif char == ")" and opened:
            start = opened.pop()
            near = text[max(start - 1, 0): start + 2] + text[max(index - 1, 0): index + 2]
            if _HAN.search(near):
                chars[start], chars[index] = "（", "）"
    return "".join(chars)


def _quotes(text: str) -> str:
    if text.count('"') < 2 or text.count('"') % 2:
        return text
    parts = text.split('"')
    if not any(_HAN.search(part) for part in parts[1::2]):
        return text
    out = parts[0]
    for number, part in enumerate(parts[1:]):
        out += ("“" if number % 2 == 0 else "”") + part
    return out


def repair(text: str, *, simplified: bool = True, artefacts: bool = True, punctuation: bool = True,
           quotes: bool = True) -> str:
    """Pasted text repaired: conversion artefacts removed, simplified characters, full-width punctuation."""
    if artefacts:
        text = remove_artefacts(text)
    if simplified:
        text = to_simplified(text)
    if punctuation:
        text = full_width(text, quotes)
    return text


def find(text: str) -> Findings:
    if not _HAN.search(text):
        return Findings("", [], "")
    matches = artefacts(text)
    found = [text[max(m.start() - 1, 0): m.end()] for m in matches]
    without = remove_artefacts(text) if matches else text
    simple = to_simplified(without)
    traditional = "" if simple == without else "".join(dict.fromkeys(
        a for a, b in zip(without, simple) if a != b)) if len(simple) == len(without) else (
        "".join(dict.fromkeys(ch for ch in without if ch not in simple)) or "…")
    widened = full_width(simple)
    marks = "" if widened == simple else "".join(dict.fromkeys(
        a for a, b in zip(simple, widened) if a != b)) if len(widened) == len(simple) else ""
    return Findings(traditional, found, marks)

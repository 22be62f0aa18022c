"""Text laid out in columns for a terminal, where East Asian wide and full-width characters take two columns."""

from __future__ import annotations

import re
import shlex
import unicodedata


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int, *, at_least: int = 0) -> str:
    """``text`` followed by spaces up to ``columns`` columns (and at least ``at_least`` spaces)."""
    return text + " " * max(columns - width(text), at_least)


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` columns: broken at spaces between words, anywhere between Chinese
    characters (but never before a closing mark such as ，。）)."""
    lines, line = [], ""
    for word in _pieces(text):
        if line and width(line + word) > columns:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
    return [*lines, line.rstrip()] if line.strip() else lines


def _pieces(text: str) -> list[str]:
    """Units that stay on one line: a run of Latin letters or digits with the space before it, or one wide
    character with the closing marks after it."""
    pieces: list[str] = []
    bracket = False          # inside "[默认：…]": one unit
    for ch in text:
        if bracket or (ch == "[" and text.rstrip().endswith("]")):
            if not bracket:
                pieces.append("")
            bracket = ch != "]"
            pieces[-1] += ch
            continue
        wide = unicodedata.east_asian_width(ch) in "WF"
        if pieces and (ch in "，。、；：？！）》”’" or (not wide and ch != " " and pieces[-1][-1:] != " "
                                                      and unicodedata.east_asian_width(pieces[-1][-1]) not in "WF")):
            pieces[-1] += ch
        else:
            pieces.append(ch)
    return pieces


def argument(name: object) -> str:
    """``name`` as it must be typed on a command line for a command printed to be copied and pasted: as it is when
    it is one word (Chinese included), in double quotes (which bash, cmd and PowerShell all read) when it has spaces
    or the like, else quoted for a POSIX shell."""
    text = str(name)
    if re.fullmatch(r"[\w./\\:+,=@%-]+", text):
        return text
    if not re.search(r'["$`!%^&]', text):
        return f'"{text}"'
    return shlex.quote(text)

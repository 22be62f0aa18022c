"""Mistakes a Chinese input method makes in a YAML file, found in its text before it is parsed: every one, each at
its own line (a parser stops at the first and names the line after it, with a message about indentation).

- Y121 a full-width colon after a key (``city：青岚市``);
- Y122 no space after the colon (``city:青岚市``);
- Y123 full-width spaces (U+3000) or tabs in the indentation;
- Y124 Chinese commas or 顿号 between the items of a ``[…]`` list (``[市司法局，市财政局]`` is one item);
- Y125 a value starting with a character YAML reserves (``unit: %``);
- Y126 full-width list marks: ``［…］`` brackets, a ``－`` dash;
- S209 text pasted with a half-width colon in it (``到2016年: 全市……``), read as a key or breaking the line.

Block scalars (``|``, ``>``), quoted text and comments are skipped. ``repair`` makes the mechanical ones right
(``ecplan fix``); pasted text is left to ``ecplan fix``'s own rewriting of values.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from generator.cleantext import reads_as_sentence
from generator.lazy import Pattern

#: codes that stop reading: the parser would misread the line or fail on it
BLOCKING = frozenset({"Y121", "Y122", "Y123", "Y125", "Y126"})
#: keys whose lists hold names (departments): a Chinese comma or 顿号 in one of them always separates two
NAME_LISTS = frozenset({"departments", "partners", "copy_to", "lead_departments", "units"})
#: ecplan's keys are lower-case English words joined by _ (KPI：… and ISO9001:2015… are text)
_KEY = Pattern(r"(?P<key>[a-z_][a-z0-9_]*\+?)(?P<space>[ \t\u3000]*)(?P<colon>[:：])(?P<rest>.*)$")
#: an anchor or a tag before a value (&name, !!str): the value proper comes after it
_PROPERTIES = Pattern(r"^(?:(?:&[^\s]+|![^\s]*)\s+)+")
_HAN_KEY = Pattern(r"(?P<key>[^\s:：#'\"\[\]{}&*!|>%@`,-][^:：#]*?):(?P<rest>(?:\s.*)?)$")
_BLOCK = Pattern(r"[|>][+-]?[1-9]?[+-]?\s*(#.*)?$")
_RESERVED = "%@`"
#: a key in braces followed by a full-width colon (``{name：…}``), in a value with its quoted parts blanked out
_BRACED_KEY = Pattern(r"(?<=[{,\s])([a-z_][a-z0-9_]*)[ \u3000]*：[ \u3000]*")


#: a quick look over the whole text for any of them (a plan without one is not scanned line by line); pasted text
#: (S209) is looked for only when the parser fails, as validation finds it in a plan that reads. Each part takes time
#: linear in the line (a bracket's part stops at the next bracket), as ``scan`` does
_SUSPECT = Pattern(r"^[ \t]*[\u3000\t]|^[ \t]*(?:-[ \t]+)*[A-Za-z_]\w*(?:[ \t\u3000]*：|:[^\s/]|:[ \t]+[%@`])"
                      r"|^[ \t]*(?:-[ \t]+)+[%@`]|\[[^\[\]\n]*[，、]|^[ \t]*－|［|\{[^{}\n]*：", re.M)


def suspect(text: str) -> bool:
    """Whether ``text`` may hold a mistake ``scan`` finds other than pasted text."""
    return _SUSPECT.search(text) is not None


class Slip(NamedTuple):
    """One input-method mistake: where it is, what it is, and the line as it should read (None: not mechanical)."""

    code: str
    line: int
    column: int
    message: str
    hint: str
    repaired: str | None = None


def _indent_unit(lines: list[str]) -> int:
    """The file's indentation step: the smallest indentation of a space-indented line (2 when there is none)."""
    widths = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip() and line[:1] == " "]
    return min((w for w in widths if w), default=2)


def _unquoted(text: str) -> Iterator[tuple[int, str]]:
    """The characters of ``text`` outside quoted text, with their positions."""
    quote = ""
    for index, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"" and (index == 0 or text[index - 1] in " [{,:"):
            quote = ch
        else:
            yield index, ch


def _outside_quotes(text: str) -> str:
    """``text`` with its quoted parts blanked out (each character a space), in one pass."""
    kept = [" "] * len(text)
    for index, ch in _unquoted(text):
        kept[index] = ch
    return "".join(kept)


def _without_comment(text: str) -> tuple[str, str]:
    """``text`` before a comment (`` #`` outside quotes) and the comment with its leading space."""
    for index, ch in _unquoted(text):
        if ch == "#" and (index == 0 or text[index - 1] in " \t"):
            cut = index
            while cut and text[cut - 1] in " \t":
                cut -= 1
            return text[:cut], text[cut:]
    return text, ""


def _flow_commas(value: str, names: bool = False) -> list[int]:
    """Positions of the Chinese commas and 顿号 that stand between the items of a flow list ``[…]`` meant as several
    (outside quotes): in a list of ``names`` (departments) every one; elsewhere in a list without half-width commas
    whose pieces are short names, not a sentence (``[市司法局，市财政局]``; never ``[1, 市商务局, 承担……，统筹……]``
    or a paragraph ending in 。)."""
    found, depth, halves, bracketed = [], 0, 0, 0
    for index, ch in _unquoted(value):
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch in "（(":
            bracketed += 1          # 市委宣传部（市新闻出版局、市版权局）is one department
        elif ch in "）)":
            bracketed -= 1
        elif depth == 1 and ch == ",":
            halves += 1
        elif depth == 1 and ch in "，、" and not bracketed:
            found.append(index)
    pieces = re.split(r"[，、]", value.strip("[]{} "))
    if any(ch in value for ch in "。；：:") or (not names and (halves or any(len(piece.strip()) > 15 for piece in pieces))):
        return []
    return found


def _unclosed_quote(value: str) -> str:
    """The quote character a value opens and does not close on its line ("" if none)."""
    if value[:1] not in ("'", '"'):
        return ""
    quote, index = value[0], 1
    while index < len(value):
        if value[index] == "\\" and quote == '"':
            index += 2
            continue
        if value[index] == quote:
            if quote == "'" and value[index + 1:index + 2] == "'":
                index += 2
                continue
            return ""
        index += 1
    return quote


def scan(text: str) -> list[Slip]:
    """Every input-method mistake in ``text``, in line order."""
    lines = text.split("\n")
    unit = _indent_unit(lines)
    slips: list[Slip] = []
    block_above: int | None = None    # inside a block scalar: the indentation it must exceed
    quote = ""                        # inside a quoted text running over lines: its quote
    levels: list[tuple[int, bool]] = []   # the columns where the structure above starts (True: an item's text)
    opened = False                    # the line above opens a block (``key:`` without a value, or ``-``)
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        stripped = line.lstrip(" \t\u3000")
        indent_text = line[:len(line) - len(stripped)]
        if quote:
            if _unclosed_quote(quote + line.lstrip()) == "":
                quote = ""
            continue
        if block_above is not None:
            if not stripped or len(indent_text) > block_above:
                continue
            block_above = None
        if not stripped or stripped.startswith("#") or stripped.startswith("---") or stripped.startswith("%YAML"):
            continue
        is_item = bool(re.match(r"[-－][ \t\u3000]", stripped))
        width = _aligned(indent_text, [c for c, text in levels if not (is_item and text)], unit, opened)
        slips.extend(_line_slips(number, line, indent_text, stripped, width))
        while levels and levels[-1][0] > width:
            levels.pop()
        if not levels or levels[-1][0] < width:
            levels.append((width, False))
        dashes = re.match(r"(-[ \t]+)*", stripped)
        if dashes and dashes.end():
            levels.append((width + dashes.end(), True))     # where an item's text starts
        body, _ = _without_comment(stripped)
        item = re.match(r"(-[ \t]+)*", body)
        content = body[item.end():] if item else body
        key = _KEY.match(content) or _HAN_KEY.match(content)
        value = _PROPERTIES.sub("", (key.group("rest") if key else content).strip())
        opened = (bool(key) and not value) or not content.strip()
        if _BLOCK.match(value):
            block_above = len(indent_text)
        quote = _unclosed_quote(value)
    return slips


def _aligned(indent_text: str, levels: list[int], unit: int, opened: bool) -> int:
    """The indentation a line means: its own when written in spaces; else, of the columns where the structure above
    starts (or one step in from the last, when the line above opens a block), the nearest to where it shows (a
    full-width space is two columns wide, a tab reaches the next tab stop)."""
    if "\u3000" not in indent_text and "\t" not in indent_text:
        return len(indent_text)
    shown = 0
    for ch in indent_text:
        shown = shown + 2 if ch == "\u3000" else (shown // 4 + 1) * 4 if ch == "\t" else shown + 1
    candidates = sorted({0, *levels, *([levels[-1] + unit] if levels and opened else [])})
    return min(candidates, key=lambda column: (abs(column - shown), column))


def _line_slips(number: int, line: str, indent_text: str, stripped: str, width: int) -> list[Slip]:
    """The slips of one line, each carrying the whole line as it should read (None when a slip is not mechanical)."""
    found: list[tuple[str, int, str, str]] = []       # code, column, message, hint
    indent = indent_text
    structure = bool(_KEY.match(stripped) or re.match(r"[-－][ \t\u3000]", stripped))
    if ("\u3000" in indent_text or "\t" in indent_text) and structure:
        what = "、".join(name for ch, name in (("\u3000", "全角空格"), ("\t", "Tab")) if ch in indent_text)
        indent = " " * width
        found.append(("Y123", 1, f"行首的缩进里有{what}：YAML 只认半角空格。",
                      "把行首的缩进改为半角空格（与上下文对齐）；ecplan fix 会自动改正。"))
    if re.match(r"－[ \u3000]", stripped):
        found.append(("Y126", len(indent_text) + 1, "列表项前的“－”是全角的：YAML 只认半角的“- ”，这一行读不成列表项。",
                      "写作 `- `（半角减号加一个空格）；ecplan fix 会自动改正。"))
        stripped = "- " + stripped[2:]
    body, comment = _without_comment(stripped)
    prefix = re.match(r"(-[ \t]+)*", body)
    dashes = prefix.group(0) if prefix else ""
    content = body[len(dashes):]
    start = len(indent_text) + len(dashes)      # the column (from 0) where the content starts
    head, value = "", content                   # the content as key and colon, and the value after them
    key = _KEY.match(content)
    if key and key["colon"] == "：":
        value = key["rest"].lstrip(" \u3000")
        head = f"{key['key']}: " if value else f"{key['key']}:"
        found.append(("Y121", start + key.end("key") + len(key["space"]) + 1,
                      f"键“{key['key']}”后面是全角冒号“：”：YAML 只认半角冒号“:”，这一行读不成“键: 值”。",
                      f"写作 `{key['key']}: {_short(value)}`（半角冒号加一个空格）；ecplan fix 会自动改正。"))
    elif key and key["rest"][:1] not in ("", " ", "\t") and not key["rest"].startswith("//") and not key["space"]:
        value, head = key["rest"], f"{key['key']}: "
        found.append(("Y122", start + key.end("colon") + 1,
                      f"键“{key['key']}”的冒号后面没有空格：YAML 把“{_short(content)}”整个读成了一段文字。",
                      f"写作 `{key['key']}: {_short(value)}`（冒号后加一个空格）；ecplan fix 会自动改正。"))
    elif key:
        head, value = content[:key.start("rest")], key["rest"]
        colon = re.search(r"(?<=[^\x00-\x7f]):(?=\s|$)", value)
        if colon and value.strip()[:1] not in ("'", '"', "[", "{", "|", ">"):
            found.append(("S209", start + len(head) + colon.start() + 1,
                          "这段文字中的半角冒号“:”后跟空格，YAML 把它当作“键: 值”的语法符号，这一行读不成。",
                          "把文字中的冒号改为全角“：”，或给整段文字加引号；ecplan fix 会自动改为全角。"))
            value = re.sub(r"(?<=[^\x00-\x7f]):[ \t]*", "：", value)
    else:
        pasted = _HAN_KEY.match(content)
        if pasted and reads_as_sentence(pasted["key"].strip(), pasted["rest"].strip()):
            return [Slip("S209", number, start + pasted.end("key") + 1,
                         f"这段文字被读成了“键: 值”：“{_short(pasted['key'])}”后的半角冒号“:”是 YAML 的语法符号。",
                         "把冒号改为全角“：”，或给整段文字加引号；ecplan fix 会自动改为全角。")]
    spaces = value[:len(value) - len(value.lstrip(" "))]
    value = value.lstrip(" ")
    column = start + len(head) + len(spaces) + 1
    value = _value_slips(found, value, column, key["key"] if key else "")
    repaired = indent + dashes + head + spaces + value + comment
    return [Slip(code, number, col, message, hint, repaired) for code, col, message, hint in found]


def _value_slips(found: list[tuple[str, int, str, str]], value: str, column: int, key: str) -> str:
    """The slips of a value starting at ``column`` (added to ``found``), and the value as it should read: a reserved
    first character (Y125), full-width brackets (Y126) or colons in braces (Y121), Chinese commas in a list (Y124)."""
    if value and value[0] in _RESERVED:
        found.append(("Y125", column, f"值不能以“{value[0]}”开头：YAML 把它当作语法符号。",
                      f"给值加上引号，写作 `\"{_short(value)}\"`；ecplan fix 会自动改正。"))
        value = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value.startswith("［") and value.rstrip().endswith("］"):
        found.append(("Y126", column, "列表的方括号“［］”是全角的：YAML 只认半角的“[ ]”，这样写会被读成一段文字。",
                      "写作 `[…]`（半角方括号，各项之间用半角逗号）；ecplan fix 会自动改正。"))
        return "[" + re.sub(r"\s*[,，、]\s*", ", ", value.rstrip()[1:-1].strip()) + "]"   # one message, one repair
    inner = list(_BRACED_KEY.finditer(_outside_quotes(value))) if value.startswith("{") else []
    if inner:
        found.append(("Y121", column + inner[0].end(1), f"花括号中的键“{inner[0][1]}”后面是全角冒号“：”：YAML 只认半角冒号，"
                      "这一项会被读丢。", "花括号中也写作 `键: 值`（半角冒号加一个空格）；ecplan fix 会自动改正。"))
        for match in reversed(inner):
            value = value[:match.start()] + f"{match.group(1)}: " + value[match.end():]
    commas = _flow_commas(value, names=key in NAME_LISTS) if value and value[0] in "[{" else []
    if commas:
        items = [part.strip() for part in re.split(r"[，、,]", value.strip("[]{} ")) if part.strip()]
        found.append(("Y124", column + commas[0],
                      "方括号列表的各项之间用了中文逗号“，”或顿号“、”：YAML 只认半角逗号“,”，这样写会被读成一项。",
                      f"写作 `[{_short(', '.join(items))}]`；确是一项时给它加引号；ecplan fix 会自动改正。"))
        at = set(commas)
        value = re.sub(r", +", ", ", "".join(", " if index in at else ch for index, ch in enumerate(value)))
    return value


def _short(text: str, limit: int = 30) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


def repair(text: str) -> tuple[str, list[Slip]]:
    """``text`` with the mechanical slips made right (the colon, the space after it, the indentation, the commas of
    flow lists, a reserved first character quoted), and the slips repaired."""
    lines = text.split("\n")
    repaired = [slip for slip in scan(text) if slip.repaired is not None]
    for slip in repaired:
        ending = "\r" if lines[slip.line - 1].endswith("\r") else ""
        lines[slip.line - 1] = slip.repaired + ending
    return "\n".join(lines), repaired

"""Reading a YAML plan file: bytes → text → the parser's events → plain data with positions.

Encodings (UTF-8 with or without BOM, GB18030/GBK with a warning), size limits and libyaml's messages in Chinese
live here; turning events into data is ``yaml_events``.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import yaml

from generator.diagnostics import ERROR, WARNING, Diagnostic
from generator.errors import InputFileError
from generator.readers import ime
from generator.readers.files import read_input
from generator.readers.plan import LoadedPlan, Position
from generator.readers.yaml_events import MAX_DEPTH, NOTHING, Builder


def decode(raw: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 (with or without BOM) is read as is; UTF-16 (Notepad's "Unicode"), GB18030/GBK and Big5 are read with a
    warning that names the encoding; anything else fails."""
    notes: list[Diagnostic] = []
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        notes.append(Diagnostic("Y106", WARNING, "文件以 UTF-8 BOM 开头，已忽略 BOM。", path, 1, 1,
                                hint="用编辑器另存为“UTF-8（无 BOM）”即可消除此警告。"))
    elif _utf16(raw):
        try:
            text = raw.decode("utf-16" if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else _utf16(raw))
        except UnicodeDecodeError:
            raise InputFileError(path, "文件像是 UTF-16 编码，但无法按 UTF-16 读取。请用编辑器另存为 UTF-8 编码。",
                                 code="Y107") from None
        return text, [_read_as(path, 1, "UTF-16 编码（记事本“另存为”中的“Unicode”）", "UTF-16")]
    try:
        return raw.decode("utf-8"), notes
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
    for codec, name, short in (("gb18030", "GB18030（GBK）", "GB18030"), ("big5", "Big5（繁体中文）", "Big5")):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "gb18030" and _misread_big5(raw, text):
            continue
        return text, notes + [_read_as(path, line, f"{name}编码", short)]
    raise InputFileError(path, "文件不是 UTF-8 编码，也不是 GB18030/GBK、Big5 或 UTF-16 编码，无法读取。"
                         "请用编辑器另存为 UTF-8 编码。", line, code="Y107")


def _read_as(path: str, line: int, what: str, codec: str) -> Diagnostic:
    return Diagnostic("Y105", WARNING, f"文件不是 UTF-8 编码，而是{what}，已按 {codec} 编码读取。", path, line, 1,
                      hint="请将文件另存为 UTF-8 编码，以免在其他电脑上乱码。")


def _utf16(raw: bytes) -> str:
    """"utf-16-le"/"utf-16-be" when ``raw`` looks like UTF-16 (a byte-order mark, or NUL bytes, which the other
    encodings never hold in text), else ""."""
    if raw[:2] == codecs.BOM_UTF16_LE:
        return "utf-16-le"
    if raw[:2] == codecs.BOM_UTF16_BE:
        return "utf-16-be"
    sample = raw[:4096]
    if b"\0" in sample:  # text in UTF-8 or GBK never holds a NUL; UTF-16 does, beside every ASCII character
        return "utf-16-le" if sample[1::2].count(0) >= sample[0::2].count(0) else "utf-16-be"
    return ""


def _misread_big5(raw: bytes, gb_text: str) -> bool:
    """Whether bytes that decode as GB18030 are really Big5: GBK text keeps to the common GB2312 characters, while
    Big5 read as GBK gives many rarer ones (its second bytes 0x40–0x7E land outside GB2312)."""
    han = [ch for ch in gb_text if "\u4e00" <= ch <= "\u9fff"]
    if len(han) < 4:
        return False
    common = sum(1 for ch in han if _in_gb2312(ch))
    if common / len(han) >= 0.9:
        return False
    try:
        raw.decode("big5")
    except UnicodeDecodeError:
        return False
    return True


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def read(path: str | Path) -> LoadedPlan:
    """Read and parse one YAML plan file; raise InputFileError for anything that stops reading."""
    name = str(path)
    raw = read_input(path)
    text, notes = decode(raw, name)
    return parse(text, name, notes)


def parse(text: str, name: str, notes: list[Diagnostic] | None = None) -> LoadedPlan:
    """The plan in ``text``. An input method's mistakes (see ``ime``) are found first, all at once: those the parser
    would misread or fail on stop reading, each reported at its line; the others are reported with the plan."""
    builder = Builder(name)
    slips = _slips(text, name) if ime.suspect(text) else []
    blocking = [slip for slip in slips if slip.code in ime.BLOCKING]
    try:
        data = builder.read(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and (exc.problem or "").startswith("did not find expected ',' or"):
            mark = exc.context_mark  # an unclosed [ or {: point at where it was opened, not at the end of the file
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = f"YAML 语法错误：{_translate_problem(exc.problem or str(exc))}"
        slips = slips or _slips(text, name)
        if slips:   # the parser's message too, unless it stumbled over one of them (on its line or the next)
            syntax = [] if any(line in (slip.line, slip.line + 1) for slip in slips) else \
                [Diagnostic("Y101", ERROR, problem, name, line, column)]
            raise _stopped(name, slips + syntax)
        raise InputFileError(name, problem, line, column, code="Y101") from None
    except yaml.YAMLError as exc:
        raise InputFileError(name, f"YAML 语法错误：{exc}", code="Y101") from None
    except RecursionError:  # the pure-Python parser (without libyaml) on absurdly deep nesting
        raise InputFileError(name, f"嵌套层级过深（超过 {MAX_DEPTH} 层），拒绝读取。", code="Y109") from None
    if data is NOTHING or data is None or (isinstance(data, str) and data.strip() == ""):
        raise InputFileError(name, "文件是空的：请参照 examples/demo-city.yaml 填写方案内容。", 1, 1, code="Y104")
    if not isinstance(data, dict):
        at = builder.positions[()]
        raise InputFileError(name, "文件的最外层必须是“键: 值”映射（如 cover:、period: …），而不是列表或单个值。",
                             at.line, at.column, code="Y103")
    if blocking:
        raise _stopped(name, slips)
    result = LoadedPlan(name, data, builder.positions, list(notes or []) + builder.diagnostics
                        + [slip for slip in slips if slip.code != "S209"])   # S209: validation names the field
    result.positions[()] = Position(name, 1, 1)
    return result


def _slips(text: str, name: str) -> list[Diagnostic]:
    return [Diagnostic(slip.code, ERROR, slip.message, name, slip.line, slip.column, hint=slip.hint)
            for slip in ime.scan(text)]


def _stopped(name: str, slips: list[Diagnostic]) -> InputFileError:
    first, typed = slips[0], [slip for slip in slips if slip.code != "Y101"]
    return InputFileError(name, f"{first.message}（共 {len(typed)} 处输入法造成的错误，见上）" if len(typed) > 1
                          else first.message, first.line, first.column, code=first.code, diagnostics=slips)


_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现“键: 值”（常见原因：缩进错误，或文字中含“: ”——请给整段文字加引号，或把冒号改为全角“：”）",
    "could not find expected ':'": "找不到应有的冒号“:”（常见原因：缩进错误或多行文本未加引号）",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "found character that cannot start any token": "此处有不能出现的字符（常见原因：用 Tab 缩进，或以 @、` 开头的文字未加引号）",
    "did not find expected alphabetic or numeric character": "锚点（&）和别名（*）的名称只能用英文字母和数字；文字以“*”或“&”开头时请加引号",
    "expected <block end>, but found '-'": "列表项“-”的缩进与上文不一致",
    "found undefined alias": "引用了未定义的锚点（*别名）",
    "did not find expected ',' or ']'": "方括号“[”没有对应的“]”（或列表项之间缺逗号）",
    "did not find expected ',' or '}'": "花括号“{”没有对应的“}”（或各项之间缺逗号）",
    "did not find expected node content": "此处缺少内容（常见原因：缩进错误，或行首有多余的“-”“:”“[”等符号）",
}


def _translate_problem(problem: str) -> str:
    for english, chinese in _PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return f"{problem}（请检查此处的缩进、冒号和引号）"


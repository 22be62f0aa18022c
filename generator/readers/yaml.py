"""Reading a YAML plan file: bytes → text → the parser's events → plain data with positions.

The parser's messages in Chinese live here; the encodings (UTF-8, or UTF-16, UTF-32, GB18030/GBK and Big5 with a
warning) are ``encodings``, the size limit ``files`` and turning events into data ``yaml_events``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.diagnostics import ERROR, Diagnostic
from generator.errors import InputFileError
from generator.readers import ime
from generator.readers.encodings import decode
from generator.readers.files import read_input
from generator.readers.plan import LoadedPlan, Position
from generator.readers.yaml_events import NOTHING, TOO_DEEP, Builder


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
        if (exc.problem or "").startswith("exceeded maximum nesting depth"):   # libyaml's own limit, 1000 levels
            raise InputFileError(name, TOO_DEEP, line, column, code="Y109") from None
        problem = f"YAML 语法错误：{_translate_problem(exc.problem or str(exc))}"
        slips = slips or _slips(text, name)
        if slips:   # the parser's message too, unless it stumbled over one of them (on its line or the next)
            syntax = [] if any(line in (slip.line, slip.line + 1) for slip in slips) else \
                [Diagnostic("Y101", ERROR, problem, name, line, column)]
            raise _stopped(name, slips + syntax)
        raise InputFileError(name, problem, line, column, code="Y101") from None
    except yaml.reader.ReaderError as exc:
        raise _unprintable(text, name, exc) from None
    except yaml.YAMLError:
        raise InputFileError(name, "YAML 语法错误：YAML 读不懂这个文件（请检查缩进、冒号和引号）。", code="Y101") from None
    except RecursionError:  # the pure-Python parser (without libyaml) on absurdly deep nesting
        raise InputFileError(name, TOO_DEEP, code="Y109") from None
    except ValueError as exc:   # the pure-Python parser on an escape past U+10FFFF ("\U00110000"), which libyaml names
        if "chr()" not in str(exc):
            raise
        raise InputFileError(name, "YAML 语法错误：" + _PROBLEMS["found invalid Unicode character escape code"],
                             code="Y101") from None
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


_ESCAPE = "（Windows 路径等含“\\”的文字请改用单引号，或把“\\”写成“\\\\”）"
_TAG = "YAML 标签（以“!”开头）写得不对；文字以“!”开头时请加引号"
_DIRECTIVE = "以“%”开头的行是 YAML 的指令，写得不对；文字以“%”开头时请加引号"
#: the parser's messages (libyaml's, and the pure-Python parser's where they differ), by how they start
_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现“键: 值”（常见原因：缩进错误，或文字中含“: ”——请给整段文字加引号，或把冒号改为全角“：”）",
    "could not find expected ':'": "找不到应有的冒号“:”（常见原因：缩进错误或多行文本未加引号）",
    "found unexpected ':'": "此处的冒号“:”不合语法（常见原因：文字中含冒号而未加引号）",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "found a tab character": "不能用 Tab 缩进，请改用空格",
    "found character": "此处有不能出现的字符（常见原因：用 Tab 缩进，或以 @、` 开头的文字未加引号）",
    "did not find expected alphabetic or numeric character": "锚点（&）和别名（*）的名称只能用英文字母和数字；文字以“*”或“&”开头时请加引号",
    "expected alphabetic or numeric character": "锚点（&）和别名（*）的名称只能用英文字母和数字；文字以“*”或“&”开头时请加引号",
    "expected <block end>, but found '-'": "列表项“-”的缩进与上文不一致",
    "expected <block end>": "此处的缩进与上文不一致",
    "did not find expected key": "此处应是“键: 值”（常见原因：缩进与上文不一致，或引号中的文字后面还有文字）",
    "did not find expected '-' indicator": "此处应是列表项“- ”（常见原因：列表项的缩进与上文不一致）",
    "block sequence entries are not allowed": "此处不能开始列表项“- ”（常见原因：缩进错误，或“键: 值”的同一行后面又写了“- ”）",
    "sequence entries are not allowed": "此处不能开始列表项“- ”（常见原因：缩进错误，或“键: 值”的同一行后面又写了“- ”）",
    "invalid indentation or unclosed": "缩进错误，或方括号“[”、花括号“{”没有闭合",
    "mapping keys are not allowed": "此处不能出现“? ”（文字以“?”开头时请加引号）",
    "found undefined alias": "引用了未定义的锚点（*别名）",
    "but found another document": "文件中有第二个文档（以“---”分开）：一个方案文件只能写一份方案",
    "did not find expected ',' or ']'": "方括号“[”没有对应的“]”（或列表项之间缺逗号）",
    "expected ',' or ']'": "方括号“[”没有对应的“]”（或列表项之间缺逗号）",
    "did not find expected ',' or '}'": "花括号“{”没有对应的“}”（或各项之间缺逗号）",
    "expected ',' or '}'": "花括号“{”没有对应的“}”（或各项之间缺逗号）",
    "did not find expected node content": "此处缺少内容（常见原因：缩进错误，或行首有多余的“-”“:”“[”等符号）",
    "expected the node content": "此处缺少内容（常见原因：缩进错误，或行首有多余的“-”“:”“[”等符号）",
    "did not find expected <document start>": "此处的内容不合语法（常见原因：缩进错误，或最外层的一行不是“键: 值”）",
    "expected '<document start>'": "此处的内容不合语法（常见原因：缩进错误，或最外层的一行不是“键: 值”）",
    "did not find expected comment or line break": "此处应当换行或是注释（常见原因：“|”“>”或引号后面多写了文字）",
    "expected a comment or a line break": "此处应当换行或是注释（常见原因：“|”“>”或引号后面多写了文字）",
    "found an indentation indicator equal to 0": "“|”或“>”后面的缩进数字不能是 0",
    "expected indentation indicator": "“|”或“>”后面的缩进数字不能是 0",
    "did not find expected hexdecimal number": "双引号中的转义“\\x”“\\u”“\\U”后面应是十六进制数字" + _ESCAPE,
    "expected escape sequence": "双引号中的转义“\\x”“\\u”“\\U”后面应是十六进制数字" + _ESCAPE,
    "found invalid Unicode character escape code": "双引号中的转义“\\u”“\\U”不是有效的字符编码" + _ESCAPE,
    "found unknown escape character": "双引号中的“\\”后面是 YAML 不认识的转义字符" + _ESCAPE,
    "found unexpected end of stream": "文件在引号中途结束了（常见原因：引号没有配对）",
    "found unexpected document indicator": "引号中的文字有一行以“---”或“...”开头（YAML 把它当作文档的分隔）",
    "found unexpected document separator": "引号中的文字有一行以“---”或“...”开头（YAML 把它当作文档的分隔）",
    "expected chomping or indentation": "“|”或“>”后面只能写“+”“-”或一位缩进数字",
    "did not find expected whitespace or line break": "标签（!）或锚点（&）后面应有空格",
    "did not find expected tag URI": _TAG, "did not find the expected '>'": _TAG, "did not find expected '!'": _TAG,
    "did not find URI escaped octet": _TAG, "found an incorrect": _TAG, "found undefined tag handle": _TAG,
    "expected '>'": _TAG, "expected '!'": _TAG, "expected URI": _TAG, "expected ' ', but found": _TAG,
    "found unknown directive": _DIRECTIVE, "found duplicate": _DIRECTIVE, "found incompatible YAML": _DIRECTIVE,
    "could not find expected directive": _DIRECTIVE, "did not find expected version": _DIRECTIVE,
    "did not find expected digit": _DIRECTIVE, "found extremely long": _DIRECTIVE, "found unexpected non-alpha": _DIRECTIVE,
    "expected a digit": _DIRECTIVE, "duplicate tag handle": _DIRECTIVE,
}


def _translate_problem(problem: str) -> str:
    for english, chinese in _PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return "YAML 读不懂此处的写法（请检查此处的缩进、冒号和引号）"


def _unprintable(text: str, name: str, exc: yaml.reader.ReaderError) -> InputFileError:
    """A character YAML does not allow in a file (a control character pasted from elsewhere), at its line."""
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    at = text.find(char)    # the parser stops at its first occurrence
    line = text.count("\n", 0, at) + 1 if at >= 0 else None
    column = at - text.rfind("\n", 0, at) if at >= 0 else None
    return InputFileError(name, f"YAML 语法错误：此处有 YAML 文件中不允许的控制字符 U+{ord(char):04X}（常见原因：从网页或其他"
                          "软件粘贴时带入，或文件的编码不对）；请删去这个字符。", line, column, code="Y101")

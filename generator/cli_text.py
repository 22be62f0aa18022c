"""The command line in Chinese: click's own texts (Usage, Options, "Show this message and exit.", "[default: …]",
"No such command … Did you mean …", every error it reports) and the names of values in the help (文件, 目录).

click looks its texts up with ``gettext`` under names bound in each of its modules; ``install`` binds those names
to the translations here, once, before any command runs. A text missing from the table stays as click wrote it (a
test walks every command so that none does).
"""

from __future__ import annotations

import re
from typing import Any

import click

from generator import terminal

#: click's texts (as its source writes them) and their translations; placeholders are kept as they are
TEXTS = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示此帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 “{command} {option}” 查看帮助。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "No such option {name!r}.": "没有选项“{name}”。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Option {name!r} does not take a value.": "选项“{name}”后面不能跟值。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项开头的字符不对（{option}）",
    "Aborted!": "已中止。",
    "Do you want to continue?": "是否继续？",
    "Repeat for confirmation": "请再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的值不一致。",
    "Error: invalid input": "错误：输入无效",
    "Confirm the action without prompting.": "不经询问直接执行。",
    "Press any key to continue...": "按任意键继续……",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是一个文件（此处应为目录）。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是一个目录（此处应为文件）。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”无法执行。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "integer": "整数",
    "float": "数",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的是非值。可以写：{states}",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Value must be an iterable.": "值必须是一组值。",
    "unknown error": "未知错误",
    "{editor}: Editing failed": "{editor}：编辑失败",
    "{editor}: Editing failed: {e}": "{editor}：编辑失败：{e}",
    "Windows error: {error}": "Windows 错误：{error}",
}

#: click's texts with a singular and a plural form: one translation serves both
PLURALS = {
    "Did you mean {possibility}?": "您是不是要输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（您是不是要输入其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项“{name}”后面需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”后面需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”不符合以下任一格式：{formats}。",
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不在可选范围内：{choices}。",
}
PLURALS.update({key.replace("{name!r}", "{name}"): value for key, value in PLURALS.items()})

#: how a value is named in the help, by click's type (a choice lists its values)
METAVARS = {"file": "文件", "directory": "目录", "path": "路径", "integer": "整数", "float": "数", "text": "文字",
            "boolean": "是/否", "integer range": "整数", "float range": "数"}


class _Tidied(str):
    """A translated text whose filled-in form reads as Chinese: click quotes names with ' and ends with "."."""

    def format(self, *args: object, **kwargs: object) -> str:
        return tidy(str.format(self, *args, **kwargs))


def tidy(text: str) -> str:
    """Chinese quotation marks for click's 'name', 。 for a final full stop after Chinese, no space before Chinese."""
    text = re.sub(r"'([^'\n]+)'", r"“\1”", text)
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=“)", "", text)
    text = text.replace("”, “", "”、“")
    text = re.sub(r"有效的(integer range|integer|float range|float)", lambda kind: "有效的" + METAVARS[kind.group(1)], text)
    text = re.sub(r"(?<=[”\u4e00-\u9fff])\.(?=\s|$)", "。", text)
    return re.sub(r"(?<=[。？）])\s+(?=[\u4e00-\u9fff（])", "", text)


#: how an argument is named in the usage line, by its name in the code
ARGUMENTS = {"file": "文件", "files": "文件", "inputs": "文件或目录", "name": "模板名", "directory": "目录"}


def _gettext(message: str) -> str:
    translated = TEXTS.get(message, message)
    return _Tidied(translated) if message == "Error: {message}" else translated


def _ngettext(singular: str, plural: str, count: int) -> str:
    chosen = singular if count == 1 else plural
    return PLURALS.get(chosen, chosen)


_MODULES = ("core", "exceptions", "formatting", "parser", "types", "decorators", "termui", "utils")


def install() -> None:
    """Makes click speak Chinese (idempotent; affects click's texts only)."""
    import importlib

    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _gettext            # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext    # type: ignore[attr-defined]


def _metavar(param: click.Parameter) -> str | None:
    """The Chinese name of the value a parameter takes, for the help (None: click's own, e.g. a choice's list)."""
    kind = param.type
    if isinstance(kind, click.Choice) or (isinstance(param, click.Option) and param.is_flag):
        return None
    if isinstance(param, click.Argument) and param.name in ARGUMENTS:
        name = ARGUMENTS[param.name]
    elif isinstance(kind, click.Path):
        name = "目录" if not kind.file_okay else "文件" if not kind.dir_okay else "路径"
    else:
        name = METAVARS.get(kind.name, "值")
    if isinstance(param, click.Argument):       # as click writes an argument's: [optional], more...
        name += "..." if param.nargs != 1 else ""
        return name if param.required else f"[{name}]"
    return name


class Formatter(click.HelpFormatter):
    """click's help layout for Chinese: a full-width colon after headings and "用法", and columns measured as a
    terminal shows them (a Chinese character is two columns wide), text wrapped between characters."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for paragraph in text.split("\n\n"):
            joined = re.sub(r"(?<=[^\x00-\x7f])\s*\n\s*(?=[^\x00-\x7f])", "", paragraph.strip())   # a docstring's lines
            for line in terminal.wrap(" ".join(joined.split()), max(self.width - self.current_indent, 20)):
                self.write(f"{indent}{line}\n")
            self.write("\n")
        self.buffer[-1:] = []     # no blank line after the last paragraph (click adds its own)

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((terminal.width(term) for term, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        room = max(self.width - self.current_indent - first, 20)
        for term, text in rows:
            text = re.sub(r"\[(默认|必填)[^\]]*\]", lambda extra: extra.group(0).replace("; ", "；"), text)
            lines = terminal.wrap(text, room) if text else []
            if terminal.width(term) + col_spacing > first:
                self.write(f"{indent}{term}\n")
                lines_at = 0
            else:
                self.write(f"{indent}{terminal.pad(term, first)}{lines[0] if lines else ''}\n")
                lines_at = 1
            for line in lines[lines_at:]:
                self.write(f"{indent}{' ' * first}{line}\n")


class Context(click.Context):
    formatter_class = Formatter


def localise(command: click.Command) -> None:
    """Gives ``command`` (and, for a group, every command under it) Chinese usage lines, value names and help
    layout."""
    command.context_class = Context
    command.options_metavar = "[选项]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."
        for sub in command.commands.values():
            localise(sub)
    for param in command.params:
        if param.metavar is None:
            param.metavar = _metavar(param)

"""The tables a plan may take from an Excel workbook, as Chinese tables lay them out: for each, the sheet that holds
it, where its rows go in the plan, and its columns with the headers departments give them (项目名称 or 工程名称, a unit
in brackets: 总投资（万元）), and how a cell of each kind of column is read. Read by ``readers.workbook``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from generator.forms import typed_number
from generator.terminal import width

PathKey = tuple[Any, ...]


@dataclass(frozen=True)
class Column:
    """A column a sheet may have: where its value goes in an item, the headers it goes by, how it is read."""

    field: tuple[str, ...]
    headers: tuple[str, ...]
    kind: str = "text"       # text, number, percent, period, month, list, names, yearly; derived: shown, not read
    stands_for: tuple[str, ...] = ()   # the column it is when the sheet has none for that field (责任单位: 实施单位)


@dataclass(frozen=True)
class Part:
    """A table of the plan that a sheet may hold."""

    name: str                    # how messages name it
    sheet_words: tuple[str, ...]  # a sheet whose name holds one of these holds it
    path: PathKey                # where its rows go in the plan
    columns: tuple[Column, ...]
    unit_field: tuple[str, ...] = ()   # where a unit written in a number column's header goes
    key_column: str = "name"     # the column every row must fill
    yearly: Column | None = None          # a column per year (2027年, 2027年投资): field = the list, then the key
    year_header: re.Pattern[str] | None = None   # how such a column is headed; group 1 is the year


INDICATORS = Part("具体目标", ("指标", "具体目标"), ("targets", "indicators"), (
    Column(("kind",), ("类别", "指标类别")),
    Column(("name",), ("指标", "指标名称")),
    Column(("unit",), ("单位", "计量单位")),
    Column(("baseline", "year"), ("基期年", "基期年份")),
    Column(("baseline", "value"), ("基期值", "基期数值", "现状值"), "number"),
    Column(("target", "year"), ("目标年", "目标年份")),
    Column(("target", "value"), ("目标值", "目标数值"), "target"),
    Column(("growth",), ("年均增长", "年均增速", "年均增长率"), "percent"),
    Column(("attribute",), ("属性", "指标属性")),
    Column(("provincial_average",), ("全省平均", "全省平均水平"), "percent"),
    Column(("responsible",), ("责任单位", "责任部门")),
    Column(("note",), ("说明", "备注")),
), yearly=Column(("yearly", "value"), (), "yearly"), year_header=re.compile(r"^(\d{4})年?(?:目标|目标值)?$"))
PROJECTS = Part("重点工程", ("重点工程", "项目汇总", "项目"), ("projects", "items"), (
    Column(("name",), ("项目名称", "工程名称", "名称")),
    Column(("unit",), ("实施单位", "建设单位", "实施主体", "项目单位")),
    Column(("location",), ("建设地点", "项目地点", "建设地址")),
    Column(("responsible",), ("责任单位", "责任部门"), stands_for=("unit",)),
    Column(("content",), ("主要建设内容", "建设内容")),
    Column(("start", "end"), ("起止年限", "建设期", "建设年限", "起止时间"), "period"),
    Column(("start",), ("开工时间", "开工年份"), "month"),
    Column(("end",), ("完工时间", "完工年份", "竣工时间"), "month"),
    Column(("investment", "total"), ("总投资", "计划总投资"), "number"),
    Column(("investment", "government"), ("其中政府投资", "政府投资"), "number"),
    Column(("social",), ("社会投资", "其中社会投资"), "derived"),
    Column(("direction",), ("支持方向",)),
    Column(("meets",), ("符合的推荐要求", "推荐要求"), "list"),
    Column(("construction_share",), ("土建投资占比", "土建占比"), "percent"),
    Column(("results",), ("预期成效", "预期效果")),
), unit_field=("investment", "unit"), yearly=Column(("investment", "yearly", "amount"), (), "yearly"),
    year_header=re.compile(r"^(\d{4})年度?(?:计划)?投资(?:额)?$"))
FUNDING = Part("年度资金安排", ("资金",), ("safeguards", "funding", "yearly"), (
    Column(("year",), ("年份", "年度")),
    Column(("amount",), ("资金额度", "金额", "安排资金", "资金"), "number"),
    Column(("source",), ("资金来源", "来源")),
), unit_field=("unit",), key_column="year")
#: the task division: who leads each task of the text, with whom, by when (matched to the plan's tasks by name)
TASK_DIVISION = Part("任务分工", ("任务分工", "分工"), ("tasks",), (
    Column(("title",), ("任务", "任务名称", "重点任务")),
    Column(("measures",), ("具体措施", "主要措施"), "measures"),
    Column(("lead",), ("牵头单位", "牵头部门")),
    Column(("partners",), ("配合单位", "配合部门", "参与单位", "参与部门"), "names"),
    Column(("deadline",), ("完成时限", "完成时间")),
), key_column="title")
PARTS = (INDICATORS, PROJECTS, FUNDING, TASK_DIVISION)
#: under a header spanning the year columns (分年度投资, 分年度目标), a second header row of years: 2027年
YEAR_ONLY = re.compile(r"^(\d{4})年?度?$")
#: a row that sums the others: checked, not read as an item
TOTAL_WORDS = ("合计", "总计", "小计")
_UNIT = re.compile(r"[（(]\s*([^（）()]+?)\s*[）)]\s*$")


def header_words(value: Any) -> tuple[str, str]:
    """A header cell as its words and the unit it names in brackets: 总投资（万元） → (总投资, 万元)."""
    text = unicodedata.normalize("NFKC", str(value or "")).replace("\n", "").replace(" ", "")
    text = re.sub(r"^其中[:：]", "其中", text)        # 其中：政府投资（万元）
    found = _UNIT.search(text)
    return (text[:found.start()], found.group(1)) if found else (text, "")


def column_of(part: Part, words: str) -> Column | None:
    return next((column for column in part.columns for header in column.headers if words == header), None) or \
        next((column for column in part.columns for header in column.headers if words.startswith(header)), None)


def letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def number_of(value: Any) -> Any:
    """A number as a department stores it: a number, or text such as "1,860" or "１２３" (else the text, which the
    schema then reports where it stands)."""
    if isinstance(value, bool) or not isinstance(value, str):
        return value
    number = typed_number(value, commas=True)
    return value.strip() if number is None else number


def value_at(item: Any, field: tuple[Any, ...]) -> Any:
    """The value at ``field`` (a path of keys) in an item, or None."""
    for part in field:
        item = item.get(part) if isinstance(item, dict) else None
    return item


def _percent(value: Any, cell_format: str) -> Any:
    """A percentage: 15, "15%", or 0.15 in a cell formatted as a percentage."""
    if isinstance(value, str) and value.strip().endswith(("%", "％")):
        number = number_of(value.strip()[:-1])
        return number if isinstance(number, (int, float)) else value
    number = number_of(value)
    if isinstance(number, (int, float)) and "%" in (cell_format or ""):
        return round(number * 100, 6)
    return number


_PERIOD = re.compile(r"^(\d{4}(?:\s*[.\-/年]\s*\d{1,2}\s*月?)?)\s*年?\s*(?:—+|–|~|～|至|到|-)\s*"
                     r"(\d{4}(?:\s*[.\-/年]\s*\d{1,2}\s*月?)?)\s*年?$")


_NUMBERED = re.compile(r"^\s*(?:[（(]\d+[）)]|\d+[.、．]|[①-⑳])\s*")


def target_of(value: Any) -> dict[str, Any]:
    """A 目标值 cell as the target's fields: a number, a number with its bound (12000以上, 不低于80), or the words of
    a milestone target. Text that is none of these (约12000) stays a value, for the schema to report where it is."""
    from generator.doctypes.schema import BOUNDS

    number = number_of(value)
    if not isinstance(number, str):
        return {"value": number}
    text = unicodedata.normalize("NFKC", number).strip()
    for bound in BOUNDS:
        rest = text[len(bound):] if text.startswith(bound) else text[:-len(bound)] if text.endswith(bound) else None
        found = number_of(rest.strip()) if rest else None
        if isinstance(found, (int, float)) and not isinstance(found, bool):
            return {"value": found, "bound": bound}
    from generator.placeholders import whole

    if whole(text) is None and sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= 4 and not text[0].isdigit():
        return {"text": number}     # (a 待补充 stands for the number still to come)
    return {"value": number}


def measure_line(measure: dict[str, Any]) -> str:
    """A task's measure as one line of the 具体措施 cell: 标题：内容, or either alone."""
    title, text = str(measure.get("title") or "").strip(), str(measure.get("text") or "").strip()
    return f"{title}：{text}" if title and text else title or text


def measures_of(value: Any) -> list[dict[str, str]]:
    """The measures of a 具体措施 cell, one a line (numbered or not): 标题：内容 is a titled measure."""
    found = []
    for line in str(value).splitlines():
        line = _NUMBERED.sub("", line).strip()
        if not line:
            continue
        title, colon, text = line.partition("：")
        found.append({"title": title, "text": text} if colon and text and len(title) <= 30
                     and not re.search(r"[，。；]", title) else {"text": line})
    return found


def cell_value(column: Column, value: Any, cell_format: str) -> Any:
    if isinstance(value, dt.datetime):
        value = value.date()
    if column.kind == "number":
        return number_of(value)
    if column.kind == "percent":
        return _percent(value, cell_format)
    if column.kind == "list":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return [int(value)]
        parts = [number_of(part) for part in re.split(r"[、，,；;\s]+", unicodedata.normalize("NFKC", str(value)))
                 if part.strip()]
        return parts
    if column.kind == "names":          # 市财政局、市统计局 (or with commas, or on lines of their own)
        return [name for name in re.split(r"[、，,；;\s]+", str(value).strip()) if name]
    if column.kind == "target":         # 12000, 12000以上, 不低于80, or a milestone: 建成……平台
        return target_of(value)
    if column.kind == "measures":       # one a line (（1）…), a title before its text: 标题：内容
        return measures_of(value)
    if column.kind == "period":
        found = _PERIOD.match(unicodedata.normalize("NFKC", str(value)).strip())
        # a start alone (2027-03), or text in no form, stands as the start: the schema reports it there, once
        return (found.group(1).replace(" ", ""), found.group(2).replace(" ", "")) if found else (value,)
    if isinstance(value, str):
        return value.strip()
    return value


def part_of(path: PathKey) -> tuple[Part, tuple[Any, ...]] | None:
    """The table a value at ``path`` belongs to, and its field within the row (None outside the tables)."""
    for part in PARTS:
        size = len(part.path)
        if part is TASK_DIVISION:
            if path[:1] == part.path and len(path) > 3 and isinstance(path[-2], int):
                return part, (path[-1],)
        elif path[:size] == part.path and len(path) > size and isinstance(path[size], int):
            return part, tuple(path[size + 1:])
    return None


_KEYED = re.compile(r"`([a-z_]+):(?: ([^`]*))?`")


def cell_hint(hint: str, path: PathKey, label: Any) -> str:
    """A hint written for YAML (写作 `total: 4500`, 补写 `year:`) said for a cell of a workbook: the column by its
    header (“总投资”填 4500, 补写“基期年”). ``label(path)`` names a field that has no column."""
    found = part_of(tuple(path))
    if not hint or found is None:
        return hint
    part, field = found

    def header(key: str) -> str:
        for depth in range(len(field), -1, -1):
            column = next((c for c in part.columns if c.field == tuple(field[:depth]) + (key,)), None)
            if column:
                return column.headers[0]
        for near in (tuple(path[:depth]) + (key,) for depth in range(len(path), 0, -1)):   # the value's, or above
            named = str(label(near)).split(" › ")[-1]
            if named != key:
                return named
        return key

    hint = re.sub(r"写作 (?=`[a-z_]+: )", "", hint)
    hint = re.sub(r"在 `([a-z_]+):` 后面", lambda m: f"在“{header(m.group(1))}”一格", hint)
    hint = hint.replace("在上级字段下补写 ", "在这一行补填")
    hint = _KEYED.sub(lambda m: f"“{header(m.group(1))}”填 {m.group(2).strip('[]')}" if m.group(2) is not None
                      else f"“{header(m.group(1))}”", hint)
    return re.sub(r"” (?=[\u4e00-\u9fff])", "”", re.sub(r"(?<=[\u4e00-\u9fff（]) “", "“", hint))


def listed(value: Any) -> list[Any]:
    """A value that should be a list, as one (a single value written without brackets is one item)."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def fit_widths(sheet: Any) -> None:
    """Each column as wide as its longest text (a Chinese character counts two), within bounds."""
    for column in sheet.columns:
        longest = max((width(line) for cell in column if cell.value is not None
                       for line in str(cell.value).splitlines() or [""]), default=4)
        sheet.column_dimensions[column[0].column_letter].width = max(6, min(longest + 2, 50))

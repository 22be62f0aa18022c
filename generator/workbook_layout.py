"""The tables a plan may take from an Excel workbook, as Chinese tables lay them out: for each, the sheet that holds
it, where its rows go in the plan, and its columns with the headers departments give them (项目名称 or 工程名称, a unit
in brackets: 总投资（万元）), and how a cell of each kind of column is read. Read by ``readers.workbook``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from generator.lazy import Pattern
from generator.terminal import width

PathKey = tuple[Any, ...]


@dataclass(frozen=True)
class Column:
    """A column a sheet may have: where its value goes in an item, the headers it goes by, how it is read."""

    field: tuple[str, ...]
    headers: tuple[str, ...]
    kind: str = "text"       # text, number, percent, period, month, list, names, yearly; derived: shown, not read
    stands_for: tuple[str, ...] = ()   # the column it is when the sheet has none for that field (责任单位: 实施单位)
    required: bool = False   # every row fills it: a sheet without the column is one message, not one per row


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
    Column(("name",), ("指标", "指标名称"), required=True),
    Column(("unit",), ("单位", "计量单位"), required=True),
    Column(("baseline", "year"), ("基期年", "基期年份")),
    Column(("baseline", "value"), ("基期值", "基期数值", "现状值"), "number"),
    Column(("target", "year"), ("目标年", "目标年份"), required=True),
    Column(("target", "value"), ("目标值", "目标数值"), "target"),
    Column(("growth",), ("年均增长", "年均增速", "年均增长率"), "percent"),
    Column(("attribute",), ("属性", "指标属性")),
    Column(("provincial_average",), ("全省平均", "全省平均水平"), "percent"),
    Column(("responsible",), ("责任单位", "责任部门")),
    Column(("note",), ("说明", "备注")),
), yearly=Column(("yearly", "value"), (), "yearly"), year_header=re.compile(r"^(\d{4})年?(?:目标|目标值)?$"))
PROJECTS = Part("重点工程", ("重点工程", "项目汇总", "项目"), ("projects", "items"), (
    Column(("name",), ("项目名称", "工程名称", "名称"), required=True),
    Column(("unit",), ("实施单位", "建设单位", "实施主体", "项目单位")),
    Column(("location",), ("建设地点", "项目地点", "建设地址")),
    Column(("responsible",), ("责任单位", "责任部门"), stands_for=("unit",)),
    Column(("content",), ("主要建设内容", "建设内容")),
    Column(("start", "end"), ("起止年限", "建设期", "建设年限", "起止时间"), "period"),
    Column(("start",), ("开工时间", "开工年份"), "month"),
    Column(("end",), ("完工时间", "完工年份", "竣工时间"), "month"),
    Column(("investment", "total"), ("总投资", "计划总投资", "投资总额", "项目总投资", "总投资额"), "number",
           required=True),
    Column(("investment", "government"), ("其中政府投资", "政府投资"), "number"),
    Column(("social",), ("社会投资", "其中社会投资"), "derived"),
    Column(("direction",), ("支持方向",)),
    Column(("meets",), ("符合的推荐要求", "推荐要求"), "list"),
    Column(("construction_share",), ("土建投资占比", "土建占比"), "percent"),
    Column(("results",), ("预期成效", "预期效果")),
), unit_field=("investment", "unit"), yearly=Column(("investment", "yearly", "amount"), (), "yearly"),
    year_header=re.compile(r"^(\d{4})年度?(?:计划)?投资(?:额)?$"))
FUNDING = Part("年度资金安排", ("资金",), ("safeguards", "funding", "yearly"), (
    Column(("year",), ("年份", "年度"), required=True),
    Column(("amount",), ("资金额度", "金额", "安排资金", "资金"), "number", required=True),
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
YEAR_ONLY = Pattern(r"^(\d{4})年?度?$")
#: a row that sums the others: checked, not read as an item
TOTAL_WORDS = ("合计", "总计", "小计")
_UNIT = Pattern(r"[（(]\s*([^（）()]+?)\s*[）)]\s*$")


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


def value_at(item: Any, field: tuple[Any, ...]) -> Any:
    """The value at ``field`` (a path of keys) in an item, or None."""
    for part in field:
        item = item.get(part) if isinstance(item, dict) else None
    return item


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


_KEYED = Pattern(r"`([a-z_]+):(?: ([^`]*))?`")


def cell_hint(hint: str, path: PathKey, labels: Any) -> str:
    """A hint written for YAML (写作 `total: 4500`, 补写 `year:`) said for a cell of a workbook: the column by its
    header (“总投资”填 4500, 补写“基期年”). ``labels(path)`` (the label of each part of a path) names a field that
    has no column."""
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
            named = str(labels(near)[-1])
            if named != key:
                return named
        return key

    if part.unit_field and field[:-1] + ("unit",) == part.unit_field:   # an amount's unit: in the header
        hint = re.sub(r" 和 `unit: ([^`]*)`", r"（单位写在表头的括号里，如“总投资（\1）”）", hint)
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

"""The columns of the plan's tables: header, row field and width (mm; each table fills the 156 mm text block).

Read by the template build script (which lays the tables out in the master template) and by the Markdown output.
A column of OPTIONAL_COLUMNS that no row has a value for is left out of the table (see ``empty_columns``).
"""

from __future__ import annotations

TABLE_COLUMNS: dict[str, list[tuple[str, str, float]]] = {
    # a header too long for its column is broken between its words ("基期\n年份"), never inside one (12 pt: a column
    # of w mm holds (w - 2) / 4.23 characters)
    "table_indicators": [("序号", "r.no", 12), ("指标名称", "r.name", 38), ("单位", "r.unit", 12),
                         ("基期\n年份", "r.base_year", 15), ("基期值", "r.base_value", 17),
                         ("目标\n年份", "r.target_year", 15), ("目标值", "r.target_value", 17),
                         ("年均\n增长\n（%）", "r.growth", 16), ("全省\n平均", "r.provincial", 14)],
    "table_projects": [("序号", "r.no", 12), ("工程名称", "r.name", 33), ("实施单位", "r.unit", 26),
                       ("建设期", "r.period", 30), ("总投资", "r.total", 17), ("政府\n投资", "r.government", 17),
                       ("土建占比\n（%）", "r.construction", 21)],
    "table_tasks": [("序号", "r.no", 12), ("任务", "r.task", 50), ("牵头部门", "r.lead", 29),
                    ("配合部门", "r.partners", 37), ("完成时限", "r.deadline", 28)],
    "table_base_indicators": [("序号", "r.no", 12), ("指标名称", "r.name", 44), ("单位", "r.unit", 14),
                              ("基期\n年份", "r.base_year", 15), ("基期值", "r.base_value", 18),
                              ("目标\n年份", "r.target_year", 15), ("目标值", "r.target_value", 18),
                              ("年均增长\n（%）", "r.growth", 20)],
    # the same with the 属性 column (预期性/约束性), when a plan states it
    "table_indicators_typed": [("序号", "r.no", 11), ("指标名称", "r.name", 32), ("单位", "r.unit", 11),
                               ("基期\n年份", "r.base_year", 14), ("基期值", "r.base_value", 15),
                               ("目标\n年份", "r.target_year", 14), ("目标值", "r.target_value", 15),
                               ("年均\n增长\n（%）", "r.growth", 16), ("全省\n平均", "r.provincial", 13),
                               ("属性", "r.attribute", 15)],
    "table_base_indicators_typed": [("序号", "r.no", 11), ("指标名称", "r.name", 37), ("单位", "r.unit", 13),
                                    ("基期\n年份", "r.base_year", 14), ("基期值", "r.base_value", 16),
                                    ("目标\n年份", "r.target_year", 14), ("目标值", "r.target_value", 16),
                                    ("年均增长\n（%）", "r.growth", 19), ("属性", "r.attribute", 16)],
    "table_enterprises": [("序号", "r.no", 12), ("企业（单位）名称", "r.name", 50), ("主营业务", "r.business", 44),
                          ("年产值", "r.output", 26), ("就业人员\n（人）", "r.employees", 24)],
    "table_funding": [("年份", "r.year", 26), ("资金额度", "r.amount", 40), ("资金来源", "r.source", 90)],
}

#: a table cell's face: 12 pt characters (4.23 mm), and the cell's margins
_CHAR_MM, _MARGINS_MM = 4.23, 2.0
_NO_LINE_START = set("，。、；：？！）》”’%")


def _width(ch: str) -> float:
    return 0.5 if ord(ch) < 0x2E80 and ch not in "—…" else 1.0


def _latin(ch: str) -> bool:
    """A character of a Latin word or a number (B2B, 3.0), which a line never breaks inside."""
    return bool(ch) and ch.isascii() and (ch.isalnum() or ch == ".")


def balanced(text: str, column_mm: float) -> str:
    """A cell's text broken into even lines ("\n") when wrapping at the column's edge would leave one character
    alone on its last line ("网络零售额增长" / "率"), or after the dash of a period of two lines; as it is
    otherwise."""
    if "\n" in text:
        return text
    per_line = int((column_mm - _MARGINS_MM) / _CHAR_MM)
    if len(text) <= per_line:       # fits on one line whatever its characters
        return text
    total = sum(map(_width, text))
    lines = -(-total // per_line) if per_line else 1
    if per_line < 2 or lines < 2:
        return text
    dash = text.find("—")    # a period (2027年3月—2028年12月) breaks after its dash when both parts fit
    if 0 < dash < len(text) - 1 and max(sum(map(_width, text[:dash + 1])), sum(map(_width, text[dash + 1:]))) \
            <= per_line and lines == 2:
        return f"{text[:dash + 1]}\n{text[dash + 1:]}"
    if total - (lines - 1) * per_line >= 2:
        return text
    target, out, width = total / lines, [""], 0.0
    for ch in text:
        if width + _width(ch) > target + 0.5 and len(out) < lines and ch not in _NO_LINE_START \
                and not (_latin(ch) and _latin(out[-1][-1:])):
            out.append("")
            width = 0.0
        out[-1] += ch
        width += _width(ch)
    return "\n".join(out)


def laid_out(kind: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows of table ``kind`` with each cell's text broken as ``balanced`` does for its column."""
    widths = {expression.split(".")[1]: width for _, expression, width in TABLE_COLUMNS.get(kind, [])}
    laid = []
    for row in rows:        # a row is copied only when one of its cells is broken
        broken = {field: balanced(value, widths[field]) for field, value in row.items()
                  if field in widths and isinstance(value, str) and len(value) > 2}
        changed = {field: value for field, value in broken.items() if value is not row[field]}
        laid.append({**row, **changed} if changed else row)
    return laid


#: columns a table shows only when some row has a value in them: no column of dashes alone
OPTIONAL_COLUMNS = frozenset({"growth", "provincial", "government", "construction"})
_EMPTY = ("—", "")


def fields(kind: str) -> list[str]:
    """The row fields of table ``kind``'s columns, in order."""
    return [expression.split(".")[1] for _, expression, _ in TABLE_COLUMNS.get(kind, [])]


def empty_columns(kind: str, rows: list[dict[str, str]]) -> list[str]:
    """The row fields of table ``kind`` to leave out: optional columns with no value in any row (a total row's
    blank cell counts as none)."""
    return [field for field in fields(kind) if field in OPTIONAL_COLUMNS and rows
            and all(str(row.get(field, "")) in _EMPTY for row in rows)]

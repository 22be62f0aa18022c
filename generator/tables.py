"""The columns of the plan's tables: header, row field and width (mm; each table fills the 156 mm text block).

Read by the template build script (which lays the tables out in the master template) and by the Markdown output.
A column of OPTIONAL_COLUMNS that no row has a value for is left out of the table (see ``empty_columns``).
"""

from __future__ import annotations

TABLE_COLUMNS: dict[str, list[tuple[str, str, float]]] = {
    "table_indicators": [("序号", "r.no", 12), ("指标名称", "r.name", 38), ("单位", "r.unit", 12),
                         ("基期年份", "r.base_year", 15), ("基期值", "r.base_value", 17), ("目标年份", "r.target_year", 15),
                         ("目标值", "r.target_value", 17), ("年均增长(%)", "r.growth", 16),
                         ("全省平均", "r.provincial", 14)],
    "table_projects": [("序号", "r.no", 12), ("工程名称", "r.name", 35), ("实施单位", "r.unit", 30),
                       ("建设期", "r.period", 26), ("总投资", "r.total", 18), ("政府投资", "r.government", 18),
                       ("土建占比(%)", "r.construction", 17)],
    "table_tasks": [("序号", "r.no", 12), ("任务", "r.task", 50), ("牵头部门", "r.lead", 29),
                    ("配合部门", "r.partners", 37), ("完成时限", "r.deadline", 28)],
    "table_base_indicators": [("序号", "r.no", 12), ("指标名称", "r.name", 50), ("单位", "r.unit", 14),
                              ("基期年份", "r.base_year", 16), ("基期值", "r.base_value", 18),
                              ("目标年份", "r.target_year", 16), ("目标值", "r.target_value", 18),
                              ("年均增长(%)", "r.growth", 12)],
    # the same with the 属性 column (预期性/约束性), when a plan states it
    "table_indicators_typed": [("序号", "r.no", 11), ("指标名称", "r.name", 33), ("单位", "r.unit", 11),
                               ("基期年份", "r.base_year", 14), ("基期值", "r.base_value", 15),
                               ("目标年份", "r.target_year", 14), ("目标值", "r.target_value", 16),
                               ("年均增长(%)", "r.growth", 15), ("全省平均", "r.provincial", 14),
                               ("属性", "r.attribute", 13)],
    "table_base_indicators_typed": [("序号", "r.no", 12), ("指标名称", "r.name", 42), ("单位", "r.unit", 13),
                                    ("基期年份", "r.base_year", 15), ("基期值", "r.base_value", 16),
                                    ("目标年份", "r.target_year", 15), ("目标值", "r.target_value", 17),
                                    ("年均增长(%)", "r.growth", 13), ("属性", "r.attribute", 13)],
    "table_enterprises": [("序号", "r.no", 12), ("企业（单位）名称", "r.name", 50), ("主营业务", "r.business", 44),
                          ("年产值", "r.output", 26), ("就业人员(人)", "r.employees", 24)],
    "table_funding": [("年份", "r.year", 26), ("资金额度", "r.amount", 40), ("资金来源", "r.source", 90)],
}

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

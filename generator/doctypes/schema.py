"""Schema sections every document type uses: the cover's date, the creation period, a specific-target indicator,
the safeguards chapter and the switches for figures."""

from __future__ import annotations

from generator.doctypes.fields import (
    ALL_UNITS, MAX_TEXT, MAX_TITLE, MONEY_UNITS, Rules, choice, date, listof, mapping, meta, number, quantity, switch,
    text, texts, titled_texts, year,
)

CURRENCY = MONEY_UNITS

#: the plan's stage (初稿, 征求意见稿, 送审稿, 定稿): every stage before 定稿 is marked on the document
STAGE: Rules = choice("文稿阶段", "初稿、征求意见稿、送审稿或定稿；定稿以外的阶段标在首页和每页页眉（不填按定稿，草稿中仍有待补充时按初稿）",
                      ("初稿", "征求意见稿", "送审稿", "定稿"))

#: the cover's 成文日期 (a YAML date or 2026年3月8日)
TABLES = text("附表", "存放具体目标、重点工程和年度资金安排的 Excel 工作簿（.xlsx），路径相对于方案文件；"
                     "各表从名为“指标”“重点工程”“资金”的工作表读取")

COVER_DATE: Rules = date("成文日期", "方案的日期，写作 2026-03-08 或 2026年3月8日（也可只写年月）", required=True)

PERIOD = mapping("创建期", "创建工作的起止年份（3—5 年）", {
    "start": year("起始年份", "创建期的第一年", required=True),
    "end": year("截止年份", "创建期的最后一年", required=True),
}, required=True)


#: ``layout:``: how the document is laid out where real plans differ
LAYOUT: Rules = mapping("版式", "文档版式的选择（可选）", {
    "toc_levels": {"type": "integer", "allowed": [1, 2, 3, 4], "meta": meta(
        "目录层级", "目录列出的标题层级：1 只列“一、”级，2 到“（一）”级（默认），3 到“1.”级，4 到“（1）”级", format="1—4")},
})

#: ``accept:``: warnings the plan's authors have weighed and accept, each with the reason (errors cannot be accepted)
ACCEPT: Rules = listof("接受的警告", "经研究接受、不再修改的警告及理由；错误不能接受", mapping("接受的警告", "一条接受的警告", {
    "code": text("警告代码", "要接受的警告的代码，如 R15.1", required=True, max_length=20),
    "field": text("字段", "只接受此字段上的该警告（可选），写作警告中方括号里的字段，如 cover.city_status"),
    "reason": text("理由", "接受的理由，如“经省商务厅推荐，地级市申报”", required=True),
}))


#: a table whose columns the plan chooses (an attachment's): a header row and rows of as many cells
TABLE: Rules = mapping("表格", "表头与各行；每行的格数与表头列数相同", {
    "caption": text("表题", "表格的标题（编号“表N”）；附件只有这一张表时可不填，附件标题即表题", max_length=MAX_TITLE),
    "columns": texts("表头", "各列的名称，如 [序号, 部门, 职责]", required=True),
    "rows": listof("表格各行", "每行一个列表，如 [1, 市商务局, 牵头负责创建工作]",
                   {"type": "list", "schema": {"type": ["string", "number"], "maxlength": MAX_TEXT,
                                               "meta": meta("单元格", "一格的内容；暂无内容写“—”")},
                    "meta": meta("表格行", "一行的各格")}, required=True, min_items=1),
    "note": text("表注", "表格下方的注释（可选）"),
})


#: words that bound a target number, as Chinese targets write them: 12000亿元以上, 不低于70%, 突破5000家
BOUNDS = ("以上", "不低于", "突破", "左右", "以内", "不超过")


def indicator(kinds: tuple[str, ...], kind_desc: str, name_example: str, extra: Rules | None = None) -> Rules:
    """One specific-target indicator: name, kind, unit, baseline and target, growth (and the plan type's extras)."""
    return mapping("指标", "一项具体目标指标", {
        "name": text("指标名称", f"如“{name_example}”", required=True),
        "kind": choice("指标类别", kind_desc, kinds, required=True),
        "unit": choice("单位", "指标数值的单位", ALL_UNITS, required=True),
        "baseline": mapping("基期", "基期年份与数值（不知道基期时可不填，那时不计算增长率）", {
            "year": year("基期年份", "基期的年份"),
            "value": number("基期数值", "基期的指标值"),
        }),
        "target": mapping("目标", "目标年份与数值，或一句里程碑式的目标", {
            "year": year("目标年份", "目标的年份，应在创建期内", required=True),
            "value": number("目标数值", "目标年份的指标值"),
            "bound": choice("数值界限", "目标数值前后的界限词：以上、不低于、突破、左右、以内、不超过", BOUNDS),
            "text": text("里程碑", "不是数值的目标，如“建成覆盖全市的电子商务公共服务平台”（与目标数值二选一）"),
        }, required=True),
        "attribute": choice("属性", "指标的属性：预期性或约束性（写了就在目标表中列出）", ("预期性", "约束性")),
        "growth": number("年均增长率(%)", "基期到目标年的年均增长率；不填则由基期和目标值算出", minimum=-100),
        "trend": choice("变化方向", "指标预期上升（默认）还是下降；预期下降的指标（如物流成本占比）写“下降”", ("上升", "下降")),
        **(extra or {}),
        "responsible": text("责任单位", "负责该指标的部门，如“市商务局”；写了就在目标表后列出各部门负责的指标"),
        "note": text("说明", "指标口径或数据来源说明"),
    })


def safeguards(desc: str, *, duties: bool = False) -> Rules:
    """六、保障措施 of a city or base plan; a base plan's organisation also states the division of duties."""
    rules = mapping("创建工作保障措施", desc, {
        "organisation": mapping("组织保障措施", "主管领导、牵头部门、参与部门、协调机制、矛盾问题协同处理机制", {
            "leader": text("主管领导", "创建工作的主管领导，如“市长任组长，分管副市长任副组长”"),
            "lead_department": text("牵头部门", "创建工作的牵头部门"),
            "departments": texts("参与部门", "参与创建工作的部门列表"),
            "coordination": text("部门间协调工作机制", "部门间的协调工作机制"),
            "problem_resolution": text("矛盾问题协同处理机制", "矛盾问题的协同处理机制"),
            "text": text("补充说明", "组织保障的其他内容"),
        }),
        "funding": mapping("资金保障措施", "年度资金额度、资金使用管理办法和考核机制", {
            "yearly": listof("年度资金安排", "创建期内每年的政府资金额度", mapping("年度资金", "一个年份的资金额度", {
                "year": year("年份", "年份", required=True),
                "amount": number("金额", "该年政府安排的资金", required=True, minimum=0),
                "unit": choice("单位", "金额的单位", CURRENCY, required=True),
                "source": text("资金来源", "如“市级电子商务发展专项资金”"),
            })),
            "total": quantity("资金总额", "创建期政府资金总额（可选；填写后与年度合计核对）", CURRENCY, with_year=False),
            "management": text("资金使用管理办法", "资金使用管理办法"),
            "assessment": text("考核机制", "资金使用的绩效考核机制"),
            "text": text("补充说明", "资金保障的其他内容"),
        }),
        "supervision": mapping("考核与总结交流", "两项“硬杠杠”：考核机制与定期总结交流", {
            "assessment": text("考核机制", "创建工作的目标考核机制"),
            "summary_exchange": text("定期总结交流", "定期总结、交流和通报机制"),
        }),
        "other": titled_texts("其他保障措施", "宣传引导、氛围营造、技术应用等其他保障措施", example="加强宣传引导"),
    })
    if duties:
        rules["schema"]["organisation"]["schema"]["duties"] = text("职责分工", "各部门、各单位的职责分工")
    return rules


def charts_section(*names: str) -> Rules:
    """``charts:``: each figure can be turned off (all are drawn by default; ``--no-charts`` turns off all)."""
    return mapping("图表", "文中的图（默认全部绘制；写 false 可略去某一幅，命令行 --no-charts 略去全部）",
                   {name: switch(*CHART_LABELS[name]) for name in names})


CHART_LABELS = {
    "indicators": ("具体目标图", "第四章：各项具体目标的基期值与目标值对比图（按单位分组）"),
    "trajectory": ("分年度目标图", "第四章：填写了分年度目标（yearly）的指标的逐年目标图"),
    "investment": ("重点工程投资图", "重点工程：按支持方向汇总的投资图（政府投资与社会投资）"),
}

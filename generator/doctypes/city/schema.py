"""The city-plan input format: every field with its Chinese label and a one-line description."""

from __future__ import annotations

from generator.doctypes import REGISTRY
from generator.doctypes.city.outline import (
    CITY_STATUSES, DIRECTIONS, GROUP_NAMES, INDICATOR_KINDS, TASK_GROUPS, TASK_NATURES, TASK_TOPICS,
)
from generator.doctypes.fields import (
    MAX_TITLE, COUNT_UNITS, INCOME_UNITS, PEOPLE_UNITS, Rules, choice, deadline, listof, mapping, meta, month, number,
    quantity, text, texts, titled_texts, year,
)
from generator.doctypes.notice import SCHEMA as NOTICE
from generator.doctypes.schema import ACCEPT, TABLES, COVER_DATE, LAYOUT, STAGE, TABLE, CURRENCY, PERIOD, charts_section, indicator, safeguards

COVER = mapping("封面", "封面与文件信息", {
    "title": text("方案标题", "文件标题，如“示例市创建国家电子商务示范城市工作方案”", required=True, max_length=MAX_TITLE),
    "city": text("城市名称", "申报城市的全称，如“示例市”", required=True),
    "province": text("所在省份", "城市所在的省、自治区，如“示例省”", required=True),
    "city_status": choice("城市类型", "省会城市、计划单列市等；申报城市原则上应为省会城市或计划单列市", CITY_STATUSES,
                          required=True),
    "applicant": text("申报单位", "提交方案的人民政府，如“示例市人民政府”", required=True),
    "compiler": text("编制单位", "具体编制方案的部门或机构", required=True),
    "date": COVER_DATE,
    "stage": STAGE,
}, required=True)

SUMMARY = mapping("摘要", "第一章摘要各部分的正文；不填则由 ecplan 根据方案内容自动生成（总字数不超过 3500 字）", {
    "targets": text("创建工作目标（摘要）", "摘要中“创建工作目标”一节的正文"),
    "tasks": text("创建工作主要任务（摘要）", "摘要中“创建工作主要任务”一节的正文"),
    "projects": text("创建工作重点工程（摘要）", "摘要中“创建工作重点工程”一节的正文"),
    "safeguards": text("创建工作保障措施（摘要）", "摘要中“创建工作保障措施”一节的正文"),
})

ECONOMY = mapping("城市经济社会发展现状与战略定位", "第二章的内容", {
    "overview": mapping("城市经济社会发展概况", "区位、人口、收入、GDP、三次产业、消费、外贸、支柱产业", {
        "location": text("城市区位", "城市的地理位置、交通区位与辖区范围"),
        "population": quantity("常住人口", "年末常住人口", PEOPLE_UNITS),
        "income": mapping("居民人均可支配收入", "城乡居民人均可支配收入", {
            "urban": quantity("城镇居民人均可支配收入", "城镇常住居民人均可支配收入", INCOME_UNITS, with_growth=True),
            "rural": quantity("农村居民人均可支配收入", "农村常住居民人均可支配收入", INCOME_UNITS, with_growth=True),
        }),
        "gdp": quantity("地区生产总值", "GDP 总量及比上年增速", CURRENCY, with_growth=True),
        "industries": mapping("三次产业", "三次产业增加值及比重（比重可省略，由数值算出）", {
            kind: mapping(label, f"{label}增加值及占 GDP 比重", {
                "value": number("数值", f"{label}增加值", required=True, minimum=0),
                "unit": choice("单位", f"{label}增加值的单位", CURRENCY, required=True),
                "share": number("比重(%)", f"{label}占地区生产总值的百分比", minimum=0, maximum=100),
            }) for kind, label in (("primary", "第一产业"), ("secondary", "第二产业"), ("tertiary", "第三产业"))
        }),
        "retail_sales": quantity("社会消费品零售总额", "社会消费品零售总额及增速", CURRENCY, with_growth=True),
        "trade": quantity("进出口总额", "货物进出口总额及增速", CURRENCY, with_growth=True),
        "pillar_industries": text("支柱或特色产业", "支柱或特色产业的发展现状"),
        "text": text("补充说明", "概况的其他说明，放在各项数据之后"),
    }),
    "strategy": text("城市经济社会发展战略", "城市总体发展战略目标与定位"),
    "demand": mapping("对电子商务的需求分析", "从三个方面分析城市发展电子商务的需求", {
        "consumption": text("拉动消费", "电子商务在拉动消费方面的需求"),
        "transformation": text("促进城市经济转型", "电子商务在促进经济转型方面的需求"),
        "growth_drivers": text("培育经济增长动力", "电子商务在培育新动能方面的需求"),
    }),
})

ECOMMERCE = mapping("城市电子商务发展现状与问题", "第三章的内容", {
    "overview": mapping("城市电子商务发展概况", "交易额、企业、纳税、园区、社团、特点、机遇与挑战", {
        "transactions": quantity("电子商务交易额", "年度电子商务交易总额及增速", CURRENCY, with_growth=True),
        "domestic_transactions": quantity("国内电子商务交易额", "年度国内电子商务交易额及增速", CURRENCY,
                                          with_growth=True),
        "cross_border_transactions": quantity("跨境电子商务交易额", "年度跨境电子商务交易额及增速", CURRENCY,
                                              with_growth=True),
        "online_retail": quantity("网络零售额", "年度网络零售额及增速（可选）", CURRENCY, with_growth=True),
        "enterprises": mapping("电子商务企业数量", "电子商务服务企业与应用企业数量", {
            "service": quantity("电子商务服务企业数量", "平台、物流、支付、代运营等服务企业数量", COUNT_UNITS),
            "application": quantity("电子商务应用企业数量", "开展电子商务的工商企业数量", COUNT_UNITS),
        }),
        "typical_enterprises": text("典型企业经营情况", "典型电子商务企业的经营情况"),
        "tax": text("纳税情况", "电子商务企业纳税情况"),
        "parks": text("园区（基地）建设情况", "电子商务园区（基地）的建设情况"),
        "associations": text("协会等社团组织", "电子商务协会等社团组织建设情况"),
        "features": text("主要特点与优势", "城市电子商务发展的主要特点与优势"),
        "opportunities": text("机遇与挑战", "城市电子商务发展面临的机遇与挑战"),
    }),
    "environment": mapping("城市电子商务发展环境情况", "支撑体系与已出台的法规政策", {
        "logistics": text("现代物流", "现代物流支撑体系建设情况"),
        "payment": text("电子支付", "电子支付支撑体系建设情况"),
        "certification": text("电子认证", "电子认证支撑体系建设情况"),
        "credit": text("信用", "信用体系建设情况"),
        "standards": text("标准", "电子商务标准体系建设情况"),
        "policies": text("已出台法规政策", "电子商务领域已出台的地方性法规、政策"),
    }),
    "problems": listof("主要问题及应对措施", "存在的主要问题，每个问题写明拟采取的应对措施", mapping(
        "问题", "一个问题及其应对措施", {
            "problem": text("问题", "存在的问题，以一句话概括并展开说明", required=True),
            "countermeasure": text("应对措施", "针对该问题拟采取的应对措施"),
        })),
})

INDICATOR = indicator(tuple(INDICATOR_KINDS), "用于核对编制要点要求的五类指标", "电子商务交易额", {
    "provincial_average": number("全省平均水平", "同口径的全省平均值：增长类指标填全省年均增速(%)，普及率类填全省普及率"),
    "yearly": listof("分年度目标", "创建期内各年份的目标值（可选）", mapping("年度目标", "一个年份的目标值", {
        "year": year("年份", "年份", required=True),
        "value": number("数值", "该年的目标值", required=True),
    })),
})

#: the official task groups a group or a task of the plan's own structure takes up (R6)
COVERS = {"type": "list", "schema": {"type": "string", "allowed": list(GROUP_NAMES), "meta": meta(
    "任务组", "编制要点任务组的名称，如“完善电子商务政策法规环境”，或其代号 policy、support、infrastructure、services、"
    "applications")}, "meta": meta("覆盖的编制要点任务组", "本组（或本任务）落实编制要点的哪些任务组，用于检查覆盖情况")}

TASK = mapping("任务", "一项具体任务", {
    "title": text("任务名称", "任务的小标题，如“建立电子商务统计制度”", required=True),
    "content": text("任务内容", "任务的具体内容与预期效果", required=True),
    "topic": choice("对应编制要点事项", "本任务对应编制要点所列的哪一项（用于检查覆盖情况）", TASK_TOPICS),
    "nature": choice("任务性质", "规制（法规、政策、标准、制度）、设施、服务或应用；不填则按任务名称判断", TASK_NATURES),
    "lead": text("牵头部门", "负责本任务的牵头部门", required=True),
    "partners": texts("配合部门", "参与本任务的配合部门列表"),
    "deadline": deadline("完成时限", "如“2027年12月”“2028年底”或“长期”", required=True),
    "covers": COVERS,
    "measures": listof("具体措施", "任务下逐项列出的工程或措施，编号（1）（2）…", mapping("措施", "一项措施", {
        "title": text("措施名称", "措施的小标题（可选）；写了就作为（1）级标题", max_length=MAX_TITLE),
        "text": text("措施内容", "措施的具体内容（有措施名称时可不写）"),
    })),
})


def task_group(label: str, desc: str, *, extra: bool = False) -> Rules:
    fields: Rules = {
        "intro": text("导语", "本组任务前的总括说明（可选）"),
        "tasks": listof("任务列表", "本组的各项任务", TASK),
    }
    if extra:
        fields["title"] = text("任务组名称", "自设任务组的标题，如“打造跨境电子商务核心品牌”", required=True)
        fields["covers"] = COVERS
    return mapping(label, desc, fields)


TASKS = mapping("创建工作主要任务", "编制要点规定的五组任务，另可增加自设任务组", {
    **{group.key: task_group(group.title, f"第五章“{group.title}”组的任务") for group in TASK_GROUPS},
    "extra": listof("自设任务组", "编制要点五组之外、本市自设的任务组，排在五组之后",
                    task_group("自设任务组", "一个自设任务组", extra=True)),
    "groups": listof("本市任务结构", "不按编制要点五组、而按本市自己的结构组织任务（与五组二选一）："
                     "各组用 covers 注明覆盖编制要点哪些任务组", task_group("任务组", "本市结构中的一个任务组", extra=True)),
})

PROJECT = mapping("重点工程", "一项重点工程（电子商务重大工程）", {
    "name": text("工程名称", "重点工程的名称", required=True),
    "direction": choice("支持方向", "所属的电子商务重大工程支持方向", DIRECTIONS),
    "content": text("建设内容", "主要建设内容"),
    "unit": text("实施单位", "项目实施单位"),
    "location": text("建设地点", "项目的建设地点，如“示例市经济技术开发区”"),
    "responsible": text("责任单位", "负责推进和督办本项目的部门（与实施单位不同时填写），如“市商务局”"),
    "investment": mapping("投资", "总投资与其中政府投资", {
        "total": number("总投资", "项目总投资", required=True, minimum=0),
        "government": number("政府投资", "总投资中的政府资金", minimum=0),
        "unit": choice("单位", "投资的单位", CURRENCY, required=True),
        "yearly": listof("分年度投资", "创建期内各年的计划投资（可选；单位同总投资，各年之和应等于总投资）", mapping(
            "年度投资", "一个年份的计划投资", {
                "year": year("年份", "年份", required=True),
                "amount": number("金额", "该年的计划投资", required=True, minimum=0),
            })),
    }),
    "start": month("开工时间", "开工年份或年月，如 2026 或 2026-03"),
    "end": month("完工时间", "完工年份或年月，如 2028-12"),
    "results": text("预期成效", "建成后的预期成效"),
    "construction_share": number("土建投资占比(%)", "土建投资占总投资的百分比；以土建为主的项目不纳入支持范围",
                                 minimum=0, maximum=100),
    "meets": listof("符合的推荐要求", "符合 1 综合平台、2 共性信息基础设施、3 法规政策与新模式探索中的哪几项",
                    {"type": "integer", "allowed": [1, 2, 3], "meta": meta("推荐要求", "1、2 或 3")}),
})

STEPS = listof("实施步骤", "创建工作的实施步骤（可选），如动员部署、组织实施、总结验收，排在保障措施之后", mapping(
    "实施步骤", "一个步骤：名称、起止时间与主要工作", {
        "name": text("步骤名称", "如“动员部署阶段”", required=True, max_length=MAX_TITLE),
        "start": month("开始时间", "开始年份或年月，如 2026-06", required=True),
        "end": month("结束时间", "结束年份或年月，如 2026-12", required=True),
        "content": text("主要工作", "本步骤的主要工作", required=True),
    }))

ATTACHMENT = mapping("附件", "一个附件：标题与正文，或一张表格（如部门职责分工、项目清单、进度安排）", {
    "title": text("附件标题", "附件的标题", required=True),
    "paragraphs": texts("附件正文", "附件的正文段落"),
    "table": TABLE,
})

BRIEF = mapping("创建工作方案要点", "在完整方案之前报送的三章要点：创建工作目标、主要任务、保障措施", {
    "title": text("要点标题", "不填则为封面标题加“要点”"),
    "targets": mapping("创建工作目标", "定位与量化目标", {
        "heading": text("章标题", "第一章的标题（可选，默认“创建工作目标”）"),
        "positioning": texts("定位", "发展定位与先行先试方向，一段一项", required=True),
        "quantified": texts("量化目标", "创建期末的量化目标，一段一项", required=True),
    }, required=True),
    "tasks": listof("主要任务", "本市自己的任务组", mapping("任务组", "一组任务", {
        "title": text("任务组名称", "如“着力打造三大核心品牌”", required=True),
        "paragraphs": texts("内容", "本组任务的段落", required=True),
    }), required=True, min_items=1),
    "safeguards": listof("保障措施", "组织、制度、资金、税收、人才、监管、宣传等保障措施", mapping("保障措施", "一项保障措施", {
        "title": text("标题", "如“组织保障”", required=True),
        "paragraphs": texts("内容", "本项保障措施的段落", required=True),
    }), required=True, min_items=1),
})

SCHEMA: Rules = {
    "type": choice("方案类型", "city：示范城市创建工作方案（默认）；base：示范基地创建工作方案；"
                   "brief：只写了要点的示范城市方案（生成要点，如同加了 --brief）", tuple(REGISTRY)),
    "cover": COVER,
    "period": PERIOD,
    "preamble": texts("前言", "正文前的引言段落（可选），通常说明依据的上级文件"),
    "guiding_ideology": text("指导思想", "创建工作的指导思想（可选），放在总体目标之前"),
    "principles": titled_texts("基本原则", "创建工作的基本原则（可选），放在总体目标之前"),
    "summary": SUMMARY,
    "economy": ECONOMY,
    "ecommerce": ECOMMERCE,
    "targets": mapping("创建工作总体目标与具体目标", "第四章的内容", {
        "overall": text("总体目标", "3—5 年内创建工作的总体目标"),
        "indicators": listof("具体目标", "具体目标指标，至少包括编制要点要求的五类", INDICATOR),
    }),
    "tasks": TASKS,
    "projects": mapping("重点工程", "重点工程列表与投资汇总", {
        "items": listof("工程列表", "各项重点工程", PROJECT),
        "total_investment": quantity("计划总投资", "重点工程计划总投资（可选；填写后与各项合计核对）", CURRENCY,
                                     with_year=False),
    }),
    "safeguards": safeguards("第六章的内容"),
    "steps": STEPS,
    "attachments": listof("附件", "方案的附件（任务分工表与重点工程汇总表由 ecplan 自动生成）", ATTACHMENT),
    "charts": charts_section("indicators", "trajectory", "investment"),
    "brief": BRIEF,
    "notice": NOTICE,
    "layout": LAYOUT,
    "accept": ACCEPT,
    "tables": TABLES,
}


"""The official outline of a city plan (发改办高技〔2016〕1284号 附件1; 2017 编制要点) as data.

Chapters and sub-items in their official order and wording, what each sub-item needs from the YAML, the five
official task groups with the topics they list, the key-project support directions and indicator kinds.
The validator (rule R1, R4, R6) and the templates read the same data, so they cannot disagree.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from generator.doctypes.outline import Chapter, SubItem
from generator.doctypes.outline import requirements as _req

#: the split of the transaction total that statistics often lack: asked for, but a plan without it is not refused
_SPLIT = "编制要点要求年度电子商务交易额分列国内和跨境；统计部门暂无分项数据时，可只写合计，并在补充说明中注明口径"

CITY_CHAPTERS: tuple[Chapter, ...] = (
    Chapter("摘要", "summary", (
        SubItem("创建工作目标", "targets"),
        SubItem("创建工作主要任务", "tasks"),
        SubItem("创建工作重点工程", "projects"),
        SubItem("创建工作保障措施", "safeguards"),
    )),
    Chapter("城市经济社会发展现状与战略定位", "economy", (
        SubItem("城市经济社会发展概况", "overview", _req(
            ("economy.overview.location", "城市区位"),
            ("economy.overview.population", "人口"),
            ("economy.overview.income.urban", "城镇居民人均可支配收入"),
            ("economy.overview.income.rural", "农村居民人均可支配收入"),
            ("economy.overview.gdp", "GDP 总量及增速"),
            ("economy.overview.industries.primary", "第一产业产值"),
            ("economy.overview.industries.secondary", "第二产业产值"),
            ("economy.overview.industries.tertiary", "第三产业产值"),
            ("economy.overview.retail_sales", "社会消费品零售总额及增速"),
            ("economy.overview.trade", "进出口额及增速"),
            ("economy.overview.pillar_industries", "支柱或特色产业发展现状"),
        )),
        SubItem("城市经济社会发展战略", "strategy", _req(("economy.strategy", "总体发展战略目标与定位"))),
        SubItem("城市经济社会发展对电子商务的需求分析", "demand", _req(
            ("economy.demand.consumption", "拉动消费的需求"),
            ("economy.demand.transformation", "促进城市经济转型的需求"),
            ("economy.demand.growth_drivers", "培育经济增长动力的需求"),
        )),
    )),
    Chapter("城市电子商务发展现状与问题", "ecommerce", (
        SubItem("城市电子商务发展概况", "overview", _req(
            ("ecommerce.overview.transactions", "电子商务交易额及增速"),
            ("ecommerce.overview.domestic_transactions", "国内电子商务交易额", _SPLIT),
            ("ecommerce.overview.cross_border_transactions", "跨境电子商务交易额", _SPLIT),
            ("ecommerce.overview.enterprises.service", "电子商务服务企业数量"),
            ("ecommerce.overview.enterprises.application", "电子商务应用企业数量"),
            ("ecommerce.overview.typical_enterprises", "典型电子商务企业经营情况"),
            ("ecommerce.overview.tax", "纳税情况"),
            ("ecommerce.overview.parks", "电子商务园区（基地）建设情况"),
            ("ecommerce.overview.associations", "电子商务协会等社团组织建设情况"),
            ("ecommerce.overview.features", "主要特点与优势"),
            ("ecommerce.overview.opportunities", "面临的机遇与挑战"),
        )),
        SubItem("城市电子商务发展环境情况", "environment", _req(
            ("ecommerce.environment.logistics", "现代物流"),
            ("ecommerce.environment.payment", "电子支付"),
            ("ecommerce.environment.certification", "电子认证"),
            ("ecommerce.environment.credit", "信用"),
            ("ecommerce.environment.standards", "标准"),
            ("ecommerce.environment.policies", "已出台的地方性法规、政策"),
        )),
        SubItem("城市电子商务发展存在的主要问题及拟采取的应对措施", "problems",
                _req(("ecommerce.problems", "主要问题及应对措施"))),
    )),
    Chapter("创建工作总体目标与具体目标", "targets", (
        SubItem("总体目标", "overall", _req(("targets.overall", "3—5 年内创建工作的总体目标"))),
        SubItem("具体目标", "indicators", _req(("targets.indicators", "具体目标指标"))),
    )),
    Chapter("创建工作主要任务", "tasks", ()),
    Chapter("创建工作保障措施", "safeguards", (
        SubItem("组织保障措施", "organisation", _req(("safeguards.organisation", "组织保障措施"))),
        SubItem("资金保障措施", "funding", _req(("safeguards.funding", "资金保障措施"))),
        SubItem("其他保障措施", "other", _req(("safeguards.other", "宣传引导、氛围营造、技术应用等其他保障措施"))),
    )),
)


class TaskGroup(NamedTuple):
    key: str
    title: str
    topics: tuple[str, ...]


TASK_GROUPS: tuple[TaskGroup, ...] = (
    TaskGroup("policy", "完善电子商务政策法规环境", ("促进政策与措施", "统计制度")),
    TaskGroup("support", "健全电子商务支撑体系", ("物流配送体系", "电子支付创新应用", "信用信息共享")),
    TaskGroup("infrastructure", "加强电子商务基础设施和交易保障设施建设", ("网络基础设施", "交易保障应用设施")),
    TaskGroup("services", "积极培育电子商务服务", ("重点领域服务平台", "特色产业电子商务服务")),
    TaskGroup("applications", "深化电子商务应用", ("骨干企业供应链协同", "中小企业电子商务应用")),
)
TASK_TOPICS: tuple[str, ...] = tuple(topic for group in TASK_GROUPS for topic in group.topics)


def task_groups(plan: dict[str, Any]) -> list[tuple[tuple[Any, ...], str, dict[str, Any]]]:
    """The task groups a plan writes, in the document's order, each as (its path in the plan, its title, the
    group): the plan's own structure (``groups``) when it has one; else the official groups (under their official
    titles), then the city's own (``extra``)."""
    tasks = plan.get("tasks") if isinstance(plan.get("tasks"), dict) else {}
    if isinstance(tasks.get("groups"), list):
        return [(("tasks", "groups", i), str(g.get("title", "")), g) for i, g in enumerate(tasks["groups"])
                if isinstance(g, dict)]
    groups = [(("tasks", g.key), g.title, tasks[g.key]) for g in TASK_GROUPS if isinstance(tasks.get(g.key), dict)]
    extra = tasks.get("extra") if isinstance(tasks.get("extra"), list) else []
    groups += [(("tasks", "extra", i), str(g.get("title", "")), g) for i, g in enumerate(extra) if isinstance(g, dict)]
    return groups


#: what ``covers:`` may name: an official group by its key or its title
GROUP_NAMES: dict[str, str] = {**{g.key: g.key for g in TASK_GROUPS}, **{g.title: g.key for g in TASK_GROUPS}}
TOPIC_GROUP: dict[str, str] = {topic: g.key for g in TASK_GROUPS for topic in g.topics}


def covered_groups(plan: dict[str, Any]) -> dict[str, list[str]]:
    """Which official groups the plan's tasks cover, and by what: an official group written with tasks; a group or
    a task that says ``covers:``; a task whose ``topic:`` belongs to it. Official key → how (for the messages)."""
    found: dict[str, list[str]] = {}
    for path, title, group in task_groups(plan):
        items = [t for t in group.get("tasks") or [] if isinstance(t, dict)]
        if path[1] in GROUP_NAMES and items:
            found.setdefault(str(path[1]), []).append(f"任务组“{title}”")
        if items:
            for name in group.get("covers") or []:
                if name in GROUP_NAMES:
                    found.setdefault(GROUP_NAMES[name], []).append(f"任务组“{title}”")
        for task in items:
            for name in task.get("covers") or []:
                if name in GROUP_NAMES:
                    found.setdefault(GROUP_NAMES[name], []).append(f"任务“{task.get('title', '')}”")
            if task.get("topic") in TOPIC_GROUP:
                found.setdefault(TOPIC_GROUP[task["topic"]], []).append(f"任务“{task.get('title', '')}”")
    return found

#: Support directions of 电子商务重大工程 (003 part 二), by group.
SUPPORT_DIRECTIONS: dict[str, tuple[str, ...]] = {
    "共性信息基础设施": (
        "电子商务经济运行监测平台", "电子商务可信交易服务平台", "电子印章管理及电子合同应用",
        "电子发票推广工程", "电子商务物流效能优化工程", "电子商务支付技术创新与安全服务工程",
    ),
    "创新应用": (
        "电子商务创业创新服务工程", "电子商务大数据应用工程", "特色农林业和农资电子商务应用工程",
        "工业企业电子商务应用工程", "智能装备网络化服务工程", "健康医疗电子商务应用工程", "线上线下融合发展工程",
    ),
    "国际化发展": ("电子商务综合通关提速工程", "电子商务国际大通道建设工程"),
}
DIRECTIONS: tuple[str, ...] = tuple(d for group in SUPPORT_DIRECTIONS.values() for d in group)

#: The three requirements of which a recommended project must meet at least one (003 part 二(四)3).
PROJECT_REQUIREMENTS: dict[int, str] = {
    1: "集信息服务、在线交易、支付、物流等功能于一体、服务范围广的电子商务平台",
    2: "探索解决行业或领域应用共性问题、注重资源整合与信息共享的共性信息基础设施",
    3: "探索有利于电子商务发展的法规政策环境，拓展新领域，培育新模式、新业态",
}

#: Indicator kinds the specific targets must include (rule R4) and the units each accepts.
INDICATOR_KINDS: dict[str, tuple[str, ...]] = {
    "交易额": ("亿元", "万亿元", "万元", "亿美元", "万美元"),
    "增长率": ("%",),
    "应用普及程度": ("%",),
    "服务企业数量": ("家", "个", "万家", "万个", "户", "万户"),
    "从业人员数量": ("人", "万人"),
    "法规政策任务": ("项", "件", "部", "个"),
    "其他": (),
}
REQUIRED_INDICATOR_KINDS: tuple[str, ...] = ("交易额", "应用普及程度", "服务企业数量", "从业人员数量", "法规政策任务")

CITY_STATUSES = ("省会城市", "计划单列市", "直辖市", "副省级城市", "地级市", "县级市", "市辖区", "国家级新区")
ELIGIBLE_STATUSES = ("省会城市", "计划单列市", "直辖市", "副省级城市")   # every 副省级城市 is one of the first two
TASK_NATURES = ("规制", "设施", "服务", "应用")

#: Words by which a task is taken to cover an outline topic when it does not name the topic itself.
TOPIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "促进政策与措施": ("政策", "措施", "办法"),
    "统计制度": ("统计",),
    "物流配送体系": ("物流", "配送", "快递"),
    "电子支付创新应用": ("支付",),
    "信用信息共享": ("信用",),
    "网络基础设施": ("网络基础", "宽带", "5G", "千兆", "光纤"),
    "交易保障应用设施": ("可信交易", "纠纷", "通关", "交易保障"),
    "重点领域服务平台": ("跨境", "农村", "农产品", "生活服务", "旅游"),
    "特色产业电子商务服务": ("产业",),
    "骨干企业供应链协同": ("供应链", "骨干企业"),
    "中小企业电子商务应用": ("中小企业",),
}

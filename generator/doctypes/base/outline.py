"""The official outline of a base plan (国家电子商务示范基地创建工作方案编制要点, 001 第一篇), as data read by the
validator and the context builder.
"""

from __future__ import annotations

from generator.doctypes.outline import Chapter, SubItem
from generator.doctypes.outline import requirements as _req

BASE_SUPPORT_SYSTEMS: tuple[tuple[str, str], ...] = (
    ("certification", "电子认证"), ("payment", "电子支付"), ("logistics", "现代物流"), ("credit", "信用"),
    ("standards", "标准"), ("statistics", "统计"),
)

#: 五、创建工作内容: the six work items of the outline, in order, with what each covers.
BASE_WORK_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("policy", "完善促进电子商务发展的政策措施",
     "拟制定和修订的地方规章和政策措施；入驻企业的优惠政策；入驻企业的认定标准和范围"),
    ("facilities", "完善基础配套服务设施和支撑体系", "基地提供给入驻企业的基础配套服务设施以及电子商务支撑体系的建设"),
    ("platform", "建设电子商务公共服务平台和统计体系", "公共服务平台的模式、功能及创新点；电子商务统计体系建设"),
    ("financing", "建立投融资机制和孵化体系", "投融资渠道和机制；电子商务孵化中心方案；产、学、研、用合作机制"),
    ("market", "服务地方市场体系建设", "扩大消费、促进居民及社区电子商务应用、促进商务领域市场建设的推进措施"),
    ("talent", "加强人才培养引进和课题研究", "人才培养和人才引进举措；基础理论、关键技术、行业标准等研究课题"),
)

#: 四、创建工作目标: the indicator kinds the specific targets must include (R4 for base plans).
BASE_INDICATOR_KINDS: tuple[str, ...] = (
    "企业聚集数量", "企业年均产值", "基地年营销收入", "研发机构数量", "带动就业人数", "中介机构建设",
)
#: the units each indicator kind is counted in (V104)
BASE_KIND_UNITS: dict[str, tuple[str, ...]] = {
    "企业聚集数量": ("家", "个", "户", "万家", "万户"), "企业年均产值": ("万元", "亿元", "元", "万美元", "亿美元"),
    "基地年营销收入": ("万元", "亿元", "万亿元", "元", "万美元", "亿美元"), "研发机构数量": ("个", "家", "所", "处"),
    "带动就业人数": ("人", "万人"), "中介机构建设": ("个", "家", "项"),
}
BASE_INDICATOR_LABELS = {
    "企业聚集数量": "电子商务企业聚集数量", "企业年均产值": "企业年均产值（销售收入）", "基地年营销收入": "基地年营销收入",
    "研发机构数量": "经省级（含省级）以上有关部门批准或认定的研发机构数量", "带动就业人数": "带动人员就业情况",
    "中介机构建设": "电子商务协会等中介机构建设情况",
}

#: 八、相关证明文件及附件: the five attachments, in the outline's order (R14).
BASE_ATTACHMENTS: tuple[tuple[str, str], ...] = (
    ("approval", "上级地方政府关于批准基地建设的相关文件"),
    ("plan", "基地电子商务发展规划"),
    ("funding", "基地电子商务发展专项资金证明文件及管理办法"),
    ("policies", "已出台的基地电子商务发展政策文件"),
    ("enterprises", "已入驻电子商务企业、单位名单及经营情况简表"),
)

BASE_CHAPTERS: tuple[Chapter, ...] = (
    Chapter("地方经济对电子商务的需求和创建工作的意义", "demand", (
        SubItem("区域经济结构调整对电子商务的需求", "restructuring",
                _req(("demand.restructuring", "区域经济结构调整对电子商务的需求"))),
        SubItem("产业发展规划对电子商务的需求", "industry", _req(("demand.industry", "产业发展规划对电子商务的需求"))),
        SubItem("市场环境建设对电子商务的需求", "market", _req(("demand.market", "市场环境建设对电子商务的需求"))),
        SubItem("创建国家电子商务示范基地的意义", "significance", _req(
            ("demand.significance", "对当地电子商务发展、流通体系建设、公共服务模式创新、区域经济协同发展的促进作用"))),
    )),
    Chapter("地方电子商务发展的现状", "status", (
        SubItem("企业电子商务应用与网络零售", "applications", _req(
            ("status.applications", "企业电子商务应用情况"), ("status.online_retail", "网络零售情况"))),
        SubItem("第三方电子商务交易与服务", "platforms", _req(("status.platforms", "第三方电子商务交易与服务"))),
        SubItem("支柱或特色产业信息化水平及电子商务应用", "pillar_industries",
                _req(("status.pillar_industries", "支柱或特色产业信息化水平及电子商务应用情况"))),
        SubItem("电子商务支撑体系建设情况", "support", _req(
            *((f"status.support.{key}", label) for key, label in BASE_SUPPORT_SYSTEMS))),
        SubItem("地方法规、政策及市场规范与监管情况", "regulation",
                _req(("status.regulation", "地方法规、政策、电子商务市场规范与监管情况"))),
        SubItem("当地电子商务发展存在的主要问题", "problems", _req(("status.problems", "存在的主要问题"))),
    )),
    Chapter("创建工作基础", "foundation", (
        SubItem("园区范围", "scope", _req(("foundation.scope", "园区范围"))),
        SubItem("园区规划", "planning", _req(("foundation.planning", "园区规划"))),
        SubItem("管理机构", "management", _req(("foundation.management", "管理机构"))),
        SubItem("已入驻企业情况", "enterprises", _req(("foundation.enterprises", "已入驻企业情况"))),
        SubItem("已出台政策情况", "policies", _req(("foundation.policies", "已出台政策情况"))),
        SubItem("相关配套设施情况", "facilities", _req(("foundation.facilities", "相关配套设施情况"))),
    )),
    Chapter("创建工作目标", "targets", (
        SubItem("总体目标", "overall", _req(("targets.overall", "3—5 年内创建工作的总体目标"))),
        SubItem("具体目标", "indicators", _req(("targets.indicators", "具体目标指标"))),
    )),
    Chapter("创建工作内容", "work", tuple(
        SubItem(title, key, _req((f"work.{key}", covers))) for key, title, covers in BASE_WORK_ITEMS)),
    Chapter("创建工作保障措施", "safeguards", (
        SubItem("组织保障", "organisation", _req(("safeguards.organisation", "组织机制：主管领导、牵头部门、职责分工"))),
        SubItem("资金保障", "funding", _req(("safeguards.funding", "资金保障"))),
        SubItem("其他保障措施", "other"),
    )),
    Chapter("创建工作实施计划及阶段目标", "schedule", (
        SubItem("实施计划及阶段目标", "phases", _req(("schedule.phases", "按重点任务划分的实施阶段及可考核的阶段目标"))),
    )),
    Chapter("相关证明文件及附件", "attachments", ()),
)

"""The base-plan input format (示范基地创建工作方案): every field with its Chinese label and a one-line description."""

from __future__ import annotations

from generator.doctypes.base.outline import (
    BASE_ATTACHMENTS, BASE_INDICATOR_KINDS, BASE_SUPPORT_SYSTEMS, BASE_WORK_ITEMS,
)
from generator.doctypes.fields import (
    MAX_TITLE, MONEY_UNITS, Rules, choice, listof, mapping, month, number, quantity, text, texts,
)
from generator.doctypes.notice import SCHEMA as NOTICE
from generator.doctypes.schema import ACCEPT, TABLES, COVER_DATE, LAYOUT, STAGE, PERIOD, charts_section, indicator, safeguards

BASE_COVER = mapping("封面", "封面与文件信息", {
    "title": text("方案标题", "文件标题，如“示例电子商务产业园创建国家电子商务示范基地工作方案”", required=True,
                  max_length=MAX_TITLE),
    "base": text("基地名称", "申报基地（园区）的全称", required=True),
    "city": text("所在城市", "基地所在的城市", required=True),
    "province": text("所在省份", "基地所在的省、自治区、直辖市", required=True),
    "applicant": text("申报单位", "提交方案的单位，如基地所在地人民政府或基地管理委员会", required=True),
    "compiler": text("编制单位", "具体编制方案的部门或机构", required=True),
    "date": COVER_DATE,
    "stage": STAGE,
}, required=True)

BASE_INDICATOR = indicator(BASE_INDICATOR_KINDS + ("其他",), "用于核对编制要点要求的六类指标", "入驻电子商务企业数量")

WORK_TASK = mapping("工作任务", "一项工作任务", {
    "title": text("任务名称", "任务的小标题", required=True),
    "content": text("任务内容", "任务的具体内容与预期效果", required=True),
    "lead": text("责任单位", "负责本任务的单位（可选）"),
    "deadline": month("完成时间", "完成年份或年月（可选），如 2028-06"),
})

WORK = mapping("创建工作内容", "第五章：编制要点所列的六个方面", {
    key: mapping(title, covers, {
        "intro": text("导语", "本方面的总括说明（可选）"),
        "tasks": listof("任务列表", "本方面的各项任务", WORK_TASK),
    }) for key, title, covers in BASE_WORK_ITEMS
})

STAGE_TARGET = mapping("阶段目标", "一项可考核的阶段目标：写明数量，或写明完成时间", {
    "text": text("目标内容", "如“入驻电子商务企业达到300家”", required=True),
    "deadline": month("完成时间", "完成年份或年月，如 2027-12"),
})

PHASE = mapping("实施阶段", "一个实施阶段：起止时间、重点工作与阶段目标", {
    "name": text("阶段名称", "如“启动建设阶段”", required=True),
    "start": month("开始时间", "开始年份或年月，如 2027-01", required=True),
    "end": month("结束时间", "结束年份或年月，如 2027-12", required=True),
    "tasks": texts("重点工作", "本阶段的重点工作", required=True),
    "targets": listof("阶段目标", "本阶段可考核的目标", STAGE_TARGET, required=True, min_items=1),
})

DOCUMENT = mapping("证明文件", "一份证明文件", {
    "title": text("文件名称", "文件的名称，如“示例市人民政府关于同意建设示例电子商务产业园的批复”", required=True),
    "number": text("文号", "发文字号，如“示政函〔2025〕12号”"),
    "date": text("日期", "成文日期"),
})

ENTERPRISE = mapping("入驻企业", "一家已入驻的企业或单位", {
    "name": text("企业（单位）名称", "全称", required=True),
    "business": text("主营业务", "主营业务", required=True),
    "output": quantity("年产值", "上年产值（销售收入）", MONEY_UNITS, with_year=False, required=True),
    "employees": number("就业人员数量", "就业人员（人）", required=True, minimum=0),
})

SCHEMA: Rules = {
    "type": choice("方案类型", "base：示范基地创建工作方案（示范基地方案必须写明）", ("base",), required=True),
    "cover": BASE_COVER,
    "period": PERIOD,
    "preamble": texts("前言", "正文前的引言段落（可选）"),
    "demand": mapping("地方经济对电子商务的需求和创建工作的意义", "第一章", {
        "restructuring": text("区域经济结构调整的需求", "区域经济结构调整对电子商务的需求"),
        "industry": text("产业发展规划的需求", "产业发展规划对电子商务的需求"),
        "market": text("市场环境建设的需求", "市场环境建设对电子商务的需求"),
        "significance": text("创建工作的意义", "对当地电子商务发展、流通体系建设、公共服务模式创新、区域经济协同发展的促进作用"),
    }),
    "status": mapping("地方电子商务发展的现状", "第二章", {
        "applications": text("企业电子商务应用", "企业电子商务应用情况"),
        "online_retail": text("网络零售", "网络零售情况"),
        "platforms": text("第三方电子商务交易与服务", "第三方电子商务交易与服务情况"),
        "pillar_industries": text("支柱或特色产业信息化", "支柱或特色产业信息化水平及电子商务应用情况"),
        "support": mapping("电子商务支撑体系", "电子认证、电子支付、现代物流、信用、标准、统计等支撑体系建设情况", {
            key: text(label, f"{label}支撑体系建设情况") for key, label in BASE_SUPPORT_SYSTEMS
        }),
        "regulation": text("法规政策与市场监管", "地方法规、政策、电子商务市场规范与监管情况"),
        "problems": texts("主要问题", "当地电子商务发展存在的主要问题，一条一段"),
    }),
    "foundation": mapping("创建工作基础", "第三章：已经具备的条件和基础", {
        "scope": text("园区范围", "园区的四至、面积和功能分区"),
        "planning": text("园区规划", "园区的规划及批复情况"),
        "management": text("管理机构", "园区的管理机构及其职能"),
        "enterprises": text("已入驻企业情况", "已入驻企业的数量、结构和经营情况（名单见附件）"),
        "policies": text("已出台政策情况", "已出台的扶持政策"),
        "facilities": text("相关配套设施情况", "网络、物流、办公、生活等配套设施"),
    }),
    "targets": mapping("创建工作目标", "第四章", {
        "overall": text("总体目标", "3—5 年内创建工作的总体目标"),
        "indicators": listof("具体目标", "具体目标指标，至少包括编制要点所列六类", BASE_INDICATOR),
    }),
    "work": WORK,
    "safeguards": safeguards("第六章：组织机制（主管领导、牵头部门、职责分工）和资金保障等", duties=True),
    "schedule": mapping("创建工作实施计划及阶段目标", "第七章", {
        "intro": text("导语", "实施计划的总括说明（可选）"),
        "phases": listof("实施阶段", "按重点任务划分的实施阶段", PHASE),
    }),
    "attachments": mapping("相关证明文件及附件", "第八章：编制要点所列的五项附件", {
        **{key: listof(title, f"{title}（列出文件名称和文号）", DOCUMENT)
           for key, title in BASE_ATTACHMENTS if key != "enterprises"},
        "enterprises": listof("已入驻企业名单及经营情况", "已入驻电子商务企业、单位名单及经营情况简表", ENTERPRISE),
    }),
    "charts": charts_section("indicators", "trajectory"),
    "notice": NOTICE,
    "layout": LAYOUT,
    "accept": ACCEPT,
    "tables": TABLES,
}

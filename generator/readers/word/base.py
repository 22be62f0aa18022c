"""A 示范基地 plan mapped from a Word document (the base outline's eight chapters): the demand for e-commerce, its
state, the base's foundation, the targets (with the indicator table), the six groups of work (tasks in each), the
safeguards (as a city plan's) and the schedule, each sub-item found by the words of its title."""

from __future__ import annotations

import re
from typing import Any

from generator.readers.word import MISSING, Mapping, Section
from generator.readers.word.city_parts import _indicators, _text
from generator.readers.word.safeguards import _safeguards

CHAPTERS = (("demand", ("需求", "意义")), ("status", ("现状",)), ("foundation", ("基础",)), ("targets", ("目标",)),
            ("work", ("工作内容", "任务")), ("safeguards", ("保障",)), ("schedule", ("实施计划", "阶段")))
ITEMS = {
    "demand": (("restructuring", "结构调整"), ("industry", "产业发展"), ("market", "市场环境"), ("significance", "意义")),
    "status": (("applications", "企业电子商务应用"), ("online_retail", "网络零售"), ("platforms", "第三方"),
               ("pillar_industries", "支柱"), ("regulation", "法规")),
    "foundation": (("scope", "范围"), ("planning", "规划"), ("management", "管理机构"), ("enterprises", "入驻"),
                   ("policies", "政策"), ("facilities", "配套")),
}
SUPPORT = (("certification", "认证"), ("payment", "支付"), ("logistics", "物流"), ("credit", "信用"), ("standards", "标准"),
           ("statistics", "统计"))


def map_base(root: Section, title: str, cover: list[Any]) -> Mapping:
    mapping = Mapping()
    mapping.put(("type",), "base")
    mapping.put(("cover", "title"), title or MISSING)
    found = re.match(r"^(.+?(?:基地|园区|产业园))", title)
    if found:
        mapping.put(("cover", "base"), found.group(1))
    for path, what in ((("cover", "base"), "基地名称"), (("cover", "city"), "所在城市"), (("cover", "province"), "所在省份"),
                       (("cover", "applicant"), "申报单位"), (("cover", "compiler"), "编制单位"), (("cover", "date"), "成文日期"),
                       (("period", "start"), "创建期起始年份"), (("period", "end"), "创建期截止年份")):
        if path != ("cover", "base") or not found:
            mapping.lack(path, what)
    for section in root.children:
        key = next((k for k, words in CHAPTERS if any(word in section.title for word in words)), None)
        if key in ITEMS:
            _items(mapping, section, key)
        elif key == "targets":
            if section.paragraphs():
                mapping.put(("targets", "overall"), _text(section.paragraphs()), section, "创建工作目标")
            _indicators(mapping, section)
        elif key == "work":
            _work(mapping, section)
        elif key == "safeguards":
            _safeguards(mapping, section)
        elif key == "schedule" and section.everything():
            mapping.put(("schedule", "intro"), _text(section.everything()), section, "实施计划及阶段目标")
        elif section.level != -1:
            mapping.unplaced += section.everything()
    return mapping


def _items(mapping: Mapping, section: Section, key: str) -> None:
    for child in section.children:
        item = next((k for k, word in ITEMS[key] if word in child.title), None)
        support = next((k for k, word in SUPPORT if word in child.title), None) if key == "status" else None
        if "问题" in child.title and key == "status":
            mapping.put(("status", "problems"), [{"problem": p.text} for p in child.everything() if p.kind == "para"],
                        child, "主要问题")
        elif item or support:
            path = (key, item) if item else ("status", "support", support)
            mapping.put(path, _text(child.everything()) or MISSING, child, child.title)
        else:
            mapping.unplaced += child.everything()


def _work(mapping: Mapping, section: Section) -> None:
    from generator.doctypes.base.outline import BASE_WORK_ITEMS
    from generator.readers.word.city_parts import _group_tasks

    for child in section.children:
        key = next((key for key, title, _ in BASE_WORK_ITEMS if title == child.title or title[:6] in child.title), None)
        if key is None:
            mapping.unplaced += [child.heading, *child.everything()] if child.heading else child.everything()
            continue
        mapping.put(("work", key), {"tasks": _group_tasks(child)}, child, f"创建工作内容 › {child.title}")

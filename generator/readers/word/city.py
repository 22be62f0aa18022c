"""A city plan's sections mapped onto the outline (发改办高技〔2016〕1284号 附件1): each chapter found by the words of
its title (经济社会发展现状, 发展现状与问题, 目标, 任务, 保障措施…, as real plans vary them), its sub-items by theirs,
the facts read out of their sentences and tables (``fields``), the rest kept as the text of the section."""

from __future__ import annotations

import re
from typing import Any

from generator.lazy import Pattern
from generator.readers.word import MISSING, Mapping, Section
from generator.readers.word.fields import quantity

#: a chapter by the words of its title, in the order they are tried
CHAPTERS = (("summary", ("摘要",)), ("economy", ("经济社会",)), ("ecommerce", ("电子商务发展现状", "发展现状与问题", "发展基础")),
            ("requirements", ("总体要求", "指导思想")), ("targets", ("目标",)), ("tasks", ("任务",)),
            ("projects", ("重点工程", "重点项目")), ("safeguards", ("保障",)), ("steps", ("步骤", "进度安排", "实施安排")))
FACTS = ((("economy", "overview", "population"), "常住人口"), (("economy", "overview", "income", "urban"), "城镇居民人均可支配收入"),
         (("economy", "overview", "income", "rural"), "农村居民人均可支配收入"), (("economy", "overview", "gdp"), "地区生产总值"),
         (("economy", "overview", "retail_sales"), "社会消费品零售总额"), (("economy", "overview", "trade"), "进出口总额"))
SALES = ((("ecommerce", "overview", "transactions"), "电子商务交易额"),
         (("ecommerce", "overview", "domestic_transactions"), "国内电子商务交易额"),
         (("ecommerce", "overview", "cross_border_transactions"), "跨境电子商务交易额"),
         (("ecommerce", "overview", "online_retail"), "网络零售额"),
         (("ecommerce", "overview", "enterprises", "service"), "电子商务服务企业"),
         (("ecommerce", "overview", "enterprises", "application"), "电子商务应用企业"))
OVERVIEW = (("typical_enterprises", "典型企业"), ("tax", "纳税"), ("parks", "园区"), ("associations", "协会"),
            ("features", "特点"), ("opportunities", "机遇"))
ENVIRONMENT = (("logistics", "物流"), ("payment", "支付"), ("certification", "认证"), ("credit", "信用"),
               ("standards", "标准"), ("policies", "法规"))
DEMAND = (("consumption", "消费"), ("transformation", "转型"), ("growth_drivers", "增长动力"))


PROVINCES = ("(河北省|山西省|辽宁省|吉林省|黑龙江省|江苏省|浙江省|安徽省|福建省|江西省|山东省|河南省|湖北省|湖南省|广东省|海南省|"
             "四川省|贵州省|云南省|陕西省|甘肃省|青海省|台湾省|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|"
             "新疆维吾尔自治区)")


_COVER_LINE = Pattern(r"^(?:.{2,30}(?:人民政府|办公厅|办公室)|编制单位[:：].+|20\d\d\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)$")


def _chapter(title: str) -> str | None:
    return next((key for key, words in CHAPTERS if any(word in title for word in words)), None)


def _text(passages: list[Any]) -> str:
    return "\n".join(p.text for p in passages if p.kind == "para")


def map_city(root: Section, title: str, cover: list[Any]) -> Mapping:
    mapping = Mapping()
    lines = [p for p in root.paragraphs() if _COVER_LINE.match(p.text)]      # typed under the title: the cover's
    cover = list(cover) + lines
    _cover(mapping, title, cover, root)
    preamble = [p for p in root.paragraphs() if p not in lines]
    if preamble:
        mapping.put(("preamble",), [p.text for p in preamble], preamble[0], "前言")
    for section in root.children:
        if section.level == -1:         # an attachment
            _attachment(mapping, section)
            continue
        key = _chapter(section.title)
        reader = READERS.get(key) if key else None
        if reader is None:
            mapping.unplaced += section.everything()
            continue
        reader(mapping, section)
    _required(mapping)
    return mapping


def _cover(mapping: Mapping, title: str, cover: list[Any], root: Section) -> None:
    found = re.match(r"^(.+?[市州盟区县])", title)
    mapping.put(("cover", "title"), title or MISSING)
    if found:
        mapping.put(("cover", "city"), found.group(1))
    else:
        mapping.lack(("cover", "city"), "城市名称")
    lines = [p.text for p in cover]
    applicant = next((line for line in lines if line.endswith(("人民政府", "政府"))), None)
    compiler = next((re.split(r"[:：]", line, 1)[1].strip() for line in lines if line.startswith("编制单位")), None)
    date = next((re.sub(r"\s", "", line) for line in lines if re.match(r"^20\d\d\s*年\s*\d{1,2}\s*月", line)), None)
    text = "\n".join(p.text for p in root.everything())
    province = re.search(PROVINCES, text) or re.search(r"(?:是|位于|地处|隶属于?)([\u4e00-\u9fff]{2,3}?省)", text)
    status = next((name for word, name in (("省会", "省会城市"), ("计划单列市", "计划单列市"), ("直辖市", "直辖市"),
                                           ("副省级", "副省级城市"), ("地级市", "地级市"), ("县级市", "县级市")) if word in text), None)
    for path, value, what in ((("cover", "province"), province.group(1) if province else None, "所在省份"),
                              (("cover", "city_status"), status, "城市类型"),
                              (("cover", "applicant"), applicant, "申报单位"), (("cover", "compiler"), compiler, "编制单位"),
                              (("cover", "date"), date, "成文日期")):
        if value:
            mapping.put(path, value)
        else:
            mapping.lack(path, what)
    span = r"(20\d\d)\s*年?\s*[—–\-~～至到]+\s*(20\d\d)\s*年"
    period = re.search(r"创建期[^。；]{0,12}?" + span, text) or re.search(span, title) or re.search(span, text)
    if period:
        mapping.put(("period",), {"start": int(period.group(1)), "end": int(period.group(2))})
    else:
        mapping.lack(("period", "start"), "创建期起始年份")
        mapping.lack(("period", "end"), "创建期截止年份")


def _summary(mapping: Mapping, section: Section) -> None:
    for child in section.children:
        key = next((k for k, w in (("targets", "目标"), ("tasks", "任务"), ("projects", "工程"), ("safeguards", "保障"))
                    if w in child.title), None)
        if key and child.paragraphs():
            mapping.put(("summary", key), _text(child.passages), child, f"摘要 › {child.title}")


def _economy(mapping: Mapping, section: Section) -> None:
    for child in section.children:
        if "概况" in child.title or "基本情况" in child.title:
            rest = _facts(mapping, child.paragraphs(), FACTS)
            if rest:
                mapping.put(("economy", "overview", "location"), rest[0].text, child, "城市区位")
            pillars = [p for p in rest[1:] if "产业" in p.text]
            if pillars:
                mapping.put(("economy", "overview", "pillar_industries"), _text(pillars), child, "支柱或特色产业")
            others = [p for p in rest[1:] if p not in pillars] + [p for c in child.children for p in [c.heading, *c.passages] if p]
            if others:
                mapping.put(("economy", "overview", "text"), _text(others), child, "经济社会发展概况 › 补充说明")
        elif "战略" in child.title or "定位" in child.title:
            mapping.put(("economy", "strategy"), _text(child.everything()), child, "城市经济社会发展战略")
        elif "需求" in child.title:
            _titled(mapping, child, ("economy", "demand"), DEMAND, "对电子商务的需求分析")
        else:
            mapping.unplaced += child.everything()


def _facts(mapping: Mapping, paragraphs: list[Any], facts: tuple[Any, ...]) -> list[Any]:
    """The statistics of the paragraphs put where they go; the paragraphs that gave none."""
    rest = []
    for paragraph in paragraphs:
        found = False
        for path, label in facts:
            value = quantity(paragraph.text, label)
            if value and path[-1] not in ("service", "application"):
                mapping.put(path, value, paragraph, label)
                found = True
            elif value:
                value.pop("growth", None)
                mapping.put(path, value, paragraph, label)
                found = True
        shares = re.search(r"三次产业增加值分别为\s*([\d.]+)\s*(亿元)、\s*([\d.]+)\s*亿元、\s*([\d.]+)\s*亿元", paragraph.text)
        if shares:
            structure = re.search(r"三次产业结构为\s*([\d.]+)\s*[:：]\s*([\d.]+)\s*[:：]\s*([\d.]+)", paragraph.text)
            for index, (key, value) in enumerate(zip(("primary", "secondary", "tertiary"),
                                                     shares.groups()[0:1] + shares.groups()[2:])):
                industry: dict[str, Any] = {"value": float(value), "unit": "亿元"}
                if structure:
                    industry["share"] = float(structure.group(index + 1))
                mapping.put(("economy", "overview", "industries", key), industry)
            found = True
        if not found:
            rest.append(paragraph)
    return rest


def _titled(mapping: Mapping, section: Section, base: tuple[str, ...], keys: tuple[tuple[str, str], ...],
            what: str) -> list[Section]:
    """Subsections titled for fields (拉动消费 → consumption); the subsections that are none of them."""
    left = []
    for child in section.children:
        key = next((k for k, word in keys if word in child.title), None)
        if key and child.everything():
            mapping.put(base + (key,), _text(child.everything()), child, f"{what} › {child.title}")
        else:
            left.append(child)
    return left


def _ecommerce(mapping: Mapping, section: Section) -> None:
    for child in section.children:
        if "问题" in child.title:
            _problems(mapping, child)
        elif "环境" in child.title:
            for rest in _titled(mapping, child, ("ecommerce", "environment"), ENVIRONMENT, "发展环境"):
                mapping.unplaced += [rest.heading, *rest.everything()] if rest.heading else rest.everything()
        elif "概况" in child.title or "现状" in child.title:
            rest = _facts(mapping, child.paragraphs(), SALES)
            for sub in _titled(mapping, child, ("ecommerce", "overview"), OVERVIEW, "电子商务发展概况"):
                rest += _facts(mapping, sub.paragraphs(), SALES)
            if rest:
                mapping.put(("ecommerce", "overview", "features"), _text(rest), child, "电子商务发展概况 › 主要特点与优势")
        else:
            mapping.unplaced += child.everything()


def _problems(mapping: Mapping, section: Section) -> None:
    problems: list[dict[str, str]] = []
    for passage in section.everything():
        text = re.sub(r"^(?:[（(]?\d+[）)]|\d+[.．、])\s*", "", passage.text)
        if text.startswith(("应对措施：", "应对措施:", "措施：")) and problems:
            problems[-1]["countermeasure"] = text.split("：", 1)[-1].split(":", 1)[-1]
        elif text:
            problems.append({"problem": text})
    if problems:
        mapping.put(("ecommerce", "problems"), problems, section, "主要问题及应对措施")


from generator.readers.word.city_parts import READERS_MORE  # noqa: E402  (the chapters from the targets on)

READERS = {"summary": _summary, "economy": _economy, "ecommerce": _ecommerce, **READERS_MORE}


def _attachment(mapping: Mapping, section: Section) -> None:
    """An attachment: the task division (its rows give the tasks their leads), or the plan's own attachment."""
    from generator.readers.word.fields import header_score, table_items
    from generator.readers.workbook_tasks import task_at, task_paths
    from generator.workbook_layout import TASK_DIVISION

    rows = [p.cells for p in section.passages if p.kind == "row"]
    if rows and header_score(rows[0], TASK_DIVISION) >= 3:
        by_title = {"".join(str(task_at(mapping.data, path).get("title", "")).split()): path
                    for path in task_paths(mapping.data)}
        for item in table_items(rows, TASK_DIVISION):
            path = by_title.get("".join(str(item.get("title", "")).split()))
            if path:
                task = task_at(mapping.data, path)
                for key in ("lead", "partners", "deadline"):
                    if item.get(key) and not task.get(key):
                        task[key] = item[key]
        mapping.placed.append((f"附件“{section.title}”（任务分工）", section.where))
        return
    attachment: dict[str, Any] = {"title": section.title}
    paragraphs = [p.text for p in section.passages if p.kind != "row"]
    if paragraphs:
        attachment["paragraphs"] = paragraphs
    if rows:
        attachment["table"] = {"columns": list(rows[0]), "rows": [list(row) for row in rows[1:]]}
    number = len(mapping.data.get("attachments", []))
    mapping.put(("attachments", number), attachment, section, f"附件“{section.title}”")


def _required(mapping: Mapping) -> None:
    """What the outline asks that the document did not give at all: 待补充, said in a comment (the parts a plan
    may lack, the split of the transaction total, are left out)."""
    from generator.doctypes import REGISTRY

    for chapter in REGISTRY["city"].outline:
        for item in chapter.items:
            for requirement in item.requires:
                path = tuple(requirement.path.split(".")) if isinstance(requirement.path, str) else requirement.path
                if not requirement.warning and not _given(mapping.data, path):
                    mapping.lack(path, requirement.what)
    if not (mapping.data.get("projects") or {}).get("items"):
        mapping.lack(("projects", "items"), "重点工程")


def _given(data: Any, path: tuple[str, ...]) -> bool:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return False
        data = data[key]
    return data not in (None, "", [], {})

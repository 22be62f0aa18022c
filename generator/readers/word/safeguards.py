"""The safeguards and the implementation steps of a city (or base) plan, mapped from a Word document: the
organisation (its leader, lead department and those taking part, its mechanisms), the funding with its yearly table,
the 考核 and 总结交流 the reviewers look for, the others as titled texts; steps with their periods."""

from __future__ import annotations

import re

from generator.readers.word import MISSING, Mapping, Section
from generator.readers.word.fields import header_score, names, table_items, tables_of as _tables, text_of as _text
from generator.workbook_layout import FUNDING


def _safeguards(mapping: Mapping, section: Section) -> None:
    other = []
    mapping.unplaced += [p for p in section.passages if p.kind == "para"]     # under the chapter, in no section
    for child in section.children:
        if "组织" in child.title:
            _organisation(mapping, child)
        elif "资金" in child.title:
            _funding(mapping, child)
        else:
            for sub in child.children or [child]:
                text = _text(sub.everything()) if sub is not child else _text(child.paragraphs())
                if "考核" in sub.title and "supervision" not in mapping.data.get("safeguards", {}):
                    mapping.put(("safeguards", "supervision", "assessment"), text, sub, "考核机制")
                elif ("总结" in sub.title or "交流" in sub.title) and \
                        "summary_exchange" not in mapping.data.get("safeguards", {}).get("supervision", {}):
                    mapping.put(("safeguards", "supervision", "summary_exchange"), text, sub, "定期总结交流")
                else:
                    other.append({"title": sub.title, "text": text or MISSING})
    if other:
        mapping.put(("safeguards", "other"), other, section, "其他保障措施")


def _organisation(mapping: Mapping, section: Section) -> None:
    rest = []
    for passage in section.everything():
        led = re.match(r"^由(.+?)牵头(（[^）]*）)?[，,](.+?)等部门参与", passage.text)
        if led:
            mapping.put(("safeguards", "organisation", "lead_department"), led.group(1) + (led.group(2) or ""))
            mapping.put(("safeguards", "organisation", "departments"), names(led.group(3)))
        elif "组长" in passage.text and "leader" not in mapping.data.get("safeguards", {}).get("organisation", {}):
            mapping.put(("safeguards", "organisation", "leader"), passage.text)
        elif "矛盾" in passage.text:
            mapping.put(("safeguards", "organisation", "problem_resolution"), passage.text)
        elif "协调" in passage.text or "会议" in passage.text:
            mapping.put(("safeguards", "organisation", "coordination"), passage.text)
        elif passage.kind == "para":
            rest.append(passage)
    if rest:
        mapping.put(("safeguards", "organisation", "text"), _text(rest))
    mapping.placed.append(("组织保障措施", section.where))


def _funding(mapping: Mapping, section: Section) -> None:
    rest = []
    for rows in _tables(section):
        if rows and header_score(rows[0], FUNDING) >= 2:
            yearly = []
            for item in table_items(rows, FUNDING):
                year = re.match(r"^(20\d\d)", str(item.get("year", "")))
                if year and isinstance(item.get("amount"), (int, float)):
                    yearly.append({"year": int(year.group(1)), "amount": item["amount"], "unit": item.get("unit", "万元"),
                                   **({"source": item["source"]} if item.get("source") else {})})
            if yearly:
                mapping.put(("safeguards", "funding", "yearly"), yearly, section, "年度资金安排（表）")
    for passage in section.paragraphs():
        if re.match(r"^创建期内.*如表\d+所示", passage.text):
            continue
        if "管理办法" in passage.text and "management" not in mapping.data.get("safeguards", {}).get("funding", {}):
            mapping.put(("safeguards", "funding", "management"), passage.text)
        elif "绩效" in passage.text or "考核" in passage.text:
            mapping.put(("safeguards", "funding", "assessment"), passage.text)
        else:
            rest.append(passage)
    if rest:
        mapping.put(("safeguards", "funding", "text"), _text(rest))
    mapping.placed.append(("资金保障措施", section.where))


def _steps(mapping: Mapping, section: Section) -> None:
    steps = []
    for child in section.children:
        found = re.match(r"^(.+?)[（(](20\d\d)年(\d{1,2})?月?[—–\-至]+(20\d\d)年(\d{1,2})?月?[）)]$", child.title)
        if found:
            start = f"{found.group(2)}-{int(found.group(3)):02d}" if found.group(3) else int(found.group(2))
            end = f"{found.group(4)}-{int(found.group(5)):02d}" if found.group(5) else int(found.group(4))
            steps.append({"name": found.group(1), "start": start, "end": end, "content": _text(child.everything()) or MISSING})
        else:
            mapping.unplaced += [child.heading, *child.everything()] if child.heading else child.everything()
    if steps:
        mapping.put(("steps",), steps, section, "实施步骤")

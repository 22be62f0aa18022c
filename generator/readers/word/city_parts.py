"""The chapters of a city plan from its targets on, mapped from a Word document: 指导思想 and 基本原则, the overall
target and the indicator table, the task groups (the outline's five by their titles, others as the city's own) with
each task's text, division and measures, the key projects (from their paragraphs or their table), the safeguards
(organisation, funding with its yearly table, the rest), the implementation steps."""

from __future__ import annotations

import re
from typing import Any

from generator.lazy import Pattern
from generator.readers.word import MISSING, Mapping, Section
from generator.readers.word.fields import division, header_score, project, table_items, tables_of as _tables
from generator.readers.word.fields import text_of as _text
from generator.workbook_layout import INDICATORS, PROJECTS

_ORDINAL = Pattern(r"(?:^|(?<=。))[一二三四五六七八九十]+是")


def _requirements(mapping: Mapping, section: Section) -> None:
    """总体要求: 指导思想, 基本原则 and, often, 发展目标 under one chapter."""
    for child in section.children:
        if "指导思想" in child.title:
            mapping.put(("guiding_ideology",), _text(child.everything()), child, "指导思想")
        elif "原则" in child.title:
            _principles(mapping, child, _text(child.everything()))
        elif "目标" in child.title:
            _targets(mapping, child)
        else:
            mapping.unplaced += child.everything()


def _principles(mapping: Mapping, source: Any, text: str) -> None:
    parts = [part for part in _ORDINAL.split(text.removeprefix("基本原则：")) if part.strip()]
    principles = []
    for part in parts:
        title, _, rest = part.partition("。")
        principles.append({"title": title.strip(), "text": rest.strip() or title.strip()})
    if principles:
        mapping.put(("principles",), principles, source, "基本原则")


_CAPTION = Pattern(r"^(?:表|图)\s*\d+\s|^注[:：]|^创建期（.*如表\d+所示")


def _targets(mapping: Mapping, section: Section) -> None:
    overall = []
    paragraphs = list(section.paragraphs())
    for child in section.children:
        if "具体目标" in child.title or "指标" in child.title:
            _indicators(mapping, child)
        elif "原则" in child.title:
            _principles(mapping, child, _text(child.everything()))
        elif "指导思想" in child.title:
            mapping.put(("guiding_ideology",), _text(child.everything()), child, "指导思想")
        else:
            paragraphs += [p for p in child.everything() if p.kind == "para"]
    for passage in paragraphs:
        if passage.text.startswith(("指导思想：", "指导思想:")):
            mapping.put(("guiding_ideology",), passage.text.split("：", 1)[-1], passage, "指导思想")
        elif passage.text.startswith(("基本原则：", "基本原则:")):
            _principles(mapping, passage, passage.text)
        else:
            overall.append(passage)
    text = [p for p in overall if not _CAPTION.match(p.text)]
    if text:
        mapping.put(("targets", "overall"), _text(text), section, "总体目标")
    if not mapping.data.get("targets", {}).get("indicators"):
        _indicators(mapping, section)


def _indicators(mapping: Mapping, section: Section) -> None:
    for rows in _tables(section):
        if rows and header_score(rows[0], INDICATORS) >= 3:
            items = table_items(rows, INDICATORS)
            for index, item in enumerate(items):
                if "kind" not in item:
                    item["kind"] = _kind(item)
                average = item.get("provincial_average")
                if isinstance(average, str):    # 增速11.5% as ecplan's table shows it
                    number = re.sub(r"^增速|%$", "", average)
                    item["provincial_average"] = float(number) if re.fullmatch(r"\d+(\.\d+)?", number) else average
            _notes(items, [p.text for p in section.everything() if p.kind == "para" and p.text.startswith("注：")])
            for item in items:
                _from_years(item)
            mapping.put(("targets", "indicators"), items, section, "具体目标（指标表）")
            return


def _notes(items: list[dict[str, Any]], notes: list[str]) -> None:
    """The table's note, where it names an indicator (电子商务交易额：含国内和跨境…), as that indicator's note."""
    text = "".join(notes)
    names = sorted((str(item.get("name", "")) for item in items), key=len, reverse=True)
    for item in items:
        name = str(item.get("name", ""))
        at = text.find(f"{name}：")
        if not name or at < 0 or (at > 0 and text[at - 1] not in "。："):
            continue
        rest = text[at + len(name) + 1:]
        ends = [rest.find(f"{other}：") for other in names if other != name and rest.find(f"{other}：") > 0]
        item["note"] = rest[:min(ends)] if ends else rest


def _from_years(item: dict[str, Any]) -> None:
    """A table with a column per year (2025年 | 2029年目标) and no 基期/目标 columns: the first year is the base,
    the last the target, and those between the yearly targets."""
    yearly = sorted((e for e in item.get("yearly") or [] if isinstance(e, dict)), key=lambda e: e.get("year", 0))
    if "target" in item or len(yearly) < 2:
        return
    first, last = yearly[0], yearly[-1]
    item.setdefault("baseline", {"year": first["year"], "value": first["value"]})
    target = {"year": last["year"], **({"value": last["value"]} if isinstance(last["value"], (int, float))
                                       else {"text": str(last["value"])})}
    item["target"] = target
    between = yearly[1:-1]
    if between:
        item["yearly"] = between + [last]
    else:
        item.pop("yearly")


def _kind(item: dict[str, Any]) -> str:
    """An indicator's category guessed from its name and unit, as the outline lists them."""
    name, unit = str(item.get("name", "")), str(item.get("unit", ""))
    for kind, words in (("增长率", ("增长率", "增速")), ("交易额", ("交易额", "零售额")), ("应用普及程度", ("普及", "应用率")),
                        ("服务企业数量", ("企业",)), ("从业人员数量", ("从业", "人员", "人才")), ("法规政策任务", ("政策", "法规"))):
        if any(word in name for word in words):
            return kind
    return "其他" if unit else MISSING


def _tasks(mapping: Mapping, section: Section) -> None:
    from generator.doctypes.city.outline import TASK_GROUPS

    official = {group.title: group.key for group in TASK_GROUPS}
    own: list[dict[str, Any]] = []
    for child in section.children:
        if "重点工程" in child.title or "重点项目" in child.title:
            _projects(mapping, child)
            continue
        tasks = _group_tasks(child)
        group: dict[str, Any] = {}
        intro = [p for p in child.passages if p.kind == "para"]
        if intro and child.children:
            group["intro"] = _text(intro)
        group["tasks"] = tasks
        key = official.get(child.title)
        if key:
            mapping.put(("tasks", key), group, child, f"主要任务 › {child.title}")
        else:
            own.append({"title": child.title, **group})
            mapping.placed.append((f"主要任务 › {child.title}（本市自设任务组）", child.where))
    if own:
        mapping.put(("tasks", "extra" if any(k != "extra" for k in mapping.data.get("tasks", {})) else "groups"), own)


def _group_tasks(group: Section) -> list[dict[str, Any]]:
    """A group's tasks: its subsections (title, text, division, measures), or numbered paragraphs when it has none."""
    tasks = []
    for child in group.children:
        text, fields = division(_text(child.paragraphs()))
        task: dict[str, Any] = {"title": child.title, "content": text or MISSING, **fields}
        measures = [{"title": sub.title, "text": _text(sub.everything())} if _text(sub.everything()) else
                    {"title": sub.title} for sub in child.children]
        measures += [{"text": re.sub(r"^[（(]\d+[）)]", "", p.text)} for p in child.paragraphs()
                     if re.match(r"^[（(]\d+[）)]", p.text)]
        if measures:
            task["measures"] = measures
            task["content"], task_fields = division(_text([p for p in child.paragraphs()
                                                           if not re.match(r"^[（(]\d+[）)]", p.text)]))
            task.update(task_fields)
        tasks.append(task)
    if not tasks:
        for passage in group.paragraphs():
            found = re.match(r"^(?:\d+[.．、]|[（(][一二三四五六七八九十\d]+[）)])\s*(.+?)[。：:](.*)$", passage.text)
            if found:
                text, fields = division(found.group(2).strip())
                tasks.append({"title": found.group(1), "content": text or found.group(1), **fields})
    return tasks


def _projects(mapping: Mapping, section: Section) -> None:
    items = []
    for child in section.children:
        item = {"name": child.title, **project(_text(child.paragraphs()))}
        items.append(item)
    for rows in _tables(section):       # the summary table: the items when there are no paragraphs, else what
        if rows and header_score(rows[0], PROJECTS) >= 3:    # the paragraphs leave out (土建占比)
            listed = [item for item in table_items(rows, PROJECTS) if item.get("name") != "合计"]
            if not items:
                items = listed
            for item in items:
                row = next((r for r in listed if r.get("name") == item.get("name")), {})
                for key in ("construction_share", "unit"):
                    if key in row and key not in item:
                        item[key] = row[key]
            break
    total = re.search(r"计划总投资\s*([\d.]+)\s*(亿元|万元)", _text(section.paragraphs()))
    if total:
        mapping.put(("projects", "total_investment"), {"value": float(total.group(1)), "unit": total.group(2)})
    if items:
        mapping.put(("projects", "items"), items, section, "重点工程")


from generator.readers.word.safeguards import _safeguards, _steps  # noqa: E402  (the chapters from the safeguards on)

READERS_MORE = {"requirements": _requirements, "targets": _targets, "tasks": _tasks, "projects": _projects,
                "safeguards": _safeguards, "steps": _steps}

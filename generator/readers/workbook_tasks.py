"""The task division (任务分工表) of a workbook: each row names a task of the plan's text and says who leads it, who
takes part and by when. Rows are matched to the plan's tasks by name (spaces aside); a row that names no task is
X107, a field the YAML writes as well X102, so that nothing is chosen silently."""

from __future__ import annotations

from typing import Any

from generator.diagnostics import ERROR, Diagnostic
from generator.readers.plan import LoadedPlan, PathKey, Position, dotted_path

ASSIGNED = {"lead": "牵头部门", "partners": "配合部门", "deadline": "完成时限", "measures": "具体措施"}


def task_paths(data: dict[str, Any]) -> list[PathKey]:
    """Where each task of the plan is, in reading order: the five groups, then the city's own groups."""
    tasks = data.get("tasks") if isinstance(data.get("tasks"), dict) else {}
    paths: list[PathKey] = []
    for key, group in tasks.items():
        groups = group if isinstance(group, list) else [group]
        for index, one in enumerate(groups):
            if isinstance(one, dict) and isinstance(one.get("tasks"), list):
                base = ("tasks", key, index) if isinstance(group, list) else ("tasks", key)
                paths += [base + ("tasks", number) for number, task in enumerate(one["tasks"]) if isinstance(task, dict)]
    return paths


def group_title(data: dict[str, Any], schema: dict[str, Any], path: PathKey) -> str:
    """The title of the group the task at ``path`` is in: its own, or the outline's for one of the five groups."""
    group = task_at(data, path[:-2])
    if isinstance(group, dict) and group.get("title"):
        return str(group["title"])
    return schema.get("tasks", {}).get("schema", {}).get(path[1], {}).get("meta", {}).get("label", "")


def task_at(data: Any, path: PathKey) -> Any:
    for part in path:
        data = data[part]
    return data


def _name(title: Any) -> str:
    return "".join(str(title or "").split())


def _same(written: Any, read: list[dict[str, str]]) -> bool:
    """Whether the measures of a 具体措施 cell are those the plan writes (as ``ecplan excel`` put them there)."""
    from generator.workbook_layout import measure_line

    def lines(measures: Any) -> list[str]:
        return [_name(measure_line(m)) for m in (measures if isinstance(measures, list) else [])
                if isinstance(m, dict)]
    return lines(written) == lines(read)


def _closest(name: str, candidates: dict[str, PathKey]) -> PathKey | None:
    """The task a misspelt name most likely means (a row no other row claims), if one is close enough."""
    from difflib import SequenceMatcher

    scored = sorted(((SequenceMatcher(None, name, other).ratio(), other) for other in candidates), reverse=True)
    return candidates[scored[0][1]] if scored and scored[0][0] >= 0.6 else None


def assign_tasks(data: dict[str, Any], positions: dict[PathKey, Position], sheet: Any, shown: str,
                 plan: LoadedPlan) -> list[Diagnostic]:
    """Gives the plan's tasks the lead, partners and deadline the sheet's rows assign them; the findings."""
    by_name = {_name(task_at(data, path).get("title")): path for path in task_paths(data)}
    named = {by_name[_name(item.get("title"))] for item in sheet.items if _name(item.get("title")) in by_name}
    findings: list[Diagnostic] = []
    for item, cells in zip(sheet.items, sheet.cells):
        path = by_name.get(_name(item.get("title")))
        guessed = path is None
        if guessed:
            path = _closest(_name(item.get("title")), {name: p for name, p in by_name.items() if p not in named})
            near = f"；按最接近的任务“{task_at(data, path).get('title')}”读取" if path else ""
            findings.append(Diagnostic("X107", ERROR, f"任务分工表中的任务“{item.get('title', '')}”在方案的主要任务中找不到{near}。",
                                       shown, sheet=sheet.title, cell=cells.get(("title",), ""),
                                       hint=(f"把任务名称改为“{task_at(data, path).get('title')}”，与方案第五章一致。" if path
                                             else "任务名称要与方案第五章中的任务名称一致；新增的任务先写进方案。")))
            if path is None:
                continue
            named.add(path)     # its lead and deadline are read there: the misspelling is the one message
        task = task_at(data, path)
        for field in ASSIGNED:
            if field not in item:
                continue
            if task.get(field) not in (None, "", []):
                if guessed or (field == "measures" and _same(task[field], item[field])):
                    continue        # the row's own mistake is its one message; the measures as the plan has them
                at = plan.position(path + (field,))
                findings.append(Diagnostic(
                    "X102", ERROR, f"任务“{task.get('title')}”的{ASSIGNED[field]}既写在方案文件中，又在工作簿“{shown}”的"
                    "任务分工表中" + ("，两处不同" if field == "measures" else "") + "：请只保留一处。",
                    at.file if at else plan.path, at.line if at else None, at.column if at else None,
                    path=dotted_path(path + (field,)),
                    hint="把改动写进方案文件中这一任务的 measures，再清空工作簿中的具体措施；或删去方案文件中的 measures。"
                    if field == "measures" else "用工作簿的任务分工表时，删去方案文件中各任务的 lead、partners、deadline。"))
                continue
            task[field] = item[field]
            cell = Position(shown, None, None, sheet.title, cells[(field,)])
            positions[path + (field,)] = cell
            if field == "measures":
                for index, measure in enumerate(item[field]):
                    positions[path + (field, index)] = cell
                    positions.update({path + (field, index, key): cell for key in measure})
    return findings

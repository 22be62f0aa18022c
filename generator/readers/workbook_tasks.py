"""The task division (任务分工表) of a workbook: each row names a task of the plan's text and says who leads it, who
takes part and by when. Rows are matched to the plan's tasks by name (spaces aside); a row that names no task is
X107, a field the YAML writes as well X102, so that nothing is chosen silently."""

from __future__ import annotations

from typing import Any

from generator.diagnostics import ERROR, Diagnostic
from generator.lazy import Pattern
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


_NUMBERING = Pattern(r"^\s*(?:\d+(?:\.\d+)*\s*[.、．]?|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)\s*")


def _name(title: Any) -> str:
    """A task's name as matched: spaces aside, and a number typed before it (1.1 完善…, （一）完善…)."""
    return "".join(_NUMBERING.sub("", str(title or "")).split())


def _same(written: Any, read: list[dict[str, str]]) -> bool:
    """Whether the measures of a 具体措施 cell are those the plan writes (as ``ecplan excel`` put them there)."""
    from generator.workbook_cells import measure_line

    def lines(measures: Any) -> list[str]:
        return [_name(measure_line(m)) for m in (measures if isinstance(measures, list) else [])
                if isinstance(m, dict)]
    return lines(written) == lines(read)


def _closest(name: str, candidates: dict[str, PathKey]) -> PathKey | None:
    """The task a misspelt name most likely means (a row no other row claims), if one is close enough."""
    from difflib import SequenceMatcher

    scored = sorted(((SequenceMatcher(None, name, other).ratio(), other) for other in candidates), reverse=True)
    return candidates[scored[0][1]] if scored and scored[0][0] >= 0.6 else None


def _matches(data: dict[str, Any], sheet: Any) -> tuple[list[tuple[PathKey | None, bool]], list[int]]:
    """For each row, the task it names (or the one it most likely means: guessed) and, for a task named by an
    earlier row, None; and the rows naming a task twice."""
    by_name = {_name(task_at(data, path).get("title")): path for path in task_paths(data)}
    exact = [by_name.get(_name(item.get("title"))) for item in sheet.items]
    taken = {path for path in exact if path}
    matched: list[tuple[PathKey | None, bool]] = []
    twice, seen = [], set()
    for index, path in enumerate(exact):
        if path in seen:
            twice.append(index)
            matched.append((None, False))
            continue
        guessed = path is None
        if guessed:
            path = _closest(_name(sheet.items[index].get("title")), {n: p for n, p in by_name.items() if p not in taken})
            taken |= {path} if path else set()
        seen.add(path)
        matched.append((path, guessed))
    rowless = [p for p in task_paths(data) if p not in taken]
    unmatched = [i for i, (path, _) in enumerate(matched) if path is None and i not in twice]
    if len(unmatched) == 1 and len(rowless) == 1:       # one row renamed, one task without a row: the same
        matched[unmatched[0]] = (rowless[0], True)
    return matched, twice


def assign_tasks(data: dict[str, Any], positions: dict[PathKey, Position], sheet: Any, shown: str,
                 plan: LoadedPlan) -> tuple[list[Diagnostic], set[PathKey]]:
    """Gives the plan's tasks the lead, partners, deadline and measures the sheet's rows assign them; the findings,
    and the fields whose absence they explain (a task the sheet has no row for is one message, X114)."""
    matched, twice = _matches(data, sheet)
    findings: list[Diagnostic] = []
    conflicts: list[Diagnostic] = []
    rowless = [p for p in task_paths(data) if p not in {path for path, _ in matched if path}]
    for index in twice:
        first = next(i for i, (path, _) in enumerate(matched) if path and _name(sheet.items[i].get("title"))
                     == _name(sheet.items[index].get("title")))
        meant = ""
        if len(twice) == 1 and len(rowless) == 1:      # a name copied over another task's: that task is the row's
            meant = f"；任务“{task_at(data, rowless[0]).get('title')}”没有对应的行，这一行是不是它"
            matched[index] = (rowless[0], True)
        findings.append(Diagnostic("X110", ERROR, f"任务“{sheet.items[index].get('title')}”在任务分工表中出现了两次"
                                   f"（第{sheet.rows[first]}行和第{sheet.rows[index]}行）{meant or '，只读取了第一行'}。",
                                   shown, sheet=sheet.title, cell=sheet.cells[index].get(("title",), "")))
    for index, ((path, guessed), item, cells, row) in enumerate(zip(matched, sheet.items, sheet.cells, sheet.rows)):
        if path is None:
            if index not in twice:
                findings.append(Diagnostic("X107", ERROR, f"任务分工表中的任务“{item.get('title', '')}”在方案的主要任务中找不到。",
                                           shown, sheet=sheet.title, cell=cells.get(("title",), ""),
                                           hint="任务名称要与方案第五章中的任务名称一致；新增的任务先写进方案。"))
            continue
        task = task_at(data, path)
        if guessed and index not in twice:
            findings.append(Diagnostic(
                "X107", ERROR, f"任务分工表中的任务“{item.get('title', '')}”在方案的主要任务中找不到；"
                f"按{'最接近' if _near(item, task) else '所在位置'}的任务“{task.get('title')}”读取。", shown,
                sheet=sheet.title, cell=cells.get(("title",), ""),
                hint=f"把任务名称改为“{task.get('title')}”，与方案第五章一致。"))
        conflicts += _assign(task, path, item, cells, row, guessed, positions, sheet, shown, plan)
    if len(conflicts) > 3:      # the plan file still writes every task's division: one message, not one per field
        conflicts = [Diagnostic("X102", ERROR, f"方案文件中的{len(conflicts)}处任务分工（各任务的牵头部门、配合部门、完成时限等）"
                                f"又写在工作簿“{shown}”的任务分工表中：请只保留一处。", shown, sheet=sheet.title, cell="A1",
                                hint="用工作簿的任务分工表时，删去方案文件中各任务的 lead、partners、deadline；"
                                     "或删去工作簿中的任务分工表。")]
    rowless, accounted = _rowless(data, matched, sheet, shown)
    return findings + conflicts + rowless, accounted


def _near(item: dict[str, Any], task: dict[str, Any]) -> bool:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, _name(item.get("title")), _name(task.get("title"))).ratio() >= 0.6


def _assign(task: dict[str, Any], path: PathKey, item: dict[str, Any], cells: dict[Any, str], row: int,
            guessed: bool, positions: dict[PathKey, Position], sheet: Any, shown: str,
            plan: LoadedPlan) -> list[Diagnostic]:
    """One row's fields given to its task; a field the plan file writes as well is X102."""
    conflicts = []
    for field in ASSIGNED:
        if field not in item:
            if task.get(field) in (None, "", []) and field in sheet.letters:   # missing: said at its cell
                positions[path + (field,)] = Position(shown, None, None, sheet.title, f"{sheet.letters[field]}{row}")
            elif task.get(field) in (None, "", []):
                positions[path + (field,)] = Position(shown, None, None, sheet.title, f"A{row}")
            continue
        if task.get(field) not in (None, "", []):
            if guessed or (field == "measures" and _same(task[field], item[field])):
                continue        # the row's own mistake is its one message; the measures as the plan has them
            at = plan.position(path + (field,))
            conflicts.append(Diagnostic(
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
    return conflicts


def _rowless(data: dict[str, Any], matched: list[tuple[PathKey | None, bool]], sheet: Any,
             shown: str) -> tuple[list[Diagnostic], set[PathKey]]:
    """X114 for each task of the plan that the sheet gives no row and that lacks a lead or deadline in the plan;
    and the fields that one message accounts for."""
    found, accounted = [], set()
    have = {path for path, _ in matched if path}
    for path in task_paths(data):
        task = task_at(data, path)
        lacking = [ASSIGNED[f] for f in ("lead", "deadline") if task.get(f) in (None, "", [])]
        if path not in have and lacking:
            found.append(Diagnostic("X114", ERROR, f"任务“{task.get('title')}”在任务分工表中没有对应的行，"
                                    f"{'、'.join(lacking)}未填。", shown, sheet=sheet.title, cell="A1",
                                    path=dotted_path(path), hint="在任务分工表中为这项任务加一行，任务名称与方案第五章一致。"))
            accounted |= {path + (field,) for field in ASSIGNED}
    return found, accounted

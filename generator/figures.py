"""What each figure shows, as plain data taken from a validated plan (``generator.charts`` draws it).

Kept apart from drawing so that the context stays pure and a figure's content can be tested without matplotlib.
"""

from __future__ import annotations

from typing import Any

from generator.formatting import clean
from generator.quantities import common_unit, convert

def wanted(plan: dict[str, Any], names: tuple[str, ...], enabled: bool = True) -> frozenset[str]:
    """The figures to draw: ``names`` unless turned off on the command line or, one by one, under ``charts:``."""
    if not enabled:
        return frozenset()
    switches = plan.get("charts") or {}
    return frozenset(name for name in names if switches.get(name, True) is not False)


def _known(*values: Any) -> bool:
    """Whether every value is a number (in a draft, a value still missing is a placeholder and is not drawn)."""
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _owed(item: dict[str, Any]) -> bool:
    """Whether an indicator left out of a figure waits for a value (a draft's placeholder), rather than having none
    to draw (a milestone, a target without a base)."""
    return any(isinstance(v, str) for v in ((item.get("baseline") or {}).get("value"), item["target"].get("value"),
                                            (item.get("baseline") or {}).get("year")))


def _finished(data: dict[str, Any], left_out: bool) -> dict[str, Any]:
    """The figure's data, marked when values still missing were left out (its caption then says so)."""
    return {**data, "incomplete": True} if left_out else data


def indicators(plan: dict[str, Any]) -> dict[str, Any] | None:
    """Base and target values of the specific indicators, grouped by unit (bars of one unit are comparable)."""
    items = plan.get("targets", {}).get("indicators", [])
    drawn = [i for i in items if _known((i.get("baseline") or {}).get("value"), i["target"].get("value"),
                                        (i.get("baseline") or {}).get("year"), i["target"]["year"])]
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in drawn:
        groups.setdefault(clean(item["unit"]), []).append(
            {"name": clean(item["name"]), "baseline": float(item["baseline"]["value"]),
             "target": float(item["target"]["value"])})
    if not groups or not any(row["baseline"] or row["target"] for rows in groups.values() for row in rows):
        return None   # nothing known, or nothing but zeros: no figure
    baseline_years = {item["baseline"]["year"] for item in drawn}
    target_years = {item["target"]["year"] for item in drawn}
    return _finished({"groups": [{"unit": unit, "items": rows} for unit, rows in groups.items()],
                      "baseline_year": "、".join(str(y) for y in sorted(baseline_years)),
                      "target_year": "、".join(str(y) for y in sorted(target_years))},
                     any(_owed(i) for i in items if i not in drawn))


def trajectory(plan: dict[str, Any]) -> dict[str, Any] | None:
    """Indicators with yearly targets: the base year, then each year's target."""
    series, left_out = [], False
    for item in plan.get("targets", {}).get("indicators", []):
        points = [(p["year"], p["value"]) for p in item.get("yearly", [])]
        known = sorted((int(year), float(value)) for year, value in points if _known(year, value))
        left_out = left_out or len(known) < len(points)
        if not known:
            continue
        baseline = item.get("baseline") or {}
        if not _known(baseline.get("year"), baseline.get("value")):
            left_out = left_out or _owed(item)   # a target without a base has no trajectory to draw
            continue
        baseline = (int(baseline["year"]), float(baseline["value"]))
        points = [baseline] + [point for point in known if point[0] > baseline[0]]
        series.append({"name": clean(item["name"]), "unit": clean(item["unit"]), "points": points})
    return _finished({"series": series}, left_out) if series else None


def investment(plan: dict[str, Any]) -> dict[str, Any] | None:
    """Key-project investment summed by support direction, in one money unit, largest first."""
    projects = [p for p in plan.get("projects", {}).get("items", []) if isinstance(p.get("investment"), dict)]
    items = [p for p in projects if _known(p["investment"].get("total", 0), p["investment"].get("government") or 0)]
    if not items:
        return None
    unit = common_unit(p["investment"]["unit"] for p in items)
    totals: dict[str, list[float]] = {}
    for project in items:
        money = project["investment"]
        direction = clean(project.get("direction") or "其他")
        row = totals.setdefault(direction, [0.0, 0.0])
        row[0] += convert(float(money.get("total", 0)), money["unit"], unit)
        row[1] += convert(float(money.get("government") or 0), money["unit"], unit)
    rows = [{"direction": name, "total": round(total, 4), "government": round(government, 4)}
            for name, (total, government) in totals.items()]
    rows.sort(key=lambda row: -row["total"])
    if not any(row["total"] for row in rows):
        return None   # nothing but zeros: no figure
    return _finished({"unit": unit, "rows": rows}, len(items) < len(projects))


CAPTIONS = {
    "indicators": "创建工作具体目标（基期值与目标值，按单位分组）",
    "trajectory": "分年度目标",
    "investment": "重点工程投资（按支持方向）",
}
BUILDERS = {"indicators": indicators, "trajectory": trajectory, "investment": investment}

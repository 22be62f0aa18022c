"""Synthetic plans of any size: the demo city with its tasks and key projects repeated (each one still valid and
distinct), for the scaling benchmark and the size tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo-city.yaml"


def synthetic(tasks: int, projects: int | None = None) -> dict[str, Any]:
    """The demo with ``tasks`` tasks spread over the five task groups and ``projects`` key projects."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    projects = tasks if projects is None else projects
    groups = [key for key in ("policy", "support", "infrastructure", "services", "applications")]
    for number, key in enumerate(groups):
        originals = data["tasks"][key]["tasks"]
        share = tasks // len(groups) + (1 if number < tasks % len(groups) else 0)
        data["tasks"][key]["tasks"] = [
            {**copy.deepcopy(originals[i % len(originals)]),
             "title": f"{originals[i % len(originals)]['title']}（第{i + 1}项）"} for i in range(max(share, 1))]
    originals = data["projects"]["items"]
    items = []
    for i in range(max(projects, 1)):
        item = copy.deepcopy(originals[i % len(originals)])
        item["name"] = f"{item['name']}（第{i + 1}期）"
        items.append(item)
    data["projects"]["items"] = items
    data["projects"].pop("total_investment", None)
    return data


def write(path: Path, tasks: int, projects: int | None = None) -> Path:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(synthetic(tasks, projects), Dumper=dumper, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def without_rows(source: Path, path: Path, workbook: str) -> Path:
    """The plan at ``source`` with its key projects, indicators, yearly funding and task division left to the
    ``workbook``."""
    from generator.readers.workbook_tasks import task_at, task_paths

    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for task in (task_at(data, path) for path in task_paths(data)):
        for field in ("lead", "partners", "deadline"):
            task.pop(field, None)
    data["projects"].pop("items", None)
    data["targets"].pop("indicators", None)
    data["safeguards"]["funding"].pop("yearly", None)
    data["tables"] = workbook
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


if __name__ == "__main__":       # python benchmarks/synthetic.py OUT.yaml TASKS [PROJECTS]: a large plan to try
    import sys

    if len(sys.argv) not in (3, 4) or not all(number.isdigit() for number in sys.argv[2:]):
        sys.exit("用法：python benchmarks/synthetic.py 输出.yaml 任务数 [重点工程数]（数目为整数）")
    made = write(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) == 4 else None)
    print(f"已生成 {made}")

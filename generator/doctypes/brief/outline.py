"""The outline of a city's 创建工作方案要点 (001 第三—五篇): three chapters, the tasks in the city's own groups."""

from __future__ import annotations

from generator.doctypes.outline import Chapter

BRIEF_CHAPTERS = ("创建工作目标", "主要任务", "保障措施")
#: the three chapters, all written from the plan's ``brief:`` section
BRIEF_OUTLINE = tuple(Chapter(title, "brief") for title in BRIEF_CHAPTERS)

"""Text pasted from elsewhere (T1xx, warnings): traditional characters, broken conversions, half-width punctuation.

These are not outline rules but what a reviewer sees at once on the page; ``ecplan fix`` repairs all three."""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterator

from generator.cleantext import find
from generator.readers import PathKey
from generator.terminal import argument
from generator.validate import RuleContext

#: more findings of one kind than this are summed up in one last warning
PER_KIND = 20


def _strings(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


def _listed(items: list[str] | str, limit: int = 8) -> str:
    items = list(items)
    return "、".join(items[:limit]) + ("……" if len(items) > limit else "")


def t1_clean_text(ctx: RuleContext) -> None:
    """T101 traditional characters, T102 pinyin left by a broken conversion, T103 half-width punctuation."""
    counts: Counter[str] = Counter()
    files: dict[str, None] = {}

    def warn(code: str, path: PathKey, message: str) -> None:
        counts[code] += 1
        at = ctx.plan.position(path)
        files[at.file if at else ctx.plan.path] = None
        if counts[code] <= PER_KIND:
            ctx.warning(code, path, message, hint=f"运行 ecplan fix {argument(at.file if at else ctx.plan.path)} 自动修正"
                        "（先备份原文件，保留注释和格式）。")

    for path, text in _strings(ctx.data, ()):
        found = find(text)
        if found.traditional:
            warn("T101", path, f"含繁体字：{_listed(found.traditional)}。提交的方案应使用规范简体字。")
        if found.artefacts:
            warn("T102", path, f"含繁简转换留下的拼音：{_listed(found.artefacts, 4)}，会原样出现在文档中。")
        if found.punctuation:
            warn("T103", path, f"中文句子中有半角标点 {' '.join(found.punctuation)}，公文应使用全角标点。")
    for code, number in sorted(counts.items()):
        if number > PER_KIND:
            ctx.warning(code, (), f"另有 {number - PER_KIND} 处同类问题未逐一列出（共 {number} 处）。",
                        hint=f"运行 ecplan fix {' '.join(argument(name) for name in files)} 一并修正。")

"""R2: the 摘要 chapter, as rendered, is at most 3500 字."""

from __future__ import annotations

from generator.outline import CITY_CHAPTERS, cn_number
from generator.validate import RuleContext
from generator.wordcount import count_text

SUMMARY_LIMIT = 3500
#: Above this a warning: WPS and Word versions may count a little differently.
SUMMARY_WARNING = 3300


def r2_summary_length(ctx: RuleContext) -> None:
    """Counts the 摘要 the user wrote, with its headings and their literal labels, as Word would."""
    summary = ctx.get(("summary",))
    if not isinstance(summary, dict) or not summary:
        return
    chapter = CITY_CHAPTERS[0]
    parts = [(None, f"{cn_number(1)}、{chapter.title}", 0)]
    for number, item in enumerate(chapter.items, start=1):
        body = summary.get(item.key, "")
        parts.append((item.key, f"（{cn_number(number)}）{item.title}", count_text(str(body)).zishu))
    total = sum(count_text(heading).zishu + n for _, heading, n in parts)
    detail = "；".join(f"{heading} {n} 字" for key, heading, n in parts if key and n)
    if total > SUMMARY_LIMIT:
        ctx.error("R2.1", ("summary",), f"摘要共 {total} 字，超过 {SUMMARY_LIMIT} 字的上限（超出 {total - SUMMARY_LIMIT} 字）。",
                  hint=f"各部分字数：{detail}。请删减字数最多的部分。")
    elif total > SUMMARY_WARNING:
        ctx.warning("R2.2", ("summary",), f"摘要共 {total} 字，接近 {SUMMARY_LIMIT} 字的上限。", hint=f"各部分字数：{detail}。")

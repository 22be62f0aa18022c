"""R2: the 摘要 chapter, as rendered, is at most 3500 字."""

from __future__ import annotations

from generator.outline import CITY_CHAPTERS, cn_number
from generator.summary import SUMMARY_LIMIT, SUMMARY_WARNING, count_summary
from generator.validate import RuleContext
from generator.wordcount import count_text


def r2_summary_length(ctx: RuleContext) -> None:
    """Counts the 摘要 the user wrote, with its headings and their literal labels, as Word would."""
    summary = ctx.get(("summary",))
    if not isinstance(summary, dict) or not summary:
        return
    items = CITY_CHAPTERS[0].items
    texts = {item.key: str(summary.get(item.key, "")) for item in items}
    total = count_summary(texts)
    detail = "；".join(f"（{cn_number(n)}）{item.title} {count_text(texts[item.key]).zishu} 字"
                      for n, item in enumerate(items, start=1) if texts[item.key])
    if total > SUMMARY_LIMIT:
        ctx.error("R2.1", ("summary",), f"摘要共 {total} 字，超过 {SUMMARY_LIMIT} 字的上限（超出 {total - SUMMARY_LIMIT} 字）。",
                  hint=f"各部分字数：{detail}。请删减字数最多的部分。")
    elif total > SUMMARY_WARNING:
        ctx.warning("R2.2", ("summary",), f"摘要共 {total} 字，接近 {SUMMARY_LIMIT} 字的上限。", hint=f"各部分字数：{detail}。")

"""The notice that issues a plan (印发通知): its fields, its rule (N1) and its blocks, for every document type.

A plan is issued by the 市人民政府 or its 办公厅 with a notice — 发文机关标志, 发文字号, 标题 "关于印发《…》的通知",
主送机关, a short body, 落款 and 成文日期, the 公开方式 — and ends with the 版记 (抄送, 印发机关 and 印发日期). As in
沪府办发〔2016〕10号, the plan follows the notice on a page of its own under its own title: a document that a notice
issues is not labelled 附件 (GB/T 9704 practice). Optional: without ``notice:`` the plan has its cover.
"""

from __future__ import annotations

import re
from typing import Any

from generator.doctypes.checks import check_dates
from generator.doctypes.fields import MAX_TITLE, Rules, choice, date, mapping, text, texts
from generator.formatting import as_date, clean, date_cn, join_cn
from generator.lazy import Pattern
from generator.rule_context import RuleContext

PUBLICITY = ("此件公开发布", "此件依申请公开", "此件不予公开")


def _date(label: str, desc: str) -> Rules:
    return date(label, desc)


SCHEMA: Rules = mapping("印发通知", "以人民政府（办公厅）名义印发本方案的通知（可选）：写了就排在方案之前，版式按 GB/T 9704", {
    "issuer": text("发文机关", "发文机关全称，如“示例市人民政府办公厅”", required=True, max_length=MAX_TITLE),
    "mark": text("发文机关标志", "版头红色的机关标志；不填为发文机关加“文件”", max_length=MAX_TITLE),
    "number": text("发文字号", "如“示府办发〔2026〕12号”：机关代字、年份（用六角括号〔〕）和序号", required=True,
                   max_length=MAX_TITLE),
    "title": text("通知标题", "不填为“发文机关关于印发《方案标题》的通知”", max_length=MAX_TITLE),
    "recipients": text("主送机关", "如“各区县人民政府，市政府各部门，各有关单位”", required=True),
    "body": texts("通知正文", "通知正文的段落；不填为“经市人民政府同意，现将《方案标题》印发给你们，请认真贯彻执行。”"),
    "signature": text("落款", "署名；不填为发文机关", max_length=MAX_TITLE),
    "date": _date("成文日期", "通知的成文日期，写作 2026-03-20 或 2026年3月20日；不填为封面日期"),
    "publicity": choice("公开方式", "附注中的公开方式", PUBLICITY),
    "copy_to": texts("抄送机关", "版记中的抄送机关，如“市委各部门”“市人大常委会办公厅”"),
    "printer": text("印发机关", "版记中的印发机关；不填为发文机关", max_length=MAX_TITLE),
    "print_date": _date("印发日期", "版记中的印发日期；不填为成文日期"),
})
SCHEMA["meta"]["whole_optional"] = True   # the scaffold shows it commented out

_NUMBER = Pattern(r"^.+〔(\d{4})〕[1-9]\d*号$")


def n1_notice(ctx: RuleContext) -> None:
    """N1: the notice's 发文字号 is written as GB/T 9704 7.2.4 writes it (N101: the year in 〔〕, the serial number
    without 第 or leading zeros, then 号), its year is the year it is signed (N103), and it is printed after it is
    signed (N102). Dates written as text must be dates (S206)."""
    check_dates(ctx, ("cover", "date"), ("notice", "date"), ("notice", "print_date"))
    notice = ctx.get(("notice",))
    if not isinstance(notice, dict):
        return
    number = notice.get("number")
    signed = as_date(notice.get("date") or (ctx.get(("cover", "date"))))
    if isinstance(number, str):
        written = number.strip()
        bracketed = re.sub(r"[\[［【(（]\s*(\d{4})\s*[\]］】)）]", r"〔\1〕", written)
        fixed = re.sub(r"〔(\d{4})〕第?0*(\d+)号?$", r"〔\1〕\2号", bracketed)
        match = _NUMBER.match(written)
        if not match:
            why = ("序号前不加“第”" if "第" in written else "序号不编虚位（如 035 应写 35）"
                   if re.search(r"〔\d{4}〕0", bracketed) else "年份应用六角括号“〔〕”括入，序号后加“号”")
            ctx.warning("N101", ("notice", "number"), f"发文字号“{number}”不合规范：{why}。",
                        hint=f"如“{fixed if _NUMBER.match(fixed) else '示府办发〔2026〕12号'}”（GB/T 9704-2012 7.2.4）。")
        elif signed and int(match.group(1)) != signed.year:
            ctx.warning("N103", ("notice", "number"), f"发文字号的年份 {match.group(1)} 与成文日期 {date_cn(signed)} 不是同一年。")
    printed = as_date(notice.get("print_date"))
    if signed and printed and printed < signed:
        ctx.warning("N102", ("notice", "print_date"), f"印发日期 {date_cn(printed)} 早于成文日期 {date_cn(signed)}。")


def _government(issuer: str) -> str:
    """The government an office speaks for: 示例市人民政府办公厅 → 示例市人民政府."""
    return re.sub(r"(办公厅|办公室)$", "", issuer)


def notice_blocks(plan: dict[str, Any], title: str) -> tuple[list[dict[str, Any]], dict[str, str] | None]:
    """The notice's blocks (版头 and 主体) and its 版记, for the plan titled ``title``; none without a notice."""
    notice = plan.get("notice")
    if not isinstance(notice, dict) or not notice.get("issuer"):
        return [], None
    issuer = clean(notice["issuer"])
    cover = plan.get("cover", {})
    government = _government(issuer)
    agreed = f"经{government}同意，" if government != issuer else ""
    body = notice.get("body") or [f"{agreed}现将《{title}》印发给你们，请认真贯彻执行。"]
    signed = notice.get("date") or cover.get("date") or ""
    recipients = clean(notice.get("recipients", "")).rstrip("：:")
    blocks = [
        {"kind": "issuer_mark", "text": clean(notice.get("mark") or f"{issuer}文件")},
        {"kind": "doc_number", "text": clean(notice.get("number", ""))},
        {"kind": "title", "text": clean(notice.get("title") or f"{issuer}关于印发《{title}》的通知")},
        {"kind": "recipients", "text": f"{recipients}：" if recipients else ""},
        *({"kind": "notice_body", "text": clean(paragraph)} for paragraph in body),
        {"kind": "signer", "text": clean(notice.get("signature") or issuer)},
        {"kind": "signature", "text": date_cn(signed)},
    ]
    if notice.get("publicity"):
        blocks.append({"kind": "annotation", "text": f"（{clean(notice['publicity'])}）"})
    imprint = {"copy_to": join_cn(notice.get("copy_to") or []), "printer": clean(notice.get("printer") or issuer),
               "date": date_cn(notice.get("print_date") or signed)}
    return [b for b in blocks if b["text"]], imprint


def imprint_lines(imprint: dict[str, str]) -> list[tuple[str, str]]:
    """The 版记's entries, each as (its text, what stands at its right end): 抄送, then 印发机关 and 印发日期."""
    lines = [(f"抄送：{imprint['copy_to']}。", "")] if imprint.get("copy_to") else []
    return lines + [(imprint["printer"], f"{imprint['date']}印发")]

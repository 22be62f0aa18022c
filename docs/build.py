"""Writes the manual's two generated pages from the code, so that they cannot drift from it:

- ``fields.md``: every field of every document type, from the schemas (name, 中文名, 类型, 必填, 说明, 可选值);
- ``messages.md``: every message code, what it means (generator.codes) and, from the bad-input corpus under
  tests/bad, an example of the mistake with the message and hint ecplan gives on it.

Run ``python docs/build.py`` after changing a schema, a code or the corpus; ``--check`` fails (exit 1) when the
committed pages are stale, and the tests run it.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import doctypes  # noqa: E402
from generator.codes import CODES, FAMILIES, FIXES  # noqa: E402
from generator.forms import FORMS  # noqa: E402
from generator.schema_messages import TYPE_NAMES  # noqa: E402

DOCS = ROOT / "docs"
CORPUS = ROOT / "tests" / "bad"


def _kind(rules: dict[str, Any]) -> str:
    when = rules.get("meta", {}).get("when")
    if when in ("year", "month", "date"):
        return {"year": "年份", "month": "年份或年月", "date": "日期"}[when]
    if when == "deadline":
        return "完成时限"
    kinds = rules.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    names = {"dict": "映射", "list": "列表", "string": "文字", "integer": "整数", "number": "数字", "boolean": "是/否",
             "date": "日期"}
    return "或".join(dict.fromkeys(names.get(kind, TYPE_NAMES.get(kind, kind)) for kind in kinds)) or "—"


def _notes(rules: dict[str, Any]) -> str:
    meta = rules.get("meta", {})
    parts = [meta.get("desc", "")]
    if rules.get("allowed"):
        parts.append("可选：" + "、".join(str(value) for value in rules["allowed"]))
    if meta.get("units"):
        parts.append("单位：" + "、".join(meta["units"]))
    if meta.get("when"):
        parts.append("可写作 " + "、".join(FORMS))
    if "min" in rules or "max" in rules:
        parts.append(f"范围：{rules.get('min', '')}—{rules.get('max', '')}")
    return "；".join(part.rstrip("。") for part in parts if part).replace("|", "\\|")


def _rows(fields: dict[str, Any], prefix: str) -> list[str]:
    rows = []
    for name, rules in fields.items():
        if not isinstance(rules, dict):
            continue
        path = f"{prefix}{name}"
        meta = rules.get("meta", {})
        rows.append(f"| `{path}` | {meta.get('label', '')} | {_kind(rules)} | {'是' if rules.get('required') else ''} "
                    f"| {_notes(rules)} |")
        inner = rules.get("schema")
        if rules.get("type") == "dict" and isinstance(inner, dict):
            rows += _rows(inner, f"{path}.")
        elif rules.get("type") == "list" and isinstance(inner, dict) and inner.get("type") == "dict" \
                and isinstance(inner.get("schema"), dict):
            rows += _rows(inner["schema"], f"{path}[].")
    return rows


def fields_page() -> str:
    lines = ["# 字段参考", "",
             "<!-- 由 docs/build.py 根据方案的字段定义生成，请勿手工修改。 -->", "",
             "方案文件中每个字段的英文键、中文名、类型和说明。`a.b` 表示 `a:` 下的 `b:`，`a[].b` 表示列表 `a:` 中每一项的",
             "`b:`。“必填”一栏为“是”的字段不能省略（草稿中可先写“待补充（提供部门）”）。年份、年月和日期都可以写作 "
             + "、".join(FORMS) + "，加不加引号都可以。", ""]
    for name in doctypes.names():
        doctype = doctypes.get(name)
        lines += [f"## {doctype.title}（type: {name}）", "",
                  "| 字段 | 中文名 | 类型 | 必填 | 说明 |", "|---|---|---|---|---|", *_rows(doctype.schema, ""), ""]
    return "\n".join(lines)


def _corpus() -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for path in sorted(CORPUS.glob("*.yaml")):
        match = re.search(r"^# expect: (\S+)", path.read_text(encoding="utf-8"), re.M)
        if match:
            found.setdefault(match.group(1), []).append(path)
    return found


def _example(path: Path, code: str) -> list[str]:
    """The mistake (the file without its header) and what ecplan says of it."""
    from generator.options import RenderOptions
    from generator.pipeline import report_of

    text = path.read_text(encoding="utf-8", errors="replace")
    title = text.splitlines()[0].lstrip("\ufeff# ").strip()
    body = "\n".join(line for line in text.splitlines() if not re.match(r"# (expect|line|field|message):", line)
                     and line != text.splitlines()[0])
    relative = path.relative_to(ROOT).as_posix()
    report = report_of(relative, RenderOptions(shared=(str(ROOT / "examples"),)))
    said = next((d for d in report.sorted() if d.code == code), None)
    lines = [f"例：{title}（`{relative}`）", "", "```yaml", body.strip(), "```", ""]
    if said:   # paths as the repository names them, wherever it is checked out
        lines += ["ecplan 的提示：", "", "```", said.format().replace(f"{ROOT}{os.sep}", ""), "```", ""]
    return lines


def messages_page() -> str:
    corpus = _corpus()
    lines = ["# 消息代码", "",
             "<!-- 由 docs/build.py 根据消息代码表和错误样例（tests/bad）生成，请勿手工修改。 -->", "",
             "ecplan validate 列出的每一条都以代码开头，如 `错误 R12.4`。“错误”必须改正，文档才会生成；“警告”照常生成，"
             "但评审时可能被指出（`--strict` 把警告也当作错误；确有理由的警告可以在 `accept:` 中写明理由后接受）。"
             "下面按代码列出每一条的含义；有样例的，给出出错的写法和 ecplan 的提示（提示中写明了改法）。", ""]
    for letter, family in FAMILIES.items():
        lines += [f"## {letter}：{family}", ""]
        for code, meaning in CODES.items():
            if not code.startswith(letter):
                continue
            lines += [f"### {code} {meaning}", ""]
            for path in corpus.get(code, [])[:1]:
                lines += _example(path, code)
            if code not in corpus:
                lines += [f"改法：{FIXES[code]}", ""]
    return "\n".join(lines)


PAGES = {"fields.md": fields_page, "messages.md": messages_page}


def main(argv: list[str]) -> int:
    os.chdir(ROOT)
    stale = []
    for name, build in PAGES.items():
        text = build().rstrip("\n") + "\n"
        target = DOCS / name
        if "--check" in argv:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")
    if stale:
        print(f"stale: {', '.join(stale)} — run python docs/build.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

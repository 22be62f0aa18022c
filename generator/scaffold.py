"""``ecplan init``: a plan file with every field of the schema, each commented in Chinese, the values left empty."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.doctypes import DEFAULT

if TYPE_CHECKING:
    from generator.doctypes import DocType

#: Top-level sections a new plan does not start with (optional, and written on purpose when wanted).
SKIPPED = {"type", "brief"}


def scaffold(doctype: DocType) -> str:
    """The scaffold of a document type: its header, ``type:`` unless it is the default type, then every field."""
    name = doctype.name
    lines = [f"# yaml-language-server: $schema=ecplan-{name}.schema.json",
             f"# {doctype.title}：每个字段上方的注释说明它是什么；“必填”的必须填写。",
             "# 填写后运行 ecplan validate 本文件，它会逐项列出还缺什么（含行号）。",
             "# 编辑器补全：ecplan schema" + (f" --type {name}" if name != DEFAULT else "")
             + f" > ecplan-{name}.schema.json", ""]
    if name != DEFAULT:
        lines += [f"type: {name}", ""]
    _fields(lines, {k: v for k, v in doctype.schema.items() if k not in SKIPPED}, 0, top=True)
    return "\n".join(lines).rstrip() + "\n"


def _comment(rules: dict[str, Any]) -> str:
    meta = rules.get("meta", {})
    text = f"{meta.get('label', '')}：{meta.get('desc', '')}"
    if rules.get("required"):
        text += "（必填）"
    if rules.get("allowed") and len(rules["allowed"]) <= 20:
        text += f"。可选：{'、'.join(map(str, rules['allowed']))}"
    if meta.get("format"):
        text += f"。格式：{meta['format']}"
    return text


def _fields(lines: list[str], fields: dict[str, Any], indent: int, *, top: bool = False,
            first_prefix: str = "") -> None:
    pad = " " * indent
    for position, (name, rules) in enumerate(fields.items()):
        lead = first_prefix if position == 0 and first_prefix else pad
        if top and position:
            lines.append("")
        lines.append(f"{pad}# {_comment(rules)}")
        kinds = rules.get("type")
        inner = rules.get("schema")
        if kinds == "dict" and isinstance(inner, dict) and rules.get("meta", {}).get("whole_optional"):
            # a section a plan has or has not (印发通知): shown commented out, so a plan without it is not an error
            section: list[str] = []
            _fields(section, inner, 0)
            lines.append(f"{pad}# 可选；要填写时去掉下面各行行首的“#”：")
            lines.append(f"{pad}# {name}:")
            lines.extend(f"{pad}#   {line}" for line in section)
        elif kinds == "dict" and isinstance(inner, dict):
            lines.append(f"{lead}{name}:")
            _fields(lines, inner, indent + 2)
        elif kinds == "list" and isinstance(inner, dict) and inner.get("type") == "dict":
            lines.append(f"{lead}{name}:")
            item: list[str] = []
            _fields(item, inner["schema"], indent + 4, first_prefix=" " * (indent + 2) + "- ")
            if rules.get("required"):
                lines.extend(item)
            else:   # an optional list: its item shown commented out, so an unused list is not an error
                lines.append(f"{pad}  # 可选；要填写时去掉下面各行行首的“#”，每项以“-”开头：")
                lines.extend(f"{pad}  #{line[indent + 1:]}" if line.strip().startswith("#") else
                             f"{pad}  # {line[indent + 2:]}" for line in item)
        else:
            lines.append(f"{lead}{name}:")

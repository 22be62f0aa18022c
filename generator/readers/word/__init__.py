"""A plan written in Word or WPS, not by ecplan, read into the input format (``ecplan import``).

The document's passages (``word_text``: headings found by style, outline level, typed numbering in a heading's
face, or Word's list numbering) are built into a tree of sections; each section is mapped onto the outline of the
plan's type by its title, tolerating the wordings real plans use (``city``, ``base``, ``brief`` beside it); what
a mapper cannot place or determine becomes a 待补充 with a comment naming the paragraph it would come from, and the
report says what was mapped, what was not, and where. A .doc or .wps is converted by LibreOffice first."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import InputFileError
from generator.lazy import Pattern
from generator.readers.plan import PathKey
from generator.readers.word_text import Passage, read

#: what stands for a value the document does not give
MISSING = "待补充"
#: how many passages it could not place a report lists (the rest are counted)
SHOWN = 30


@dataclass
class Section:
    """A heading and what stands under it: its own passages, then its subsections."""

    title: str
    level: int
    heading: Passage | None = None
    passages: list[Passage] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def paragraphs(self) -> list[Passage]:
        return [p for p in self.passages if p.kind == "para"]

    def rows(self) -> list[Passage]:
        return [p for p in self.passages if p.kind == "row"]

    def everything(self) -> list[Passage]:
        """Its passages and those of all its subsections, headings included, in reading order."""
        found = list(self.passages)
        for child in self.children:
            found += ([child.heading] if child.heading else []) + child.everything()
        return found

    @property
    def where(self) -> str:
        items = self.everything()
        if not items:
            return self.heading.where if self.heading else ""
        first, last = items[0], items[-1]
        return first.where if first is last else f"{first.where}至{last.where}"


_LABEL = Pattern(r"^\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\d]+[）)]|\d{1,2}\s*[.．、](?!\d)|第[一二三四五六七八九十]+[章节部分]\s*)")


def title_of(text: str) -> str:
    """A heading's title without its numbering (一、（一）1.（1）第一章)."""
    return _LABEL.sub("", text.replace("\n", "")).strip()


_ATTACHMENT = Pattern(r"^附件\s*(\d+)?\s*[:：]?\s*(.*)$")


def attachments(passages: list[Passage]) -> tuple[list[Passage], list[Section]]:
    """The body of a document and its attachments (附件1 and its title, then its text and tables), each as a section."""
    body: list[Passage] = []
    found: list[Section] = []
    waiting = False
    for passage in passages:
        marker = _ATTACHMENT.match(passage.text) if passage.kind != "row" and len(passage.text) <= 60 else None
        if marker and (passage.style == "附件标记" or not marker.group(2) or passage.kind == "heading"):
            found.append(Section(marker.group(2).strip(), 1, passage))
            waiting = not marker.group(2).strip()
        elif found and waiting and passage.kind != "row":
            found[-1].title, waiting = passage.text.replace("\n", ""), False
        elif found:
            found[-1].passages.append(passage)
        else:
            body.append(passage)
    return body, found


def tree(passages: list[Passage]) -> Section:
    """The sections of a document: each heading holds what follows it until a heading of its level or above."""
    root = Section("", 0)
    stack = [root]
    for passage in passages:
        if passage.kind == "heading":
            while stack[-1].level >= passage.level:
                stack.pop()
            section = Section(title_of(passage.text), passage.level, passage)
            stack[-1].children.append(section)
            stack.append(section)
        else:
            stack[-1].passages.append(passage)
    return root


@dataclass
class Mapping:
    """What an importer made of a document: the plan's data, comments for the YAML, and what it did."""

    data: dict[str, Any] = field(default_factory=dict)
    comments: dict[PathKey, str] = field(default_factory=dict)
    placed: list[tuple[str, str]] = field(default_factory=list)      # (what, where in the document)
    unplaced: list[Passage] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)                 # what the document did not give
    kind: str = "city"
    text: str = ""

    def put(self, path: PathKey, value: Any, source: Any = None, label: str = "") -> None:
        """``value`` at ``path`` of the data (containers made on the way); ``source`` (a Section or Passage) noted."""
        node: Any = self.data
        for key, nxt in zip(path[:-1], path[1:]):
            if isinstance(node, list):
                while len(node) <= key:
                    node.append({} if not isinstance(nxt, int) else [])
                node = node[key]
            else:
                node = node.setdefault(key, [] if isinstance(nxt, int) else {})
        if isinstance(node, list):
            while len(node) <= path[-1]:
                node.append(None)
        node[path[-1]] = value
        if source is not None and label:
            self.placed.append((label, source.where))

    def lack(self, path: PathKey, what: str, hint: str = "", owner: str = "") -> None:
        """A value the document does not give: 待补充, with a comment saying so."""
        self.put(path, f"{MISSING}（{owner}）" if owner else MISSING)
        self.comments[path] = f"原文中没有找到{what}" + (f"：{hint}" if hint else "。")
        self.missing.append(what)

    def report(self) -> str:
        lines = [f"按{ {'city': '示范城市创建工作方案', 'base': '示范基地创建工作方案', 'brief': '创建工作方案要点'}[self.kind]}读取。"]
        if self.placed:
            lines.append(f"已对应（{len(self.placed)} 处）：")
            lines += [f"  {what}：{where}" for what, where in self.placed]
        if self.missing:
            lines.append(f"原文中没有、写作“{MISSING}”的（{len(self.missing)} 处，见文件中的注释）：")
            lines.append("  " + "、".join(dict.fromkeys(self.missing)))
        if self.unplaced:
            lines.append(f"未能对应到方案字段的段落（{len(self.unplaced)} 段，请手工处理）：")
            lines += [f"  {p.where}：{_short(p.text)}" for p in self.unplaced[:SHOWN]]
            if len(self.unplaced) > SHOWN:
                lines.append(f"  ……另有 {len(self.unplaced) - SHOWN} 段（从{self.unplaced[SHOWN].where}起）。")
        return "\n".join(lines)


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def kind_of(title: str, root: Section) -> str:
    """The type of plan a document is: 示范基地, a 要点, else a city plan."""
    headings = " ".join(section.title for section in root.children)
    if "基地" in title:
        return "base"
    if "要点" in title or (not any(w in headings for w in ("现状", "摘要")) and "保障" in headings and len(root.children) <= 5):
        return "brief"
    return "city"


def passages_of(path: Path) -> list[Passage]:
    """The passages of a document, the frame kept: a .doc or .wps converted by LibreOffice first."""
    if path.suffix.lower() == ".docx":
        return read(path, frame=True)
    if path.suffix.lower() not in (".doc", ".wps", ".rtf", ".odt"):
        raise InputFileError(str(path), "只能读取 Word 文档（.docx、.doc）或 WPS 文档（.wps）。")
    from generator.readers.word_text import OLE

    try:
        start = path.read_bytes()[:8]
    except OSError as exc:
        raise InputFileError(str(path), f"无法读取文件：{exc.strerror or exc}") from None
    expected = {".doc": (OLE,), ".wps": (OLE,), ".rtf": (b"{\\rtf",), ".odt": (b"PK",)}[path.suffix.lower()]
    if not start.startswith(expected):
        raise InputFileError(str(path), f"不是 {path.suffix} 格式的文档（文件内容与扩展名不符）：请用 Word 或 WPS 打开后"
                             "另存为“Word 文档（*.docx）”。")
    import tempfile

    from generator.office import convert_to_docx

    with tempfile.TemporaryDirectory(prefix="ecplan-office-") as folder:
        return read(convert_to_docx(path.resolve(), Path(folder)), frame=True)


def import_plan(path: str | Path) -> Mapping:
    """The plan a Word document (not written by ecplan) describes, as well as its passages tell."""
    from generator.yaml_writer import dump

    source = Path(path)
    passages = passages_of(source)
    if not [p for p in passages if p.kind != "title"]:
        raise InputFileError(str(source), "文档中没有内容（没有正文段落和表格），没有可以读取的方案。")
    titles = [p.text for p in passages if p.kind == "title"]
    body = [p for p in passages if p.kind not in ("title", "cover")]
    cover = [p for p in passages if p.kind == "cover"]
    body, attached = attachments(body)
    root = tree(body)
    root.children += attached       # after the chapters, as the 附件 of the plan (level 1, titled)
    for section in attached:
        section.level = -1
    title = titles[0].replace("\n", "") if titles else _first_title(root)
    kind = kind_of(title, root)
    if kind == "base":
        from generator.readers.word.base import map_base as mapper
    elif kind == "brief":
        from generator.readers.word.brief import map_brief as mapper
    else:
        from generator.readers.word.city import map_city as mapper
    mapping = mapper(root, title, cover)
    mapping.kind = kind
    left = "".join(f"\n  {p.where}：{_short(p.text, 100)}" for p in mapping.unplaced[:SHOWN]) + (
        f"\n  ……另有 {len(mapping.unplaced) - SHOWN} 段" if len(mapping.unplaced) > SHOWN else "")
    header = f"由 ecplan import 从 {source.name} 读出：注释说明了原文中没有找到、写作“{MISSING}”的内容。" + (
        f"\n原文中未能对应到方案字段的段落（请移到合适的字段中）：{left}" if left else "")
    try:
        mapping.text = dump(mapping.data, mapping.comments, header=header)
    except ValueError:          # a value the plain writer cannot say exactly: PyYAML's own form, without comments
        import yaml

        mapping.text = "".join(f"# {line}\n" for line in header.splitlines()) + yaml.safe_dump(
            mapping.data, allow_unicode=True, sort_keys=False, width=100_000)
    return mapping


def _first_title(root: Section) -> str:
    """A title typed as the first paragraph (centred, before the first heading): one that names a 方案 or 要点."""
    for passage in root.passages[:3]:
        if ("方案" in passage.text or "要点" in passage.text) and len(passage.text) <= 60:
            root.passages.remove(passage)
            return passage.text.replace("\n", "")
    return ""

"""``ecplan compare OLD NEW -o 修改稿.docx``: the new draft with what changed since the old one as tracked changes
(w:ins and w:del, which Word, WPS and LibreOffice show and can accept or reject), by one author on one date.

The two documents are read as passages (``readers.word_text``) and aligned; a paragraph or table row that changed
has its text rewritten as the words kept, deleted and inserted (a number changes as a whole: 865.3 → 870), one
removed is put back where it stood, deleted, and one added is marked inserted — in the new document itself, so its
layout, its 目录 and its figures stay as they are. (LibreOffice's own comparison, tried first, marks the 目录 and
every figure deleted and inserted again and saves the document in its own styles: the changes it shows are not
only those made.) ``compare_table`` writes the 修改对照表 instead."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from generator.readers.word_text import Passage
from generator.word_edits import TOKEN, norm

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class Revision:
    """Who made the changes and when, as Word records them on each."""

    author: str
    date: str           # 2026-11-10T00:00:00Z



def changes(old: list[Passage], new: list[Passage]) -> list[tuple[str, Passage | None, Passage | None]]:
    """The passages that differ, in the new document's order: ("changed", old, new), ("added", None, new), and
    ("removed", old, the new passage it stood before, or None at the end)."""
    from generator.word_edits import pairs

    a, b = [norm(p.text) for p in old], [norm(p.text) for p in new]
    found: list[tuple[str, Passage | None, Passage | None]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        matched, removed, added = pairs(a, b, range(i1, i2), range(j1, j2))
        events = [(j, 1, ("changed", old[i], new[j])) for i, j in matched] + \
            [(j, 2, ("added", None, new[j])) for j in added]
        for i in removed:       # put back before what now follows it: the next kept passage, or what follows the stretch
            after = min((j for i2, j in matched if i2 > i), default=j2)
            events.append((after, 0, ("removed", old[i], new[after] if after < len(new) else None)))
        found += [event for _, _, event in sorted(events, key=lambda e: (e[0], e[1]))]
    return found


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


class _Marks:
    """Makes the w:ins and w:del elements, numbered through the document."""

    def __init__(self, revision: Revision, start: int = 1000):
        self.revision, self.next = revision, start

    def mark(self, tag: str) -> Any:
        from lxml import etree

        element = etree.Element(_q(tag))
        element.set(_q("id"), str(self.next))
        element.set(_q("author"), self.revision.author)
        element.set(_q("date"), self.revision.date)
        self.next += 1
        return element


def _run(text: str, properties: Any, deleted: bool) -> Any:
    """A run of ``text``: a line break in it (a table cell broken over lines) as Word's own (w:br); none in what
    is deleted."""
    from lxml import etree

    run = etree.Element(_q("r"))
    if properties is not None:
        run.append(copy.deepcopy(properties))
    for number, line in enumerate([text.replace("\n", "")] if deleted else text.split("\n")):
        if number:
            etree.SubElement(run, _q("br"))
        if line:
            piece = etree.SubElement(run, _q("delText" if deleted else "t"))
            piece.text = line
            piece.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _shown(paragraph: Any) -> str:
    """A paragraph's text with its line breaks."""
    return "".join((node.text or "") if node.tag == _q("t") else "\n" for node in paragraph.iter(_q("t"), _q("br")))


def _rewrite(paragraph: Any, old: str, new: str, marks: _Marks) -> None:
    """A paragraph's runs replaced by its new text, the words deleted and inserted marked as such."""
    runs = paragraph.findall(_q("r"))
    properties = next((r.find(_q("rPr")) for r in runs if r.find(_q("rPr")) is not None), None)
    for child in list(paragraph):
        if child.tag != _q("pPr"):
            paragraph.remove(child)
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            paragraph.append(_run("".join(a[i1:i2]), properties, False))
            continue
        if i2 > i1:
            deletion = marks.mark("del")
            deletion.append(_run("".join(a[i1:i2]), properties, True))
            paragraph.append(deletion)
        if j2 > j1:
            insertion = marks.mark("ins")
            insertion.append(_run("".join(b[j1:j2]), properties, False))
            paragraph.append(insertion)


def _whole(paragraph: Any, marks: _Marks, deleted: bool) -> None:
    """Every run of a paragraph, and its mark, as deleted (or inserted)."""
    from lxml import etree

    tag = "del" if deleted else "ins"
    for run in paragraph.findall(_q("r")):
        if deleted:
            for text in run.findall(_q("t")):
                text.tag = _q("delText")
        wrapper = marks.mark(tag)
        run.addprevious(wrapper)
        wrapper.append(run)
    properties = paragraph.find(_q("pPr"))
    if properties is None:
        properties = etree.Element(_q("pPr"))
        paragraph.insert(0, properties)
    mark = properties.find(_q("rPr"))
    if mark is None:
        mark = etree.SubElement(properties, _q("rPr"))
    mark.append(marks.mark(tag))


def _paragraphs(element: Any) -> list[Any]:
    return [element] if element.tag == _q("p") else element.findall(f".//{_q('p')}")


def tracked(new_document: Any, found: list[tuple[str, Passage | None, Passage | None]], revision: Revision) -> bytes:
    """The new document (python-docx, as read with its passages) with ``found`` written into it as tracked changes."""
    marks = _Marks(revision)
    for kind, old, new in found:
        if kind == "changed" and old is not None and new is not None:
            if new.kind == "row":
                _row(new.element, old.cells, marks)
            else:
                _rewrite(new.element, old.text, new.text, marks)
        elif kind == "removed" and old is not None:
            _put_back(new_document, old, new, marks)
        elif kind == "added" and new is not None:
            for paragraph in _paragraphs(new.element):
                _whole(paragraph, marks, deleted=False)
            if new.kind == "row":
                _row_mark(new.element, marks.mark("ins"))
    out = io.BytesIO()
    new_document.save(out)
    return out.getvalue()


def _row(row: Any, old_cells: tuple[str, ...], marks: _Marks) -> None:
    cells = row.findall(_q("tc"))
    for cell, before in zip(cells, list(old_cells) + [""] * len(cells)):
        paragraphs = cell.findall(_q("p"))
        now = "\n".join(_shown(p) for p in paragraphs)
        if norm(now) != norm(before) and paragraphs:
            _rewrite(paragraphs[0], before, now, marks)
            for extra in paragraphs[1:]:
                cell.remove(extra)


def _row_mark(row: Any, mark: Any) -> None:
    from lxml import etree

    properties = row.find(_q("trPr"))
    if properties is None:
        properties = etree.Element(_q("trPr"))
        row.insert(0, properties)
    properties.append(mark)


def _put_back(document: Any, old: Passage, before: Passage | None, marks: _Marks) -> None:
    """A passage the new document no longer has, deleted where it stood: before the passage that now follows it."""
    copied = copy.deepcopy(old.element)
    for paragraph in _paragraphs(copied):
        _whole(paragraph, marks, deleted=True)
    if old.kind == "row":
        _row_mark(copied, marks.mark("del"))
    anchor = before.element if before is not None else None
    if anchor is not None and anchor.tag == copied.tag:
        anchor.addprevious(copied)
    elif old.kind != "row":
        body = document.element.body
        body.insert(len(body) - 1 if body[-1].tag == _q("sectPr") else len(body), copied)


def revision_of(path: Any, plan: dict[str, Any] | None) -> Revision:
    """The author and date of the changes: the new plan's 编制单位 (or 申报单位) and its date; for a document without
    its plan, its own properties; else ecplan on the date no document changes with."""
    import datetime as dt
    import zipfile

    cover = (plan or {}).get("cover") if isinstance((plan or {}).get("cover"), dict) else {}
    author = str(cover.get("compiler") or cover.get("applicant") or "").split("　")[0].strip()
    date = cover.get("date")
    if not author or not isinstance(date, dt.date):
        try:
            core = zipfile.ZipFile(path).read("docProps/core.xml").decode("utf-8")
        except (KeyError, OSError, zipfile.BadZipFile):
            core = ""
        creator = re.search(r"<dc:creator>([^<]+)</dc:creator>", core)
        modified = re.search(r"<dcterms:modified[^>]*>(\d{4}-\d\d-\d\d)", core)
        author = author or (creator.group(1) if creator else "ecplan")
        if not isinstance(date, dt.date):
            date = dt.date.fromisoformat(modified.group(1)) if modified else dt.date(2000, 1, 1)
    return Revision(author, f"{date.isoformat()}T00:00:00Z")

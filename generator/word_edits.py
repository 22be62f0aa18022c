"""Edits made in Word to a document ecplan wrote, traced back to the fields of the plan it came from.

The plan's document is built again (its passages as ``readers.word_text`` reads a .docx: ``passages``) and aligned
with the edited document's. Each passage the edit changed is explained by the fields it is written from: a field
that affects it is found by building the document with that field changed (a number scaled as amounts are shown,
2000万元 as 0.2亿元; a text found in the passage), and an explanation counts only when building the document with the
new value gives the edited passage exactly. What no field explains — a paragraph added or removed, a number the
document computes, a sentence ecplan composes — is listed with where it stands, for the planner to make."""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Callable, Iterator

from generator.lazy import Pattern
from generator.quantities import in_unit
from generator.readers.plan import PathKey
from generator.readers.word_text import Passage
from generator.tables import TABLE_COLUMNS

#: fields that do not write text (settings, references to other files): not traced
SETTINGS = ("accept", "charts", "layout", "extends", "tables", "type", "period")
_NUMBER = Pattern(r"\d+(?:,\d{3})*(?:\.\d+)?")
_SENTINEL = "\u2063ecplan\u2063"
#: the pieces two texts are compared in: a number or a Latin word as a whole (865.3 → 870.2), else a character
TOKEN = Pattern(r"\d+(?:[.,]\d+)*|[A-Za-z]+|.", re.S)
_AMOUNT = Pattern(r"(\d+(?:,\d{3})*(?:\.\d+)?)(万亿元|亿元|万元|元|亿美元|万美元)?")
Build = Callable[[dict[str, Any]], list[str]]


@dataclass(frozen=True)
class Change:
    """A field the edits changed: its path, the value the plan has and the value the edited document shows."""

    path: PathKey
    old: Any
    new: Any
    where: str          # the passage of the edited document that shows it (第12段)
    heading: str = ""   # the heading above that passage


@dataclass(frozen=True)
class Unplaced:
    """An edit no field explains: what the plan's document has there and what the edited one has (either may be
    empty: a passage added or removed), and where."""

    old: str
    new: str
    where: str
    heading: str        # the heading above it in the edited document


@dataclass
class Traced:
    changes: list[Change] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    conflicts: list[tuple[PathKey, list[Any]]] = field(default_factory=list)   # a field edited two ways
    stale: list[tuple[PathKey, Any, Any]] = field(default_factory=list)   # changed in the plan too since: (now, doc)


def passages(context: dict[str, Any]) -> list[str]:
    """The texts of the document a render context describes, in the order and the cutting ``word_text.read`` reads a
    .docx in: the notice, the blocks (a table as its header row and rows, cells joined by " | "), the 版记."""
    out = [block["text"] for block in context.get("notice") or []]
    for block in context["blocks"]:
        kind = block["kind"]
        if kind == "attachment":
            out += [block["label"], block["text"]]
        elif kind == "table":
            out += [" | ".join(block["columns"]), *(" | ".join(map(str, row)) for row in block["rows"])]
        elif kind.startswith("table_"):
            columns = [c for c in TABLE_COLUMNS[kind] if c[1].split(".")[1] not in (block.get("omit") or [])]
            out.append(" | ".join(c[0] for c in columns))
            out += [" | ".join(str(row.get(c[1].split(".")[1], "")) for c in columns) for row in block["rows"]]
        elif block.get("text"):
            out.append(block["text"])
    imprint = context.get("imprint")
    if imprint:
        out += ([f"抄送：{imprint['copy_to']}。"] if imprint.get("copy_to") else []) + \
            [f"{imprint['printer']}　{imprint['date']}印发"]
    return out


def norm(text: str) -> str:
    """A text as compared: its spaces and line breaks left out."""
    return re.sub(r"\s+", "", text)


def leaves(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    """Every text and number of the plan that may be written in its document, with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not (path == () and key in SETTINGS):
                yield from leaves(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, path + (index,))
    elif isinstance(data, (str, int, float)) and not isinstance(data, bool):
        yield path, data


def with_value(data: dict[str, Any], path: PathKey, value: Any) -> dict[str, Any]:
    """A copy of ``data`` with the value at ``path`` replaced (only the containers on the way are copied)."""
    top = copy.copy(data)
    node: Any = top
    for part in path[:-1]:
        child = copy.copy(node[part])
        node[part] = child
        node = child
    node[path[-1]] = value
    return top


def _numbers(text: str) -> list[float]:
    return [float(token.replace(",", "")) for token in _NUMBER.findall(text)]


def _scales(value: float, shown: list[float]) -> list[float]:
    """The factors by which ``value`` is shown among the numbers ``shown`` (1, or 1e-4 for 万元 shown as 亿元)."""
    return [scale for scale in (1, 1e-4, 1e4, 1e-8, 1e8) if any(abs(value * scale - n) <= 1e-9 * max(1, abs(n))
                                                               for n in shown)]


def trace(data: dict[str, Any], build: Build, edited: list[Passage]) -> Traced:
    """The fields of ``data`` (a plan, as ``build`` turns it into passages) that the ``edited`` document changed."""
    base = build(data)
    ours, theirs = [norm(text) for text in base], [norm(p.text) for p in edited]
    traced = Traced()
    found: dict[PathKey, list[tuple[Any, str, str]]] = {}
    headings = _headings(edited)
    matcher = SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        matched, removed, added = pairs(ours, theirs, range(i1, i2), range(j1, j2))
        for i, j in matched:
            solved, rest = _explain(data, build, base, i, edited[j].text)
            for path, value in solved:
                found.setdefault(path, []).append((value, edited[j].where, headings[j]))
            if rest:
                traced.unplaced.append(Unplaced(base[i], edited[j].text, edited[j].where, headings[j]))
        traced.unplaced += [Unplaced(base[i], "", _near(edited, j1), headings[min(j1, len(headings) - 1)] if headings
                                     else "") for i in removed]
        traced.unplaced += [Unplaced("", edited[j].text, edited[j].where, headings[j]) for j in added]
    for path, values in found.items():
        distinct = list(dict.fromkeys(value for value, _, _ in values))
        if len(distinct) > 1:
            traced.conflicts.append((path, distinct))
        else:
            traced.changes.append(Change(path, value_of(data, path), distinct[0], values[0][1], values[0][2]))
    return traced


def _headings(edited: list[Passage]) -> list[str]:
    current, out = "", []
    for passage in edited:
        if passage.kind == "heading":
            current = (passage.label + passage.text).replace("\n", "")
        out.append(current)
    return out


def _near(edited: list[Passage], j: int) -> str:
    return f"{edited[j].where}之前" if j < len(edited) else "文末"


def pairs(ours: list[str], theirs: list[str], old: range, new: range) -> tuple[list[tuple[int, int]], list[int],
                                                                              list[int]]:
    """The passages of a changed stretch paired as one changed into the other (in order, the most alike), and
    those removed and added."""
    found: list[tuple[int, int]] = []
    start = new.start
    for i in old:
        best = max(((SequenceMatcher(None, ours[i], theirs[j], autojunk=False).ratio(), j) for j in range(start, new.stop)),
                   default=(0.0, -1))
        if best[0] >= 0.4:
            found.append((i, best[1]))
            start = best[1] + 1
    paired_old, paired_new = {i for i, _ in found}, {j for _, j in found}
    return found, [i for i in old if i not in paired_old], [j for j in new if j not in paired_new]


def value_of(data: Any, path: PathKey) -> Any:
    for part in path:
        data = data[part]
    return data


def _explain(data: dict[str, Any], build: Build, base: list[str], index: int,
             wanted: str) -> tuple[list[tuple[PathKey, Any]], bool]:
    """The fields (and their new values) that turn passage ``index`` of the plan's document into ``wanted``; and
    whether something is left that they do not explain."""
    target = norm(wanted)
    current, solved = data, []
    for _ in range(8):                      # each round explains one more part of the edit
        shown = build(current)[index]
        if norm(shown) == target:
            return solved, False
        step = _number_step(current, build, index, shown, target) or _text_step(current, build, index, shown, wanted)
        if step is None:
            break
        path, value = step
        current = with_value(current, path, value)
        solved = [(p, v) for p, v in solved if p != path] + [(path, value)]
    return solved, True


def _number_step(data: dict[str, Any], build: Build, index: int, shown: str, target: str) -> tuple[PathKey, Any] | None:
    """One number of the passage the edit changed, and the field and value that show it so."""
    have, want = _AMOUNT.findall(norm(shown)), _AMOUNT.findall(target)
    changed = []
    if len(have) == len(want):      # as many numbers as before: those that differ, where they stand
        opcodes = [("replace", i, i + 1, i, i + 1) for i, (a, b) in enumerate(zip(have, want)) if a != b]
    else:
        opcodes = SequenceMatcher(None, ["".join(t) for t in have], ["".join(t) for t in want],
                                  autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "replace" and i2 - i1 == j2 - j1:
            for at, ((a, unit_a), (b, unit_b)) in enumerate(zip(have[i1:i2], want[j1:j2]), start=i1):
                old, new = float(a.replace(",", "")), float(b.replace(",", ""))
                # 9800万元 written over as 1.05亿元: the new amount in the unit the document showed
                converted = in_unit(new, unit_b, unit_a) if unit_a and unit_b and unit_a != unit_b else None
                changed.append((at, old, new if converted is None else converted, new))
    before = SequenceMatcher(None, norm(shown), target, autojunk=False).ratio()
    for at, old, new, written in changed:
        for path, value in leaves(data):
            if isinstance(value, str) or isinstance(value, bool):
                continue
            for scale in _scales(float(value), [old]):
                candidate = new / scale
                candidate = int(round(candidate)) if isinstance(value, int) and abs(candidate - round(candidate)) < 1e-9 \
                    else round(candidate, 6)
                after = norm(build(with_value(data, path, candidate))[index])
                tokens = _AMOUNT.findall(after)
                # the number that changed, and it alone (of two fields both 3200, the one written there)
                if len(tokens) == len(have) and float(tokens[at][0].replace(",", "")) in (written, new) and \
                        all(t == h for k, (t, h) in enumerate(zip(tokens, have)) if k != at) and \
                        SequenceMatcher(None, after, target, autojunk=False).ratio() > before:
                    return path, candidate
    return None


def _text_step(data: dict[str, Any], build: Build, index: int, shown: str, wanted: str) -> tuple[PathKey, Any] | None:
    """A text field written in the passage whose new words the edited passage shows between the same surroundings."""
    plain = norm(shown)
    wanted_plain = wanted.replace("\n", "")
    for path, value in leaves(data):
        if not isinstance(value, str) or len(value.strip()) < 2:
            continue
        words = norm(value)
        if words[:12] not in plain and words[-12:] not in plain:
            continue
        marked = build(with_value(data, path, _SENTINEL))[index].replace("\n", "")
        at = marked.find(_SENTINEL)
        if at < 0:
            continue
        before, after = marked[:at], marked[at + len(_SENTINEL):]
        if wanted_plain.startswith(before) and wanted_plain.endswith(after) and \
                len(wanted_plain) >= len(before) + len(after):
            new = wanted_plain[len(before):len(wanted_plain) - len(after)]
            ending = value.rstrip()[-1:] if value.rstrip()[-1:] in "。！？；" else ""
            if ending and not new.endswith(ending) and after.startswith(ending) and \
                    norm(build(with_value(data, path, new + ending))[index]) == norm(build(with_value(data, path, new))[index]):
                new += ending       # the full stop the text had, which the document shows the same either way
            if new != value and norm(build(with_value(data, path, new))[index]) != plain:
                return path, new
    return None


def as_shown(value: Any) -> str:
    """A value as a report shows it."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def difference(old: str, new: str, context: int = 12) -> str:
    """What changed between two texts, each change in its surroundings: …区域性商贸物流〔中心→枢纽〕、先进制造业…"""
    if len(old) <= 2 * context and len(new) <= 2 * context:
        return f"{old} → {new}"
    a, b = TOKEN.findall(old), TOKEN.findall(new)      # a number changes as a whole: 865.3 → 870.2
    parts = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            before, after = "".join(a[:i1])[-context:], "".join(a[i2:])[:context]
            parts.append(f"…{before}〔{''.join(a[i1:i2]) or '（无）'}→{''.join(b[j1:j2]) or '（删去）'}〕{after}…")
    return "；".join(parts) if parts else new

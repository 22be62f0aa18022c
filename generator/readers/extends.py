"""``extends:`` — a plan that starts from shared files (a consultant's standard measures, a province's policies).

Merge rules, applied from the first shared file to the plan itself (later wins):

* mappings merge key by key, recursively;
* a scalar or a list replaces what was shared; ``key: null`` (or ``key:``) removes it;
* ``key+:`` adds to a shared list instead of replacing it: items that are mappings with the same ``title`` (or
  ``name``) as a shared item are merged into it, in its place; other items are appended. For lists of plain values
  (e.g. ``partners+``) values not already there are appended.

Every value keeps the file and line where it was written, so a mistake in a shared file is reported there.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from generator.errors import InputFileError
from generator.readers.plan import LoadedPlan, PathKey, Position

Reader = Callable[[Path], LoadedPlan]

EXTENDS = "extends"
ADD = "+"
ITEM_KEYS = ("title", "name")
MAX_CHAIN = 10


def _missing(path: Path) -> str:
    """Why ``path`` is not a file to read: it is not there, a link leads nowhere, or it is a pipe, device, folder."""
    try:
        if not os.path.lexists(path):
            return "不存在"
        if not os.path.exists(path):
            return "是一个指向不存在之处（或自己指向自己）的链接"
    except (OSError, ValueError):
        return "无法读取"
    return "是目录" if os.path.isdir(path) else "不是普通文件（是管道、设备或套接字）"


def _home(path: Path) -> Path:
    """The directory of the plan as the user named it (a plan that is a link to a file elsewhere is at home where
    the link is, as are the files its extends: names beside it), its own links followed."""
    return Path(os.path.realpath(Path(path).absolute().parent))


def with_parents(path: Path, read: Reader, shared: tuple[str | Path, ...] = ()) -> LoadedPlan:
    """The plan file at ``path`` (read by ``read``) merged onto everything it extends, each shared file read the
    same way; raises InputFileError for cycles, missing files and files outside where shared files may be: the
    plan's own directory and those below it, and the directories in ``shared`` (``--shared DIR``)."""
    allowed = (_home(path), *(Path(os.path.realpath(root)) for root in shared))
    return _load(path, (), read, allowed)


def _load(path: Path, chain: tuple[Path, ...], read: Reader, allowed: tuple[Path, ...]) -> LoadedPlan:
    plan = read(path)
    adds = _added_keys(plan)
    if EXTENDS not in plan.data:
        return _strip_add_markers(plan) if adds else plan
    at = plan.positions.get((EXTENDS,), Position(plan.path, 1, 1))
    parents = _targets(plan, at)
    here = path.resolve()
    merged: LoadedPlan | None = None
    for target in parents:
        resolved = _resolved(plan, at, path.parent / target, target)
        if not any(resolved.is_relative_to(root) for root in allowed):
            raise InputFileError(plan.path, f"extends 引用的文件“{target[:80]}”（{resolved}）不在方案所在的目录中。"
                                 "为免读到其他方案或其他客户的文件，只能引用方案所在目录及其子目录中的文件；确需引用时，"
                                 f"用 --shared {resolved.parent} 指明共享文件所在的目录。", at.line, at.column,
                                 code="Y114")
        if resolved == here or resolved in chain:
            loop = " → ".join(str(p) for p in (*chain, here, resolved))
            raise InputFileError(plan.path, f"extends 形成循环引用：{loop}。", at.line, at.column, code="Y111")
        if len(chain) >= MAX_CHAIN:
            raise InputFileError(plan.path, f"extends 嵌套超过 {MAX_CHAIN} 层。", at.line, at.column, code="Y111")
        if not _is_file(resolved):
            raise InputFileError(plan.path, f"extends 引用的文件“{target}”{_missing(path.parent / target)}（查找位置："
                                 f"{resolved}）。路径相对于本文件所在目录。", at.line, at.column, code="Y112")
        parent = _load(path.parent / target, (*chain, here), read, allowed)
        merged = parent if merged is None else _merge_plans(merged, parent, plan.path)
    own = {key: value for key, value in plan.data.items() if key != EXTENDS}
    child = LoadedPlan(plan.path, own, plan.positions, plan.diagnostics)
    assert merged is not None
    result = _merge_plans(merged, child, plan.path)
    result.positions.pop((EXTENDS,), None)
    return result


def confined(plan: LoadedPlan, at: Position, path: Path, written: str, plan_path: Path,
             shared: tuple[str | Path, ...], what: str) -> Path:
    """The real path of a file a plan names (``what``: the key it is named under), within the plan's directory tree
    or the ``shared`` directories, and existing; else the reason, as Y114 or Y112."""
    allowed = (_home(plan_path), *(Path(os.path.realpath(root)) for root in shared))
    resolved = _resolved(plan, at, path, written)
    if not any(resolved.is_relative_to(root) for root in allowed):
        raise InputFileError(at.file, f"{what} 引用的文件“{written[:80]}”不在方案所在的目录中：只能引用方案所在目录及其"
                             f"子目录中的文件；确需引用时，用 --shared {resolved.parent} 指明所在的目录。", at.line,
                             at.column, code="Y114")
    if not _is_file(resolved):
        raise InputFileError(at.file, f"{what} 引用的文件“{written}”{_missing(path)}（查找位置：{resolved}）。"
                             "路径相对于写它的方案文件所在目录。", at.line, at.column, code="Y112")
    return resolved


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long, a loop of links
        return False


def _resolved(plan: LoadedPlan, at: Position, path: Path, written: str) -> Path:
    """The real path of a shared file, or a Y112 error saying why the path cannot be used."""
    try:
        return Path(os.path.realpath(path, strict=False)) if "\0" not in written else Path(written)
    except (OSError, RuntimeError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputFileError(plan.path, f"extends 引用的路径“{written[:80]}”无法使用：{reason}。", at.line, at.column,
                             code="Y112") from None


def _targets(plan: LoadedPlan, at: Position) -> list[str]:
    value = plan.data[EXTENDS]
    targets = [value] if isinstance(value, str) else value
    if not isinstance(targets, list) or not targets or not all(isinstance(t, str) and t.strip() for t in targets):
        raise InputFileError(plan.path, "extends 应写一个文件路径（如 extends: shared/standard.yaml），"
                             "或路径的列表。", at.line, at.column, code="Y112")
    for target in targets:
        if "\0" in target or len(target) > 1024:
            raise InputFileError(plan.path, f"extends 引用的路径“{target[:80]}…”无法使用（过长或含有不可见字符）。",
                                 at.line, at.column, code="Y112")
    return [t.strip() for t in targets]


def _added_keys(plan: LoadedPlan) -> bool:
    """Whether the file writes any ``key+``; ``key+`` next to ``key`` in the same mapping is an error."""
    found = False

    def walk(value: Any, path: PathKey) -> None:
        nonlocal found
        if isinstance(value, dict):
            for key, item in value.items():
                if _is_add(key):
                    found = True
                    if _plain(key) in value:
                        at = plan.positions[path + (key,)]
                        raise InputFileError(plan.path, f"“{key}”与“{_plain(key)}”不能同时出现：前者追加到共享内容，"
                                             "后者替换共享内容，请只保留一个。", at.line, at.column, code="Y113")
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))

    walk(plan.data, ())
    return found


class _Merger:
    """Builds merged data and its positions from two positioned trees."""

    def __init__(self, parent: LoadedPlan, child: LoadedPlan):
        self.parent, self.child = parent, child
        self.positions: dict[PathKey, Position] = {}

    def take(self, plan: LoadedPlan, value: Any, source: PathKey, target: PathKey) -> Any:
        """Copy a subtree unchanged, with its positions, resolving ``key+`` markers inside it."""
        at = plan.positions.get(source)
        if at is not None:
            self.positions[target] = at
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                name = _plain(key)
                out[name] = self.take(plan, item, source + (key,), target + (name,))
            return out
        if isinstance(value, list):
            return [self.take(plan, item, source + (i,), target + (i,)) for i, item in enumerate(value)]
        return value

    def mapping(self, parent: dict[Any, Any], child: dict[Any, Any], ppath: PathKey, cpath: PathKey,
                target: PathKey) -> dict[Any, Any]:
        """Shared keys in their order, each merged with the child's value if it has one; then the child's new keys."""
        written = {_plain(key): key for key in child}
        out: dict[Any, Any] = {}
        for name, value in parent.items():
            if name in written:
                out[name] = self.merge(value, written[name], child[written[name]], ppath + (name,), cpath, target)
            else:
                out[name] = self.take(self.parent, value, ppath + (name,), target + (name,))
        for name, key in written.items():
            if name not in parent:
                out[name] = self.take(self.child, child[key], cpath + (key,), target + (name,))
        return out

    def merge(self, shared: Any, key: Any, value: Any, ppath: PathKey, cpath: PathKey, target: PathKey) -> Any:
        name = _plain(key)
        here = target + (name,)
        if isinstance(value, dict) and isinstance(shared, dict):
            merged: Any = self.mapping(shared, value, ppath, cpath + (key,), here)
        elif _is_add(key) and isinstance(value, list) and isinstance(shared, list):
            merged = self.extend(shared, value, ppath, cpath + (key,), here)
        else:
            merged = self.take(self.child, value, cpath + (key,), here)
        self.positions[here] = self.child.positions[cpath + (key,)]
        return merged

    def extend(self, shared: list[Any], added: list[Any], ppath: PathKey, cpath: PathKey,
               target: PathKey) -> list[Any]:
        """``key+``: the shared items, those the child names again merged in place, then the child's new items."""
        matches: dict[int, int] = {}
        extra: list[int] = []
        for index, item in enumerate(added):
            match = _matching(shared, item)
            if match is not None and match not in matches:
                matches[match] = index
            elif isinstance(item, dict) or item not in shared:
                extra.append(index)
        out = []
        for i, item in enumerate(shared):
            if i in matches:
                index = matches[i]
                out.append(self.mapping(item, added[index], ppath + (i,), cpath + (index,), target + (i,)))
                self.positions[target + (i,)] = self.child.positions[cpath + (index,)]
            else:
                out.append(self.take(self.parent, item, ppath + (i,), target + (i,)))
        for index in extra:
            out.append(self.take(self.child, added[index], cpath + (index,), target + (len(out),)))
        return out


def _matching(items: list[Any], item: Any) -> int | None:
    if not isinstance(item, dict):
        return None
    for key in ITEM_KEYS:
        if isinstance(item.get(key), str):
            for index, existing in enumerate(items):
                if isinstance(existing, dict) and existing.get(key) == item[key]:
                    return index
            return None
    return None


def _is_add(key: Any) -> bool:
    return isinstance(key, str) and key.endswith(ADD) and len(key) > len(ADD)


def _plain(key: Any) -> Any:
    return key[: -len(ADD)] if _is_add(key) else key


def _merge_plans(parent: LoadedPlan, child: LoadedPlan, name: str) -> LoadedPlan:
    merger = _Merger(parent, child)
    data = merger.mapping(parent.data, child.data, (), (), ())
    merger.positions[()] = Position(name, 1, 1)
    return LoadedPlan(name, data, merger.positions, parent.diagnostics + child.diagnostics)


def _strip_add_markers(plan: LoadedPlan) -> LoadedPlan:
    """A file without ``extends`` may still say ``key+:`` (it then simply means ``key:``)."""
    merger = _Merger(plan, plan)
    data = merger.take(plan, plan.data, (), ())
    return LoadedPlan(plan.path, data, merger.positions, plan.diagnostics)

"""Whether OpenCC's ``t2s`` would change a text, told without loading OpenCC.

Loading OpenCC (its C++ library and its dictionaries) takes about 15 ms, at every start of ecplan that reads
Chinese text, though a plan written in simplified characters gives it nothing to do. ``t2s_data`` lists, for the
dictionaries it was made from, every character ``t2s`` converts on its own (5119 in OpenCC 1.4), and the phrases it
converts although none of their characters changes on its own (反覆 → 反复, 瞭解 → 了解, 藉口 → 借口), each filed
under a character it changes. A text holding none of these comes out of ``t2s`` as it went in: at each place
``t2s`` replaces the longest key of its dictionaries, and a key whose replacement differs either holds one of those
characters or is one of those phrases.

The dictionaries installed are compared with the ones the table was made from (size and CRC-32 of each file): with
others (another OpenCC version) every text goes to OpenCC, as before. ``python -m generator.t2s`` writes the table
again from the installed OpenCC (its ``opencc_dict`` tool writes a dictionary out as text).
"""

from __future__ import annotations

import functools
import sys
import zlib
from pathlib import Path

CONFIGURATION = "t2s.json"
_DATA = Path(__file__).with_name("t2s_data.py")


def dictionary_dir() -> Path | None:
    """OpenCC's folder of configurations and dictionaries, found without importing OpenCC."""
    from importlib.util import find_spec

    try:
        spec = find_spec("opencc")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "clib" / "share" / "opencc"
    return folder if folder.is_dir() else None


def dictionaries(folder: Path) -> list[str] | None:
    """The dictionary files ``t2s.json`` names, each once, in the order it reads them (its normalisation, then its
    conversion chain); None when it cannot be read."""
    import json

    try:
        config = json.loads((folder / CONFIGURATION).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    names: list[str] = []

    def walk(entry: object) -> None:
        if isinstance(entry, dict):
            if isinstance(entry.get("file"), str):
                names.append(entry["file"])
            for value in entry.values():
                walk(value)
        elif isinstance(entry, list):
            for value in entry:
                walk(value)

    walk(config)
    return list(dict.fromkeys(names))


def fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...] | None:
    """The name, size and CRC-32 of ``t2s.json`` and of each dictionary it names (None when one is missing)."""
    names = dictionaries(folder)
    try:
        return None if names is None else tuple((name, len(data), zlib.crc32(data)) for name in [CONFIGURATION, *names]
                                                for data in [(folder / name).read_bytes()])
    except OSError:
        return None


@functools.lru_cache(maxsize=1)
def _table() -> tuple[frozenset[str], dict[str, tuple[str, ...]]] | None:
    """The table, when it was made from the dictionaries installed; else None."""
    from generator import t2s_data

    folder = dictionary_dir()
    if folder is None or fingerprint(folder) != t2s_data.FINGERPRINT:
        return None
    return frozenset(t2s_data.SINGLES), t2s_data.TRIGGERS


def may_change(text: str) -> bool:
    """False only when ``t2s`` certainly leaves ``text`` as it is (then OpenCC need not be loaded for it)."""
    table = _table()
    if table is None:
        return True
    singles, triggers = table
    if not singles.isdisjoint(text):
        return True
    return any(char in text and any(phrase in text for phrase in phrases) for char, phrases in triggers.items())


def entries(folder: Path, name: str) -> list[tuple[str, str]]:
    """A dictionary's keys and first values, written out by OpenCC's ``opencc_dict``."""
    import subprocess
    import tempfile

    tool = folder.parent.parent / "bin" / "opencc_dict"
    with tempfile.TemporaryDirectory(prefix="ecplan-t2s-") as scratch:
        out = Path(scratch) / "dictionary.txt"
        subprocess.run([str(tool), "-i", str(folder / name), "-o", str(out), "-f", "ocd2", "-t", "text"],
                       check=True, capture_output=True)
        lines = out.read_text(encoding="utf-8").splitlines()
    return [(key, values.split(" ")[0]) for key, _, values in (line.partition("\t") for line in lines) if key]


def build(folder: Path) -> tuple[str, dict[str, tuple[str, ...]]]:
    """The characters ``t2s`` converts on its own, and the phrases it converts that hold none of them, each under
    the first character it changes (all of a phrase whose replacement is not as long: under its first)."""
    import opencc

    pairs = [pair for name in dictionaries(folder) or () for pair in entries(folder, name)]
    chars = sorted({char for key, _ in pairs for char in key})
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")   # no key holds a line break
    singles = {char for char, after in zip(chars, converted) if after != char}
    triggers: dict[str, set[str]] = {}
    for key, value in pairs:
        if len(key) > 1 and value != key and singles.isdisjoint(key):
            changed = [a for a, b in zip(key, value) if a != b] if len(value) == len(key) else [key[0]]
            triggers.setdefault(changed[0], set()).add(key)
    return "".join(sorted(singles)), {char: tuple(sorted(triggers[char])) for char in sorted(triggers)}


def module_text(folder: Path) -> str:
    """``t2s_data.py`` for the dictionaries in ``folder``."""
    from importlib.metadata import version

    singles, triggers = build(folder)
    lines = [f'"""Made by ``python -m generator.t2s`` from the dictionaries of OpenCC {version("opencc")}: do not '
             'edit."""', "", "# flake8: noqa", "FINGERPRINT = ("]
    lines += [f"    {entry!r}," for entry in fingerprint(folder) or ()]
    lines += [")", "", "SINGLES = ("]
    lines += [f'    "{singles[at:at + 100]}"' for at in range(0, len(singles), 100)]
    lines += [")", "", "TRIGGERS = {"]
    for char, phrases in triggers.items():
        quoted = [f'"{phrase}"' for phrase in phrases]
        rows = [", ".join(quoted[at:at + 12]) for at in range(0, len(quoted), 12)]
        lines.append(f'    "{char}": (' + (",\n        ".join(rows)) + ",),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """``python -m generator.t2s [OUT]``: the table made again from the installed OpenCC, into ``t2s_data.py`` (or
    OUT)."""
    import subprocess

    found = dictionary_dir()
    if found is None:
        print("没有找到 OpenCC 的词典（pip install opencc）。", file=sys.stderr)
        return 1
    if not (found.parent.parent / "bin" / "opencc_dict").is_file():
        print(f"这个 OpenCC 没有附带 opencc_dict 工具（{found.parent.parent / 'bin'}），无法读出词典。", file=sys.stderr)
        return 1
    try:
        text = module_text(found)
    except (subprocess.CalledProcessError, OSError, ValueError) as exc:
        print(f"无法读出 OpenCC 的词典（{found}）：{exc}", file=sys.stderr)
        return 1
    target = Path(argv[0]) if argv else _DATA
    target.write_text(text, encoding="utf-8")
    print(f"已写入 {target}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))

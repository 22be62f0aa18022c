"""Opening a department's workbook and finding its sheets: the values Excel or WPS saved and the cells as written,
each sheet read no further than its filled part, and for each table of the plan the sheet that holds it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import InputFileError
from generator.workbook_layout import Part, column_of, header_words

def openpyxl_module(shown: str) -> Any:
    """openpyxl, or a message saying how to install it."""
    try:
        import openpyxl
    except ImportError:
        raise InputFileError(shown, "读写 Excel 工作簿需要 openpyxl：pip install 'openpyxl>=3.1'", code="X101") from None
    return openpyxl


def load(path: Path, shown: str) -> tuple[Any, Any]:
    """The workbook twice: the values Excel or WPS saved, and the cells as written (formulas as text)."""
    openpyxl = openpyxl_module(shown)
    import zipfile

    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return (openpyxl.load_workbook(path, read_only=True, data_only=True),
                openpyxl.load_workbook(path, read_only=True, data_only=False))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, InvalidFileException) as exc:
        locked = isinstance(exc, PermissionError)
        raise InputFileError(shown, "无法读取 Excel 工作簿：" + ("文件正被其他程序占用或没有读取权限，请关闭 Excel 或 WPS 后重试。"
                             if locked else "它不是 .xlsx 格式的工作簿。请用 Excel 或 WPS 另存为“Excel 工作簿（*.xlsx）”。"),
                             code="X101") from None


#: a sheet is read up to this many columns, and no further than this many empty rows after its last filled one (a
#: stray cell at XFD1048576 would otherwise make it a sheet of 17 billion cells)
MAX_COLUMNS, EMPTY_ROWS = 60, 1000


def rows_of(sheet: Any) -> tuple[list[tuple[Any, ...]], list[tuple[str, ...]]]:
    values, formats, empty = [], [], 0
    for row in sheet.iter_rows(max_col=MAX_COLUMNS):
        cells = tuple(getattr(cell, "value", None) for cell in row)
        empty = empty + 1 if all(value in (None, "") for value in cells) else 0
        if empty > EMPTY_ROWS:
            break
        values.append(cells)
        formats.append(tuple(getattr(cell, "number_format", "") or "" for cell in row))
    return values[:len(values) - empty] if empty else values, formats[:len(formats) - empty] if empty else formats


def as_written(sheet: Any, rows: int) -> tuple[list[tuple[Any, ...]], tuple[tuple[int, int, int, int], ...]]:
    """The first ``rows`` rows of a sheet as written (a formula as its text), and its merged ranges (first row,
    first column, last row, last column; from 1) — in one streamed pass, which openpyxl's read-only sheets do not
    give the merges of: its own sheet parser is used, or, where it cannot be, the rows without the merges."""
    try:
        from openpyxl.utils.cell import range_boundaries
        from openpyxl.worksheet._reader import WorkSheetParser

        source, strings = sheet._get_source, sheet._shared_strings
    except (ImportError, AttributeError):   # another openpyxl: the rows as the read-only sheet gives them
        plain = rows_of(sheet)[0]
        return plain[:rows] + [()] * max(0, rows - len(plain)), ()
    found: list[tuple[Any, ...]] = []
    with source() as stream:
        parser = WorkSheetParser(stream, strings, data_only=False)
        for number, cells in parser.parse():
            if number > rows:
                continue            # read to the end for the merges, which follow the cells
            found += [()] * (number - 1 - len(found))
            row = [None] * min(MAX_COLUMNS, max((cell["column"] for cell in cells), default=0))
            for cell in cells:
                if cell["column"] <= MAX_COLUMNS:
                    row[cell["column"] - 1] = cell["value"]
            found.append(tuple(row))
    found += [()] * (rows - len(found))
    merges = getattr(parser.merged_cells, "mergeCell", None) or []
    ranges = []
    for merge in merges:
        min_col, min_row, max_col, max_row = range_boundaries(merge.ref)
        ranges.append((min_row, min_col, max_row, max_col))
    return found, tuple(ranges)


def _score(book: Any, name: str, part: Part) -> tuple[int, int]:
    """How many of ``part``'s headers the first rows of sheet ``name`` carry, and that with its name counted."""
    top = [tuple(cell.value for cell in row) for row in book[name].iter_rows(max_row=10, max_col=MAX_COLUMNS)]
    headers = max((sum(1 for value in row if value is not None and column_of(part, header_words(value)[0]))
                   for row in top), default=0)
    return headers, headers + (2 if any(word in name for word in part.sheet_words) else 0)


def also_like(book: Any, part: Part, used: set[str], title: str) -> list[str]:
    """Other sheets that carry as many of ``part``'s headers as the one read (重点工程（续）, a copy 重点工程 (2))."""
    wanted = _score(book, title, part)[0]
    return [name for name in book.sheetnames if name not in used and wanted >= 3
            and _score(book, name, part)[0] >= wanted]


def sheet_for(book: Any, part: Part, used: set[str]) -> str | None:
    """The sheet that holds ``part``: of those not yet taken, the one whose first rows carry most of its headers,
    a name with one of its words (重点工程, 指标…) counting as two headers; none with fewer than three in all."""
    best, found = 2, None
    for name in book.sheetnames:
        if name in used:
            continue
        headers, score = _score(book, name, part)
        if score > best and headers >= 2:
            best, found = score, name
    return found

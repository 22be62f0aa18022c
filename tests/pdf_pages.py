"""Reading a PDF as a reader sees it, with poppler-utils: pages, their lines and where each line sits."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4                       # points per millimetre
FOLIO = re.compile(r"^—\s*(\d+)\s*—$")
HEADER_BELOW = 34 * MM                # lines ending above this are in the top margin: a header


@dataclass
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    number: int                      # physical page, from 1
    width: float
    height: float
    lines: list[Line]

    @property
    def folio(self) -> Line | None:
        """The page-number line ("— N —"), if the page has one."""
        return next((line for line in self.lines if FOLIO.match(line.text)), None)

    @property
    def header(self) -> Line | None:
        """A running header above the text block (a draft's status mark), if the page has one."""
        return next((line for line in self.lines if line.y1 < HEADER_BELOW), None)

    @property
    def body(self) -> list[Line]:
        return [line for line in self.lines if line is not self.folio and line is not self.header]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.body)


def read_pages(pdf: Path) -> list[Page]:
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    root = ET.fromstring(xml)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for number, page in enumerate(root.iterfind(".//h:page", ns), start=1):
        lines = []
        for line in page.iterfind(".//h:line", ns):
            words = [word.text or "" for word in line.iterfind("h:word", ns)]
            lines.append(Line(" ".join(words), *(float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))))
        lines.sort(key=lambda item: (round(item.y1, 1), item.x0))
        pages.append(Page(number, float(page.get("width")), float(page.get("height")), _merge(lines)))
    return pages


def _merge(lines: list[Line]) -> list[Line]:
    """Pieces poppler reports as separate lines at the same height become one line (left to right)."""
    merged: list[Line] = []
    for line in lines:
        if merged and abs(merged[-1].y1 - line.y1) < 2:
            last = merged[-1]
            merged[-1] = Line(last.text + line.text, min(last.x0, line.x0), min(last.y0, line.y0),
                              max(last.x1, line.x1), max(last.y1, line.y1))
        else:
            merged.append(line)
    return merged


def pdf_fonts(pdf: Path, first: int | None = None, last: int | None = None) -> list[str]:
    """Names of the fonts embedded (subset prefix removed) — on the given pages if asked."""
    command = ["pdffonts"] + (["-f", str(first), "-l", str(last or first)] if first else []) + [str(pdf)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [line.split()[0].split("+", 1)[-1] for line in out if line.strip()]

"""Figures: the specific indicators (base year against target year, one panel per unit), their yearly trajectory and
the key projects' investment by support direction — drawn with matplotlib (Agg), only when a figure is drawn.

``generator.figures`` says what to draw (plain data from the plan); this module turns it into a PNG of the exact
printed size, so that text in the figure is printed at the size set here (``chart_drawings`` draws each kind). Chinese text uses a CJK font found on the machine; without one (or
without matplotlib) ``unavailable()`` says why and what to install, and the plan renders without figures.
PNGs carry no timestamp or software version, so the same plan gives the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import chart_drawings
from generator.cache import fetch, keep, package_stamp
from generator.cache import folder as cache_folder
from generator.chart_drawings import DPI, DRAWERS, FONT_PT, MM, WIDTH_MM

#: Sans-serif CJK families first (figure labels read best in a 黑体-like face), then any CJK face.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
                "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "Noto Serif CJK SC",
                "Source Han Serif SC", "AR PL UMing CN", "AR PL UKai CN", "SimSun")
FONT_PACKAGE = "fonts-noto-cjk"
#: numbers in the text's face (Times New Roman, or the PDF's Liberation Serif); CJK falls back glyph by glyph
NUMBER_FAMILIES = ("Times New Roman", "Liberation Serif")


@dataclass
class Drawn:
    png: bytes
    width_mm: float
    height_mm: float
    font: str
    missing_glyphs: list[str] = field(default_factory=list)


def unavailable() -> str | None:
    """Why figures cannot be drawn here (in Chinese, with what to install), or None when they can."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return "未安装 matplotlib，图表已略去。安装：pip install 'ecplan[charts]'（或 pip install matplotlib）。"
    if cjk_font() is None:
        return (f"未找到中文字体，图表已略去（否则图中的中文会显示为方框）。"
                f"在 Debian/Ubuntu 上安装：sudo apt-get install {FONT_PACKAGE}")
    return None


def _found(families: tuple[str, ...]) -> tuple[str, str] | None:
    """(family, file) of the first of ``families`` matplotlib can find, or None."""
    from matplotlib import font_manager

    for family in families:
        try:
            return family, font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
    return None


@functools.lru_cache(maxsize=1)
def cjk_font() -> tuple[str, str] | None:
    """(family, file) of the first CJK font matplotlib can find, or None."""
    return _found(CJK_FAMILIES)


class ChartsUnavailable(Exception):
    """Figures cannot be drawn on this machine; the message says what to install."""


def cache_dir() -> Path | None:
    return cache_folder("charts")


@functools.lru_cache(maxsize=1)
def _drawing_version() -> str:
    """What a drawing depends on besides its data: this module's code, matplotlib's version and the settings."""
    matplotlib_version = package_stamp("matplotlib", "_version.py")
    code = hashlib.sha256(Path(__file__).read_bytes() + Path(chart_drawings.__file__).read_bytes()).hexdigest()
    return f"{code}:{matplotlib_version}:{DPI}:{FONT_PT}:{WIDTH_MM}:{'|'.join(CJK_FAMILIES)}"


#: figures drawn or read from a cache in this process, by cache and digest (a batch worker renders many plans)
_DRAWN: dict[tuple[Path, str], Drawn] = {}


def draw(spec: dict[str, Any]) -> Drawn:
    """The PNG of one figure spec (``{"chart": ..., "data": ...}``, as a figure block holds it). A figure drawn before with the
    same data, code and matplotlib is taken from the cache without importing matplotlib; otherwise it is drawn
    (ChartsUnavailable when it cannot be) and kept. Drawing is deterministic, so both give the same bytes."""
    key = json.dumps({"chart": spec["chart"], "data": spec["data"]}, ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(f"{_drawing_version()}\n{key}".encode()).hexdigest()
    folder = cache_dir()
    if folder is not None:
        cached = _DRAWN.get((folder, digest)) or _from_cache(folder, digest)
        if cached is not None:
            _DRAWN[folder, digest] = cached
            return cached
    reason = unavailable()
    if reason:
        raise ChartsUnavailable(reason)
    drawn = _draw(key)
    if folder is not None:
        _to_cache(folder, digest, drawn)
        if len(_DRAWN) > 64:
            _DRAWN.clear()
        _DRAWN[folder, digest] = drawn
    return drawn


def draw_all(plan: dict[str, Any], names: tuple[str, ...]) -> tuple[dict[str, Drawn], list[str]]:
    """Each figure of ``names`` the plan has data for, drawn once (or read from the cache), by name. When figures
    cannot be drawn on this machine: none, and a note saying what to install."""
    from generator import figures

    pictures: dict[str, Drawn] = {}
    for name in names:
        data = figures.BUILDERS[name](plan)
        if not data:
            continue
        try:
            pictures[name] = draw({"chart": name, "data": data})
        except ChartsUnavailable as exc:
            return {}, [str(exc)]
    return pictures, []


def glyph_notes(blocks: list[dict[str, Any]], pictures: dict[str, Drawn]) -> list[str]:
    """A note for each figure of the document drawn in a font that lacks some of its characters."""
    notes = []
    for block in blocks:
        drawn = pictures.get(block.get("chart", "")) if block["kind"] == "figure" else None
        if drawn is not None and drawn.missing_glyphs:
            notes.append(f"{block['text']}：字体 {drawn.font} 缺少部分字符，图中可能显示为方框"
                         f"（{'；'.join(drawn.missing_glyphs[:3])}）。")
    return notes


def _from_cache(folder: Path, digest: str) -> Drawn | None:
    kept, png = fetch(folder, f"{digest}.json"), fetch(folder, f"{digest}.png")
    try:
        meta = json.loads(kept.decode("utf-8")) if kept is not None else {}
    except ValueError:
        return None
    if png is None or hashlib.sha256(png).hexdigest() != meta.get("sha256"):
        return None
    return Drawn(png, meta["width_mm"], meta["height_mm"], meta["font"], meta["missing_glyphs"])


def _to_cache(folder: Path, digest: str, drawn: Drawn) -> None:
    meta = {"sha256": hashlib.sha256(drawn.png).hexdigest(), "width_mm": drawn.width_mm, "height_mm": drawn.height_mm,
            "font": drawn.font, "missing_glyphs": drawn.missing_glyphs}
    keep(folder, f"{digest}.png", drawn.png)
    keep(folder, f"{digest}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))


@functools.lru_cache(maxsize=32)
def _draw(key: str) -> Drawn:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    spec = json.loads(key)
    found = cjk_font()
    if found is None:
        raise ChartsUnavailable(unavailable())
    family, _ = found
    style = {"font.family": [*_number_family(), family], "font.size": FONT_PT, "axes.unicode_minus": False, "svg.hashsalt": "ecplan",
             "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": FONT_PT,
             "axes.titleweight": "bold", "legend.fontsize": FONT_PT - 0.5, "legend.frameon": False,
             "xtick.labelsize": FONT_PT - 0.5, "ytick.labelsize": FONT_PT - 0.5}
    with warnings.catch_warnings(record=True) as caught, matplotlib.rc_context(style):
        warnings.simplefilter("always")
        figure = DRAWERS[spec["chart"]](plt, spec["data"])
        width, height = figure.get_size_inches()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white")
        plt.close(figure)
    missing = sorted({str(w.message) for w in caught if "missing from" in str(w.message)})
    return Drawn(buffer.getvalue(), round(width / MM, 2), round(height / MM, 2), family, missing)


@functools.lru_cache(maxsize=1)
def _number_family() -> tuple[str, ...]:
    """The serif face for the figures' numbers, when the machine has one (else the CJK face draws them too)."""
    found = _found(NUMBER_FAMILIES)
    return (found[0],) if found else ()

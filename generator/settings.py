"""Settings read from environment variables, each checked: a mistake in one is a message naming the variable, never a
traceback and never blamed on a plan or a template."""

from __future__ import annotations

import math
import os

from generator.errors import SettingError


def seconds(name: str, default: float, maximum: float) -> float:
    """A time limit in seconds from variable ``name`` (unset or empty: ``default``), a number in (0, ``maximum``]."""
    return _number(name, default, maximum, f"不超过 {maximum:g} 的秒数（不设则为 {default:g} 秒）")


def characters(name: str, default: int, maximum: int) -> int:
    """A number of characters from variable ``name`` (unset or empty: ``default``), a whole number in
    [1, ``maximum``]."""
    return int(_number(name, default, maximum, f"不超过 {maximum} 的字符数（不设则为 {default} 个字符）", whole=True))


def _number(name: str, default: float, maximum: float, wanted: str, whole: bool = False) -> float:
    written = os.environ.get(name, "").strip()
    if not written:
        return default
    try:
        value = float(written)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= maximum) or (whole and value != int(value)):
        raise SettingError(f"环境变量 {name}={written} 无效：应为大于 0、{wanted}。")
    return value

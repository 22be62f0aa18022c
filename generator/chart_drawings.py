"""How each figure is drawn with matplotlib (the calling side, fonts and caching, is ``charts``): the indicators
(one panel per unit, a unit of a single indicator in a small panel), the yearly trajectory and the investment by
project. Fills stay apart in black and white."""

from __future__ import annotations

from typing import Any

from generator.formatting import num

WIDTH_MM, DPI, FONT_PT, MM = 156, 250, 9, 1 / 25.4   # the text block's width, resolution, type size, inch/mm
#: fills that stay apart when printed in black and white (grey levels 74 %, 25 % and 55 %; the third also hatched)
BASELINE_COLOUR, TARGET_COLOUR, OTHER_COLOUR = "#bdbdbd", "#404040", "#8c8c8c"
OTHER_HATCH = "////"


def wrap(text: str, width: int) -> str:
    """Lines of about equal length (no lone last character), at most ``width`` characters each."""
    if len(text) <= width:
        return text
    lines = -(-len(text) // width)
    size = -(-len(text) // lines)
    return "\n".join(text[i:i + size] for i in range(0, len(text), size))


def _indicators(plt: Any, data: dict[str, Any]) -> Any:
    """One panel per unit with horizontal bars, base year (light) and target year (dark) per indicator; a unit of a
    single indicator gets a small panel of two columns, three or four to a row, so the figure stays compact enough
    to stand beside a table rather than after a gap."""
    groups = [group for group in data["groups"] if len(group["items"]) > 1]
    singles = [group for group in data["groups"] if len(group["items"]) == 1]
    rows = [len(group["items"]) for group in groups]
    across = 4 if len(singles) % 4 == 0 else 3
    small_rows = -(-len(singles) // across)
    heights = [11 * n + 5 for n in rows] + [32] * small_rows
    figure = plt.figure(figsize=(WIDTH_MM * MM, (sum(heights) + 10) * MM))
    grid = figure.add_gridspec(len(heights), across, height_ratios=heights)
    labels = (f"{data['baseline_year']}年（基期）", f"{data['target_year']}年（目标）")
    for row, group in enumerate(groups):
        _bars(figure.add_subplot(grid[row, :]), group, labels)
    for index, group in enumerate(singles):
        _columns(figure.add_subplot(grid[len(groups) + index // across, index % across]), group, labels)
    from matplotlib.patches import Patch

    handles = [Patch(color=BASELINE_COLOUR, label=labels[0]), Patch(color=TARGET_COLOUR, label=labels[1])]
    figure.legend(handles=handles, loc="upper right", ncols=2, frameon=False)
    figure.tight_layout(h_pad=1.0, rect=(0, 0, 1, 1 - 7 / (sum(heights) + 10)))
    return figure


def _bars(axis: Any, group: dict[str, Any], labels: tuple[str, str]) -> None:
    names = [wrap(item["name"], 14) for item in group["items"]]
    positions = list(range(len(names)))[::-1]
    bar = 0.36
    baseline = [item["baseline"] for item in group["items"]]
    target = [item["target"] for item in group["items"]]
    axis.barh([p + bar / 2 for p in positions], baseline, bar, color=BASELINE_COLOUR, label=labels[0])
    axis.barh([p - bar / 2 for p in positions], target, bar, color=TARGET_COLOUR, label=labels[1])
    top = max(baseline + target) or 1
    for p, b, t in zip(positions, baseline, target):
        axis.text(b + top * 0.01, p + bar / 2, num(b), va="center", fontsize=FONT_PT - 2)
        axis.text(t + top * 0.01, p - bar / 2, num(t), va="center", fontsize=FONT_PT - 2)
    axis.set_xlim(0, top * 1.18)
    axis.set_ylim(-0.6, len(names) - 0.4)
    axis.set_yticks(positions, names)
    axis.set_title(f"单位：{group['unit']}", loc="left")
    axis.tick_params(axis="y", length=0)
    axis.grid(axis="x", color="#dddddd", linewidth=0.5)
    axis.set_axisbelow(True)


def _columns(axis: Any, group: dict[str, Any], labels: tuple[str, str]) -> None:
    """A single indicator: its base and target values as two columns, the name and unit above."""
    item = group["items"][0]
    values = [item["baseline"], item["target"]]
    axis.bar([0, 1], values, 0.6, color=[BASELINE_COLOUR, TARGET_COLOUR], label=None)
    top = max(values) or 1
    for x, value in zip((0, 1), values):
        axis.text(x, value + top * 0.02, num(value), ha="center", va="bottom", fontsize=FONT_PT - 2)
    axis.set_ylim(0, top * 1.22)
    axis.set_xticks([0, 1], [label.split("年")[0] for label in labels])     # the legend says which is which
    axis.set_title(wrap(f"{item['name']}（{group['unit']}）", 8), fontsize=FONT_PT)
    axis.tick_params(axis="x", length=0)
    axis.grid(axis="y", color="#dddddd", linewidth=0.5)
    axis.set_axisbelow(True)


def _trajectory(plt: Any, data: dict[str, Any]) -> Any:
    """One small panel per indicator with yearly targets: base year, each year's target, the end target marked."""
    series = data["series"]
    columns = 1 if len(series) == 1 else 2
    lines = (len(series) + columns - 1) // columns
    figure, axes = plt.subplots(lines, columns, figsize=(WIDTH_MM * MM, (62 * lines + 4) * MM), squeeze=False)
    for axis, item in zip(axes.flat, series):
        years = [point[0] for point in item["points"]]
        values = [point[1] for point in item["points"]]
        axis.plot(years[:2], values[:2], "--", color=TARGET_COLOUR, linewidth=1.2)  # base year to the first target
        axis.plot(years[1:], values[1:], "-", color=TARGET_COLOUR, linewidth=1.6)
        axis.plot(years[:1], values[:1], "o", color=BASELINE_COLOUR, markersize=5, label="基期实际值")
        axis.plot(years[1:], values[1:], "o", color=TARGET_COLOUR, markersize=4.5, label="年度目标值")
        for year, value in zip(years, values):
            axis.annotate(num(value), (year, value), textcoords="offset points", xytext=(0, 6), ha="center",
                          fontsize=FONT_PT - 1)
        every = list(range(years[0], years[-1] + 1))
        axis.set_xticks(every, [f"{year}年" for year in every])
        low, high = min(values), max(values)
        axis.set_ylim(max(0, low - (high - low) * 0.35) if low >= 0 else low * 1.2, high + (high - low) * 0.25 + 1e-9)
        axis.set_title(wrap(f"{item['name']}（{item['unit']}）", 30), loc="left")
        axis.grid(axis="y", color="#dddddd", linewidth=0.5)
        axis.legend(loc="lower right")
    for axis in list(axes.flat)[len(series):]:
        axis.set_visible(False)
    figure.tight_layout()
    return figure


def _investment(plt: Any, data: dict[str, Any]) -> Any:
    """Horizontal stacked bars per support direction: government and other investment, total at the end."""
    rows = data["rows"]
    height = 9 * len(rows) + 26
    figure, axis = plt.subplots(figsize=(WIDTH_MM * MM, height * MM))
    names = [wrap(row["direction"], 14) for row in rows]
    positions = list(range(len(rows)))[::-1]
    government = [row["government"] for row in rows]
    other = [row["total"] - row["government"] for row in rows]
    axis.barh(positions, government, 0.6, color=TARGET_COLOUR, label="政府投资")
    axis.barh(positions, other, 0.6, left=government, color=OTHER_COLOUR, hatch=OTHER_HATCH, edgecolor="white",
              linewidth=0, label="社会投资")
    top = max(row["total"] for row in rows) or 1
    for p, row in zip(positions, rows):
        axis.text(row["total"] + top * 0.01, p, num(row["total"]), va="center", fontsize=FONT_PT - 1)
    axis.set_xlim(0, top * 1.15)
    axis.set_yticks(positions, names)
    axis.tick_params(axis="y", length=0)
    axis.set_xlabel(f"投资额（{data['unit']}）")
    axis.grid(axis="x", color="#dddddd", linewidth=0.5)
    axis.set_axisbelow(True)
    axis.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2)
    figure.tight_layout()
    return figure


DRAWERS = {"indicators": _indicators, "trajectory": _trajectory, "investment": _investment}

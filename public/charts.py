"""Bar charts drawn on the server as SVG, readable with JavaScript off.

The geometry is computed here and drawn by `includes/_bar_chart.html`. Bar lengths and positions
are percentages of the chart's width while text keeps its pixel size, so one chart fits a 320 px
phone and a wide screen alike without its labels shrinking. Colours come from CSS classes (no
inline styles under the Content-Security-Policy); every chart carries a title and a description
that says the figures in words, and the page prints the same figures as a table.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Vertical rhythm in pixels: a label line above each bar, then the bar.
TOP_PADDING = 6
LABEL_BASELINE = 15
BAR_OFFSET = 21
BAR_HEIGHT = 18
ROW_HEIGHT = 50
AXIS_HEIGHT = 30
# Bars use at most this share of the width, leaving room to print the total after the longest one.
PLOT_PERCENT = 86.0


@dataclass(frozen=True)
class Series:
    """One kind of segment in a stacked bar, e.g. a country; `key` becomes a CSS class modifier."""

    key: str
    label: str


@dataclass(frozen=True)
class Segment:
    series: Series
    value: int
    x: str
    width: str


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    label_y: int
    bar_y: int
    segments: list[Segment]
    total_x: str
    total_y: int


@dataclass(frozen=True)
class Tick:
    value: int
    x: str
    anchor: str


@dataclass(frozen=True)
class BarChart:
    slug: str
    title: str
    description: str
    bars: list[Bar]
    ticks: list[Tick]
    series: list[Series]
    height: int
    plot_top: int
    plot_bottom: int
    tick_label_y: int
    bar_height: int = BAR_HEIGHT

    @property
    def title_id(self) -> str:
        return f"chart-{self.slug}-title"

    @property
    def description_id(self) -> str:
        return f"chart-{self.slug}-desc"


@dataclass(frozen=True)
class Row:
    """What a chart is drawn from: a label and its value for each series."""

    label: str
    values: dict[str, int]


def nice_step(largest: int, *, target_ticks: int = 4) -> int:
    """A whole-number tick step of 1, 2 or 5 times a power of ten, giving about `target_ticks` ticks."""
    if largest <= target_ticks:
        return 1
    rough = largest / target_ticks
    magnitude = 10 ** math.floor(math.log10(rough))
    for multiple in (1, 2, 5, 10):
        if multiple * magnitude >= rough:
            return int(multiple * magnitude)
    return int(10 * magnitude)


def _percent(value: float) -> str:
    return f"{value:.3f}%"


def bar_chart(*, slug: str, title: str, rows: Sequence[Row], series: Sequence[Series]) -> BarChart:
    """Horizontal bars, stacked by series when there is more than one."""
    totals = [sum(row.values.get(s.key, 0) for s in series) for row in rows]
    step = nice_step(max(totals, default=0))
    axis_max = max(step, math.ceil(max(totals, default=0) / step) * step)
    scale = PLOT_PERCENT / axis_max

    bars = []
    for index, (row, total) in enumerate(zip(rows, totals, strict=True)):
        top = TOP_PADDING + index * ROW_HEIGHT
        offset = 0
        segments = []
        for s in series:
            value = row.values.get(s.key, 0)
            if value:
                segments.append(
                    Segment(series=s, value=value, x=_percent(offset * scale), width=_percent(value * scale))
                )
                offset += value
        bars.append(
            Bar(
                label=row.label,
                total=total,
                label_y=top + LABEL_BASELINE,
                bar_y=top + BAR_OFFSET,
                segments=segments,
                total_x=_percent(total * scale),
                total_y=top + BAR_OFFSET + BAR_HEIGHT - 4,
            )
        )
    plot_bottom = TOP_PADDING + len(rows) * ROW_HEIGHT
    ticks = [
        Tick(value=value, x=_percent(value * scale), anchor="start" if value == 0 else "middle")
        for value in range(0, axis_max + 1, step)
    ]
    return BarChart(
        slug=slug,
        title=title,
        description=describe(title=title, rows=rows, totals=totals, series=series),
        bars=bars,
        ticks=ticks,
        series=list(series),
        height=plot_bottom + AXIS_HEIGHT,
        plot_top=TOP_PADDING,
        plot_bottom=plot_bottom,
        tick_label_y=plot_bottom + AXIS_HEIGHT - 8,
    )


def describe(*, title: str, rows: Sequence[Row], totals: Sequence[int], series: Sequence[Series]) -> str:
    """The chart in words, for people who cannot see it: every bar's total and its parts."""
    if not rows:
        return _("%(title)s: no graduates on record.") % {"title": title}
    parts = []
    for row, total in zip(rows, totals, strict=True):
        text = ngettext("%(label)s: %(count)d graduate", "%(label)s: %(count)d graduates", total) % {
            "label": row.label,
            "count": total,
        }
        if len(series) > 1:
            split = ", ".join(f"{s.label} {row.values[s.key]}" for s in series if row.values.get(s.key))
            text = f"{text} ({split})"
        parts.append(text)
    return _("Bar chart, %(title)s. %(bars)s.") % {"title": title, "bars": "; ".join(parts)}

"""The desk home's chart: items published per day by section, as a server-drawn SVG.

A pure function of the counts (no request, no query): ``stacked_bars`` lays out one stacked
bar per day, a legend and the same figures as a table, which the template shows beside the
picture for screen readers and for anyone who wants the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

# A colour-blind-safe palette (Okabe and Ito); the sixth and later sections share "other".
PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#6b6b6b"]
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 240, 36, 28, 10


@dataclass
class Segment:
    series: str
    count: int
    y: float
    height: float
    colour: str


@dataclass
class Bar:
    day: date
    x: float
    width: float
    total: int
    segments: list[Segment] = field(default_factory=list)
    label: str = ""


@dataclass
class Chart:
    bars: list[Bar]
    series: list[tuple[str, str]]  # (name, colour), in legend order
    ticks: list[tuple[float, int]]  # (y, value) of the horizontal grid lines
    rows: list[tuple[date, list[int], int]]  # the table: day, count per series, total
    total: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM


def _nice_max(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * 4
    return ((value // 10000) + 1) * 10000


def stacked_bars(
    counts: dict[tuple[date, str], int], last_day: date, days: int = 30, other: str = "Other"
) -> Chart:
    """Return the chart of ``counts`` ((day, series) → items) for ``days`` days to ``last_day``.

    The five series with most items keep their names; the rest add up as ``other``.
    """
    span = [last_day - timedelta(days=days - 1 - n) for n in range(days)]
    totals: dict[str, int] = {}
    for (_day, name), count in counts.items():
        totals[name] = totals.get(name, 0) + count
    ranked = sorted(totals, key=lambda name: (-totals[name], name))
    named = ranked[: len(PALETTE) - 1]
    if len(ranked) > len(named):
        named.append(other)
    colour = {name: PALETTE[i] for i, name in enumerate(named)}

    def series_of(name: str) -> str:
        return name if name in colour and name != other else other

    per_day: dict[date, dict[str, int]] = {day: {} for day in span}
    for (day, name), count in counts.items():
        if day in per_day:
            bucket = per_day[day]
            bucket[series_of(name)] = bucket.get(series_of(name), 0) + count
    top = _nice_max(max((sum(b.values()) for b in per_day.values()), default=0) or 1)
    plot = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / days
    bars, rows = [], []
    for n, day in enumerate(span):
        bucket = per_day[day]
        bar = Bar(day, LEFT + n * slot + 2, slot - 4, sum(bucket.values()))
        bar.label = day.strftime("%d") if n % 5 == 0 or n == days - 1 else ""
        y = HEIGHT - BOTTOM
        for name in named:
            count = bucket.get(name, 0)
            if count:
                height = plot * count / top
                y -= height
                bar.segments.append(
                    Segment(name, count, round(y, 1), round(height, 1), colour[name])
                )
        bars.append(bar)
        rows.append((day, [bucket.get(name, 0) for name in named], bar.total))
    ticks = [(round(HEIGHT - BOTTOM - plot * i / 4, 1), top * i // 4) for i in range(5)]
    return Chart(bars, [(name, colour[name]) for name in named], ticks, rows, sum(totals.values()))

"""Chart geometry for server-side SVG: scales, ticks and shapes, no drawing.

The template turns these shapes into SVG elements; colours come from the
stylesheet (so dark mode applies), and series differ by dash pattern as well
as colour. Nothing moves, so reduced motion has nothing to turn off.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from forum.insights.service import Chart

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 40
MAX_X_LABELS = 8
# Beyond a month of points, dots would crowd the line; the table has every figure.
MAX_DOTS = 31


@dataclass
class Shape:
    series: int
    kind: str  # "line", "dot", "bar"
    points: str = ""
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    title: str = ""


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass
class Drawing:
    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)
    gridlines: list[float] = field(default_factory=list)
    labels: list[Text] = field(default_factory=list)
    bands: list[tuple[float, float]] = field(default_factory=list)
    goal: tuple[float, str] | None = None
    plot: tuple[float, float, float, float] = (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)


def nice_top(value: float, ticks: int = 4) -> float:
    """The top of the axis: `ticks` equal steps of 1, 2 or 5 × a power of ten, reaching `value`."""
    if value <= 0:
        return ticks
    wanted = value / ticks
    power = 10 ** math.floor(math.log10(wanted))
    multiples = (1, 2, 2.5, 5, 10) if power >= 10 else (1, 2, 5, 10)  # whole-number ticks for small counts
    step = next(multiple * power for multiple in multiples if wanted <= multiple * power)
    return max(step, 1) * ticks


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or float(value).is_integer() else f"{value:.1f}"


def draw(chart: Chart) -> Drawing:
    if chart.kind == "hbars":
        return _horizontal_bars(chart)
    drawing = Drawing(WIDTH, HEIGHT)
    left, top, right, bottom = drawing.plot
    values = [v for series in chart.series for v in series.values if v is not None]
    top_value = nice_top(max(values + [chart.goal or 0, 0]))
    count = max(len(chart.labels), 1)
    step = (right - left) / count

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * value / top_value

    for tick in range(5):
        value = top_value * tick / 4
        drawing.gridlines.append(y_of(value))
        drawing.labels.append(Text(left - 6, y_of(value) + 4, _number(value), "end"))
    every = max(1, math.ceil(count / MAX_X_LABELS))
    for index, label in enumerate(chart.labels):
        if index % every == 0 or index == count - 1 and count <= MAX_X_LABELS:
            drawing.labels.append(Text(left + step * (index + 0.5), bottom + 16, label))
    for index, marked in enumerate(chart.marked):
        if marked:
            drawing.bands.append((left + step * index, step))
    if chart.goal is not None:
        drawing.goal = (y_of(chart.goal), chart.goal_label)
    if chart.kind == "line":
        _lines(chart, drawing, step, y_of)
    else:
        _bars(chart, drawing, step, y_of)
    return drawing


def _lines(chart: Chart, drawing: Drawing, step: float, y_of) -> None:
    left = drawing.plot[0]
    for number, series in enumerate(chart.series):
        points = [(left + step * (index + 0.5), y_of(value), chart.labels[index], value)
                  for index, value in enumerate(series.values) if value is not None]
        if len(points) > 1:
            drawing.shapes.append(Shape(number, "line", " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)))
        if len(points) > MAX_DOTS:
            continue
        for x, y, label, value in points:
            drawing.shapes.append(Shape(number, "dot", x=round(x, 1), y=round(y, 1),
                                        title=f"{label}: {series.name} {_number(value)}"))


def _bars(chart: Chart, drawing: Drawing, step: float, y_of) -> None:
    left, bottom = drawing.plot[0], drawing.plot[3]
    group = step * 0.8
    width = group / max(len(chart.series), 1)
    for number, series in enumerate(chart.series):
        for index, value in enumerate(series.values):
            if not value:
                continue
            x = left + step * index + step * 0.1 + width * number
            drawing.shapes.append(Shape(number, "bar", x=round(x, 1), y=round(y_of(value), 1),
                                        width=round(max(width - 1, 1), 1), height=round(bottom - y_of(value), 1),
                                        title=f"{chart.labels[index]}: {series.name} {_number(value)}"))


def _horizontal_bars(chart: Chart) -> Drawing:
    row = 24
    label_width = 190
    height = TOP + row * max(len(chart.labels), 1) + 8
    drawing = Drawing(WIDTH, height, plot=(label_width, TOP, WIDTH - 48, height - 8))
    values = chart.series[0].values if chart.series else []
    top_value = nice_top(max([v or 0 for v in values] + [0]))
    span = drawing.plot[2] - drawing.plot[0]
    for index, (label, value) in enumerate(zip(chart.labels, values)):
        y = TOP + row * index
        drawing.labels.append(Text(label_width - 8, y + 16, label, "end"))
        length = span * (value or 0) / top_value
        drawing.shapes.append(Shape(0, "bar", x=label_width, y=y + 4, width=round(max(length, 1), 1), height=16,
                                    title=f"{label}: {_number(value or 0)}"))
        drawing.labels.append(Text(label_width + length + 6, y + 16, _number(value or 0), "start"))
    return drawing

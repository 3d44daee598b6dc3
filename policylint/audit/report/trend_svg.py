"""Inline SVG for history: a line chart of a value over runs (the mean score), and sparklines
(a rule's pass rate, a repository's score). Each point is a ``circle`` with its own
``<title>`` (the run and the exact value); a run where there is no value (the rule was not
evaluated, the repository was not graded or not audited) breaks the line. As in ``svg``,
every chart is an ``img`` labelled in words, and colours come from the page's classes.
"""

from __future__ import annotations

from collections.abc import Sequence

from policylint.audit.report.svg import esc

WIDTH, HEIGHT = 780, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 20, 16, 40
SPARK_WIDTH, SPARK_HEIGHT = 140, 30


def line_chart(
    ident: str, title: str, values: Sequence[float | None], labels: Sequence[str]
) -> str:
    """``values`` (0..100) over runs, labelled ``labels`` (one per run)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    xs = _xs(len(values), LEFT, plot_w)
    points = [
        (x, TOP + plot_h * (1 - v / 100), v)
        for x, v in zip(xs, values, strict=True)
        if v is not None
    ]
    grid = "".join(
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h * (1 - v / 100):.1f}" '
        f'x2="{WIDTH - RIGHT}" y2="{TOP + plot_h * (1 - v / 100):.1f}"/>'
        f'<text x="{LEFT - 6}" y="{TOP + plot_h * (1 - v / 100) + 4:.1f}" class="muted" '
        f'text-anchor="end">{v}</text>'
        for v in (0, 50, 100)
    )
    shown = _every_few(list(zip(xs, labels, strict=True)))
    ticks = "".join(
        f'<text x="{x:.1f}" y="{HEIGHT - 12}" class="label" text-anchor="{_anchor(i, shown)}">'
        f"{esc(label)}</text>"
        for i, (x, label) in enumerate(shown)
    )
    words = ", ".join(f"{label}: {_words(v)}" for label, v in zip(labels, values, strict=True))
    body = grid + ticks + _line(points, "trend") + _dots(points, labels, values, "point")
    return (
        f'<svg id="{ident}" class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{esc(title)}</title><desc id="{ident}-d">{esc(words)}.</desc>'
        f"{body}</svg>"
    )


def sparkline(values: Sequence[float | None], labels: Sequence[str], *, what: str) -> str:
    """A small chart of ``values`` (0..100) over runs; ``what`` names it for screen readers."""
    plot_h = SPARK_HEIGHT - 8
    xs = _xs(len(values), 5, SPARK_WIDTH - 10)
    points = [
        (x, 4 + plot_h * (1 - v / 100), v) for x, v in zip(xs, values, strict=True) if v is not None
    ]
    words = ", ".join(_words(v) for v in values)
    return (
        f'<svg class="spark" role="img" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" '
        f'width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" aria-label="{esc(what)} over '
        f'{len(values)} run{"s" if len(values) != 1 else ""}: {esc(words)}" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<line class="axis" x1="5" y1="{4 + plot_h}" x2="{SPARK_WIDTH - 5}" y2="{4 + plot_h}"/>'
        f"{_line(points, 'trend')}{_dots(points, labels, values, 'point')}</svg>"
    )


def _xs(count: int, left: float, width: float) -> list[float]:
    if count <= 1:
        return [left + width / 2] * count
    return [left + width * i / (count - 1) for i in range(count)]


def _line(points: list[tuple[float, float, float]], css: str) -> str:
    if len(points) < 2:
        return ""
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
    return f'<polyline class="{css}" fill="none" points="{path}"/>'


def _dots(
    points: list[tuple[float, float, float]],
    labels: Sequence[str],
    values: Sequence[float | None],
    css: str,
) -> str:
    shown = [label for label, v in zip(labels, values, strict=True) if v is not None]
    return "".join(
        f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="3.5">'
        f"<title>{esc(label)}: {_words(v)}</title></circle>"
        for (x, y, v), label in zip(points, shown, strict=True)
    )


def _every_few(ticks: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """At most 8 labels on the axis: the first, the last and evenly between."""
    if len(ticks) <= 8:
        return ticks
    step = (len(ticks) - 1) / 7
    return [ticks[round(i * step)] for i in range(8)]


def _anchor(index: int, ticks: list[tuple[float, str]]) -> str:
    """Labels at the ends of the axis stay inside the chart."""
    if len(ticks) > 1 and index == 0:
        return "start"
    if len(ticks) > 1 and index == len(ticks) - 1:
        return "end"
    return "middle"


def _words(value: float | None) -> str:
    return "no value" if value is None else f"{value:.1f}"

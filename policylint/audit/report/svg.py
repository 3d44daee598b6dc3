"""Inline SVG charts for the HTML report, built as strings: no library, no external asset.

Colours come from CSS classes (``g-A`` .. ``g-F``, ``track``, ``axis``) defined by the page, so
the charts follow its light or dark theme. Each chart is an ``img`` for assistive technology,
labelled by its ``<title>`` and described in words by its ``<desc>``; every bar has its own
``<title>`` (a tooltip with the exact numbers). All text is escaped by the caller's ``esc``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from policylint.audit.scores import grade
from policylint.display import display

if TYPE_CHECKING:
    from policylint.audit.report.aggregate import Aggregate, RuleTally

WIDTH = 780
LABEL_WIDTH = 290  # the rule titles, left of the bars
BAR_WIDTH = 380
ROW_HEIGHT = 30
HIST_HEIGHT = 250
BINS = 10


def esc(text: str) -> str:
    """Untrusted ``text`` for an SVG/HTML text node or quoted attribute."""
    return html.escape(display(text), quote=True)


def pass_rate_chart(agg: Aggregate) -> str:
    tallies = sorted(agg.rules, key=lambda t: 2.0 if t.rate is None else t.rate)
    height = ROW_HEIGHT * len(tallies) + 10
    worst = next((t for t in tallies if t.rate is not None), None)
    desc = f"{len(tallies)} rules." + (f" Lowest: {_rate_words(worst)}." if worst else "")
    rows = "".join(_rate_row(tally, i * ROW_HEIGHT + 5) for i, tally in enumerate(tallies))
    return _svg("chart-rules", "Pass rate per rule", desc, height, rows)


def _rate_row(tally: RuleTally, y: int) -> str:
    label = _shorten(tally.title, 40)
    text_y = y + ROW_HEIGHT // 2 + 4
    parts = [
        f"<g><title>{esc(_rate_words(tally))}</title>",
        f'<text x="0" y="{text_y}" class="label">{esc(label)}</text>',
        f'<rect class="track" x="{LABEL_WIDTH}" y="{y + 6}" width="{BAR_WIDTH}" '
        f'height="{ROW_HEIGHT - 12}" rx="3"/>',
    ]
    if tally.rate is None:
        parts.append(f'<text x="{LABEL_WIDTH + 8}" y="{text_y}" class="muted">not evaluated</text>')
        return "".join(parts) + "</g>"
    length = round(BAR_WIDTH * tally.rate, 1)
    parts += [
        f'<rect class="bar g-{grade(tally.rate * 100)}" x="{LABEL_WIDTH}" y="{y + 6}" '
        f'width="{length}" height="{ROW_HEIGHT - 12}" rx="3"/>',
        f'<text x="{LABEL_WIDTH + BAR_WIDTH + 10}" y="{text_y}" class="value">'
        f'{tally.rate:.0%} <tspan class="muted">{tally.passed}/{tally.evaluated}</tspan></text>',
    ]
    return "".join(parts) + "</g>"


def _rate_words(tally: RuleTally) -> str:
    if tally.rate is None:
        return f"{tally.title} ({tally.id}): not evaluated in any repository"
    return (
        f"{tally.title} ({tally.id}): {tally.rate:.0%} pass, {tally.passed} of "
        f"{tally.evaluated} repositories"
    )


def score_histogram(agg: Aggregate) -> str:
    counts = bins(agg)
    top = max(*counts, 1)
    plot = HIST_HEIGHT - 50
    step = (WIDTH - 50) // BINS
    bars = "".join(_bin(i, n, top, plot, step) for i, n in enumerate(counts))
    grid = "".join(_gridline(value, top, plot) for value in sorted({0, (top + 1) // 2, top}))
    words = ", ".join(f"{_bin_label(i)}: {n}" for i, n in enumerate(counts))
    desc = f"Repositories per score range: {words}."
    return _svg("chart-scores", "Distribution of scores", desc, HIST_HEIGHT, grid + bars)


def bins(agg: Aggregate) -> list[int]:
    """How many graded repositories score 0-9, 10-19, ..., 90-100."""
    counts = [0] * BINS
    for entry in agg.graded:
        counts[min(int((entry.score.points or 0.0) // 10), BINS - 1)] += 1
    return counts


def _bin(index: int, count: int, top: int, plot: int, step: int) -> str:
    x = 45 + index * step
    height = round(plot * count / top, 1)
    y = 15 + plot - height
    label = f"{_bin_label(index)}: {count} repositor{'y' if count == 1 else 'ies'}"
    return (
        f"<g><title>{esc(label)}</title>"
        f'<rect class="bar g-{grade(index * 10.0)}" x="{x + 6}" y="{y}" width="{step - 12}" '
        f'height="{height}" rx="3"/>'
        f'<text x="{x + step // 2}" y="{y - 4}" class="value" text-anchor="middle">'
        f"{count or ''}</text>"
        f'<text x="{x + step // 2}" y="{plot + 35}" class="label" text-anchor="middle">'
        f"{_bin_label(index)}</text></g>"
    )


def _gridline(value: int, top: int, plot: int) -> str:
    y = round(15 + plot - plot * value / top, 1)
    return (
        f'<line class="axis" x1="40" y1="{y}" x2="{WIDTH}" y2="{y}"/>'
        f'<text x="34" y="{y + 4}" class="muted" text-anchor="end">{value}</text>'
    )


def _bin_label(index: int) -> str:
    return f"{index * 10}\u2013{index * 10 + 9}" if index < BINS - 1 else "90\u2013100"


def _svg(ident: str, title: str, desc: str, height: int, body: str) -> str:
    return (
        f'<svg id="{ident}" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{esc(title)}</title><desc id="{ident}-d">{esc(desc)}</desc>'
        f"{body}</svg>"
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"

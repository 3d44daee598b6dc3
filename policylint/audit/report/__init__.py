"""The audit's reports, from the journal's rows: a terminal summary and CSV, JSON and HTML files.

``rows`` are the audit journal's dicts, one per repository (``version`` 1: ``name``, ``source``,
``head``, ``policy``, ``status``, ``error``, ``seconds`` and ``report``, the ``policylint check
--format json`` document). Reports are pure functions of them; ``write_outputs`` writes each
requested file atomically (readers see the old file or the whole new one, never a part).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from policylint.atomicfile import write_atomically
from policylint.audit.report import table as report_table
from policylint.audit.report.aggregate import Aggregate, aggregate
from policylint.audit.report.summary import Summary, summarise

DEFAULT_TITLE = "policylint audit"


def summary_table(
    rows: Iterable[dict[str, Any]],
    *,
    color: bool = False,
    title: str = DEFAULT_TITLE,
    width: int | None = None,
) -> str:
    """Totals, grades, the 10 repositories most in need of help, the pass rate of every rule and
    the repositories that could not be audited. ``color``: ANSI styling through rich (imported
    only then), ``width`` columns wide (default: the terminal's); otherwise plain aligned text."""
    return summary_of(summarise(rows), color=color, title=title, width=width)


def summary_of(
    agg: Aggregate | Summary,
    *,
    color: bool = False,
    title: str = DEFAULT_TITLE,
    width: int | None = None,
) -> str:
    """``summary_table`` of an aggregate already made, or of a summary gathered row by row
    (``Summary``: what an audit keeps in memory instead of its rows)."""
    columns = width or shutil.get_terminal_size((100, 24)).columns
    return report_table.render(agg, title=title, color=color, width=columns)


def write_outputs(
    rows: Sequence[dict[str, Any]],
    *,
    csv: str | None = None,
    json: str | None = None,
    html: str | None = None,
    title: str = DEFAULT_TITLE,
) -> None:
    """Write each report that has a path. Raises OSError naming the file it could not write
    (reports before it are written)."""
    agg = aggregate(rows)
    if csv is not None:
        from policylint.audit.report import csv as report_csv

        _write(csv, report_csv.render(agg))
    if json is not None:
        from policylint.audit.report import json as report_json

        _write(json, report_json.render(agg, title=title))
    if html is not None:
        from policylint.audit.report import html as report_html

        _write(html, report_html.render(agg, title=title))


def _write(path: str, text: str) -> None:
    write_atomically(Path(path), text.encode("utf-8", "backslashreplace"))

"""``policylint audit report``: the reports of a recorded run, with its history, from the
results database (the audit itself writes the same reports when it ends).

The run reported is the last one selected (``--since DATE``: the runs started that day or
later; ``--runs N``: the last N; default: the last ``DEFAULT_RUNS``); the trends cover the
runs selected, and "since the last run" compares it with the run just before it.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path
from typing import NamedTuple

from policylint.atomicfile import write_atomically
from policylint.audit import report
from policylint.audit.report import history as report_history
from policylint.audit.report.aggregate import Aggregate, aggregate
from policylint.audit.store import DEFAULT_URL, Run, Store, check_url, history, open_store
from policylint.audit.store.connection import sqlite_path
from policylint.errors import AuditError

DEFAULT_RUNS = 20
TITLE = "policylint audit"


class Outputs(NamedTuple):
    csv: str | None = None
    json: str | None = None
    html: str | None = None
    badges: str | None = None


class Selection(NamedTuple):
    run: Run | None = None  # report this run (the audit just made); else the last selected
    since: str | None = None
    runs: int | None = None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Write the reports of the last recorded audit from the results database, with trends "
        "over the runs before it and what changed since the previous one."
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        default=DEFAULT_URL,
        help=f"the results database (default: {DEFAULT_URL})",
    )
    parser.add_argument("--html", metavar="FILE", help="write a self-contained HTML report")
    parser.add_argument("--csv", metavar="FILE", help="write a CSV report")
    parser.add_argument("--json", metavar="FILE", help="write a JSON report")
    parser.add_argument("--badges", metavar="DIR", help="write an SVG badge per repository in DIR")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--since", metavar="DATE", help="the runs started on DATE (YYYY-MM-DD) or later"
    )
    which.add_argument(
        "--runs", type=int, metavar="N", help=f"the last N runs (default: {DEFAULT_RUNS})"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    outputs = Outputs(args.csv, args.json, args.html, args.badges)
    selection = Selection(since=_date(args.since), runs=_count(args.runs))
    check_outputs(outputs)
    check_url(args.db)
    if report_path_missing(args.db):
        raise AuditError(f"--db {args.db}: no such database file")
    agg = write_reports(args.db, outputs, selected=selection)
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    sys.stdout.write(report.summary_of(agg, color=color, title=TITLE))
    return 0


def check_outputs(outputs: Outputs) -> None:
    """Usage errors of the output options, before anything is read."""
    for option, path in zip(("--csv", "--json", "--html"), outputs[:3], strict=True):
        if path is None:
            continue
        if os.path.isdir(path):
            raise AuditError(f"{option} {path}: is a directory")
        directory = os.path.dirname(path) or os.curdir
        if not os.path.isdir(directory):
            raise AuditError(f"{option} {path}: no such directory: {directory}")
    if outputs.badges is not None:
        try:
            os.makedirs(outputs.badges, exist_ok=True)
        except OSError as exc:
            raise AuditError(
                f"--badges {outputs.badges}: cannot create it: {exc.strerror}"
            ) from None


def report_path_missing(url: str) -> bool:
    path = sqlite_path(url)
    return path is not None and not os.path.exists(path)


def write_reports(url: str, outputs: Outputs, *, selected: Selection) -> Aggregate:
    """Write every requested report of the selected run; its aggregate (for the summary)."""
    store = open_store(url)
    try:
        runs = _runs(store, selected)
        agg = aggregate(history.rows(store, runs[-1].id), details=outputs.html is not None)
        past = report_history.load(store, runs[-1], runs, agg)
    finally:
        store.close()
    try:
        _write_files(outputs, agg, past)
    except OSError as exc:
        raise AuditError(f"{exc.filename}: cannot write the report: {exc.strerror}") from None
    return agg


def _runs(store: Store, selected: Selection) -> list[Run]:
    found = history.runs(store, since=selected.since)
    if selected.run is not None:
        found = [r for r in found if r.id <= selected.run.id]
    if selected.since is None:
        found = found[-(selected.runs or DEFAULT_RUNS) :]
    if not found:
        what = f"since {selected.since}" if selected.since else "yet"
        raise AuditError(f"the results database has no audit run {what}")
    return found


def _write_files(outputs: Outputs, agg: Aggregate, past: report_history.History) -> None:
    from policylint.audit.report import csv as report_csv
    from policylint.audit.report import html as report_html
    from policylint.audit.report import json as report_json
    from policylint.audit.report.badges import write_badges

    if outputs.csv is not None:
        _write(outputs.csv, report_csv.render(agg))
    if outputs.json is not None:
        _write(outputs.json, report_json.render(agg, title=TITLE, history=past))
    if outputs.html is not None:
        _write(outputs.html, report_html.render(agg, title=TITLE, history=past))
    if outputs.badges is not None:
        write_badges(agg, outputs.badges)


def _write(path: str, text: str) -> None:
    write_atomically(Path(path), text.encode("utf-8", "backslashreplace"))


def _date(given: str | None) -> str | None:
    if given is None:
        return None
    try:
        return datetime.date.fromisoformat(given).isoformat()
    except ValueError:
        raise AuditError(f"--since {given}: not a date (YYYY-MM-DD)") from None


def _count(given: int | None) -> int | None:
    if given is not None and given < 1:
        raise AuditError(f"--runs {given}: at least one run")
    return given

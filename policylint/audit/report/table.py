"""The terminal summary of an audit: totals, grades, the repositories most in need of help, the
pass rate of every rule and the repositories that could not be audited.

Every piece of untrusted text goes through ``display`` (and is shortened), so a repository named
``"\\x1b[2Jx"`` cannot clear the screen. With ``color`` the tables are drawn by rich from ``Text``
cells (never markup, so ``[bold]`` in a name stays literal); without it rich is not imported.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, NamedTuple

from rich import box
from rich.table import Table as RichTable
from rich.text import Text

from policylint.audit.report.summary import NEEDIEST, SHOWN, Summary
from policylint.display import display, inert
from policylint.reporters.text import ansi_console

if TYPE_CHECKING:
    from policylint.audit.report.aggregate import Aggregate, RepoEntry, RuleTally

ERRORS_SHOWN = SHOWN
GRADE_STYLES = {"A": "green", "B": "green", "C": "yellow", "D": "red", "F": "bold red"}


class Table(NamedTuple):
    title: str
    columns: tuple[str, ...]
    right: tuple[int, ...]  # indexes of right-aligned columns
    rows: list[list[str]]


def render(
    gathered: Summary | Aggregate, *, title: str, color: bool = False, width: int = 100
) -> str:
    agg = gathered if isinstance(gathered, Summary) else Summary.of(gathered)
    head = _head_lines(agg, title)
    tables = [t for t in (_neediest(agg), _rules(agg), _lapsing(agg), _errors(agg)) if t.rows]
    if color:
        return _rich([inert(line) for line in head], tables, width)
    text = "\n".join(head) + "\n" + "".join("\n" + _plain(t) for t in tables)
    # No line may start a workflow command: a repository named "::error::x" is a name here.
    return "".join(inert(line) + "\n" for line in text.splitlines())


def _head_lines(agg: Summary, title: str) -> list[str]:
    errors = agg.error_count
    lines = [
        f"{display(title)}: {agg.total} repositories, "
        f"{agg.audited} audited, {errors} {'error' if errors == 1 else 'errors'}",
    ]
    mean = agg.mean_score()
    grades = ", ".join(f"{letter} {n}" for letter, n in agg.grades().items())
    lines.append(f"mean score {'-' if mean is None else f'{mean:.1f}'} (grades: {grades})")
    lines.append(f"policies: {policies_sentence(agg)}")
    licences = agg.licences()
    if licences:
        counted = ", ".join(f"{display(spdx)} {n}" for spdx, n in licences.items())
        lines.append(f"licences: {counted}")
    return lines


def _lapsing(agg: Summary) -> Table:
    """Exemptions about to lapse or lapsed: who owns them and until when."""
    rows = [
        [
            _short(entry.name),
            display(str(exemption.get("rule", ""))),
            str(exemption.get("expires") or "-"),
            str(exemption.get("state", "")),
            _short(str(exemption.get("owner") or "-"), 24),
            display(str(exemption.get("at", ""))),
        ]
        for entry, exemption in agg.lapsing_exemptions()
    ]
    if agg.lapsing_count > len(rows):
        rows.append([f"(+{agg.lapsing_count - len(rows)} more in the reports)", *[""] * 5])
    columns = ("repository", "rule", "expires", "state", "owner", "exemption")
    return Table("Exemptions expiring or expired", columns, (), rows)


def policies_sentence(agg: Summary) -> str:
    """``3 their own, 2 the built-in default, 1 imposed (org.yaml)`` (empty parts left out)."""
    origins = agg.origins()
    parts = [f"{origins.get('repository', 0)} their own"]
    if origins.get("builtin"):
        parts.append(f"{origins['builtin']} the built-in default")
    if origins.get("imposed"):
        sources = ", ".join(display(s) for s in agg.imposed_sources())
        parts.append(f"{origins['imposed']} imposed" + (f" ({sources})" if sources else ""))
    return ", ".join(parts)


def _neediest(agg: Summary) -> Table:
    rows = [_needy_row(agg, entry) for entry in agg.neediest(NEEDIEST)]
    columns = ("score", "grade", "repository", "failing rules")
    return Table("Most in need of help", columns, (0,), rows)


def _needy_row(agg: Summary, entry: RepoEntry) -> list[str]:
    failing = entry.score.failing
    shown = ", ".join(display(rule) for rule in failing[:4])
    more = f" (+{len(failing) - 4})" if len(failing) > 4 else ""
    points = entry.score.points or 0.0
    return [f"{points:.1f}", entry.score.grade or "-", _short(entry.name), shown + more]


def _rules(agg: Summary) -> Table:
    rows = [_rule_row(tally) for tally in agg.rules]
    columns = ("pass rate", "passed", "failed", "errors", "skipped", "rule")
    return Table("Pass rate per rule", columns, (0, 1, 2, 3, 4), rows)


def _rule_row(tally: RuleTally) -> list[str]:
    rate = "-" if tally.rate is None else f"{tally.rate:.0%}"
    counts = (tally.passed, tally.failed, tally.errors, tally.skipped)
    return [rate, *map(str, counts), _short(f"{tally.id}: {tally.title}", 70)]


def _errors(agg: Summary) -> Table:
    errors = agg.first_errors()[:ERRORS_SHOWN]
    rows = [[_short(e.name), _short(e.error or "no reason given", 70)] for e in errors]
    if agg.error_count > ERRORS_SHOWN:
        rows.append([f"(+{agg.error_count - ERRORS_SHOWN} more in the reports)", ""])
    return Table("Could not be audited", ("repository", "reason"), (), rows)


def _short(text: str, limit: int = 40) -> str:
    shown = display(text)
    return inert(shown if len(shown) <= limit else shown[: limit - 1] + "…")


def _plain(table: Table) -> str:
    lines = [list(table.columns), *table.rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(table.columns))]
    text = [table.title]
    for line in lines:
        cells = [
            c.rjust(w) if i in table.right else c.ljust(w) for i, (c, w) in _cells(line, widths)
        ]
        text.append(("  " + "  ".join(cells)).rstrip())
    return "\n".join(text) + "\n"


def _cells(line: list[str], widths: list[int]) -> enumerate[tuple[str, int]]:
    return enumerate(zip(line, widths, strict=True))


def _rich(head: list[str], tables: list[Table], width: int) -> str:
    buffer = io.StringIO()
    console = ansi_console(buffer, width=width)
    console.print(Text(head[0], style="bold"))
    for line in head[1:]:
        console.print(Text(line))
    for table in tables:
        console.print(_rich_table(table))
    return buffer.getvalue()


def _rich_table(table: Table) -> object:
    out = RichTable(title=table.title, title_justify="left", box=box.SIMPLE_HEAD)
    for i, column in enumerate(table.columns):
        out.add_column(column, justify="right" if i in table.right else "left")
    for row in table.rows:
        out.add_row(*(Text(cell, style=_style(table, i, cell)) for i, cell in enumerate(row)))
    return out


def _style(table: Table, index: int, cell: str) -> str:
    return GRADE_STYLES.get(cell, "") if table.columns[index] == "grade" else ""

"""The HTML report's tables: the numbers behind the rule chart, the repositories most in need of
help, those that could not be audited, and every repository (sortable and filterable).

Every untrusted string goes through ``esc``. A source is a link only when it is an ``https://``
URL (never ``javascript:`` or a local path), opened without a referrer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policylint.audit.report.svg import esc
from policylint.audit.scores import GRADES
from policylint.display import printable

if TYPE_CHECKING:
    from policylint.audit.report.aggregate import Aggregate, RepoEntry, RuleTally

NEEDIEST = 10
REASON_LIMIT = 1000  # characters of an error reason shown; the JSON report has all of it
# Sort keys of the grade column: letters in order, then the ungraded, then the errors.
GRADE_ORDER = {"none": "y", "error": "z"}
ORIGIN_WORDS = {"repository": "own", "imposed": "imposed", "builtin": "built-in", "none": "\u2013"}


def rule_numbers(agg: Aggregate) -> str:
    head = _head(
        ("Rule", "Severity", "Passed", "Failed", "Errors", "Skipped", "Pass rate"), (2, 3, 4, 5, 6)
    )
    rows = "".join(_rule_row(tally) for tally in agg.rules)
    return (
        '<details><summary>The numbers</summary><div class="scroll"><table>'
        f'<caption class="muted">Rules in policy order</caption>{head}<tbody>{rows}</tbody>'
        "</table></div></details>"
    )


def _rule_row(tally: RuleTally) -> str:
    rate = "\u2013" if tally.rate is None else f"{tally.rate:.0%}"
    counts = "".join(
        f'<td class="num">{n}</td>'
        for n in (tally.passed, tally.failed, tally.errors, tally.skipped)
    )
    return (
        f'<tr><td>{esc(tally.title)}<span class="sub"><code>{esc(tally.id)}</code></span></td>'
        f'<td>{esc(tally.severity)}</td>{counts}<td class="num">{rate}</td></tr>'
    )


def neediest(agg: Aggregate) -> str:
    entries = agg.neediest(NEEDIEST)
    if not entries:
        return ""
    head = _head(("Repository", "Score", "Failing rules"), (1,))
    rows = "".join(
        f'<tr><td>{_name(e)}</td><td class="num nowrap">{_score(e)}</td><td>{_failing(agg, e)}</td>'
        "</tr>"
        for e in entries
    )
    return (
        '<section id="neediest" aria-labelledby="neediest-h"><h2 id="neediest-h">Most in need '
        f'of help</h2><p class="muted">The {len(entries)} lowest scores, with the rules they '
        "fail, heaviest first (dot: red error, yellow warning, grey note).</p>"
        f'<div class="scroll"><table>{head}<tbody>{rows}</tbody>'
        "</table></div></section>"
    )


def errors(agg: Aggregate) -> str:
    broken = agg.errors
    if not broken:
        return ""
    rows = "".join(f"<tr><td>{_name(e)}</td><td>{_reason(e)}</td></tr>" for e in broken)
    return (
        '<section id="errors" aria-labelledby="errors-h"><h2 id="errors-h">Could not be '
        f'audited ({len(broken)})</h2><div class="scroll"><table>'
        f"{_head(('Repository', 'Reason'), ())}<tbody>{rows}</tbody></table></div></section>"
    )


def repositories(agg: Aggregate, *, drill: bool = False) -> str:
    """Every repository; with ``drill``, each name opens its drill-down (``#repo-N``)."""
    columns = (
        *("Repository", "Score", "Grade", "Status", "Failing rules or error", "Policy"),
        "Licence",
    )
    head = "".join(
        f'<th scope="col"{_numeric(i)}><button type="button">{name}</button></th>'
        for i, name in enumerate(columns)
    )
    rows = "".join(
        _repository_row(agg, entry, f"#repo-{i}" if drill else None)
        for i, entry in enumerate(agg.repositories)
    )
    return (
        '<section id="all" aria-labelledby="all-h"><h2 id="all-h">All repositories</h2>'
        f'{_controls()}<div class="scroll"><table id="repositories">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div></section>"
    )


def _numeric(index: int) -> str:
    return ' class="num" data-type="number"' if index == 1 else ""


def _controls() -> str:
    options = "".join(f'<option value="{g}">Grade {g}</option>' for g, _ in GRADES)
    return (
        '<div id="controls" class="controls" hidden>'
        '<input id="filter-text" type="search" placeholder="Filter by name, source or rule" '
        'aria-label="Filter repositories by name, source, rule or error">'
        '<select id="filter-grade" aria-label="Show only one grade or status">'
        f'<option value="">All grades and statuses</option>{options}'
        '<option value="error">Could not be audited</option>'
        '<option value="none">Not graded</option></select>'
        '<span id="filter-count" class="muted" role="status" aria-live="polite"></span></div>'
    )


def _repository_row(agg: Aggregate, entry: RepoEntry, drill: str | None) -> str:
    key = entry.score.grade or ("error" if entry.status == "error" else "none")
    points = entry.score.points
    detail = _reason(entry) if entry.status == "error" else _failing(agg, entry, titles=False)
    cells = (
        f'<td data-sort="{esc(entry.name.lower())}">{_name(entry, drill)}</td>',
        f'<td class="num" data-sort="{-1 if points is None else points}">{_points(entry)}</td>',
        f'<td data-sort="{GRADE_ORDER.get(key, key)}">{_pill(entry)}</td>',
        f"<td>{entry.status}</td><td>{detail}</td>",
        f"<td>{ORIGIN_WORDS.get(entry.origin) or esc(entry.origin)}</td>",
        _licence(entry),
    )
    return (
        f'<tr data-status="{entry.status}" data-grade="{key}" data-search="{_search(entry)}">'
        f"{''.join(cells)}</tr>"
    )


def _licence(entry: RepoEntry) -> str:
    """The SPDX id the licence rule identified (a dash when none ran)."""
    if entry.licence is None:
        return '<td data-sort="" class="muted">\u2013</td>'
    spdx = esc(entry.licence)
    return f'<td data-sort="{spdx.lower()}" class="licence"><code>{spdx}</code></td>'


def _search(entry: RepoEntry) -> str:
    """What the text filter looks in: name, source, failing rule ids, error (lower case)."""
    words = " ".join((entry.name, entry.source, *entry.score.failing, entry.error or ""))
    return esc(words.lower()[:2000])


def _head(columns: tuple[str, ...], numeric: tuple[int, ...]) -> str:
    right = ' class="num"'
    cells = "".join(
        f'<th scope="col"{right if i in numeric else ""}>{name}</th>'
        for i, name in enumerate(columns)
    )
    return f"<thead><tr>{cells}</tr></thead>"


def _name(entry: RepoEntry, drill: str | None = None) -> str:
    name = esc(entry.name)
    source = esc(entry.source)
    if entry.source.startswith("https://"):
        if drill is None:
            name = f'<a href="{source}" rel="noopener noreferrer">{name}</a>'
        else:
            source = f'<a href="{source}" rel="noopener noreferrer">{source}</a>'
    if drill is not None:
        name = f'<a class="drill" href="{drill}">{name}</a>'
    source = f'<span class="sub">{source}</span>' if entry.source != entry.name else ""
    return f'<span class="name">{name}</span>{source}'


def _score(entry: RepoEntry) -> str:
    return f"{_points(entry)} {_pill(entry)}"


def _points(entry: RepoEntry) -> str:
    points = entry.score.points
    return "" if points is None else f"{points:.1f}"


def _pill(entry: RepoEntry) -> str:
    grade = entry.score.grade
    if grade is None:
        return ""
    return f'<span class="grade g-{grade}">{grade}</span>'


def _failing(agg: Aggregate, entry: RepoEntry, *, titles: bool = True) -> str:
    if not entry.score.failing:
        return '<span class="muted">none</span>'
    chips = "".join(_chip(agg, rule, titles) for rule in entry.score.failing)
    return f'<span class="chips">{chips}</span>'


def _chip(agg: Aggregate, rule: str, titles: bool) -> str:
    tally = agg.tally(rule)
    severity = f" sev-{esc(tally.severity)}" if tally.severity else ""
    if titles:
        return f'<span class="chip{severity}" title="{esc(rule)}">{esc(tally.title)}</span>'
    return f'<code class="{severity.strip()}">{esc(rule)}</code>'


def _reason(entry: RepoEntry) -> str:
    reason = printable(entry.error or "no reason given")
    if len(reason) > REASON_LIMIT:
        reason = reason[: REASON_LIMIT - 1] + "\u2026"
    lines = "\n".join(esc(line) for line in reason.splitlines())
    return f'<span class="reason">{lines}</span>'

"""The CSV report: one line per repository, for spreadsheets and scripts.

Columns: ``name, source, head, status, score, grade, failing, policy, error, licence,
exemptions``, then one column per rule (every rule id seen in the audit) holding its status in
that repository (``pass``, ``fail``, ``skipped``, ``error``, empty when the repository's policy
does not have the rule).
``licence`` is the SPDX id the licence rule identified (``NOASSERTION``: a licence file it did
not recognise; empty: no licence rule ran). ``exemptions`` lists the policy's exemptions, ``; ``
between them, each as ``rule until YYYY-MM-DD (state, owner)`` (state on the audit's date:
``active``, ``expiring`` or ``expired``, that is lapsed) or ``rule (no expiry)``.
RFC 4180: comma-separated, fields quoted when needed, CRLF line ends, UTF-8 without a BOM.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (CSV or
formula injection): a repository named ``=HYPERLINK("http://evil", "x")`` would become a live
link. Every text cell that starts with one of those, or with a tab, carriage return or line
feed, gets a leading ``'``, as OWASP recommends; scripts reading the file see that quote too.
Numbers (the score) are written as numbers and never need it.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from policylint.display import printable

if TYPE_CHECKING:
    from policylint.audit.report.aggregate import Aggregate, RepoEntry

COLUMNS = (
    *("name", "source", "head", "status", "score", "grade", "failing", "policy", "error"),
    *("licence", "exemptions"),
)
# First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def render(agg: Aggregate) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in (*COLUMNS, *(t.id for t in agg.rules))])
    for entry in agg.repositories:
        writer.writerow(_row(agg, entry))
    return buffer.getvalue()


def _row(agg: Aggregate, entry: RepoEntry) -> list[str | float]:
    points = entry.score.points
    texts = [
        entry.name,
        entry.source,
        entry.head or "",
        entry.status,
    ]
    rest = [
        entry.score.grade or "",
        str(len(entry.score.failing)),
        "" if entry.origin == "none" else entry.origin,
        entry.error or "",
        entry.licence or "",
        "; ".join(exemption_text(e) for e in entry.exemptions),
        *(entry.rules.get(tally.id, "") for tally in agg.rules),
    ]
    score: list[str | float] = ["" if points is None else points]
    return [*map(safe_cell, texts), *score, *map(safe_cell, rest)]


def exemption_text(exemption: dict[str, Any]) -> str:
    """``rule until 2026-05-01 (expiring, @ada)``, or ``rule (no expiry, @ada)``."""
    rule, owner = str(exemption.get("rule", "")), exemption.get("owner")
    expires = exemption.get("expires")
    if not expires:
        return f"{rule} (no expiry{f', {owner}' if owner else ''})"
    about = [str(exemption[key]) for key in ("state", "owner") if exemption.get(key)]
    return f"{rule} until {expires}" + (f" ({', '.join(about)})" if about else "")


def safe_cell(text: str) -> str:
    """``text`` that no spreadsheet runs as a formula (and that encodes as UTF-8)."""
    text = printable(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text

"""The HTML report: one self-contained file that people want to open and can pass around.

No external asset: the stylesheet and script are inline, the charts are inline SVG, fonts are
the system's. Every untrusted string (repository names, sources, error reasons, rule titles from
a repository's own policy) is HTML-escaped after ``display`` made its control characters
visible. A Content-Security-Policy ``<meta>`` allows nothing but the page's own stylesheet and
script, named by their SHA-256 hashes (no ``'unsafe-inline'``): even a string that escaped
escaping could not run a script, load an image or send data anywhere.

Sections: totals and policy origins; pass rate per rule (bar chart, with the numbers in a
table); distribution of scores (histogram by 10-point bins, coloured by grade); the repositories
most in need of help; repositories that could not be audited; and every repository in a table
that sorts (click a column header) and filters (text, grade or status) with the script, and is
complete without it.
"""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING

from policylint.audit.report import html_detail as detail
from policylint.audit.report import html_history as past
from policylint.audit.report import html_table as tables
from policylint.audit.report import svg
from policylint.audit.report.html_assets import CSS, JS
from policylint.audit.report.svg import esc
from policylint.audit.scores import GRADES, WEIGHTS, Grade, grade

if TYPE_CHECKING:
    from policylint.audit.report.aggregate import Aggregate
    from policylint.audit.report.history import History


def render(agg: Aggregate, *, title: str, history: History | None = None) -> str:
    """The page; with ``history`` (reports from the results database) also what the report
    is of, what changed since the last run (first), trends, the OSPS Baseline view and the
    drill-down per repository."""
    if history is None:
        sections: tuple[str, ...] = (_header(agg, title), _charts(agg))
    else:
        sections = (
            _header(agg, title, past.meta(history)),
            past.changes(history, agg),
            past.trends(history, agg),
            _charts(agg),
        )
    sections += (tables.neediest(agg), tables.errors(agg))
    if history is not None:
        sections += (past.osps(history, agg),)
    sections += (tables.repositories(agg, drill=history is not None),)
    if history is not None:
        sections += (detail.details(agg, history),)
    body = "".join((*sections, _footer()))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="generator" content="policylint">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>\n"
        f"<body><main>{body}</main><script>{JS}</script></body></html>\n"
    )


def content_security_policy() -> str:
    return (
        f"default-src 'none'; style-src '{_hash(CSS)}'; script-src '{_hash(JS)}'; "
        "base-uri 'none'; form-action 'none'"
    )


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def _header(agg: Aggregate, title: str, meta: str = "") -> str:
    mean = agg.mean_score()
    cards = (
        ("Repositories", str(len(agg.repositories))),
        ("Audited", str(len(agg.ok))),
        ("Could not be audited", str(len(agg.errors))),
        ("Mean score", "\u2013" if mean is None else f"{mean:.1f} {_pill(grade(mean))}"),
    )
    html_cards = "".join(
        f'<div class="card"><span class="value">{value}</span>'
        f'<span class="what">{what}</span></div>'
        for what, value in cards
    )
    return (
        f'<header><h1>{esc(title)}</h1><p class="muted">Policy audit by policylint: '
        "each repository is checked against its policy and scored by the share of its rules "
        f'that pass.</p>{meta}</header><div class="cards">{html_cards}</div>{_policies(agg)}'
    )


def _policies(agg: Aggregate) -> str:
    origins = agg.origins()
    parts = [f"<strong>{origins.get('repository', 0)}</strong> used their own policy file"]
    if origins.get("builtin"):
        parts.append(
            f"<strong>{origins['builtin']}</strong> had none and used the built-in default"
        )
    if origins.get("imposed"):
        names = ", ".join(f"<code>{esc(s)}</code>" for s in agg.imposed_sources())
        count = origins["imposed"]
        parts.append(
            f"<strong>{count}</strong> {'was' if count == 1 else 'were'} checked against an "
            "imposed policy" + (f" ({names})" if names else "")
        )
    return f'<p id="policies">Policies: {"; ".join(parts)}.</p>'


def _charts(agg: Aggregate) -> str:
    legend = "".join(_legend_item(letter, count) for letter, count in agg.grades().items())
    return (
        '<section id="rules" aria-labelledby="rules-h"><h2 id="rules-h">Pass rate per rule</h2>'
        f"{svg.pass_rate_chart(agg)}{tables.rule_numbers(agg)}</section>"
        '<section id="scores" aria-labelledby="scores-h"><h2 id="scores-h">Distribution of scores'
        f'</h2>{svg.score_histogram(agg)}<div class="legend">{legend}</div></section>'
    )


def _legend_item(letter: Grade, count: int) -> str:
    threshold = dict(GRADES)[letter]
    bound = f"&ge;&#8202;{threshold:g}" if threshold else f"below {GRADES[-2][1]:g}"
    return f"<span>{_pill(letter)} {count} ({bound})</span>"


def _pill(letter: str) -> str:
    return f'<span class="grade g-{letter}">{letter}</span>'


def _footer() -> str:
    weights = ", ".join(f"{severity} {weight}" for severity, weight in WEIGHTS.items())
    return (
        '<section id="scoring"><h2>How scores are computed</h2><p>Each rule weighs by its '
        f"severity ({weights}). A repository's score is the weight of the rules it passes "
        "divided by the weight of the rules that were evaluated, times 100. Exempted findings "
        "count as passes, a rule that errored counts as a failure, skipped rules are left out."
        "</p></section>"
    )

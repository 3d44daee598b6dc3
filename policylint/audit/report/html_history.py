"""The HTML report's sections from history: what the report is of (generated when, by which
policylint, from which run, with which policy), what changed since the last run (first, after
the totals), the trends over runs, and the OSPS Baseline view.

Repository names and rule titles are untrusted: every one goes through ``esc``. A repository
named in a section links to its drill-down (``#repo-N``, N its place in the name order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policylint import __version__
from policylint.audit.report.baseline_view import Level, baseline
from policylint.audit.report.links import rule_doc_url
from policylint.audit.report.osps import URL as OSPS_URL
from policylint.audit.report.svg import esc
from policylint.audit.report.trend_svg import line_chart, sparkline

if TYPE_CHECKING:
    from policylint.audit.report.aggregate import Aggregate
    from policylint.audit.report.history import Change, History
    from policylint.audit.store import Run


def run_label(run: Run) -> str:
    return f"#{run.id} {run.started_at[:10]}"


def meta(history: History) -> str:
    run = history.run
    finished = f", finished {esc(run.finished_at)}" if run.finished_at else ", not finished"
    return (
        f'<p id="generated" class="muted">Generated <time>{esc(history.generated)}</time> by '
        f"policylint {esc(__version__)} from run {run.id} (started {esc(run.started_at)}"
        f"{finished}; audited by policylint {esc(run.tool_version)}). Policy: "
        f"{_policy_words(run)}. Trends cover {len(history.runs)} "
        f"run{'s' if len(history.runs) != 1 else ''}.</p>"
    )


def _policy_words(run: Run) -> str:
    if run.policy:
        return f"<code>{esc(run.policy)}</code> imposed on every repository"
    return (
        "each repository's own <code>.policylint.yaml</code>, else <code>builtin:recommended</code>"
    )


def changes(history: History, agg: Aggregate) -> str:
    head = (
        '<section id="changes" aria-labelledby="changes-h">'
        '<h2 id="changes-h">Since the last run</h2>'
    )
    if history.previous is None:
        first = "This is the first run: nothing to compare with yet."
        return f'{head}<p class="muted">{first}</p></section>'
    found = history.changes
    anchors = {entry.name: i for i, entry in enumerate(agg.repositories)}
    parts = [
        f'<p class="muted">Run {history.run.id} against run {history.previous.id} '
        f"(started {esc(history.previous.started_at)}).</p>",
        _change_list("regressions", "Regressions", found.regressions, anchors, agg),
        _change_list("fixes", "Fixes", found.fixes, anchors, agg),
        _names("new", "New repositories", found.new, anchors),
        _names("vanished", "Repositories gone since the last run", found.vanished, {}),
    ]
    return head + "".join(parts) + "</section>"


def _change_list(
    ident: str, title: str, found: tuple[Change, ...], anchors: dict[str, int], agg: Aggregate
) -> str:
    if not found:
        return f'<h3>{title}</h3><p id="{ident}" class="muted">None.</p>'
    items = "".join(
        f'<li>{_repo_link(c.name, anchors)} <span class="muted">{_score(c.before)} &rarr; '
        f"{_score(c.after)}</span>{_status(c)} {_rules(c.rules, agg)}</li>"
        for c in found
    )
    return f'<h3>{title} ({len(found)})</h3><ul id="{ident}" class="changes">{items}</ul>'


def _status(change: Change) -> str:
    if change.status == "error":
        return " could not be audited this time"
    if change.status == "ok":
        return " audited again"
    return ""


def _rules(rules: tuple[str, ...], agg: Aggregate) -> str:
    chips = "".join(f'<code title="{esc(agg.tally(r).title)}">{esc(r)}</code> ' for r in rules)
    return f'<span class="chips">{chips}</span>' if rules else ""


def _names(ident: str, title: str, names: tuple[str, ...], anchors: dict[str, int]) -> str:
    if not names:
        return f'<h3>{title}</h3><p id="{ident}" class="muted">None.</p>'
    items = "".join(f"<li>{_repo_link(name, anchors)}</li>" for name in names)
    return f'<h3>{title} ({len(names)})</h3><ul id="{ident}" class="changes">{items}</ul>'


def _repo_link(name: str, anchors: dict[str, int]) -> str:
    if name in anchors:
        return f'<a class="name" href="#repo-{anchors[name]}">{esc(name)}</a>'
    return f'<span class="name">{esc(name)}</span>'


def _score(points: float | None) -> str:
    return "\u2013" if points is None else f"{points:.1f}"


def trends(history: History, agg: Aggregate) -> str:
    labels = [run_label(run) for run in history.runs]
    chart = line_chart("chart-trend", "Mean score over runs", history.means, labels)
    rows = "".join(_trend_row(history, agg, tally.id, labels) for tally in agg.rules)
    return (
        '<section id="trends" aria-labelledby="trends-h"><h2 id="trends-h">Trends</h2>'
        f"{chart}<h3>Pass rate per rule over runs</h3>"
        '<div class="scroll"><table id="rule-trends"><thead><tr><th scope="col">Rule</th>'
        '<th scope="col">Over runs</th><th scope="col" class="num">Now</th>'
        '<th scope="col" class="num">Change</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div></section>"
    )


def _trend_row(history: History, agg: Aggregate, rule: str, labels: list[str]) -> str:
    rates = history.rule_rates.get(rule, ())
    percents = [None if r is None else r * 100 for r in rates]
    now = percents[-1] if percents else None
    before = percents[-2] if len(percents) > 1 else None
    change = "" if now is None or before is None else f"{now - before:+.0f} pts"
    spark = sparkline(percents, labels, what=f"Pass rate of {agg.tally(rule).title}")
    return (
        f"<tr><td>{_rule_name(history, agg, rule)}</td><td>{spark}</td>"
        f'<td class="num">{"" if now is None else f"{now:.0f}%"}</td>'
        f'<td class="num">{change}</td></tr>'
    )


def _rule_name(history: History, agg: Aggregate, rule: str) -> str:
    info = next((i for (_, r), i in history.info.items() if r == rule), None)
    url = rule_doc_url(rule, info)
    title = esc(agg.tally(rule).title)
    link = f'<a href="{esc(url)}" rel="noopener noreferrer">{title}</a>' if url else title
    return f'{link}<span class="sub"><code>{esc(rule)}</code></span>'


def osps(history: History, agg: Aggregate) -> str:
    levels = baseline(agg, history.info)
    body = "".join(_level(level) for level in levels)
    return (
        '<section id="baseline" aria-labelledby="baseline-h"><h2 id="baseline-h">OSPS Baseline'
        f'</h2><p class="muted">Controls of the <a href="{OSPS_URL}" rel="noopener noreferrer">'
        "OpenSSF OSPS Baseline</a> the policies cover (a rule tagged with the control), level "
        "by level; a repository passes a control when every rule tagged with it passes.</p>"
        f"{body}</section>"
    )


def _level(level: Level) -> str:
    rows = "".join(
        f"<tr><td><code>{esc(c.control.id)}</code> {esc(c.control.title)}</td>"
        f"<td>{' '.join(f'<code>{esc(r)}</code>' for r in c.rules)}</td>"
        f'<td class="num">{"" if c.rate is None else f"{c.rate:.0%}"}</td>'
        f'<td class="num">{c.passed}/{c.counted}</td></tr>'
        for c in level.covered
    )
    missing = ", ".join(f"<code>{esc(c.id)}</code>" for c in level.uncovered) or "none"
    return (
        f"<h3>Level {level.level}: {len(level.covered)} of "
        f"{len(level.covered) + len(level.uncovered)} controls covered</h3>"
        f'<div class="scroll"><table id="baseline-{level.level}"><thead><tr>'
        '<th scope="col">Control</th><th scope="col">Rules</th>'
        '<th scope="col" class="num">Pass rate</th><th scope="col" class="num">Passed</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></div>"
        f'<p class="uncovered">Not covered: {missing}</p>'
    )

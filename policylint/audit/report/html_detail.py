"""The HTML report's drill-down: one ``<details id="repo-N">`` per repository (N its place in
the name order), opened from its name anywhere in the page. Inside: where it came from (source,
HEAD, branch, policy), its score over the runs, each failing rule with its severity, a link to
its documentation, its findings (message, file and line) and the fix text, and the policy's
exemptions with their reason, the findings they accepted, when they expire, their owner
and whether they have lapsed; the licence (SPDX id) the licence rule identified.

Everything shown is untrusted (names, messages, paths, fix text from a repository's own
policy) and goes through ``esc``; fix text is shown as plain pre-wrapped text, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policylint.audit.report.links import rule_doc_url
from policylint.audit.report.svg import esc
from policylint.audit.report.trend_svg import sparkline

if TYPE_CHECKING:
    from policylint.audit.report.aggregate import Aggregate, RepoEntry
    from policylint.audit.report.history import History

FINDINGS_SHOWN = 20  # per rule; the JSON report and the database have all of them
FIX_LIMIT = 600  # characters of a fix text's first paragraph shown
DASH = "\u2013"  # what an empty cell shows


def details(agg: Aggregate, history: History) -> str:
    labels = [f"#{run.id} {run.started_at[:10]}" for run in history.runs]
    rules = _Rules(agg, history)
    items = "".join(
        _repository(rules, history, index, entry, labels)
        for index, entry in enumerate(agg.repositories)
    )
    return (
        '<section id="details" aria-labelledby="details-h"><h2 id="details-h">Repositories in '
        'detail</h2><p class="muted">Open a repository for its failing rules, their findings '
        f"and how to fix them.</p>{items}</section>"
    )


class _Rules:
    """What the drill-down shows of a rule, made once per policy and rule (a thousand
    repositories failing one rule share its title, link and fix text)."""

    def __init__(self, agg: Aggregate, history: History) -> None:
        self.agg, self.history = agg, history
        self.made: dict[tuple[str, str], tuple[str, str, str]] = {}

    def parts(self, policy_hash: str, rule: str) -> tuple[str, str, str]:
        """The heading's start (title and id), its end (the documentation link), the fix."""
        found = self.made.get((policy_hash, rule))
        if found is None:
            found = self.made[(policy_hash, rule)] = self._make(policy_hash, rule)
        return found

    def _make(self, policy_hash: str, rule: str) -> tuple[str, str, str]:
        tally = self.agg.tally(rule)
        info = self.history.info.get((policy_hash, rule))
        url = rule_doc_url(rule, info)
        title = esc(info.title if info else tally.title)
        severity = esc(info.severity if info else tally.severity)
        doc = f' <a href="{esc(url)}" rel="noopener noreferrer">documentation</a>' if url else ""
        fix = _fix(info.help) if info and info.help else ""
        start = f'<span class="sev-{severity}">{title}</span> <code>{esc(rule)}</code>'
        return f'{start} <span class="muted">{severity}, ', f"</span>{doc}", fix


def _repository(
    rules: _Rules, history: History, index: int, entry: RepoEntry, labels: list[str]
) -> str:
    scores = history.scores.get(entry.name, ())
    spark = sparkline(scores, labels, what=f"Score of {entry.name}") if scores else ""
    grade = entry.score.grade or ("error" if entry.status != "ok" else "none")
    points = "" if entry.score.points is None else f"{entry.score.points:.1f} "
    return (
        f'<details id="repo-{index}" class="repo" data-search="{_search(entry)}">'
        f'<summary><span class="name">{esc(entry.name)}</span> <span class="muted">'
        f'{points}</span><span class="grade g-{grade}">{entry.score.grade or ""}</span>'
        f"</summary>{_facts(entry)}{spark}{_body(rules, entry)}</details>"
    )


def _search(entry: RepoEntry) -> str:
    words = " ".join((entry.name, entry.source, *entry.score.failing, entry.error or ""))
    return esc(words.lower()[:2000])


def _facts(entry: RepoEntry) -> str:
    facts = [("Source", entry.source), ("HEAD", entry.head or "\u2013")]
    if entry.default_branch:
        facts.append(("Branch", entry.default_branch))
    facts.append(("Policy", ", ".join(entry.sources) or "\u2013"))
    if entry.licence is not None:
        facts.append(("Licence", entry.licence))
    cells = "".join(f"<dt>{what}</dt><dd><code>{esc(value)}</code></dd>" for what, value in facts)
    return f'<dl class="facts">{cells}</dl>'


def _body(rules: _Rules, entry: RepoEntry) -> str:
    if entry.status != "ok":
        return f'<p class="reason">{esc(entry.error or "could not be audited")}</p>'
    failing = "".join(_rule(rules, entry, rule) for rule in entry.score.failing)
    if not failing:
        failing = '<p class="muted">Every evaluated rule passes.</p>'
    return failing + _exemptions(entry)


def _rule(rules: _Rules, entry: RepoEntry, rule: str) -> str:
    head, tail, fix = rules.parts(entry.policy_hash or "", rule)
    findings = [
        f for f in entry.findings if f.get("rule") == rule and f.get("status") != "exempted"
    ]
    shown = "".join(_finding(f) for f in findings[:FINDINGS_SHOWN])
    more = len(findings) - FINDINGS_SHOWN
    if more > 0:
        shown += f'<li class="muted">and {more} more</li>'
    status = esc(entry.rules.get(rule, ""))
    return f'<div class="rule"><h4>{head}{status}{tail}</h4><ul>{shown}</ul>{fix}</div>'


def _fix(text: str) -> str:
    """The fix text's first paragraph (the documentation link has all of it)."""
    first = text.strip().split("\n\n", 1)[0]
    if len(first) > FIX_LIMIT:
        first = first[: FIX_LIMIT - 1] + "\u2026"
    return f'<p class="fix"><strong>Fix:</strong> {_lines(first)}</p>'


def _lines(text: str) -> str:
    """Multi-line text escaped line by line: its line breaks kept (``pre-wrap``), every other
    control character made visible."""
    return "\n".join(esc(line) for line in text.splitlines())


def _finding(finding: dict[str, Any]) -> str:
    where = ""
    if finding.get("path"):
        line = f":{finding['line']}" if finding.get("line") else ""
        where = f"<code>{esc(str(finding['path']))}{line}</code> "
    return f"<li>{where}{esc(str(finding.get('message', '')))}</li>"


def _exemptions(entry: RepoEntry) -> str:
    if not entry.exemptions:
        return ""
    accepted: dict[str, int] = {}
    for finding in entry.findings:
        if finding.get("status") == "exempted":
            accepted[str(finding.get("rule"))] = accepted.get(str(finding.get("rule")), 0) + 1
    rows = "".join(
        f"<tr><td><code>{esc(str(e.get('rule')))}</code></td><td>{esc(str(e.get('reason')))}"
        f"</td><td>{esc(', '.join(e.get('paths') or ()) or 'all paths')}</td>"
        f'<td class="num">{accepted.get(str(e.get("rule")), 0)}</td>'
        f"<td>{esc(str(e.get('expires') or 'never'))}</td>"
        f"<td>{esc(str(e.get('owner') or DASH))}</td>{_state(e)}</tr>"
        for e in entry.exemptions
    )
    return (
        '<h4>Exemptions</h4><table class="exemptions"><thead><tr><th scope="col">Rule</th>'
        '<th scope="col">Reason</th><th scope="col">Paths</th><th scope="col" class="num">'
        'Findings accepted</th><th scope="col">Expires</th><th scope="col">Owner</th>'
        f'<th scope="col">State</th></tr></thead><tbody>{rows}</tbody></table>'
    )


# An exemption's state on the run's date, in words (an expired one has lapsed: its findings
# count again).
STATES = {"active": "active", "expiring": "expiring soon", "expired": "lapsed"}


def _state(exemption: dict[str, Any]) -> str:
    state = str(exemption.get("state") or "")
    words = STATES.get(state, state) or DASH
    return f'<td class="state-{esc(state or "unknown")}">{esc(words)}</td>'

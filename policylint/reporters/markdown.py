"""A Markdown summary for ``$GITHUB_STEP_SUMMARY`` and for pull-request comments.

A heading says whether the run passed, a line counts rules and findings (and what a baseline
accepted), a table lists the failing findings (rule, severity, location, message), and
``<details>`` blocks list the skipped rules with their reasons and the exempted findings.

Untrusted text (file names, messages quoting PR titles, policy text) is made inert in every
cell, so it cannot break the table, format, link, embed, or notify anyone:

- control characters are shown as escapes (``\\x1b``); line breaks become ``<br>``;
- ``&``, ``<``, ``>`` become HTML entities (no tags, no autolinks in angle brackets), and so do
  ``|`` (cells), ``\\``, backticks, ``*``, ``_``, ``~``, ``[``, ``]``, ``!`` and ``$`` (no
  emphasis, code, links, images or math);
- ``@`` and ``#`` are followed by a zero-width space, so ``@someone`` and ``@org/team`` ping
  nobody and ``#123`` links no issue (GitHub finds both in the rendered text, after entities
  are decoded, so an entity would not do). Bare URLs stay visible text that GitHub may link.

GitHub keeps at most 1 MiB of summary per step: the document is capped at ``LIMIT`` bytes by
cutting the findings table, whose last row then says how many findings are not shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policylint.display import display, printable
from policylint.reporters import anchors

if TYPE_CHECKING:
    from policylint.model import Finding, Result, Rule

LIMIT = 1_000_000  # bytes; GitHub's step summary limit is 1 MiB
DETAILS_LIMIT = 100_000  # bytes per <details> table, so the findings table keeps the most
CELL_LIMIT = 1_000  # characters of one cell's text, before escaping
ZWSP = "\u200b"
INERT = {
    **{ord(c): f"&#{ord(c)};" for c in "|\\`*_~[]!$"},
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord("@"): "@" + ZWSP,
    ord("#"): "#" + ZWSP,
}


def render(result: Result, *, color: bool = False, limit: int = LIMIT) -> str:
    """``color`` is accepted for a uniform reporter signature and ignored."""
    head = _head(result)
    tail = [*_skipped(result), *_exempted(result)]
    listed = [
        f
        for f in anchors.in_file_order(result.findings)
        if f.status != "exempted" and not result.preexisting(f)
    ]
    failing = [f for f in listed if result.blocks(f)] + [f for f in listed if not result.blocks(f)]
    if not failing:
        return "\n".join([*head, "No findings.", "", *tail]) + "\n"
    header = ["| Rule | Severity | Location | Message |", "| --- | --- | --- | --- |"]
    budget = limit - size([*head, *header, "", *tail])
    rules = {rule.id: rule for rule in result.policy.rules}
    rows = [_finding_row(f, rules.get(f.rule), result) for f in failing]
    rows = fitted(rows, budget, "findings", 4)
    return "\n".join([*head, *header, *rows, "", *tail]) + "\n"


def _head(result: Result) -> list[str]:
    from policylint.reporters.verdict import tally

    if result.failed():
        verdict = "❌ policylint: failed"
    elif tally(result).advisory:
        verdict = "⚠️ policylint: passed, with findings that do not fail it"
    else:
        verdict = "✅ policylint: passed"
    lines = [f"## {verdict}", "", _counts(result)]
    if result.baseline is not None:
        lines += ["", cell(result.baseline.summary_line)]
    if result.comparison is not None and result.comparison.excused:
        lines += ["", cell(result.comparison.summary_line)]
    return [*lines, ""]


def _counts(result: Result) -> str:
    from policylint.reporters.verdict import tally

    counts, told = result.summary, tally(result)
    sources = cell(", ".join(result.policy.sources) or "none")
    parts = [f"**failing: {told.failing}**" if told.failing else "nothing fails"]
    if told.advisory:
        parts.append(f"not failing: {told.advisory}")
    if counts.get("preexisting"):
        parts.append(f"{counts['preexisting']} pre-existing")
    parts += [
        f"{counts['pass']} {'rule' if counts['pass'] == 1 else 'rules'} passed",
        f"{counts['skipped']} skipped",
        f"{counts['exempted']} exempted",
        f"fails on {result.policy.fail_on}",
        f"policy: {sources}",
    ]
    return " · ".join(parts)


def _finding_row(finding: Finding, rule: Rule | None, result: Result) -> str:
    label: str = "rule error" if finding.status == "error" else finding.severity
    if not result.blocks(finding):
        label += " (not failing)"
    message = _message_cell(finding, rule, result)
    return row(_rule_cell(finding.rule, rule), label, _location(finding), message)


def _rule_cell(rule_id: str, rule: Rule | None) -> str:
    """The rule id, linked to its documentation when it has one."""
    from policylint.links import rule_url

    url = None if rule is None else rule_url(rule)
    return f"[{cell(rule_id)}]({link_target(url)})" if url else cell(rule_id)


def link_target(url: str) -> str:
    """A URL as a Markdown link target: no space, no parenthesis or angle bracket can end it."""
    from urllib.parse import quote

    return quote(url, safe=":/?#@!$&'*+,;=%-._~")


def _message_cell(finding: Finding, rule: Rule | None, result: Result) -> str:
    text = cell(_message(finding))
    if finding.status != "fail" or rule is None:
        return text
    from policylint.advice import way_out_line
    from policylint.reporters.text import how_to_fix

    extra = [f"**Fix:** {cell(how_to_fix(rule))}"] if rule.help.strip() else []
    way_out = way_out_line(rule, result.stage)
    if way_out is not None:
        extra.append(f"**Or:** {cell(way_out)}")
    return "<br>".join([text, *extra])


def _location(finding: Finding) -> str:
    """``path:line`` as Markdown; *repository* for a finding without a file."""
    if finding.path is None:
        return "*repository*"
    line = f":{finding.line}" if finding.line is not None else ""
    return cell(finding.path) + line


def _message(finding: Finding) -> str:
    if finding.status == "error":
        return anchors.RULE_ERROR + finding.message
    return finding.message


def _skipped(result: Result) -> list[str]:
    skipped = [o for o in result.outcomes if o.status == "skipped"]
    rows = [row(cell(o.rule), cell(o.reason or "no reason given")) for o in skipped]
    rules = "rule" if len(rows) == 1 else "rules"
    return details(f"{len(rows)} {rules} skipped", ["Rule", "Why"], rows, "rules")


def _exempted(result: Result) -> list[str]:
    """Exempted findings with their reasons; baselined ones are counted above, not listed."""
    reason = result.baseline.reason if result.baseline is not None else None
    exempted = [
        f
        for f in anchors.in_file_order(result.findings)
        if f.status == "exempted" and f.exemption != reason
    ]
    rows = [
        row(cell(f.rule), _location(f), cell(f.message), cell(f.exemption or "")) for f in exempted
    ]
    findings = "finding" if len(rows) == 1 else "findings"
    headers = ["Rule", "Location", "Message", "Reason"]
    return details(f"{len(rows)} {findings} exempted", headers, rows, "findings")


def details(summary: str, headers: list[str], rows: list[str], noun: str) -> list[str]:
    """A collapsed table (nothing when there are no rows), cut to DETAILS_LIMIT bytes."""
    if not rows:
        return []
    columns = len(headers)
    table = [f"| {' | '.join(headers)} |", "|" + " --- |" * columns]
    rows = fitted(rows, DETAILS_LIMIT - size(table), noun, columns)
    return [f"<details><summary>{summary}</summary>", "", *table, *rows, "", "</details>", ""]


def fitted(rows: list[str], budget: int, noun: str, columns: int) -> list[str]:
    """``rows``, or as many as fit in ``budget`` bytes with a last row saying how many not."""
    if size(rows) <= budget:
        return rows
    budget -= size([_more(len(rows), noun, columns)])
    kept: list[str] = []
    for line in rows:
        budget -= size([line])
        if budget < 0:
            break
        kept.append(line)
    return [*kept, _more(len(rows) - len(kept), noun, columns)]


def _more(count: int, noun: str, columns: int) -> str:
    noun = noun if count != 1 else noun.removesuffix("s")
    text = f"… {count} more {noun} not shown (the report has them all)"
    return f"| {text} |" + " |" * (columns - 1)


def size(lines: list[str]) -> int:
    """Bytes of ``lines`` joined by newlines, one after each."""
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def row(*cells: str) -> str:
    """A table row of cells already made Markdown (by ``cell``, for untrusted text)."""
    return "| " + " | ".join(cells) + " |"


def cell(text: str) -> str:
    """Untrusted ``text`` as inert Markdown on one line (see the module docstring)."""
    text = printable(text)
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 1] + "…"
    lines = text.replace("\r\n", "\n").split("\n")
    return "<br>".join(display(line).translate(INERT) for line in lines)

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
    from policylint.model import Finding, Result

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
    failing = [f for f in anchors.in_file_order(result.findings) if f.status != "exempted"]
    if not failing:
        return "\n".join([*head, "No findings.", "", *tail]) + "\n"
    header = ["| Rule | Severity | Location | Message |", "| --- | --- | --- | --- |"]
    budget = limit - size([*head, *header, "", *tail])
    rows = fitted([_finding_row(f) for f in failing], budget, "findings", 4)
    return "\n".join([*head, *header, *rows, "", *tail]) + "\n"


def _head(result: Result) -> list[str]:
    verdict = "❌ policylint: failed" if result.failed() else "✅ policylint: passed"
    lines = [f"## {verdict}", "", _counts(result)]
    if result.baseline is not None:
        lines += ["", cell(result.baseline.summary_line)]
    return [*lines, ""]


def _counts(result: Result) -> str:
    counts = result.summary
    errors = "rule error" if counts["error"] == 1 else "rule errors"
    sources = cell(", ".join(result.policy.sources) or "none")
    return (
        f"**{counts['fail']} failed** · {counts['pass']} passed · {counts['skipped']} skipped · "
        f"{counts['exempted']} exempted · {counts['error']} {errors} · fails on "
        f"{result.policy.fail_on} · policy: {sources}"
    )


def _finding_row(finding: Finding) -> str:
    label = "rule error" if finding.status == "error" else finding.severity
    return row(cell(finding.rule), label, _location(finding), cell(_message(finding)))


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

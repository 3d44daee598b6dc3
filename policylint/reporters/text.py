"""The terminal report: findings grouped by file, each rule's fix, skipped rules, a summary.

Files come in path order, findings that have no file of their own last, under ``repository``.
Every piece of untrusted text goes through ``display`` in both modes, so a file named
``"\\x1b[31mfake"`` prints as ``\\x1b[31mfake`` and cannot colour or move the terminal. With
``color=True`` the lines are styled rich ``Text`` objects (never markup strings, so ``[bold]`` in
a file name stays literal); without it rich is not imported and lines are never wrapped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policylint.display import display, inert

if TYPE_CHECKING:
    from typing import TextIO

    from rich.console import Console

    from policylint.model import Finding, Result, Rule

# A line is a list of (text, rich style) segments; the style is ignored in plain mode.
Segment = tuple[str, str]
Line = list[Segment]

REPOSITORY = "repository"
LABEL_STYLES = {
    "error": "bold red",
    "warning": "bold yellow",
    "note": "bold cyan",
    "exempted": "dim",
    "rule error": "bold magenta",
}


def render(result: Result, *, color: bool = False) -> str:
    lines = [*_finding_lines(result), *_skipped_lines(result), *_baseline_lines(result)]
    lines += [*_threshold_lines(result), _summary_line(result)]
    if color:
        return _rich(lines)
    return "".join(inert("".join(text for text, _ in line)) + "\n" for line in lines)


def _finding_lines(result: Result) -> list[Line]:
    rules = {rule.id: rule for rule in result.policy.rules}
    lines: list[Line] = []
    for heading, findings in _groups(_listed(result)):
        lines.append([(heading, "bold underline")])
        fixed: set[str] = set()  # the fix is shown once per rule and file, after its first finding
        for finding in findings:
            rule = None if finding.rule in fixed else rules.get(finding.rule)
            lines += _finding(finding, rule)
            if finding.status == "fail":
                fixed.add(finding.rule)
        lines.append([])
    return lines


def _listed(result: Result) -> tuple[Finding, ...]:
    """The findings to list: all but those a baseline accepted (a backlog, counted instead)."""
    if result.baseline is None:
        return result.findings
    reason = result.baseline.reason
    return tuple(f for f in result.findings if f.status != "exempted" or f.exemption != reason)


def _groups(findings: tuple[Finding, ...]) -> list[tuple[str, list[Finding]]]:
    """(heading, findings) per file in path order, then the findings that have no file."""
    by_path: dict[str | None, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    paths = sorted(p for p in by_path if p is not None)
    groups = [(display(p), sorted(by_path[p], key=lambda f: f.line or 0)) for p in paths]
    if None in by_path:
        groups.append((REPOSITORY, by_path[None]))
    return groups


def _finding(finding: Finding, rule: Rule | None) -> list[Line]:
    label = {"fail": finding.severity, "exempted": "exempted", "error": "rule error"}
    where = f" (line {finding.line})" if finding.line is not None else ""
    head: Line = [
        ("  ", ""),
        (label[finding.status], LABEL_STYLES[label[finding.status]]),
        (" ", ""),
        (display(finding.rule), "bold"),
        (f"{where}: ", ""),
        (display(finding.message), ""),
    ]
    if finding.status == "exempted":
        lines = [
            head,
            [("    ", ""), ("reason: ", "dim"), (display(finding.exemption or ""), "dim")],
        ]
        if finding.exemption_note is not None:
            lines.append(
                [("    ", ""), ("note: ", "yellow"), (display(finding.exemption_note), "")]
            )
        return lines
    if finding.status == "fail" and rule is not None and rule.help.strip():
        return [head, [("    ", ""), ("fix: ", "green"), (how_to_fix(rule), "")]]
    return [head]


def how_to_fix(rule: Rule) -> str:
    """The first paragraph of the rule's help, on one line (callers show it only when the
    rule has help: a title says what is wanted, not how to get there)."""
    paragraph = rule.help.strip().split("\n\n", 1)[0]
    return display(" ".join(paragraph.split()))


def _skipped_lines(result: Result) -> list[Line]:
    skipped = [o for o in result.outcomes if o.status == "skipped"]
    if not skipped:
        return []
    lines: list[Line] = [[("skipped", "bold underline")]]
    by_reason: dict[str, list[str]] = {}  # rules skipped for one reason share a line
    for outcome in skipped:
        by_reason.setdefault(outcome.reason or "no reason given", []).append(outcome.rule)
    for reason, rules in by_reason.items():
        names = ", ".join(display(rule) for rule in rules)
        lines.append([("  ", ""), (names, "bold"), (": ", ""), (display(reason), "dim")])
    return [*lines, []]


def _baseline_lines(result: Result) -> list[Line]:
    if result.baseline is None:
        return []

    return [[(display(result.baseline.summary_line), "yellow" if result.baseline.stale else "")]]


def summary(result: Result) -> str:
    """``2 failed, 7 passed, 1 skipped, 0 exempted, 0 errors (policy: .policylint.yaml)``;
    with a baseline, ``3 exempted (2 baselined)``."""
    counts = result.summary
    errors = "error" if counts["error"] == 1 else "errors"
    sources = ", ".join(display(s) for s in result.policy.sources) or "none"
    exempted = f"{counts['exempted']} exempted"
    if "baselined" in counts:
        exempted += f" ({counts['baselined']} baselined)"
    return (
        f"{counts['fail']} failed, {counts['pass']} passed, {counts['skipped']} skipped, "
        f"{exempted}, {counts['error']} {errors} (policy: {sources})"
    )


def _threshold_lines(result: Result) -> list[Line]:
    """Why findings did not fail the run, when some did not: the policy's ``fail-on``."""
    below = [f for f in result.findings if f.status == "fail"]
    if not below or result.failed():
        return []
    level = result.policy.fail_on
    why = "fail-on is never" if level == "never" else f"only {level} or above fails (fail-on)"
    return [[(f"these findings do not fail the run: {why}", "dim")]]


def _summary_line(result: Result) -> Line:
    return [(summary(result), "bold red" if result.failed() else "bold green")]


def _inert_segments(line: Line) -> Line:
    """``line`` as is, or, when it could be read as a workflow command, as one neutralised
    segment (a CI log may be coloured too: ``--color always``)."""
    joined = "".join(text for text, _ in line)
    safe = inert(joined)
    return line if safe == joined else [(safe, next((s for t, s in line if t.strip()), ""))]


def ansi_console(buffer: TextIO, *, width: int, soft_wrap: bool = False) -> Console:
    """A rich console writing ANSI colours to ``buffer``, whatever the environment says
    (NO_COLOR, COLUMNS, TERM): what is rendered depends on the result alone. Markup and
    highlighting are off, so untrusted text is never read as styles."""
    from rich.console import Console

    return Console(
        file=buffer,
        force_terminal=True,
        color_system="standard",
        no_color=False,
        width=width,
        legacy_windows=False,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=soft_wrap,
        _environ={},
    )


def _rich(lines: list[Line]) -> str:
    """ANSI-coloured text, independent of the environment (NO_COLOR, COLUMNS, TERM)."""
    import io

    from rich.text import Text

    buffer = io.StringIO()
    console = ansi_console(buffer, width=100, soft_wrap=True)
    for line in lines:
        text = Text(no_wrap=True, end="\n")
        for segment, style in _inert_segments(line):
            text.append(segment, style=style or None)
        console.print(text)
    return buffer.getvalue()

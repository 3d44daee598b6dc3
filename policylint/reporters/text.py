"""The terminal report: findings grouped by file, each rule's fix, skipped rules, a summary.

Files come in path order, findings that have no file of their own last, under ``repository``.
Every piece of untrusted text goes through ``display`` in both modes, so a file named
``"\\x1b[31mfake"`` prints as ``\\x1b[31mfake`` and cannot colour or move the terminal. With
``color=True`` the lines are styled rich ``Text`` objects (never markup strings, so ``[bold]`` in
a file name stays literal); without it rich is not imported and lines are never wrapped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policylint.advice import HOOKS, skip_line, way_out_line
from policylint.display import display, inert

if TYPE_CHECKING:
    from typing import TextIO

    from rich.console import Console

    from policylint.model import Finding, Result, Rule, Stage

# A line is a list of (text, rich style) segments; the style is ignored in plain mode.
Segment = tuple[str, str]
Line = list[Segment]

REPOSITORY = "repository"
# Headings of findings without a file, by the facts their rule reads, in this order.
SUBJECT_FACTS = (("pr", "pull request"), ("commits", "commits"), ("change", "change"))
SUBJECTS = (*(name for _, name in SUBJECT_FACTS), REPOSITORY)
LABEL_STYLES = {
    "error": "bold red",
    "warning": "bold yellow",
    "note": "bold cyan",
    "exempted": "dim",
    "rule error": "bold magenta",
}


def render(
    result: Result, *, color: bool = False, quiet: bool = False, verbose: bool = False
) -> str:
    """The report; ``quiet``: only what fails the run (and the summary line, when it fails);
    ``verbose``: also what each finding looked at and what satisfied each passing rule."""
    blocking = [f for f in _listed(result) if result.blocks(f)]
    lines = _finding_lines(result, blocking, verbose=verbose)
    if quiet:
        lines += [_summary_line(result)] if result.failed() else []
    else:
        advisory = [f for f in _listed(result) if not result.blocks(f)]
        lines += _advisory_lines(result, advisory, verbose) + _skipped_lines(result)
        lines += _passed_lines(result) if verbose else []
        lines += [*_baseline_lines(result), *_comparison_lines(result), _summary_line(result)]
    skip = skip_line(result)
    if skip is not None:
        lines.append([(display(skip), "dim")])
    if color:
        return _rich(lines)
    return "".join(inert("".join(text for text, _ in line)) + "\n" for line in lines)


def _finding_lines(result: Result, findings: list[Finding], *, verbose: bool = False) -> list[Line]:
    rules = {rule.id: rule for rule in result.policy.rules}
    lines: list[Line] = []
    for heading, group in _groups(findings, rules):
        lines.append([(heading, "bold underline")])
        fixed: set[str] = set()  # the fix is shown once per rule and file, after its first finding
        for finding in group:
            rule = None if finding.rule in fixed else rules.get(finding.rule)
            entry = _finding(finding, rule, result.stage)
            if verbose and finding.evidence:  # under the finding's first line
                entry.insert(1, _evidence_line("looked at: ", finding.evidence))
            lines += entry
            if finding.status == "fail":
                fixed.add(finding.rule)
        lines.append([])
    return lines


def _advisory_lines(result: Result, findings: list[Finding], verbose: bool) -> list[Line]:
    """Findings that do not fail the run, under a heading that says why not."""
    if not findings:
        return []
    level = result.policy.fail_on
    why = "fail-on is never" if level == "never" else f"only {level} or above fails: fail-on"
    heading = f"not failing the run ({why})"
    if all(f.status == "exempted" for f in findings):
        heading = "not failing the run (exempted)"
    return [[(heading, "bold")], *_finding_lines(result, findings, verbose=verbose)]


def _listed(result: Result) -> list[Finding]:
    """The findings to list: all but those a baseline accepted (a backlog, counted instead)
    and those that were already there before the change (one line says how to see them)."""
    reason = result.baseline.reason if result.baseline is not None else None
    return [
        f
        for f in result.findings
        if not (f.status == "exempted" and f.exemption == reason) and not result.preexisting(f)
    ]


def _groups(findings: list[Finding], rules: dict[str, Rule]) -> list[tuple[str, list[Finding]]]:
    """(heading, findings) per file in path order, then the findings that have no file, by
    what they are about (the repository, the change, its commits, the pull request)."""
    by_path: dict[str | None, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    paths = sorted(p for p in by_path if p is not None)
    groups = [(display(p), sorted(by_path[p], key=lambda f: f.line or 0)) for p in paths]
    by_subject: dict[str, list[Finding]] = {}
    for finding in by_path.get(None, []):
        by_subject.setdefault(subject(rules.get(finding.rule)), []).append(finding)
    groups += [(name, by_subject[name]) for name in SUBJECTS if name in by_subject]
    return groups


def subject(rule: Rule | None) -> str:
    """What a finding without a file is about: what its rule reads beyond the repository."""
    if rule is None:
        return REPOSITORY
    from policylint.engine import needs

    read = needs(rule)
    return next((name for fact, name in SUBJECT_FACTS if fact in read), REPOSITORY)


def _finding(finding: Finding, rule: Rule | None, stage: Stage = "check") -> list[Line]:
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
    if finding.status != "fail" or rule is None:
        return [head]
    lines = [head]
    if rule.help.strip():
        lines.append([("    ", ""), ("fix: ", "green"), (how_to_fix(rule), "")])
    way_out = way_out_line(rule, stage)
    if way_out is not None:
        lines.append([("    ", ""), ("or: ", "green"), (way_out, "")])
    return lines


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
        reason = outcome.reason or "no reason given"
        if result.stage in HOOKS and reason.startswith("needs "):  # another stage runs them
            reason = f"another stage judges them (this {result.stage} hook lacks their facts)"
        by_reason.setdefault(reason, []).append(outcome.rule)
    for reason, rules in by_reason.items():
        names = ", ".join(display(rule) for rule in rules)
        lines.append([("  ", ""), (names, "bold"), (": ", ""), (display(reason), "dim")])
    return [*lines, []]


def _evidence_line(label: str, evidence: tuple[str, ...]) -> Line:
    return [("    ", ""), (label, "dim"), (display("; ".join(evidence)), "dim")]


def _passed_lines(result: Result) -> list[Line]:
    """Each passing rule and what satisfied it, where its kind says (``--verbose``)."""
    passed = [o for o in result.outcomes if o.status == "pass"]
    if not passed:
        return []
    lines: list[Line] = [[("passed", "bold underline")]]
    for outcome in passed:
        line: Line = [("  ", ""), (display(outcome.rule), "bold")]
        said = "; ".join(outcome.evidence) or outcome.reason
        lines.append([*line, (": ", ""), (display(said), "dim")] if said else line)
    return [*lines, []]


def _baseline_lines(result: Result) -> list[Line]:
    if result.baseline is None:
        return []

    return [[(display(result.baseline.summary_line), "yellow" if result.baseline.stale else "")]]


def summary(result: Result) -> str:
    """``failed: 1 error (license); 2 warnings not failing; 7 rules passed, 1 skipped,
    0 exempted (policy: .policylint.yaml)``: findings counted by what they do; with a
    baseline, ``3 exempted (2 baselined)``; with a change, the pre-existing findings."""
    from policylint.reporters.verdict import rules_named, tally

    counts, told = result.summary, tally(result)
    if result.failed():
        parts = [f"failed: {told.failing} ({display(rules_named(told.failing_rules))})"]
        parts += [f"{told.advisory} not failing"] if told.advisory else []
    elif told.advisory:
        parts = [f"passed: {told.advisory} (not failing)"]
    else:
        parts = ["passed: no findings"]
    if counts.get("preexisting"):
        parts.append(f"{counts['preexisting']} pre-existing (not listed)")
    exempted = f"{counts['exempted']} exempted"
    if "baselined" in counts:
        exempted += f" ({counts['baselined']} baselined)"
    sources = ", ".join(display(s) for s in result.policy.sources) or "none"
    parts.append(
        f"{counts['pass']} {'rule' if counts['pass'] == 1 else 'rules'} passed, "
        f"{counts['skipped']} skipped, {exempted} (policy: {sources})"
    )
    return "; ".join(parts)


def _comparison_lines(result: Result) -> list[Line]:
    if result.comparison is None or not result.comparison.excused:
        return []
    return [[(display(result.comparison.summary_line), "dim")]]


def _summary_line(result: Result) -> Line:
    """Red when the run fails, yellow when it passes with findings, green when clean."""
    if result.failed():
        return [(summary(result), "bold red")]
    from policylint.reporters.verdict import tally

    return [(summary(result), "bold yellow" if tally(result).advisory else "bold green")]


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

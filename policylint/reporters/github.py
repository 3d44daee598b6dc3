"""GitHub Actions workflow commands: an annotation per finding, the full report in a log group.

- Each failing finding is one ``::error``, ``::warning`` or ``::notice`` (for ``note``) command
  with ``file``, ``line`` and ``title`` properties; a crashed rule is an ``::error``; exempted
  and baselined findings are not annotated. A finding without a file is shown at the line of
  the repository's config that enables its rule, else without ``file`` (GitHub lists such
  annotations on the run's summary page).
- GitHub shows at most 10 annotations of each level per step: past that, one ``::notice`` says
  how many more there are; every finding is still listed in the ``policylint findings`` log
  group (the text report), which ends with the one-line summary.
- Escaping, as ``@actions/core`` does: ``%``, CR and LF as ``%25``, ``%0D``, ``%0A`` in a
  message, and ``:`` and ``,`` as ``%3A``, ``%2C`` in a property. Other control characters are
  shown as visible escapes (``\\x1b``). The runner also reads ``##[command]`` anywhere in a line
  that is not a command, so ``##[`` is shown as ``#\\x23[`` everywhere; and a plain log line
  that would start with ``::`` (after white space) starts with ``\\x3a:``. So every line
  that starts with ``::`` is a command written here, whatever file names or PR titles hold.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from policylint.display import display, inert, printable
from policylint.reporters import anchors

if TYPE_CHECKING:
    from policylint.model import Finding, Result, Rule

LIMIT = 10  # annotations GitHub shows per level and step
GROUP = "policylint findings"
LEVELS = {"error": "error", "warning": "warning", "note": "notice"}
SHOWN_PLACES = (None, "file-start", "rule-config")  # anchors that point at the finding's cause


def render(result: Result, *, color: bool = False) -> str:
    """``color`` is accepted for a uniform reporter signature and ignored."""
    from policylint.reporters.text import render as text_report

    *report, summary = text_report(result).rstrip("\n").split("\n")
    lines = [*_annotations(result), f"::group::{GROUP}", *map(log_line, report), "::endgroup::"]
    return "\n".join([*lines, log_line(summary)]) + "\n"


def _annotations(result: Result) -> list[str]:
    """One command per annotated finding, and one for those past GitHub's limit."""
    rules = {rule.id: rule for rule in result.policy.rules}
    failing = [
        f
        for f in anchors.in_file_order(result.findings)
        if f.status != "exempted" and not result.preexisting(f)
    ]
    shown = _within_limits(failing)
    lines = [_annotation(f, rules.get(f.rule), result) for f in shown]
    hidden = len(failing) - len(shown)
    if hidden:
        lines.append(command("notice", {}, _hidden_note(hidden)))
    return lines


def _within_limits(findings: list[Finding]) -> list[Finding]:
    """At most LIMIT findings per level, keeping a notice free for the note on the rest."""
    counts = Counter(level_of(f) for f in findings)
    room = dict.fromkeys(LEVELS.values(), LIMIT)
    if any(count > LIMIT for count in counts.values()):
        room["notice"] = LIMIT - 1
    shown: list[Finding] = []
    for finding in findings:
        room[level_of(finding)] -= 1
        if room[level_of(finding)] >= 0:
            shown.append(finding)
    return shown


def level_of(finding: Finding) -> str:
    """The annotation level: a crashed rule is an error whatever its severity."""
    return "error" if finding.status == "error" else LEVELS[finding.severity]


def _hidden_note(hidden: int) -> str:
    findings = "finding is" if hidden == 1 else "findings are"
    return (
        f"{hidden} more {findings} not shown as annotations (GitHub shows {LIMIT} per level): "
        f'see the "{GROUP}" log group below or the step summary'
    )


def _annotation(finding: Finding, rule: Rule | None, result: Result) -> str:
    properties: dict[str, str] = {}
    place = anchors.place(finding, rule, result)
    if place is not None and place.anchored_at in SHOWN_PLACES:
        properties["file"] = _visible(place.path)
        if place.anchored_at != "file-start":
            properties["line"] = str(place.line)
    properties["title"] = _title(finding, rule)
    return command(level_of(finding), properties, _message(finding, rule, result))


def _title(finding: Finding, rule: Rule | None) -> str:
    title = rule.title.strip() if rule is not None else ""
    if finding.status == "error":
        return display(f"Rule error: {finding.rule}")
    return display(f"{finding.rule}: {title}" if title and title != finding.rule else finding.rule)


def _message(finding: Finding, rule: Rule | None, result: Result) -> str:
    """The message, its lines kept (annotations show them), then the fix, the ways out that
    work in this run's stage and the rule's documentation."""
    text = _visible(finding.message) or "(no message)"
    if finding.status == "error":
        return anchors.RULE_ERROR + text
    if rule is None:
        return text
    from policylint.advice import way_out_line
    from policylint.links import rule_url
    from policylint.reporters.text import how_to_fix

    if rule.help.strip():
        text += f"\nFix: {how_to_fix(rule)}"
    way_out = way_out_line(rule, result.stage)
    if way_out is not None:
        text += f"\nOr: {way_out}"
    url = rule_url(rule)
    if url is not None:
        text += f"\nDocs: {_visible(url)}"
    return text


def _visible(text: str) -> str:
    """``text`` with control characters shown as escapes, except line breaks (``%0A``)."""
    return "\n".join(display(line) for line in printable(text).split("\n"))


def command(name: str, properties: dict[str, str], message: str) -> str:
    """``::name key=value,...::message``, every value escaped."""
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name}{' ' + listed if listed else ''}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """A command's message, as ``@actions/core``'s ``escapeData`` (plus ``##[``)."""
    text = printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace("##[", "#\\x23[")


def escape_property(text: str) -> str:
    """A command's property value, as ``@actions/core``'s ``escapeProperty`` (plus ``##[``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def log_line(text: str) -> str:
    """A plain log line the runner cannot read as a command (``::...`` or ``##[...``)."""
    return inert(display(text))

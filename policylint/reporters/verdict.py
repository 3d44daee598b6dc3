"""What every human-facing report says the same way: the verdict, and findings counted by
what they do — those that fail the run by severity, and those that do not as warnings and
notes, never as failures."""

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from policylint.model import Finding, Result

SHOWN_RULES = 3  # rule ids named after the failing count


class Tally(NamedTuple):
    """``failing``: what fails the run, ``advisory``: listed findings that do not."""

    failing: str
    advisory: str
    failing_rules: tuple[str, ...]


def tally(result: "Result") -> Tally:
    blocking = [f for f in result.findings if result.blocks(f)]
    advisory = [
        f
        for f in result.findings
        if f.status == "fail" and not result.blocks(f) and not result.preexisting(f)
    ]
    rules = tuple(dict.fromkeys(f.rule for f in blocking))
    return Tally(counted(blocking), counted(advisory), rules)


def counted(findings: "list[Finding]") -> str:
    """``1 error, 2 warnings, 1 rule error``; "" for none."""
    counts: dict[str, int] = {}
    for finding in findings:
        key = "rule error" if finding.status == "error" else finding.severity
        counts[key] = counts.get(key, 0) + 1
    order = ("error", "warning", "note", "rule error")
    return ", ".join(_plural(counts[key], key) for key in order if key in counts)


def rules_named(rules: tuple[str, ...]) -> str:
    shown = ", ".join(rules[:SHOWN_RULES])
    return shown + (", …" if len(rules) > SHOWN_RULES else "")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"

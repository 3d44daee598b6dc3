"""Where the CI formats (SARIF, GitLab, GitHub) show a finding, and the line they show.

Code scanning and GitLab's Code Quality need a file and a line for every result. A finding with
no file of its own ("GOVERNANCE.md is missing") is anchored at the line of the repository's
config that enables its rule, else at ``Result.anchor`` (an existing file, README first) line 1,
else at the config file line 1; ``Place.anchored_at`` says which, and is None for the finding's
own place with a known line.
"""

from typing import TYPE_CHECKING, NamedTuple

from policylint.display import display

if TYPE_CHECKING:
    from policylint.model import Finding, Result, Rule

RULE_ERROR = "Rule error (policylint could not evaluate this rule): "


class Place(NamedTuple):
    """Where a result is shown, and why there when it is not the finding's own place."""

    path: str
    line: int
    anchored_at: str | None = None


def place(finding: "Finding", rule: "Rule | None", result: "Result") -> Place | None:
    """The finding's own file and line (line 1, ``file-start``, when it has none), or an anchor
    for a finding without a file; None when the repository has no file to anchor it at."""
    if finding.path is not None:
        line = finding.line if finding.line is not None and finding.line >= 1 else None
        return Place(finding.path, line or 1, None if line else "file-start")
    config = result.policy.config_path
    if config is not None and rule is not None and rule.enabled_at is not None:
        return Place(rule.enabled_at.path, max(1, rule.enabled_at.line), "rule-config")
    if result.anchor is not None:
        return Place(result.anchor, 1, "anchor-file")
    if config is not None:
        return Place(config, 1, "config-file")
    return None


def headline(finding: "Finding") -> str:
    """The finding's message on one printable line; a crashed rule's says so first."""
    text = display(finding.message)
    return RULE_ERROR + text if finding.status == "error" else text


def in_file_order(findings: "tuple[Finding, ...]") -> "list[Finding]":
    """Findings by path, then line, those without a file last (as the text report groups)."""
    return sorted(findings, key=lambda f: (f.path is None, f.path or "", f.line or 0))

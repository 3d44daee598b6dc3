"""A GitLab Code Quality report: the JSON array ``artifacts:reports:codequality`` reads.

Each failing finding is one object with the fields GitLab reads (it ignores the rest of the Code
Climate specification): ``description`` (the message on one printable line), ``check_name``
(the rule id), ``fingerprint`` (the finding's: stable across runs, so the merge-request widget
tells new findings from old ones; unique in the report, as GitLab shows one entry per
fingerprint), ``severity`` and ``location`` (``path``, ``lines.begin``).

- Severity: ``error`` is ``major``, ``warning`` ``minor``, ``note`` ``info``; a rule that could
  not be evaluated is ``critical`` (it fails the run at every ``fail-on`` level). ``blocker``
  is not used.
- Exempted findings, baselined ones included, are left out: the widget has no way to show an
  accepted finding, and counting it would report the backlog as new degradation.
- A finding without a file is anchored as in SARIF: the config line that enables its rule, else
  the README (line 1), else the config file; in a repository without files, at
  ``.policylint.yaml`` line 1. A finding without a line is at line 1.
- File names that are not UTF-8 are shown with ``\\xNN`` escapes, so the report is valid JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policylint.display import display
from policylint.links import rule_url
from policylint.reporters import anchors

if TYPE_CHECKING:
    from policylint.model import Finding, Result, Rule

SEVERITIES = {"error": "major", "warning": "minor", "note": "info"}
RULE_ERROR_SEVERITY = "critical"
FALLBACK_PATH = ".policylint.yaml"


def render(result: Result, *, color: bool = False) -> str:
    """``color`` is accepted for a uniform reporter signature and ignored."""
    from policylint.reporters.json import dump

    return dump(code_quality(result))


def code_quality(result: Result) -> list[dict[str, Any]]:
    rules = {rule.id: rule for rule in result.policy.rules}
    reported = [f for f in anchors.in_file_order(result.findings) if f.status != "exempted"]
    issues = [_issue(f, rules.get(f.rule), result) for f in reported]
    seen: dict[str, int] = {}
    for issue in issues:  # the engine keeps fingerprints unique; a merged result might not
        count = seen[issue["fingerprint"]] = seen.get(issue["fingerprint"], 0) + 1
        if count > 1:
            issue["fingerprint"] += f":{count}"
    return issues


def _issue(finding: Finding, rule: Rule | None, result: Result) -> dict[str, Any]:
    place = anchors.place(finding, rule, result) or anchors.Place(FALLBACK_PATH, 1)
    description = anchors.headline(finding) or "(no message)"
    url = None if rule is None else rule_url(rule)
    if url is not None:
        description += f" (see {display(url)})"
    return {
        "description": description,
        "check_name": finding.rule,
        "fingerprint": finding.fingerprint,
        "severity": severity(finding),
        "location": {"path": place.path, "lines": {"begin": place.line}},
    }


def severity(finding: Finding) -> str:
    if finding.status == "error":
        return RULE_ERROR_SEVERITY
    return SEVERITIES[finding.severity]

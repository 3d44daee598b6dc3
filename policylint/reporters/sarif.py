"""SARIF 2.1.0 that GitHub code scanning accepts.

- Every rule of the effective policy is in ``tool.driver.rules``, so alerts of fixed rules close.
- Results are the findings that fail, crashed (``error``, message prefixed) or are exempted
  (with an external suppression carrying the reason, so they show as dismissed, not lost).
- Every result has a repository-relative, percent-encoded location with ``startLine >= 1``:
  GitHub rejects a whole upload when one result has none. A finding with no file of its own is
  anchored at the line of the repository's config that enables its rule, else at
  ``Result.anchor`` (README, line 1), else at the config file, line 1; its real (absent) path
  and line and where it was anchored are kept in ``properties``. When the repository has no
  file at all, such findings become ``invocations[0].toolExecutionNotifications``, which need
  no location, so they are reported rather than dropped.
- ``partialFingerprints.primaryLocationLineHash`` is the finding's fingerprint plus ``:1``:
  stable across runs and line moves. No absolute path is written (no ``originalUriBaseIds``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policylint.links import readable_name, rule_url
from policylint.reporters import anchors
from policylint.reporters.json import dump

if TYPE_CHECKING:
    from policylint.model import Finding, Result, Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/policylint/policylint"
DESCRIPTION_LIMIT = 1024  # GitHub's limit on short and full descriptions
URI_SAFE = "/!$&'()*+,;=@"  # RFC 3986 path characters kept as they are (":" is not: a scheme)


def render(result: Result, *, color: bool = False, category: str = "policylint/check") -> str:
    """``category`` separates runs (check, audit) in code scanning; ``color`` is ignored."""
    return dump(sarif_log(result, category=category))


def sarif_log(result: Result, *, category: str = "policylint/check") -> dict[str, Any]:
    import policylint

    rules = _rules(result)
    results, notes = _results(result, rules)
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    details = {o.rule: dict(o.details) for o in result.outcomes if o.details}
    if details:  # what rules observed, passing ones too (the licence identified)
        invocation["properties"] = {"ruleDetails": details}
    driver = {
        "name": "policylint",
        "version": policylint.__version__,
        "informationUri": INFORMATION_URI,
        "rules": [_descriptor(r) for r in rules],
    }
    run = {
        "tool": {"driver": driver},
        "automationDetails": {"id": category.rstrip("/") + "/"},
        "invocations": [invocation],
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _results(result: Result, rules: list[Rule]) -> tuple[list[Any], list[Any]]:
    """SARIF results, and notifications for findings that have no place to anchor them."""
    index = {rule.id: i for i, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    absent = result.comparison.absent if result.comparison is not None else ()
    for finding in (*result.findings, *absent):
        i = index[finding.rule]
        place = anchors.place(finding, rules[i], result)
        if place is None:
            if finding not in absent:
                notes.append(_notification(finding, i))
        else:
            results.append(_result(finding, i, place, absent=finding in absent))
    return results, notes


def _rules(result: Result) -> list[Rule]:
    """The policy's rules, plus a stand-in for any rule a finding names that the policy lacks."""
    from policylint.model import Location
    from policylint.model import Rule as RuleRecord

    rules = list(result.policy.rules)
    known = {rule.id for rule in rules}
    for finding in result.findings:
        if finding.rule not in known:
            known.add(finding.rule)
            origin = Location("<unknown>", 1, 1)
            rules.append(
                RuleRecord(finding.rule, "unknown", finding.rule, finding.severity, {}, origin)
            )
    return rules


def _descriptor(rule: Rule) -> dict[str, Any]:
    title = rule.title.strip() or rule.id
    help_text = rule.help.strip() or rule.description.strip() or title
    tags = list(dict.fromkeys((*rule.tags, "policylint")))
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": readable_name(rule.id, rule.kind),
        "shortDescription": {"text": truncate(title)},
        "fullDescription": {"text": truncate(rule.description.strip() or title)},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"tags": tags},
    }
    url = rule_url(rule)
    if url is not None:
        descriptor["helpUri"] = url
    return descriptor


def truncate(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """``text`` cut to ``limit`` UTF-16 code units (GitHub counts those), ending in an ellipsis."""
    if len(text.encode("utf-16-le", "surrogatepass")) <= 2 * limit:
        return text
    kept: list[str] = []
    units = 0
    for char in text:
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit - 1:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def _result(
    finding: Finding, rule_index: int, place: anchors.Place, *, absent: bool = False
) -> dict[str, Any]:
    location = {
        "artifactLocation": {"uri": uri(place.path), "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": place.line},
    }
    entry: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": "error" if finding.status == "error" else finding.severity,
        "message": {"text": message(finding)},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {"primaryLocationLineHash": f"{finding.fingerprint}:1"},
    }
    if absent:  # on the change's base, gone from it: the rule passes there now
        entry.update(kind="pass", level="none", baselineState="absent")
    elif finding.state is not None:
        entry["baselineState"] = finding.state
    if finding.status == "exempted":
        entry["suppressions"] = [{"kind": "external", "justification": finding.exemption or ""}]
    properties: dict[str, Any] = dict(finding.properties)
    if finding.exemption_note is not None:
        properties["exemptionNote"] = finding.exemption_note
    if place.anchored_at is not None:
        properties.update(path=finding.path, line=finding.line, anchoredAt=place.anchored_at)
    if properties:
        entry["properties"] = properties
    return entry


def _notification(finding: Finding, rule_index: int) -> dict[str, Any]:
    """A finding that has no place to anchor it (a repository without files)."""
    return {
        "level": "error" if finding.status == "error" else finding.severity,
        "message": {"text": message(finding)},
        "associatedRule": {"id": finding.rule, "index": rule_index},
        "properties": {
            **finding.properties,
            "status": finding.status,
            "fingerprint": finding.fingerprint,
            "path": None,
            "line": None,
        },
    }


def message(finding: Finding) -> str:
    """The finding's message on one printable line. An embedded link (``[text](target)``) in
    untrusted text is defused by SARIF's escapes (``\\[``, ``\\]``, ``\\\\``)."""
    text = anchors.headline(finding)
    if "](" in text:
        text = text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return text or "(no message)"


def uri(path: str) -> str:
    """A repository-relative path as a relative URI reference; undecodable bytes as ``%XX``."""
    from urllib.parse import quote

    return quote(path.encode("utf-8", "surrogateescape"), safe=URI_SAFE)

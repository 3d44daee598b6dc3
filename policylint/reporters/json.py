"""The JSON document: a public, versioned contract described by ``schemas/result.schema.json``.

Keys come in a fixed order, indented by two, with a final newline. Text is kept as it is except
undecodable bytes in file names, which are shown as ``\\xNN`` so the document is always valid
UTF-8 that any parser accepts. Untrusted text is written so that printing the document is
harmless (``display.inert_json``): control, bidi and line-separator characters as ``\\uXXXX``
escapes, and ``##[`` as ``#\\u0023[``, so a CI log never takes a line for a workflow command;
a parser reads the same values back. Paths are
relative to the checked root, which is always ``"."``: the absolute path is never written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policylint.display import inert_json, printable

if TYPE_CHECKING:
    from policylint.model import Finding, Result, Rule, RuleOutcome

VERSION = 1


def render(result: Result, *, color: bool = False) -> str:
    """``color`` is accepted for a uniform reporter signature and ignored."""
    return dump(document(result))


def dump(value: Any) -> str:
    """``value`` as JSON text: indented by two, UTF-8-safe, with a final newline."""
    import json

    return inert_json(json.dumps(printable_tree(value), indent=2, ensure_ascii=False)) + "\n"


def document(result: Result) -> dict[str, Any]:
    import policylint

    rules = {rule.id: rule for rule in result.policy.rules}
    return {
        "version": VERSION,
        "tool": {"name": "policylint", "version": policylint.__version__},
        "root": ".",
        "policy": {"sources": list(result.policy.sources), "fail-on": result.policy.fail_on},
        "findings": [_finding(f) for f in result.findings],
        "rules": [_rule(o, rules.get(o.rule)) for o in result.outcomes],
        "summary": result.summary,
        "failed": result.failed(),
    }


def _finding(finding: Finding) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity,
        "status": finding.status,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "fingerprint": finding.fingerprint,
    }
    if finding.exemption is not None:
        entry["exemption"] = finding.exemption
    return entry


def _rule(outcome: RuleOutcome, rule: Rule | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": outcome.rule, "status": outcome.status}
    if outcome.reason is not None:
        entry["reason"] = outcome.reason
    if rule is not None:
        entry["severity"] = rule.severity
        entry["title"] = rule.title
    return entry


def printable_tree(value: Any) -> Any:
    """``value`` with every string made encodable (surrogate escapes shown as ``\\xNN``)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {key: printable_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [printable_tree(item) for item in value]
    return value

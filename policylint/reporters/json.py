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

import importlib
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from policylint.display import inert_json, printable

if TYPE_CHECKING:
    from policylint.model import Finding, Result, Rule, RuleOutcome

VERSION = 1


def render(result: Result, *, color: bool = False) -> str:
    """``color`` is accepted for a uniform reporter signature and ignored."""
    return dump(document(result))


def dump(value: Any) -> str:
    """``value`` as JSON text: indented by two, UTF-8-safe, with a final newline; the text
    ``json.dumps(value, indent=2, ensure_ascii=False)`` writes (a test compares them), but
    without importing ``json``, whose decoder compiles its patterns on import (about 1 ms of
    a 35 ms gate run that only writes)."""
    out: list[str] = []
    _write(printable_tree(value), 0, out)
    return inert_json("".join(out)) + "\n"


def _write(value: Any, level: int, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_ENCODE_STRING(value))
    elif value is None or value is True or value is False:
        out.append(_CONSTANTS[value])
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, (list, tuple, dict)):
        items = value.items() if isinstance(value, dict) else value
        if not items:
            out.append("{}" if isinstance(value, dict) else "[]")
            return
        inner = "\n" + "  " * (level + 1)
        out.append("{" if isinstance(value, dict) else "[")
        for index, item in enumerate(items):
            out.append(inner if index == 0 else "," + inner)
            if isinstance(value, dict):
                out.append(_ENCODE_STRING(_key(item[0])) + ": ")
            _write(item[1] if isinstance(value, dict) else item, level + 1, out)
        out.append("\n" + "  " * level + ("}" if isinstance(value, dict) else "]"))
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _key(key: Any) -> str:
    """A mapping key as JSON writes it: strings as they are, numbers and constants as text."""
    if isinstance(key, str):
        return key
    if key is None or key is True or key is False:
        return _CONSTANTS[key]
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        return _float(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _float(number: float) -> str:
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return float.__repr__(number)


def _string_encoder() -> Callable[[str], str]:
    """CPython's own JSON string encoder (``_json``, what ``json`` uses), else ``json``'s."""
    try:
        encoder: Callable[[str], str] = importlib.import_module("_json").encode_basestring
    except (ImportError, AttributeError):  # pragma: no cover - CPython always has _json
        from json.encoder import py_encode_basestring as encoder
    return encoder


_CONSTANTS = {None: "null", True: "true", False: "false"}
_ENCODE_STRING = _string_encoder()


def document(result: Result) -> dict[str, Any]:
    """The document; ``exemptions`` is present when the policy has any."""
    import policylint

    rules = {rule.id: rule for rule in result.policy.rules}
    doc: dict[str, Any] = {
        "version": VERSION,
        "tool": {"name": "policylint", "version": policylint.__version__},
        "root": ".",
        "policy": {"sources": list(result.policy.sources), "fail-on": result.policy.fail_on},
        "findings": [_finding(f, result) for f in result.findings],
        "rules": [_rule(o, rules.get(o.rule)) for o in result.outcomes],
        "summary": result.summary,
        "failed": result.failed(),
    }
    if result.comparison is not None:
        doc["comparison"] = {
            "base": result.comparison.base or None,
            "change": result.comparison.change,
            "absent": [
                {**_finding(f, result), "state": "absent", "blocking": False}
                for f in result.comparison.absent
            ],
        }
    doc["stage"] = result.stage
    if result.policy.exemptions:
        doc["exemptions"] = exemptions(result)
    return doc


def _finding(finding: Finding, result: Result) -> dict[str, Any]:
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
    if finding.state is not None:
        entry["state"] = finding.state
    entry["blocking"] = result.blocks(finding)
    if finding.evidence:
        entry["evidence"] = list(finding.evidence)
    if finding.exemption_note is not None:
        entry["exemption-note"] = finding.exemption_note
    if finding.properties:
        entry["properties"] = dict(finding.properties)
    return entry


def exemptions(result: Result) -> list[dict[str, Any]]:
    """The policy's exemptions: where each is written, what it covers, its end and owner, its
    state on the run's date (``active``, ``expiring``, ``expired``) and the findings it
    accepted in this run."""
    from policylint.expiry import status

    accepted: dict[str, int] = {}
    for finding in result.findings:
        if finding.exemption_at is not None:
            accepted[finding.exemption_at] = accepted.get(finding.exemption_at, 0) + 1
    policy = result.policy
    return [
        {
            "rule": e.rule,
            "reason": e.reason,
            "at": e.at,
            "paths": list(e.paths),
            "expires": e.expires,
            "owner": e.owner,
            "state": status(e, result.now, policy.expiry_notice_days),
            "findings": accepted.get(e.at, 0),
        }
        for e in policy.exemptions
    ]


def _rule(outcome: RuleOutcome, rule: Rule | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": outcome.rule, "status": outcome.status}
    if outcome.reason is not None:
        entry["reason"] = outcome.reason
    if rule is not None:
        entry["severity"] = rule.severity
        entry["title"] = rule.title
    if outcome.evidence:
        entry["evidence"] = list(outcome.evidence)
    if outcome.details:
        entry["details"] = dict(outcome.details)
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

"""The JSON Schema of policy files: ``document_schema()`` is the structure the loader checks
first; ``policy_schema()`` adds each check kind's ``OPTIONS`` (for editors:
``schemas/policy.schema.json`` is its output, written by ``python -m policylint.docgen``)."""

from __future__ import annotations

from typing import Any

from policylint import model
from policylint.checks import KINDS, load_kind

RULE_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
SEVERITIES = list(model.SEVERITIES)
FAIL_ON = list(model.FAIL_ON_LEVELS)
API_VERSION = "policylint/v1"

_STRINGS: dict[str, Any] = {"type": "array", "items": {"type": "string"}}


_SKIP = {
    "labels": "PR labels that skip the rule.",
    "markers": "Markers in the PR title or body ('[skip ID]') that skip the rule.",
    "trailers": "Commit trailers that skip the rule.",
}


def rule_schema(kind: dict[str, Any] | None = None) -> dict[str, Any]:
    """One rule's fields; ``kind`` narrows the ``kind`` field (the editor schema lists kinds)."""
    skip = {key: {**_STRINGS, "description": text} for key, text in _SKIP.items()}
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "kind": kind or {"type": "string", "description": "The check kind."},
            "title": {"type": "string", "minLength": 1, "description": "One line."},
            "description": {"type": "string", "description": "Why it matters (markdown)."},
            "help": {"type": "string", "description": "How to fix it (markdown)."},
            "severity": {"enum": SEVERITIES},
            "options": {"type": "object", "description": "The kind's options."},
            "when": {"type": "string", "minLength": 1, "description": "A CEL guard."},
            "skip": {"type": "object", "additionalProperties": False, "properties": skip},
            "tags": {**_STRINGS, "description": "e.g. OSPS Baseline control ids."},
            "references": {**_STRINGS, "description": "URLs of standards and guides."},
            "scope": {
                "enum": list(model.SCOPES),
                "description": "With a change: `change` (default) fails only on findings the "
                "change introduced; `repository` fails whenever the rule fails.",
            },
            "help-uri": {
                "type": "string",
                "pattern": "^https?://",
                "description": "The rule's documentation (SARIF helpUri, links in reports).",
            },
        },
    }


def document_schema(rule: dict[str, Any] | None = None) -> dict[str, Any]:
    """A policy file (a repository's ``.policylint.yaml`` or a pack): the structure only."""
    exemption = {
        "type": "object",
        "additionalProperties": False,
        "required": ["rule", "reason"],
        "properties": {
            "rule": {"type": "string"},
            "reason": {"type": "string", "pattern": r"\S", "description": "Why, for reviewers."},
            "paths": {**_STRINGS, "description": "Globs; only findings under them."},
            "expires": {
                "type": "string",
                "pattern": DATE,
                "description": "YYYY-MM-DD: the last day it accepts findings (UTC).",
            },
            "owner": {"type": "string", "pattern": r"\S", "description": "Who answers for it."},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "policylint policy",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "apiVersion": {"const": API_VERSION},
            "kind": {"enum": ["Pack", "Config"]},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "extends": {**_STRINGS, "description": "builtin:NAME or a path relative to this file."},
            "fail-on": {"enum": FAIL_ON},
            "params": {"type": "object", "description": "Values handed to CEL as params."},
            "rules": {
                "type": "object",
                "propertyNames": {"pattern": RULE_ID},
                "additionalProperties": {"anyOf": [{"const": "off"}, {"$ref": "#/$defs/rule"}]},
            },
            "exemptions": {"type": "array", "items": exemption},
            "exemption-notice-days": {
                "type": "integer",
                "minimum": 0,
                "description": "Exempted findings whose exemption expires within this many "
                "days carry a note (default 14).",
            },
        },
        "$defs": {"rule": rule or rule_schema()},
    }


def policy_schema() -> dict[str, Any]:
    """The policy file schema for editors: the structure plus every kind's options."""
    rule = rule_schema({"enum": sorted(KINDS), "description": "The check kind."})
    rule["allOf"] = [
        {
            "if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
            "then": {"properties": {"options": load_kind(name).OPTIONS}},
        }
        for name in sorted(KINDS)
    ]
    return document_schema(rule)

"""The policy JSON Schema: generated from the code, committed, valid, and its messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from policylint.documents.schema_errors import SchemaProblem, schema_problems
from policylint.loading.schema import document_schema, policy_schema
from policylint.resources import data_dir
from tests.helpers.paths import ROOT

COMMITTED = ROOT / "schemas" / "policy.schema.json"


def generated() -> str:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "policylint", "schema"],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    return run.stdout


def test_committed_schema_is_up_to_date() -> None:
    output = generated()
    assert output == json.dumps(policy_schema(), indent=2, sort_keys=True) + "\n"
    assert COMMITTED.read_text(encoding="utf-8") == output, (
        "schemas/policy.schema.json is stale; regenerate it with `python -m policylint.docgen`"
    )


def test_schemas_are_valid_draft_2020_12() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(policy_schema())
    Draft202012Validator.check_schema(document_schema())


def test_every_kind_has_its_options_in_the_editor_schema() -> None:
    from policylint.checks import KINDS, load_kind

    rule = policy_schema()["$defs"]["rule"]
    assert rule["properties"]["kind"]["enum"] == sorted(KINDS)
    by_kind = {entry["if"]["properties"]["kind"]["const"]: entry["then"] for entry in rule["allOf"]}
    assert by_kind == {name: {"properties": {"options": load_kind(name).OPTIONS}} for name in KINDS}


@pytest.mark.parametrize("pack", sorted(data_dir("policies").glob("*.yaml")), ids=lambda p: p.name)
def test_builtin_packs_satisfy_the_editor_schema(pack: Path) -> None:
    from policylint.documents.yaml import read_document

    assert schema_problems(read_document(pack, pack.name).data, policy_schema()) == []


def test_editor_schema_checks_options_by_kind() -> None:
    policy: dict[str, Any] = {
        "rules": {
            "readme": {"kind": "file-exists", "options": {"globs": "readme*"}},
            "sized": {"kind": "file-exists", "title": "x", "options": {"globs": ["a"]}},
        }
    }
    assert schema_problems(policy, policy_schema()) == [
        SchemaProblem(("rules", "readme", "options", "globs"), "must be a list (got 'readme*')")
    ]


RULE_ID = "^[A-Za-z0-9][A-Za-z0-9._-]*$"
STRUCTURAL_CASES: list[tuple[dict[str, Any], list[SchemaProblem]]] = [
    (
        {"fail-on": "x"},
        [SchemaProblem(("fail-on",), "must be one of: error, warning, note, never (got 'x')")],
    ),
    ({"extends": [1]}, [SchemaProblem(("extends", 0), "must be a string (got 1)")]),
    (
        {"rules": {"a": True}},
        [SchemaProblem(("rules", "a"), "must be 'off' or a mapping (got true)")],
    ),
    (
        {"rules": {"a": {"severity": None}}},
        [
            SchemaProblem(
                ("rules", "a", "severity"), "must be one of: error, warning, note (got null)"
            )
        ],
    ),
    (
        {"rules": {"-a": "off"}},
        [SchemaProblem(("rules", "-a"), f"invalid key '-a': must match {RULE_ID}", True)],
    ),
    (
        {"exemptions": [{"rule": "a", "reason": "", "x": 1}]},
        [
            SchemaProblem(
                ("exemptions", 0, "x"),
                "unknown key 'x'; expected one of: rule, reason, paths, expires, owner",
                True,
            ),
            SchemaProblem(("exemptions", 0, "reason"), "must not be empty"),
        ],
    ),
    ({"params": {"anything": [1, {"goes": None}]}, "name": "n", "kind": "Config"}, []),
]


@pytest.mark.parametrize(("instance", "expected"), STRUCTURAL_CASES)
def test_structural_messages(instance: dict[str, Any], expected: list[SchemaProblem]) -> None:
    assert schema_problems(instance, document_schema()) == expected

"""Each kind's documentation stays true: every option is described and shown, and every
example's passing case passes and its failing case fails with exactly the documented message,
evaluated through the engine on a real repository built as a policy test builds it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from policylint.checks import KINDS, Example, load_kind
from policylint.checks.support.kind_docs import kind_doc
from policylint.docgen import kinds_markdown
from policylint.engine import evaluate
from policylint.git import isolated
from policylint.loading import load_policy
from policylint.policytest.run import case_facts
from policylint.policytest.spec import load_spec

NOW = 1_767_225_600.0  # 2026-01-01, the date of cases that give no now


def properties(schema: dict[str, Any], prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    for name, spec in schema.get("properties", {}).items():
        found += [(prefix + name, spec), *properties(spec, f"{prefix}{name}.")]
    return found


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_option_is_described_and_shown_with_its_default(kind: str) -> None:
    options = load_kind(kind).OPTIONS
    section = kinds_markdown().split(f"\n## {kind}\n")[1].split("\n## ")[0]
    assert "\n### Options\n\n| option | type | default | description |\n" in section
    for name, spec in properties(options):
        assert spec.get("description", "").strip(), f"{kind}: {name} has no description"
        assert f"\n| `{name}` | " in section, f"{kind}: {name} is not in the docs"
        if "default" in spec:
            json.dumps(spec["default"])  # serialisable
            jsonschema.validate(spec["default"], spec)
            assert f" | `{json.dumps(spec['default'])}` | " in section


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_its_sections_and_examples(kind: str) -> None:
    doc = kind_doc(kind)
    for heading in ("What it checks", "Why", "Options", "Example"):
        assert f"\n{heading}\n" in doc, f"{kind}: no {heading!r} section"
    examples: tuple[Example, ...] = getattr(load_kind(kind), "EXAMPLES", ())
    assert examples, f"{kind}: no EXAMPLES"
    assert all(f"\n    {e.message}\n" in doc for e in examples)


def test_titles_start_with_a_capital_and_code_is_markdown() -> None:
    text = kinds_markdown()
    assert "\n\nWhen some files change, others change with them.\n" in text
    assert "``" not in text.replace("```", "")


EXAMPLES = [
    (kind, index, example)
    for kind in sorted(KINDS)
    for index, example in enumerate(getattr(load_kind(kind), "EXAMPLES", ()))
]


@pytest.mark.parametrize(("kind", "index", "example"), EXAMPLES, ids=lambda v: str(v)[:20])
def test_the_example_passes_and_fails_as_documented(
    tmp_path: Path, kind: str, index: int, example: Example
) -> None:
    rule = {"kind": kind, "title": "Example", "severity": "error", "options": example.options}
    config = tmp_path / "policy.yaml"
    config.write_text(json.dumps({"rules": {"example": rule}}), encoding="utf-8")
    policy = load_policy(config, root=tmp_path, use_cache=False)
    cases = [
        {"name": "passes", **example.passes, "expect": {"example": "pass"}},
        {"name": "fails", **example.fails, "expect": {"example": "fail"}},
    ]
    spec = tmp_path / "example.test.yaml"
    test_file = {"apiVersion": "policylint/v1", "policy": "policy.yaml", "tests": cases}
    spec.write_text(json.dumps(test_file), encoding="utf-8")
    messages = []
    with isolated():
        for case in load_spec(spec, spec.name).cases:
            facts = case_facts(policy, case, str(tmp_path / case.name), NOW)
            result = evaluate(policy, facts)
            messages.append([(o.status, o.reason) for o in result.outcomes])
            messages[-1] += [f.message for f in result.findings]
    assert messages == [[("pass", None)], [("fail", None), example.message]]

"""The json reporter: the public, versioned document and its schema."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

import policylint
from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.repo import Repo
from policylint.model import Finding, Location, Policy, Result, Rule, RuleOutcome, Severity
from policylint.reporters import REPORTERS
from tests.conftest import ROOT, MakeRepo

GOLDEN = ROOT / "tests" / "golden"
SCHEMA = json.loads((ROOT / "schemas" / "result.schema.json").read_text(encoding="utf-8"))


def _closed(schema: Any) -> Any:
    """The schema with every object closed: what we emit must be exactly what it documents
    (the published schema stays open, so consumers' validation survives added fields)."""
    if isinstance(schema, dict):
        closed = {key: _closed(value) for key, value in schema.items()}
        if closed.get("type") == "object" and "properties" in closed:
            closed["additionalProperties"] = False
        return closed
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    return schema


STRICT = _closed(SCHEMA)
CONFIG = ".policylint.yaml"
EVIL = "\x1b[31mfake\n[bold]x[/bold]-\udcff.md"  # ANSI escape, newline, rich markup, bad byte


def rule(rule_id: str, severity: Severity = "error", **fields: Any) -> Rule:
    fields.setdefault("title", f"Title of {rule_id}")
    return Rule(
        rule_id,
        fields.pop("kind", "file-exists"),
        severity=severity,
        options=fields.pop("options", {}),
        origin=Location("builtin:test", 1, 1),
        **fields,
    )


def sample_result() -> Result:
    """One of everything: a file finding with and without a line, a repository-wide finding
    enabled in the config, an exempted one, a crashed rule, a skipped rule and passes."""
    rules = (
        rule(
            "governance-file",
            help="Write GOVERNANCE.md: who decides, and how.\n\nMore.",
            tags=("OSPS-GV-01.01",),
            enabled_at=Location(CONFIG, 5, 3),
        ),
        rule(
            "readme-title",
            "warning",
            kind="file-content",
            title="The README has a title",
            description="A title tells readers what the project is.",
        ),
        rule("docs-index", "note", kind="file-content"),
        rule("security-policy", title="A security policy exists"),
        rule("broken-expr", kind="expr"),
        rule("release-note", "warning", kind="co-change"),
        rule("license-file"),
    )
    findings = (
        Finding("docs-index", "note", "fail", "docs/ has no index page", "f" * 32, "docs/x y.md"),
        Finding(
            "readme-title", "warning", "fail", "README.md has no title", "e" * 32, "README.md", 3
        ),
        Finding("governance-file", "error", "fail", "No file matching governance*", "d" * 32),
        Finding(
            "security-policy",
            "error",
            "exempted",
            "No file matching security*",
            "c" * 32,
            exemption="Reports go through the foundation's process.",
        ),
        Finding(
            "broken-expr",
            "error",
            "error",
            "rule 'broken-expr' (expr) failed: ZeroDivisionError: division by zero",
            "b" * 32,
        ),
    )
    outcomes = (
        RuleOutcome("governance-file", "fail"),
        RuleOutcome("readme-title", "fail"),
        RuleOutcome("docs-index", "fail"),
        RuleOutcome("security-policy", "pass", "1 finding(s) exempted"),
        RuleOutcome("broken-expr", "error", findings[-1].message),
        RuleOutcome("release-note", "skipped", "needs change facts, which this run does not have"),
        RuleOutcome("license-file", "pass"),
    )
    policy = Policy((CONFIG, "builtin:community-health"), rules, config_path=CONFIG)
    return Result("/home/someone/project", policy, findings, outcomes, anchor="README.md")


def one_finding(finding: Finding, **policy: Any) -> Result:
    rules = (rule(finding.rule, finding.severity),)
    outcome = RuleOutcome(finding.rule, "fail" if finding.status == "fail" else "pass")
    return Result("/abs", Policy(("builtin:x",), rules, **policy), (finding,), (outcome,))


def assert_golden(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    assert actual == path.read_text(encoding="utf-8"), f"run pytest --update-golden for {path}"


@pytest.fixture
def fixed_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(policylint, "__version__", "0.0.0-golden")


render = REPORTERS["json"]


def test_golden(fixed_version: None, update_golden: bool) -> None:
    assert_golden("report.json", render(sample_result()), update_golden)


def test_document_follows_the_contract() -> None:
    doc = json.loads(render(sample_result()))
    assert list(doc) == [
        "version",
        "tool",
        "root",
        "policy",
        "findings",
        "rules",
        "summary",
        "failed",
    ]
    assert doc["version"] == 1
    assert doc["tool"] == {"name": "policylint", "version": policylint.__version__}
    assert doc["policy"] == {"sources": [CONFIG, "builtin:community-health"], "fail-on": "error"}
    assert doc["summary"] == {"fail": 3, "pass": 2, "skipped": 1, "exempted": 1, "error": 1}
    assert doc["failed"] is True
    assert doc["findings"][1] == {
        "rule": "readme-title",
        "severity": "warning",
        "status": "fail",
        "message": "README.md has no title",
        "path": "README.md",
        "line": 3,
        "fingerprint": "e" * 32,
    }
    assert doc["findings"][3]["exemption"] == "Reports go through the foundation's process."
    assert doc["rules"][5] == {
        "id": "release-note",
        "status": "skipped",
        "reason": "needs change facts, which this run does not have",
        "severity": "warning",
        "title": "Title of release-note",
    }


def test_text_is_deterministic_indented_and_ends_with_a_newline() -> None:
    text = render(sample_result())
    assert text == render(sample_result())
    assert text.startswith('{\n  "version": 1,\n  "tool": {\n    "name": "policylint",')
    assert text.endswith("}\n") and not text.endswith("\n\n")


def test_sample_validates_against_the_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    document = json.loads(render(sample_result()))
    jsonschema.validate(document, STRICT, cls=jsonschema.Draft202012Validator)
    jsonschema.validate({**document, "added-later": 1}, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_engine_output_validates_and_never_leaks_the_absolute_root(make_repo: MakeRepo) -> None:
    root = make_repo({"README.md": "# x\n"})
    rules = (
        rule("governance-file", options={"globs": ["governance*"]}),
        rule("readme-file", options={"globs": ["readme*"]}),
    )
    result = evaluate(Policy(("builtin:x",), rules), Facts(repo=Repo(root)))
    text = render(result)
    doc = json.loads(text)
    jsonschema.validate(doc, STRICT, cls=jsonschema.Draft202012Validator)
    assert doc["root"] == "."
    assert str(root) not in text and str(root.resolve()) not in text
    assert [(r["id"], r["status"]) for r in doc["rules"]] == [
        ("governance-file", "fail"),
        ("readme-file", "pass"),
    ]


@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        (lambda d: d.pop("failed"), "'failed' is a required property"),
        (lambda d: d["findings"][3].pop("exemption"), "'exemption' is a required property"),
        (lambda d: d.update(root="/home/someone/project"), "'.' was expected"),
        (lambda d: d["findings"][0].update(line=0), "0 is less than the minimum of 1"),
    ],
)
def test_schema_rejects_documents_that_break_the_contract(mutate: Any, error: str) -> None:
    doc = json.loads(render(sample_result()))
    mutate(doc)
    with pytest.raises(jsonschema.ValidationError) as caught:
        jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert caught.value.message == error


def test_undecodable_file_names_never_raise_and_stay_valid_utf8() -> None:
    finding = Finding("r", "error", "fail", "bad name: b\udcffd.md", "a" * 32, "b\udcffd.md", 1)
    text = render(one_finding(finding))
    text.encode("utf-8")  # would raise on a raw surrogate
    doc = json.loads(text)
    assert doc["findings"][0]["path"] == "b\\xffd.md"
    assert doc["findings"][0]["message"] == "bad name: b\\xffd.md"


def test_untrusted_text_is_json_escaped_and_round_trips() -> None:
    finding = Finding("r", "error", "fail", f"missing {EVIL}", "a" * 32, EVIL)
    text = render(one_finding(finding))
    assert "\x1b" not in text and "\\u001b[31mfake\\n[bold]x[/bold]-\\\\xff.md" in text
    assert all(line.startswith(" ") or line in "{}" for line in text.splitlines())
    doc = json.loads(text)
    assert doc["findings"][0]["path"] == "\x1b[31mfake\n[bold]x[/bold]-\\xff.md"


def test_failed_follows_fail_on() -> None:
    finding = Finding("r", "warning", "fail", "m", "a" * 32)
    assert json.loads(render(one_finding(finding, fail_on="warning")))["failed"] is True
    assert json.loads(render(one_finding(finding, fail_on="error")))["failed"] is False

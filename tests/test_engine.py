"""The engine: order, crashes, skips, exemptions, fingerprints and the failing threshold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from policylint import checks
from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.repo import Repo
from policylint.model import Exemption, Location, Policy, Problem, Rule
from tests.conftest import MakeRepo

HERE = Location(".policylint.yaml", 3, 3)


def rule(rule_id: str, kind: str = "file-exists", severity: str = "error", **fields: Any) -> Rule:
    options = fields.pop("options", {"globs": [rule_id]})
    return Rule(rule_id, kind, rule_id.title(), severity, options, HERE, **fields)  # type: ignore[arg-type]


def run(root: Path, *rules: Rule, **policy: Any) -> Any:
    return evaluate(Policy(("test",), rules, **policy), Facts(repo=Repo(root)))


def test_rules_run_in_policy_order_and_findings_sort_by_place(make_repo: MakeRepo) -> None:
    root = make_repo({"README.md": "# x\n", "b.md": "x\n", "a.md": "x\n"})
    content = {"globs": ["*.md"], "contains": ["nope"], "all-files": True}
    result = run(root, rule("zeta"), rule("body", "file-content", options=content), rule("alpha"))
    assert [o.rule for o in result.outcomes] == ["zeta", "body", "alpha"]
    assert [(f.path, f.rule) for f in result.findings] == [
        ("README.md", "body"), ("a.md", "body"), ("b.md", "body"), (None, "alpha"), (None, "zeta"),
    ]  # fmt: skip
    assert result.anchor == "README.md"


def test_a_crashing_rule_becomes_an_error_and_the_run_goes_on(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(rule: Rule, facts: Facts) -> Iterator[Problem]:
        raise KeyError("boom")

    broken = SimpleNamespace(NAME="broken", NEEDS=frozenset({"repo"}), OPTIONS={}, check=explode)
    monkeypatch.setitem(checks.KINDS, "broken", broken)
    root = make_repo({"README.md": "x"})
    result = run(
        root, rule("bad", "broken", options={}), rule("readme", options={"globs": ["readme*"]})
    )
    assert [(o.rule, o.status) for o in result.outcomes] == [("bad", "error"), ("readme", "pass")]
    (finding,) = result.findings
    assert (finding.rule, finding.status) == ("bad", "error")
    assert finding.message == "rule 'bad' (broken) failed: KeyError: 'boom'"
    assert result.failed()
    assert result.summary == {"fail": 0, "pass": 1, "skipped": 0, "exempted": 0, "error": 1}


def test_rules_whose_facts_are_absent_are_skipped_with_the_reason(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(rule: Rule, facts: Facts) -> Iterator[Problem]:
        raise AssertionError("must not run")

    needy = SimpleNamespace(NAME="needy", NEEDS=frozenset({"repo", "change", "pr"}), check=never)
    monkeypatch.setitem(checks.KINDS, "needy", needy)
    result = run(make_repo({"a": ""}), rule("tests-with-code", "needy", options={}))
    (outcome,) = result.outcomes
    assert outcome.status == "skipped"
    assert outcome.reason == "needs change and pr facts, which this run does not have"
    assert not result.failed()


def test_a_false_condition_skips_the_rule(make_repo: MakeRepo) -> None:
    root = make_repo({"README.md": ""})
    result = run(root, rule("docs", when='exists("docs/**")'), rule("x", when="true"))
    assert [(o.rule, o.status, o.reason) for o in result.outcomes] == [
        ("docs", "skipped", 'its condition is false: when: exists("docs/**")'),
        ("x", "fail", None),
    ]


def test_exemptions_keep_findings_visible(make_repo: MakeRepo) -> None:
    root = make_repo({"docs/a.md": "x\n", "src/b.md": "x\n"})
    content = {"globs": ["*.md"], "contains": ["nope"], "all-files": True}
    exemptions = (
        Exemption("body", "Docs are generated upstream.", HERE, ("docs/**",)),
        Exemption("gone", "No README by design.", HERE),
    )
    result = run(
        root, rule("body", "file-content", options=content), rule("gone"), exemptions=exemptions
    )
    statuses = [(f.rule, f.path, f.status, f.exemption) for f in result.findings]
    assert statuses == [
        ("body", "docs/a.md", "exempted", "Docs are generated upstream."),
        ("body", "src/b.md", "fail", None),
        ("gone", None, "exempted", "No README by design."),
    ]
    assert [(o.rule, o.status, o.reason) for o in result.outcomes] == [
        ("body", "fail", None),
        ("gone", "pass", "1 finding(s) exempted"),
    ]
    assert result.summary["exempted"] == 2


def test_fingerprints_are_stable_and_unique(make_repo: MakeRepo) -> None:
    root = make_repo({"a.md": "x\n"})
    content = {"globs": ["*.md"], "contains": ["one", "two"], "headings": ["Three"]}
    first = run(root, rule("body", "file-content", options=content)).findings
    again = run(root, rule("body", "file-content", options=content)).findings
    assert len({f.fingerprint for f in first}) == 3
    assert [f.fingerprint for f in first] == [f.fingerprint for f in again]


@pytest.mark.parametrize(
    ("fail_on", "failed"), [("error", False), ("warning", True), ("note", True), ("never", False)]
)
def test_fail_on_threshold(make_repo: MakeRepo, fail_on: str, failed: bool) -> None:
    result = run(make_repo({"a": ""}), rule("w", severity="warning"), fail_on=fail_on)
    assert result.failed() is failed

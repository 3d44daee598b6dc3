"""The gitlab reporter: a Code Quality report GitLab's merge-request widget reads."""

from __future__ import annotations

import json
from typing import Any

from policylint.model import Baseline, Finding, Location, Policy, Result, RuleOutcome
from policylint.reporters import REPORTERS
from tests.helpers.golden import assert_golden
from tests.helpers.results import (
    EVIL,
    HOSTILE_PATH,
    HOSTILE_TITLE,
    golden_result,
    one_finding,
    rule,
    sample_result,
)

render = REPORTERS.load("gitlab").render
FIELDS = ["description", "check_name", "fingerprint", "severity", "location"]


def issues(result: Result) -> list[dict[str, Any]]:
    report: list[dict[str, Any]] = json.loads(render(result))
    return report


def test_golden(update_golden: bool) -> None:
    assert_golden("report.gitlab.json", render(golden_result()), update_golden)


def test_every_issue_has_exactly_the_fields_gitlab_reads() -> None:
    report = issues(golden_result())
    assert len(report) == 7  # every finding but the exempted one
    for issue in report:
        assert list(issue) == FIELDS
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert list(issue["location"]) == ["path", "lines"]
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in report}) == len(report)


def test_severities_and_locations_of_the_sample() -> None:
    assert [
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"])
        for i in issues(sample_result())
    ] == [
        ("readme-title", "minor", "README.md", 3),
        ("docs-index", "info", "docs/x y.md", 1),  # no line: the file's first
        ("governance-file", "major", ".policylint.yaml", 5),  # the line enabling the rule
        ("broken-expr", "critical", "README.md", 1),  # no config line: the anchor file
    ]


def test_an_issue_in_full() -> None:
    assert issues(sample_result())[0] == {
        "description": "README.md has no title",
        "check_name": "readme-title",
        "fingerprint": "e" * 32,
        "severity": "minor",
        "location": {"path": "README.md", "lines": {"begin": 3}},
    }


def test_a_rule_error_says_so() -> None:
    assert issues(sample_result())[3]["description"] == (
        "Rule error (policylint could not evaluate this rule): rule 'broken-expr' (expr) "
        "failed: ZeroDivisionError: division by zero"
    )


def test_exempted_and_baselined_findings_are_left_out() -> None:
    baseline = Baseline("baseline.json", 1, 0)
    findings = (
        Finding("a", "error", "exempted", "old", "1" * 32, "x.md", exemption=baseline.reason),
        Finding("a", "error", "exempted", "accepted", "2" * 32, exemption="policy says so"),
        Finding("a", "error", "fail", "new", "3" * 32, "y.md", 2),
    )
    result = Result(
        "/abs",
        Policy((), (rule("a"),)),
        findings,
        (RuleOutcome("a", "fail"),),
        "README.md",
        baseline,
    )
    assert [i["description"] for i in issues(result)] == ["new"]


def test_findings_without_a_file_in_a_repository_without_files() -> None:
    with_config = one_finding(Finding("r", "error", "fail", "m", "a" * 32), config_path="p.yaml")
    assert issues(with_config)[0]["location"] == {"path": "p.yaml", "lines": {"begin": 1}}
    bare = one_finding(Finding("r", "error", "fail", "m", "a" * 32))
    assert issues(bare)[0]["location"] == {"path": ".policylint.yaml", "lines": {"begin": 1}}


def test_a_config_line_anchors_only_with_a_config_in_the_repository() -> None:
    enabled = rule("r", enabled_at=Location("p.yaml", 7, 3))
    finding = Finding("r", "error", "fail", "m", "a" * 32)
    policy = Policy(("p.yaml",), (enabled,), config_path="p.yaml")
    result = Result("/abs", policy, (finding,), (RuleOutcome("r", "fail"),), anchor="README")
    assert issues(result)[0]["location"] == {"path": "p.yaml", "lines": {"begin": 7}}


def test_non_utf8_and_hostile_names_stay_valid_json() -> None:
    text = render(golden_result())
    text.encode("utf-8")  # a raw surrogate would raise
    report = json.loads(text)
    paths = [issue["location"]["path"] for issue in report]
    assert EVIL.replace("\udcff", "\\xff") in paths and HOSTILE_PATH in paths
    assert (
        report[0]["description"] == "name \\x1b[31mfake\\n[bold]x[/bold]-\\xff.md is not portable"
    )
    title = next(i for i in report if i["check_name"] == "pr-title")["description"]
    assert title == "the title " + HOSTILE_TITLE.replace("\n", "\\n")


def test_repeated_fingerprints_are_made_unique() -> None:
    findings = tuple(Finding("r", "note", "fail", f"m{n}", "a" * 32, f"{n}.md") for n in range(3))
    result = Result("/abs", Policy((), (rule("r"),)), findings, (RuleOutcome("r", "fail"),))
    assert [i["fingerprint"] for i in issues(result)] == [
        "a" * 32,
        "a" * 32 + ":2",
        "a" * 32 + ":3",
    ]


def test_a_clean_run_is_an_empty_array() -> None:
    result = Result("/abs", Policy((), (rule("r"),)), (), (RuleOutcome("r", "pass"),))
    assert render(result) == "[]\n"

"""Scores: weights by severity, what counts (pass, fail, error) and what does not (skipped),
exemptions, grades, and the documentation of all of it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from policylint.audit.scores import GRADES, NOT_GRADED, WEIGHTS, Score, grade, score
from tests.helpers.audit_report import COMPLETE, POLICY, audited, error_row
from tests.helpers.paths import ROOT
from tests.helpers.repos import MakeRepo


def synthetic(*rules: tuple[str, str]) -> dict[str, Any]:
    """An ok row whose report has rules of the given (severity, status)."""
    entries = [
        {"id": f"r{i}", "status": status, "severity": severity, "title": f"Rule {i}"}
        for i, (severity, status) in enumerate(rules)
    ]
    return {"status": "ok", "report": {"findings": [], "rules": entries}}


def test_a_real_repository_missing_everything(make_repo: MakeRepo) -> None:
    # readme fails (3), license passes by exemption (2), docs-index fails (1), roadmap is
    # skipped (left out), broken errors (2, counted as a failure): 2 of 8.
    row = audited(make_repo, {"src/x.py": ""}, name="bare")
    assert score(row) == Score(25.0, "F", 2, 8, ("readme", "broken", "docs-index"))


def test_a_real_repository_with_everything(make_repo: MakeRepo) -> None:
    row = audited(make_repo, COMPLETE, name="complete")
    assert score(row) == Score(75.0, "C", 6, 8, ("broken",))


def test_an_exempted_finding_counts_as_a_pass(make_repo: MakeRepo) -> None:
    without = POLICY.split("exemptions:")[0]
    exempted = score(audited(make_repo, {"README.md": "# x"}, name="a"))
    not_exempted = score(audited(make_repo, {"README.md": "# x"}, name="b", policy=without))
    assert (exempted.earned, exempted.points, exempted.grade) == (5, 62.5, "D")
    assert (not_exempted.earned, not_exempted.points, not_exempted.grade) == (3, 37.5, "F")
    assert "license" in not_exempted.failing and "license" not in exempted.failing


@pytest.mark.parametrize(
    ("rules", "points"),
    [
        ((("error", "fail"), ("note", "pass")), 25.0),
        ((("error", "pass"), ("note", "fail")), 75.0),
        ((("warning", "pass"), ("note", "fail")), 66.7),
        ((("note", "pass"), ("warning", "fail")), 33.3),
        ((("error", "pass"), ("error", "skipped")), 100.0),
        ((("error", "pass"), ("error", "error")), 50.0),
        ((("note", "pass"), ("unknown", "fail")), 33.3),  # no known severity: a warning's weight
    ],
)
def test_rules_weigh_by_severity(rules: tuple[tuple[str, str], ...], points: float) -> None:
    assert score(synthetic(*rules)).points == points


def test_failing_rules_come_heaviest_first_then_in_policy_order() -> None:
    row = synthetic(("note", "fail"), ("warning", "error"), ("error", "fail"), ("warning", "fail"))
    assert score(row).failing == ("r2", "r1", "r3", "r0")


def test_error_rows_and_rows_with_nothing_evaluated_are_not_graded() -> None:
    assert score(error_row("x", "clone failed")) is NOT_GRADED
    assert score(synthetic(("error", "skipped"), ("note", "skipped"))) == Score(None, None)
    assert score(synthetic()) == Score(None, None)
    assert score({"status": "ok", "report": None}) == Score(None, None)


@pytest.mark.parametrize(
    ("points", "letter"),
    [(100.0, "A"), (90.0, "A"), (89.9, "B"), (80.0, "B"), (79.9, "C"), (70.0, "C"),
     (69.9, "D"), (60.0, "D"), (59.9, "F"), (0.0, "F")],
)  # fmt: skip
def test_grade_thresholds(points: float, letter: str) -> None:
    assert grade(points) == letter


def test_the_grade_is_read_from_the_rounded_points() -> None:
    # 8,996 of 10,000 is 89.96, shown as 90.0: then it is an A, as shown.
    result = score(synthetic(*[("note", "pass")] * 8996, *[("note", "fail")] * 1004))
    assert (result.points, result.grade) == (90.0, "A")


DOC = (ROOT / "docs" / "audit-report.md").read_text(encoding="utf-8")


def test_the_documentation_states_every_weight_and_grade() -> None:
    for severity, weight in WEIGHTS.items():
        assert re.search(rf"\| `{severity}` \| {weight} \|", DOC), severity
    for letter, threshold in GRADES[:-1]:
        assert re.search(rf"\| {letter} \| {threshold:g} ", DOC), letter
    assert f"| F | below {GRADES[-2][1]:g} |" in DOC

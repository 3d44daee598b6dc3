"""A repository's score: the weighted share of its evaluated rules that pass, and a letter grade.

Each rule weighs by its severity (``WEIGHTS``): a missing README (an error) costs three times a
missing docs index (a note). Only rules that were evaluated count:

- ``pass`` earns the rule's weight; a rule whose every finding is exempted passes (the engine
  already reports it so), because an exemption is a decision written down with its reason;
- ``fail`` earns nothing;
- ``error`` (the rule crashed or ran out of time) earns nothing too: a rule that could not be
  evaluated is never a silent pass, just as it fails ``policylint check`` at every ``fail-on``;
- ``skipped`` (its facts are absent, or its ``when`` condition is false) is left out entirely.

``points`` is ``100 * earned / possible``, rounded to one decimal, and the grade is read from
the rounded points (``GRADES``), so a shown 90.0 is always an A. A repository that could not be
audited (an error row), or one where no rule was evaluated, has neither points nor grade: there
is nothing to measure, and a made-up 0 or 100 would skew every average.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

Grade = Literal["A", "B", "C", "D", "F"]

# Weight of a rule by its severity.
WEIGHTS: dict[str, int] = {"error": 3, "warning": 2, "note": 1}
# A rule the report does not give a severity for (never produced by policylint itself).
DEFAULT_WEIGHT = WEIGHTS["warning"]
# (grade, lowest points that earn it), best first; the last one catches everything below.
GRADES: tuple[tuple[Grade, float], ...] = (
    ("A", 90.0),
    ("B", 80.0),
    ("C", 70.0),
    ("D", 60.0),
    ("F", 0.0),
)
# Rule statuses that count towards the score.
EVALUATED = ("pass", "fail", "error")


class Score(NamedTuple):
    """``points`` (0..100) and ``grade``, both None when nothing could be measured."""

    points: float | None
    grade: Grade | None
    earned: int = 0
    possible: int = 0
    # Rules that failed or errored, heaviest first, then in policy order.
    failing: tuple[str, ...] = ()


NOT_GRADED = Score(None, None)


def score(row: dict[str, Any]) -> Score:
    """The score of one audit row (see the module docstring for the rules)."""
    report = row.get("report")
    if row.get("status") != "ok" or not isinstance(report, dict):
        return NOT_GRADED
    rules = [r for r in report.get("rules", []) if r.get("status") in EVALUATED]
    possible = sum(weight(r) for r in rules)
    if possible == 0:
        return NOT_GRADED
    earned = sum(weight(r) for r in rules if r["status"] == "pass")
    points = round(100.0 * earned / possible, 1)
    return Score(points, grade(points), earned, possible, _failing(rules))


def weight(rule: dict[str, Any]) -> int:
    """A rule entry's weight, from its severity."""
    return WEIGHTS.get(str(rule.get("severity")), DEFAULT_WEIGHT)


def grade(points: float) -> Grade:
    """The letter for ``points``: the first grade whose threshold they reach."""
    for letter, threshold in GRADES:
        if points >= threshold:
            return letter
    return GRADES[-1][0]


def _failing(rules: list[dict[str, Any]]) -> tuple[str, ...]:
    bad = [r for r in rules if r["status"] != "pass"]
    bad.sort(key=weight, reverse=True)  # stable: policy order among equal weights
    return tuple(str(r["id"]) for r in bad)

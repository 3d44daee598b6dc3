"""The OSPS Baseline view: for each maturity level, the controls the audit's policies cover
(a rule tagged with the control's id) and how many repositories pass each, and the controls
no rule covers.

A repository passes a control when every rule tagged with it that was evaluated there passed
(an exempted finding counts as a pass, as in scores); it is counted when at least one was
evaluated. The control's pass rate is passed / counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from policylint.audit.report.osps import CONTROLS, LEVELS, Control

if TYPE_CHECKING:
    from policylint.audit.report.aggregate import Aggregate
    from policylint.audit.store.history import RuleInfo

EVALUATED = ("pass", "fail", "error")


class Coverage(NamedTuple):
    control: Control
    rules: tuple[str, ...]  # rule ids tagged with it, in any policy of the run
    passed: int
    counted: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.counted if self.counted else None


class Level(NamedTuple):
    level: int
    covered: tuple[Coverage, ...]
    uncovered: tuple[Control, ...]


def baseline(agg: Aggregate, info: dict[tuple[str, str], RuleInfo]) -> tuple[Level, ...]:
    rules_of = _rules_by_control(info)
    passed, counted = _tally(agg, info)
    levels = []
    for level in LEVELS:
        controls = [c for c in CONTROLS if c.level == level]
        covered = tuple(
            Coverage(c, tuple(sorted(rules_of[c.id])), passed.get(c.id, 0), counted.get(c.id, 0))
            for c in controls
            if c.id in rules_of
        )
        levels.append(Level(level, covered, tuple(c for c in controls if c.id not in rules_of)))
    return tuple(levels)


def _rules_by_control(info: dict[tuple[str, str], RuleInfo]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for (_, rule), described in info.items():
        for tag in described.tags:
            found.setdefault(tag, set()).add(rule)
    return found


def _tally(
    agg: Aggregate, info: dict[tuple[str, str], RuleInfo]
) -> tuple[dict[str, int], dict[str, int]]:
    passed: dict[str, int] = {}
    counted: dict[str, int] = {}
    for entry in agg.ok:
        verdicts: dict[str, bool] = {}
        for rule, status in entry.rules.items():
            described = info.get((entry.policy_hash or "", rule))
            if described is None or status not in EVALUATED:
                continue
            for tag in described.tags:
                verdicts[tag] = verdicts.get(tag, True) and status == "pass"
        for tag, ok in verdicts.items():
            counted[tag] = counted.get(tag, 0) + 1
            passed[tag] = passed.get(tag, 0) + ok
    return passed, counted

"""pr-labels: the pull request carries the labels it must, and none it must not.

What it checks
    The labels of the pull (merge) request: that it has at least one of ``any-of``, none of
    ``none-of`` and exactly one of ``exactly-one-of``. Label names are compared exactly,
    case and spaces included, as GitHub and GitLab store them.

Why
    Labels drive release notes (``kind/bug``, ``kind/feature``), backports and merge
    blockers (``do-not-merge/hold``). A pull request that lacks its kind lands in no section
    of the changelog; one still marked as on hold should not be merged by a busy
    maintainer.

Options
    Each unmet condition is one finding; the message lists the labels the pull request has.

Example
    ```yaml
    pr-kind-label:
      kind: pr-labels
      title: Every pull request says what kind of change it is
      severity: error
      options:
        exactly-one-of: [kind/bug, kind/feature, kind/cleanup, kind/documentation]
        none-of: [do-not-merge/hold]
    ```
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks import NON_EMPTY_STRINGS, Example
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import Rule

CONDITIONS = ("any-of", "none-of", "exactly-one-of")
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "any-of": {**NON_EMPTY_STRINGS, "description": "At least one of these labels."},
        "none-of": {**NON_EMPTY_STRINGS, "description": "None of these labels."},
        "exactly-one-of": {**NON_EMPTY_STRINGS, "description": "Exactly one of these labels."},
    },
}
EXAMPLES = (
    Example(
        options={"exactly-one-of": ["kind/bug", "kind/feature"]},
        passes={"pr": {"labels": ["kind/bug"]}},
        fails={"pr": {"labels": ["kind/bug", "kind/feature"]}},
        message=(
            'the pull request must have exactly one of the labels "kind/bug", "kind/feature" '
            '(it has "kind/bug", "kind/feature")'
        ),
    ),
)


def validate(options: dict[str, Any]) -> list[OptionError]:
    if not any(name in options for name in CONDITIONS):
        return [OptionError((), f"give at least one of {', '.join(CONDITIONS)}")]
    forbidden = set(options.get("none-of", ()))
    return [
        OptionError((name, i), f"{listed(label)} is also in none-of, which forbids it")
        for name in ("any-of", "exactly-one-of")
        for i, label in enumerate(options.get(name, ()))
        if label in forbidden
    ]


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    assert facts.pr is not None  # the engine runs this kind only with PR facts
    labels = facts.pr.labels
    has = f"it has {listed(*labels)}" if labels else "it has no labels"
    for name in CONDITIONS:
        wanted = rule.options.get(name)
        present = [label for label in labels if label in set(wanted or ())]
        if wanted and _FAILS[name](len(present)):
            message = _MESSAGES[name].format(wanted=listed(*wanted), present=listed(*present))
            yield Problem(f"{message} ({has})", key=f"labels:{name}")


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the labels the pull request has."""
    from policylint.display import display

    assert facts.pr is not None
    labels = facts.pr.labels
    return [display(f"labels: {listed(*labels)}" if labels else "no labels")]


_FAILS: dict[str, Callable[[int], bool]] = {
    "any-of": lambda count: count == 0,
    "none-of": lambda count: count > 0,
    "exactly-one-of": lambda count: count != 1,
}
_MESSAGES = {
    "any-of": "the pull request has none of the labels {wanted}",
    "none-of": "the pull request has {present}, which it must not have",
    "exactly-one-of": "the pull request must have exactly one of the labels {wanted}",
}


def listed(*labels: str) -> str:
    """``"kind/bug", "good first issue"``: label names quoted, as they may hold spaces."""
    return ", ".join(f'"{label}"' for label in labels)

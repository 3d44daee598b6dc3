"""Advice that fits the place: the way out of a finding where it is shown.

A finding's fix (the first paragraph of its rule's ``help``) says what the rule wants. How to
get there, or out, depends on where the run is: a commit that is being made can only have its
message edited; pushed commits are amended; a pull request takes labels and title markers.
The ways out come from what the rule declares (the facts it reads and its ``skip`` opt-outs),
never from prose per rule, and only those that work in the run's stage are offered: a label
in a pre-commit hook or a trailer before there is a commit message would be advice nobody can
follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policylint.display import display

if TYPE_CHECKING:
    from policylint.model import Result, Rule, Stage

# The hook each stage runs (.pre-commit-hooks.yaml), for the skip line.
HOOKS: dict[str, tuple[str, str]] = {
    "pre-commit": ("policylint", "git commit"),
    "commit-msg": ("policylint-commit-msg", "git commit"),
    "pre-push": ("policylint-pre-push", "git push"),
}
# How the commits of a change are corrected where they are judged.
AMEND = {
    "commit-msg": "edit the message and commit again (the commit is not made yet)",
    "pre-push": "amend the commits (`git commit --amend`, `git rebase -i`) and push again",
    "branch": "amend the commits (`git commit --amend`, `git rebase -i`)",
    "pull-request": "amend the commits and push them again (`git push --force-with-lease`)",
}
TRAILER_STAGES = frozenset({"commit-msg", "pre-push", "branch", "pull-request"})


def ways_out(rule: Rule, stage: Stage) -> list[str]:
    """What works in ``stage`` besides the fix: amending commits, and the rule's opt-outs."""
    from policylint.engine import needs

    ways: list[str] = []
    if "commits" in needs(rule) and stage in AMEND:
        ways.append(AMEND[stage])
    if stage in TRAILER_STAGES and rule.skip.trailers:
        where = "the message" if stage == "commit-msg" else "the commit message"
        ways.append(f"{_listed(rule.skip.trailers, 'trailer')} in {where}")
    if stage == "pull-request":
        if rule.skip.labels:
            ways.append(f"label the pull request {_alternatives(rule.skip.labels)}")
        if rule.skip.markers:
            ways.append(f"put {_alternatives(rule.skip.markers)} in its title or description")
    return ways


def way_out_line(rule: Rule, stage: Stage) -> str | None:
    """The ways out on one line (``or: ...``), or None when there is none here."""
    ways = ways_out(rule, stage)
    return "; ".join(ways) if ways else None


def skip_line(result: Result) -> str | None:
    """In a hook that failed: how to go on without it, once for the whole report."""
    hook = HOOKS.get(result.stage)
    if hook is None or not result.failed():
        return None
    hook_id, command = hook
    return (
        f"to {command.split()[1]} without this check: `SKIP={hook_id} {command}` (pre-commit, "
        f"prek), `LEFTHOOK_EXCLUDE={hook_id} {command}` (lefthook), or `{command} --no-verify`"
    )


def _alternatives(values: tuple[str, ...]) -> str:
    return " or ".join(f"`{display(value)}`" for value in values)


def _listed(trailers: tuple[str, ...], noun: str) -> str:
    names = _alternatives(tuple(t if ":" in t else f"{t}: ..." for t in trailers))
    return f"a {names} {noun}"

"""A change is judged on what it introduces: findings new to it fail, pre-existing ones do not.

When a run has a change (``--staged``, ``--commit-msg``, a pre-push range, ``--base``, a pull
request), the repository rules (those that read only the repository and its history, not the
change, its commits or the pull request) that ran on the checkout also run on the change's base,
read from git objects (``facts.tree.TreeRepo``), with the same policy, pull request and options.
Each finding is then ``new`` or ``unchanged`` by fingerprint, SARIF's ``baselineState``; the
base's findings the change removed are ``absent``. Pre-existing findings do not fail the run
unless their rule says ``scope: repository`` or the run asks for ``--all-findings``.

A rule that cannot be judged on the base (skipped there, or crashed) is not compared: all its
findings are new, and so are all findings of a change without a base (a first commit, a new
history), which brings the whole repository. An empty change introduces nothing, so it is
not read from git at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policylint.engine import REPOSITORY_FACTS, anchor_for, needs
from policylint.model import Comparison, Finding

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import Result, Rule


def compare(result: Result, facts: Facts, *, count_all: bool = False) -> Result:
    """``result`` with every finding's state against the change's base, and the comparison
    (``count_all``: pre-existing findings still fail the run)."""
    change = facts.change
    if change is None:
        return result
    rules = _compared_rules(result)
    if not change.merge_base:  # a first commit, a new history: the change is everything
        base: BaseFindings = {}
    elif change.files:
        base = _base_findings(rules, result, facts)
    else:
        base = _same(rules, result)
    findings = tuple(_stated(f, base) for f in result.findings)
    scopes = {rule.id: rule.scope for rule in result.policy.rules}
    excused = frozenset(
        f.fingerprint
        for f in findings
        if f.state == "unchanged" and f.status == "fail" and scopes[f.rule] != "repository"
    )
    present = {f.fingerprint for f in findings}
    absent = tuple(
        f
        for known in base.values()
        for f in known.values()
        if f.status == "fail" and f.fingerprint not in present
    )
    comparison = Comparison(
        change.merge_base, _described(facts), frozenset() if count_all else excused, absent
    )
    anchor = result.anchor or anchor_for(absent, facts)  # absent findings are shown too
    return result._replace(findings=findings, comparison=comparison, anchor=anchor)


def _described(facts: Facts) -> str:
    """The change as reports name it: the pull request, else the range or the staged change."""
    assert facts.change is not None
    if facts.pr is None:
        return facts.change.description
    base = getattr(facts.pr, "base_ref", None)
    return f"this pull request (into {base})" if base else "this pull request"


def _compared_rules(result: Result) -> list[Rule]:
    """The repository rules that ran on the checkout (passed or failed)."""
    ran = {o.rule for o in result.outcomes if o.status in ("pass", "fail")}
    return [r for r in result.policy.rules if r.id in ran and needs(r) <= REPOSITORY_FACTS]


# The findings of each rule judged on the base, by fingerprint.
BaseFindings = dict[str, dict[str, Finding]]


def _base_findings(rules: list[Rule], result: Result, facts: Facts) -> BaseFindings:
    from policylint.engine import judge
    from policylint.facts.tree import TreeRepo

    assert facts.change is not None
    tree = TreeRepo(facts.repo, facts.change.merge_base)
    base_facts = facts._replace(repo=tree)
    found: BaseFindings = {}
    try:
        for rule in rules:
            outcome, findings = judge(rule, result.policy, base_facts)
            if outcome.status in ("pass", "fail"):
                found[rule.id] = {f.fingerprint: f for f in findings}
    finally:
        tree.close()
    return found


def _same(rules: list[Rule], result: Result) -> BaseFindings:
    """An empty change: the base is the checkout, as far as the change goes."""
    found: BaseFindings = {rule.id: {} for rule in rules}
    for finding in result.findings:
        if finding.rule in found:
            found[finding.rule][finding.fingerprint] = finding
    return found


def _stated(finding: Finding, base: BaseFindings) -> Finding:
    known = base.get(finding.rule)
    if finding.status == "error" or known is None or finding.fingerprint not in known:
        return finding._replace(state="new")
    return finding._replace(state="unchanged")

"""``evaluate(policy, facts) -> Result``: a pure function; the only place rules are run."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from policylint.budget import BudgetExceeded, call_with_budget
from policylint.checks import kind_needs, load_kind
from policylint.digest import sha256_hex
from policylint.errors import RepoError
from policylint.facts import MissingFacts
from policylint.globs import compile_globs
from policylint.model import (
    Exemption,
    Finding,
    FindingStatus,
    Observation,
    Policy,
    Problem,
    Result,
    Rule,
    RuleOutcome,
)
from policylint.optout import opt_out_reason

if TYPE_CHECKING:
    from policylint.facts import Facts

# The facts of a repository rule: what a change's base has as well as the checkout.
REPOSITORY_FACTS = frozenset({"repo", "history"})
# Files that anchor findings with no file of their own, in order of preference.
ANCHORS = ("README.md", "README.rst", "README.txt", "README", "readme.md")
# The time one rule (its `when` condition and its check) may take; a policy's regular
# expressions meet untrusted file contents, and some backtrack for longer than anyone waits.
RULE_SECONDS = 30.0

# One rule's outcome and its findings.
RuleReport = tuple[RuleOutcome, list[Finding]]
# What a rule's check yielded, and the evidence of a rule it yielded nothing for.
Judged = tuple[list[Problem | Observation], tuple[str, ...]]


def evaluate(policy: Policy, facts: Facts, *, evidence: bool = False) -> Result:
    """Every rule's outcome and findings; with ``evidence``, also what satisfied each passing
    rule (the kind's optional ``evidence(rule, facts)``; it costs a second look, so only JSON
    and ``--verbose`` ask). A rule that crashes or runs out of time becomes an error finding;
    a checkout that cannot be listed (RepoError) stops the whole run."""
    read = facts_read(policy)
    if read is None or read & REPOSITORY_FACTS:
        facts.repo.list_files()  # once, before any rule's time budget starts
    findings: list[Finding] = []
    outcomes: list[RuleOutcome] = []
    for rule in policy.rules:
        outcome, rule_findings = _run(rule, policy, facts, evidence=evidence)
        outcomes.append(outcome)
        findings.extend(rule_findings)
    findings.sort(key=lambda f: (f.path is None, f.path or "", f.line or 0, f.rule))
    return Result(
        root=str(facts.repo.root),
        policy=policy,
        findings=tuple(findings),
        outcomes=tuple(outcomes),
        anchor=anchor_for(findings, facts),
        now=facts.now,
    )


def judge(rule: Rule, policy: Policy, facts: Facts) -> RuleReport:
    """One rule's outcome and findings on ``facts`` (as ``evaluate`` runs each rule)."""
    return _run(rule, policy, facts)


def _run(rule: Rule, policy: Policy, facts: Facts, *, evidence: bool = False) -> RuleReport:
    missing = facts.why_missing(needs(rule))
    if missing:
        return RuleOutcome(rule.id, "skipped", missing), []
    opted_out = opt_out_reason(rule.skip, facts)
    if opted_out:
        return RuleOutcome(rule.id, "skipped", opted_out), []
    try:
        judged = call_with_budget(lambda: _problems(rule, facts, evidence), RULE_SECONDS)
    except BudgetExceeded:
        return _errored(rule, _timeout_message(rule))
    except MissingFacts as exc:  # an expression mentions facts this run lacks
        return RuleOutcome(rule.id, "skipped", facts.why_missing(exc.needs)), []
    except RepoError:
        raise  # the checkout cannot be read: an environment error, not one rule's
    except Exception as exc:  # a broken rule must not take the run down
        return _errored(rule, _crash_message(rule, exc))
    if judged is None:
        return RuleOutcome(rule.id, "skipped", f"its condition is false: when: {rule.when}"), []
    outcome, findings = _judged(rule, policy, judged[0], facts.now)
    return outcome._replace(evidence=judged[1]), findings


def needs(rule: Rule) -> frozenset[str]:
    """The facts a rule reads, from the ``KINDS`` table: known without importing the kind
    (unless its options decide), so a rule skipped for want of facts costs nothing."""
    return kind_needs(rule.kind, rule.options)


def facts_read(policy: Policy) -> frozenset[str] | None:
    """The facts a run of ``policy`` reads, so the others are never gathered: what its rules
    need, the commits their opt-outs search (markers, trailers), and the change whenever a
    repository rule is compared with the change's base. None when a rule may read any fact
    (an ``expr`` check or a ``when`` condition: CEL can ask for anything)."""
    read: set[str] = set()
    for rule in policy.rules:
        if rule.kind == "expr" or rule.when:
            return None
        needed = needs(rule)
        read |= needed
        if rule.skip.markers or rule.skip.trailers:
            read.add("commits")
        if needed <= REPOSITORY_FACTS:
            read.add("change")
    return frozenset(read)


def _judged(
    rule: Rule, policy: Policy, items: list[Problem | Observation], now: float
) -> RuleReport:
    """The rule's findings (exempted or not) and its outcome, with what its check observed."""
    problems = [item for item in items if isinstance(item, Problem)]
    details = {
        key: value
        for item in items
        if isinstance(item, Observation)
        for key, value in item.values.items()
    }
    findings = _findings(rule, policy, problems, now)
    failed = any(f.status == "fail" for f in findings)
    exempted = len(findings) if not failed else 0
    reason = f"{exempted} finding(s) exempted" if exempted else None
    outcome = RuleOutcome(rule.id, "fail" if failed else "pass", reason, details=details)
    return outcome, findings


def _problems(rule: Rule, facts: Facts, evidence: bool) -> Judged | None:
    """What the rule's check yields (problems and observations) and, when it finds no
    problem and ``evidence`` is asked for, what satisfied it; None when its ``when`` condition
    is false."""
    if rule.when is not None and not _guard(rule, facts):
        return None
    kind = load_kind(rule.kind)
    items = list(kind.check(rule, facts))
    passed = not any(isinstance(item, Problem) for item in items)
    explain = getattr(kind, "evidence", None) if evidence and passed else None
    return items, tuple(explain(rule, facts)) if explain is not None else ()


def _guard(rule: Rule, facts: Facts) -> bool:
    from policylint import cel

    return cel.guard(rule, facts)


def _named(rule: Rule) -> str:
    return f"rule {rule.id!r} ({rule.kind})"


def _errored(rule: Rule, message: str) -> RuleReport:
    return RuleOutcome(rule.id, "error", message), [_error_finding(rule, message)]


def _timeout_message(rule: Rule) -> str:
    return f"{_named(rule)} stopped after {RULE_SECONDS:g} s, the time one rule may take"


def _crash_message(rule: Rule, exc: Exception) -> str:
    from policylint.cel import CelError

    if isinstance(exc, CelError):
        return str(exc)
    return f"{_named(rule)} failed: {type(exc).__name__}: {exc}"


def _error_finding(rule: Rule, message: str) -> Finding:
    return Finding(rule.id, rule.severity, "error", message, _fingerprint(rule.id, "!error"))


def _findings(rule: Rule, policy: Policy, problems: list[Problem], now: float) -> list[Finding]:
    exemptions = [e for e in policy.exemptions if e.rule == rule.id]
    seen: dict[str, int] = {}
    out: list[Finding] = []
    for problem in problems:
        fingerprint = _fingerprint(rule.id, problem.key or problem.path or "")
        seen[fingerprint] = seen.get(fingerprint, 0) + 1
        if seen[fingerprint] > 1:  # same key twice: keep fingerprints unique and stable
            fingerprint = _fingerprint(
                rule.id, f"{problem.key or problem.path}#{seen[fingerprint]}"
            )
        covering = [e for e in exemptions if _covers(e.paths, problem.path)]
        accepted, note = _judge(covering, policy, now)
        status: FindingStatus = "exempted" if accepted is not None else "fail"
        message = problem.message
        if accepted is None and note is not None:  # it counts again: say why
            message = f"{message} ({note})"
        out.append(
            Finding(
                rule.id,
                problem.severity or rule.severity,
                status,
                message,
                fingerprint,
                problem.path,
                problem.line,
                None if accepted is None else accepted.reason,
                properties=problem.properties,
                exemption_note=note,
                exemption_at=None if accepted is None else accepted.at,
                evidence=problem.evidence,
            )
        )
    return out


def _judge(
    covering: list[Exemption], policy: Policy, now: float
) -> tuple[Exemption | None, str | None]:
    """The exemption that accepts a finding on the run's date, and the note for reports
    (``policylint.expiry``, imported only when an exemption covers a finding)."""
    if not covering:
        return None, None
    from policylint.expiry import judge

    verdict = judge(covering, now, policy.expiry_notice_days)
    return verdict.accepted_by, verdict.note


def _covers(paths: tuple[str, ...], path: str | None) -> bool:
    """An exemption without paths covers every finding; one with paths, findings under them."""
    if not paths:
        return True
    return path is not None and compile_globs(paths).match(path)


def _fingerprint(rule_id: str, key: str) -> str:
    return sha256_hex(f"{rule_id}\0{key}".encode("utf-8", "surrogateescape"))[:32]


def anchor_for(findings: Iterable[Finding], facts: Facts) -> str | None:
    """Where findings without a file of their own are anchored; None when every finding has
    a file (then the checkout is not listed for it: a commit-message run never lists it)."""
    return _anchor(facts) if any(f.path is None for f in findings) else None


def _anchor(facts: Facts) -> str | None:
    for name in ANCHORS:
        if facts.repo.has(name):  # a base's tree answers from its root, no whole listing
            return name
    return next(iter(facts.repo.files), None)

"""The engine: order, crashes, skips, exemptions, fingerprints and the failing threshold."""

from __future__ import annotations

import functools
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from policylint import checks, engine
from policylint.checks import with_defaults
from policylint.engine import evaluate
from policylint.errors import RepoError
from policylint.facts import Facts
from policylint.facts import repo as repo_module
from policylint.facts.repo import Repo
from policylint.git import start_git
from policylint.model import Exemption, Location, Policy, Problem, Rule
from tests.helpers.kinds import fake_kind
from tests.helpers.repos import MakeRepo

HERE = Location(".policylint.yaml", 3, 3)


def rule(rule_id: str, kind: str = "file-exists", severity: str = "error", **fields: Any) -> Rule:
    options = fields.pop("options", {"globs": [rule_id]})
    options = with_defaults(kind, options) if kind in checks.KINDS else options  # as loaded
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

    fake_kind(monkeypatch, "broken", explode)
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

    fake_kind(monkeypatch, "needy", never, frozenset({"repo", "change", "pr"}))
    result = run(make_repo({"a": ""}), rule("tests-with-code", "needy", options={}))
    (outcome,) = result.outcomes
    assert outcome.status == "skipped"
    assert outcome.reason == (
        "needs change and pr facts, which this run does not have (change: --base REF, "
        "--staged or pull-request metadata; pr: pull-request metadata (a CI event, --pr-json, "
        "or --title/--body/--label))"
    )
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


@pytest.mark.parametrize("fail_on", ["error", "warning", "note", "never"])
def test_a_rule_that_could_not_be_evaluated_fails_the_run_at_every_level(
    make_repo: MakeRepo, fail_on: str
) -> None:
    broken = rule("n", severity="note", when="params.nope")  # a note, and its `when` fails
    result = run(make_repo({"n": ""}), broken, fail_on=fail_on)
    reason = "line 1, column 1: no such member in mapping: 'nope'"
    assert [(f.status, f.message) for f in result.findings] == [
        ("error", f".policylint.yaml:3:3: rule 'n' when: {reason}")
    ]
    assert result.failed() is True


# --- the time one rule may take -------------------------------------------------------------

# Backtracks about 2**28 steps: some ten seconds, so a broken budget fails the test, not hangs.
CATASTROPHIC = {"README.md": "a" * 28 + "!"}
SLOW = "[0,1,2,3,4,5,6,7,8,9]"
SLOW_EXPRESSION = f"{SLOW}.all(a, {SLOW}.all(b, {SLOW}.all(c, {SLOW}.all(d, {SLOW}.all(e, true)))))"


@pytest.fixture
def leaves_no_timer() -> Iterator[None]:
    handler = signal.getsignal(signal.SIGALRM)
    yield
    assert signal.getsignal(signal.SIGALRM) is handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert [t.name for t in threading.enumerate() if t.name.startswith("policylint")] == []


def timed_run(root: Path, *rules: Rule) -> tuple[Any, float]:
    started = time.monotonic()
    result = run(root, *rules)
    return result, time.monotonic() - started


@pytest.mark.usefixtures("leaves_no_timer")
def test_a_rule_that_runs_out_of_time_becomes_an_error_and_the_run_goes_on(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "RULE_SECONDS", 0.5)
    # A CEL evaluation longer than the rule's budget (its own, 1 s, is not reached first).
    slow = rule("slow", "expr", options={"assert": SLOW_EXPRESSION, "message": "m"})
    readme = rule("readme", options={"globs": ["readme*"]})
    result, took = timed_run(make_repo(CATASTROPHIC), slow, readme)
    message = "rule 'slow' (expr) stopped after 0.5 s, the time one rule may take"
    assert [(o.rule, o.status, o.reason) for o in result.outcomes] == [
        ("slow", "error", message),
        ("readme", "pass", None),
    ]
    assert [(f.rule, f.status, f.path, f.message) for f in result.findings] == [
        ("slow", "error", None, message)
    ]
    assert 0.5 <= took < 9
    assert result.failed()


@pytest.mark.usefixtures("leaves_no_timer")
def test_a_cel_budget_inside_a_rule_budget_stops_first_when_shorter(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "RULE_SECONDS", 5.0)
    result, took = timed_run(make_repo({"a": ""}), rule("slow", when=SLOW_EXPRESSION))
    assert [(f.status, f.message) for f in result.findings] == [
        ("error", ".policylint.yaml:3:3: rule 'slow' when: stopped after 1 s, "
         "the time one evaluation may take"),
    ]  # fmt: skip
    assert 1 <= took < 4.5  # the rule's own budget is 5 s


@pytest.mark.parametrize("where", ["main thread", "other thread"])
@pytest.mark.usefixtures("leaves_no_timer")
def test_a_rule_budget_stops_a_cel_evaluation_that_has_time_left(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.setattr(engine, "RULE_SECONDS", 0.5)
    root = make_repo({"a": ""})
    options = {"assert": SLOW_EXPRESSION, "message": "m"}
    call = functools.partial(timed_run, root, rule("slow", "expr", options=options))
    result, took = call() if where == "main thread" else in_thread(call)
    assert [(f.status, f.message) for f in result.findings] == [
        ("error", "rule 'slow' (expr) stopped after 0.5 s, the time one rule may take")
    ]
    assert 0.5 <= took < 9  # the message shows the evaluation's own 1 s did not run out


def in_thread(function: Callable[[], Any]) -> Any:
    results: list[Any] = []
    worker = threading.Thread(target=lambda: results.append(function()))
    worker.start()
    worker.join(timeout=20)
    return results[0]


# --- a checkout that cannot be read ---------------------------------------------------------


def corrupt_checkout(make_repo: MakeRepo) -> Path:
    root = make_repo({"README.md": "x"})
    (root / ".git" / "index").write_bytes(b"garbage")
    return root


def test_a_checkout_git_cannot_list_stops_the_run_and_git_runs_once(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = corrupt_checkout(make_repo)
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(repo_module, "start_git", lambda *a: calls.append(a) or start_git(*a))
    facts = Facts(repo=Repo(root))
    policy = Policy(("test",), (rule("readme"), rule("license"), rule("x", "expr", options={})))
    failure = "git ls-files failed: fatal: .git/index: index file smaller than expected"
    for _ in range(2):
        with pytest.raises(RepoError) as caught:
            evaluate(policy, facts)
        assert str(caught.value) == f"{root}: {failure}"
    assert len(calls) == 1


def test_a_repo_error_raised_inside_a_check_is_not_one_rules_error(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(rule: Rule, facts: Facts) -> Iterator[Problem]:
        raise RepoError("git log failed: fatal: bad object HEAD")

    fake_kind(monkeypatch, "git-reader", unreadable)
    with pytest.raises(RepoError) as caught:
        run(make_repo({"a": ""}), rule("readme"), rule("old", "git-reader", options={}))
    assert str(caught.value) == "git log failed: fatal: bad object HEAD"


def test_the_kinds_table_says_which_kinds_options_decide_their_needs() -> None:
    """``KINDS`` lets the engine skip a rule without importing its kind; the kinds marked
    ``by_options`` are exactly those whose module has ``needs(options)``."""
    decided = {name for name in checks.KINDS if hasattr(checks.load_kind(name), "needs")}
    assert decided == {name for name, kind in checks.KINDS.items() if kind.by_options}
    for name, kind in checks.KINDS.items():
        if not kind.by_options:
            assert checks.kind_needs(name, {}) is kind.needs


def test_evidence_is_asked_of_passing_rules_only_when_the_run_wants_it(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    asked: list[str] = []

    def passes(rule: Rule, facts: Facts) -> Iterator[Problem]:
        yield from [Problem("missing")] if rule.id == "failing" else []

    def witness(rule: Rule, facts: Facts) -> list[str]:
        asked.append(rule.id)
        if rule.id == "broken":
            raise ValueError("no witness")
        return [f"saw {rule.id}"]

    fake_kind(monkeypatch, "witnessed", passes)
    monkeypatch.setattr(sys.modules["policylint.checks.witnessed"], "evidence", witness, False)
    root = make_repo({"README.md": "x"})
    rules = [rule(name, "witnessed", options={}) for name in ("ok", "failing", "broken")]
    plain = run(root, *rules)
    assert [o.evidence for o in plain.outcomes] == [(), (), ()]
    assert asked == []
    policy = Policy(("test",), tuple(rules))
    told = evaluate(policy, Facts(repo=Repo(root)), evidence=True)
    assert asked == ["ok", "broken"]
    assert [(o.rule, o.status, o.evidence) for o in told.outcomes] == [
        ("ok", "pass", ("saw ok",)),
        ("failing", "fail", ()),
        ("broken", "error", ()),
    ]
    assert [f.message for f in told.findings if f.rule == "broken"] == [
        "rule 'broken' (witnessed) failed: ValueError: no witness"
    ]

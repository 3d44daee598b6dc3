"""The pr-labels check kind, run through the engine with pull-request facts."""

from __future__ import annotations

from policylint.checks import KINDS, load_kind, pr_labels
from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.pr import PullRequest
from policylint.facts.repo import Repo
from policylint.model import Location, OptionError, Policy, Rule
from tests.helpers.kinds import documented_rule, pr_level_messages, run_check

KINDS_OF_CHANGE = ["kind/bug", "kind/feature"]


def labelled(labels: tuple[str, ...]) -> PullRequest:
    return PullRequest(title="feat: x", body=None, labels=labels)


messages = pr_level_messages


def test_registered():
    assert load_kind("pr-labels") is pr_labels
    assert KINDS["pr-labels"].needs == frozenset({"pr"})


def test_any_of(tmp_path):
    options = {"any-of": KINDS_OF_CHANGE}
    assert (
        messages(
            run_check("pr-labels", options, root=tmp_path, pr=labelled(("lgtm", "kind/feature")))
        )
        == []
    )
    assert messages(run_check("pr-labels", options, root=tmp_path, pr=labelled(("lgtm",)))) == [
        'the pull request has none of the labels "kind/bug", "kind/feature" (it has "lgtm")'
    ]
    assert messages(run_check("pr-labels", options, root=tmp_path, pr=labelled(()))) == [
        'the pull request has none of the labels "kind/bug", "kind/feature" (it has no labels)'
    ]


def test_names_match_exactly(tmp_path):
    assert messages(
        run_check(
            "pr-labels",
            {"any-of": ["kind/bug"]},
            root=tmp_path,
            pr=labelled(("Kind/Bug", "kind/bug ")),
        )
    ) == ['the pull request has none of the labels "kind/bug" (it has "Kind/Bug", "kind/bug ")']


def test_none_of(tmp_path):
    options = {"none-of": ["do-not-merge/hold", "do not merge"]}
    assert (
        messages(
            run_check("pr-labels", options, root=tmp_path, pr=labelled(("lgtm", "Do Not Merge")))
        )
        == []
    )
    assert messages(
        run_check("pr-labels", options, root=tmp_path, pr=labelled(("do not merge", "lgtm")))
    ) == [
        'the pull request has "do not merge", which it must not have (it has "do not merge", '
        '"lgtm")'
    ]


def test_exactly_one_of(tmp_path):
    options = {"exactly-one-of": KINDS_OF_CHANGE}
    assert (
        messages(run_check("pr-labels", options, root=tmp_path, pr=labelled(("kind/bug",)))) == []
    )
    wanted = 'the pull request must have exactly one of the labels "kind/bug", "kind/feature"'
    assert messages(
        run_check("pr-labels", options, root=tmp_path, pr=labelled(("kind/feature", "kind/bug")))
    ) == [f'{wanted} (it has "kind/feature", "kind/bug")']
    assert messages(run_check("pr-labels", options, root=tmp_path, pr=labelled(("lgtm",)))) == [
        f'{wanted} (it has "lgtm")'
    ]


def test_each_condition_is_its_own_finding(tmp_path):
    options = {"any-of": ["approved"], "none-of": ["hold"]}
    result = run_check("pr-labels", options, root=tmp_path, pr=labelled(("hold",)))
    assert messages(result) == [
        'the pull request has none of the labels "approved" (it has "hold")',
        'the pull request has "hold", which it must not have (it has "hold")',
    ]
    assert len({f.fingerprint for f in result.findings}) == 2


def test_skipped_without_pull_request_facts(tmp_path):
    rule = Rule("labels", "pr-labels", "Labels", "error", {"any-of": ["x"]}, Location("t", 1, 1))
    result = evaluate(Policy(("t",), (rule,)), Facts(Repo(tmp_path)))
    assert result.outcomes[0].status == "skipped"


def test_validate():
    assert pr_labels.validate({}) == [
        OptionError((), "give at least one of any-of, none-of, exactly-one-of")
    ]
    contradiction = {"any-of": ["a", "hold"], "exactly-one-of": ["hold"], "none-of": ["hold"]}
    assert pr_labels.validate(contradiction) == [
        OptionError(("any-of", 1), '"hold" is also in none-of, which forbids it'),
        OptionError(("exactly-one-of", 0), '"hold" is also in none-of, which forbids it'),
    ]
    assert pr_labels.validate({"any-of": ["a"], "none-of": ["b"]}) == []


def test_the_documented_example_loads_and_works(tmp_path):
    rule = documented_rule(pr_labels, tmp_path)
    assert (
        messages(
            run_check(
                "pr-labels", rule.options, root=tmp_path, pr=labelled(("kind/cleanup", "lgtm"))
            )
        )
        == []
    )
    assert messages(
        run_check(
            "pr-labels", rule.options, root=tmp_path, pr=labelled(("kind/bug", "do-not-merge/hold"))
        )
    ) == [
        'the pull request has "do-not-merge/hold", which it must not have '
        '(it has "kind/bug", "do-not-merge/hold")'
    ]

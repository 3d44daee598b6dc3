"""Opt-outs: a rule's skip labels, markers and trailers, met by the pull request or commits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policylint.checks import with_defaults
from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.commits import Commit
from policylint.facts.pr import PullRequest
from policylint.facts.repo import Repo
from policylint.model import Location, Policy, Rule, Skip
from tests.helpers.repos import MakeRepo

HERE = Location(".policylint.yaml", 3, 3)
SKIP = Skip(labels=("skip-readme",), markers=("[skip readme]",), trailers=("Skip-Readme",))


def readme_rule(skip: Skip = SKIP) -> Rule:
    return Rule(
        "readme",
        "file-exists",
        "A README",
        "error",
        with_defaults("file-exists", {"globs": ["readme*"]}),
        HERE,
        skip=skip,
    )


def commit(*trailers: tuple[str, str], sha: str = "a" * 40) -> Commit:
    return Commit(sha, "Subject", "", "Ann", "ann@x.org", "Ann", "ann@x.org", ("b" * 40,), trailers)


def outcome(root: Path, **facts: Any) -> tuple[str, str | None]:
    policy = Policy(("test",), (readme_rule(),))
    result = evaluate(policy, Facts(repo=Repo(root), **facts))
    (only,) = result.outcomes
    return only.status, only.reason


def test_an_exact_label_opts_out(make_repo: MakeRepo) -> None:
    root = make_repo({"a": ""})
    pr = PullRequest("Fix", None, labels=("bug", "skip-readme"))
    assert outcome(root, pr=pr) == (
        "skipped",
        "opted out by the pull request's label 'skip-readme'",
    )
    assert outcome(root, pr=pr._replace(labels=("Skip-Readme", "skip-readme2"))) == ("fail", None)


def test_a_marker_in_title_or_body_opts_out_ignoring_case(make_repo: MakeRepo) -> None:
    root = make_repo({"a": ""})
    in_title = PullRequest("Docs [Skip README]", "text")
    assert outcome(root, pr=in_title) == (
        "skipped",
        "opted out by the marker '[skip readme]' in the pull request's title",
    )
    in_body = PullRequest("Docs", "Nothing to add.\n[skip readme]\n")
    assert outcome(root, pr=in_body)[1] == (
        "opted out by the marker '[skip readme]' in the pull request's description"
    )
    assert outcome(root, pr=PullRequest("Docs", None)) == ("fail", None)


def test_a_trailer_in_any_commit_opts_out(make_repo: MakeRepo) -> None:
    root = make_repo({"a": ""})
    commits = (commit(), commit(("skip-readme", "generated code"), sha="c" * 40))
    assert outcome(root, commits=commits) == (
        "skipped",
        "opted out by the trailer 'Skip-Readme' in commit cccccccccccc",
    )
    assert outcome(root, commits=(commit(("Skip-Readme-Not", "x")),)) == ("fail", None)


def test_a_trailer_with_a_value_must_match_it(make_repo: MakeRepo) -> None:
    root = make_repo({"a": ""})
    rule = readme_rule(Skip(trailers=("Release-Note: none",)))
    policy = Policy(("test",), (rule,))

    def status(value: str) -> str:
        facts = Facts(repo=Repo(root), commits=(commit(("Release-Note", value)),))
        return evaluate(policy, facts).outcomes[0].status

    assert status(" none ") == "skipped"
    assert status("Fixed a crash") == "fail"


def test_without_pull_request_or_commits_nothing_opts_out(make_repo: MakeRepo) -> None:
    assert outcome(make_repo({"a": ""})) == ("fail", None)


def test_a_passing_rule_is_still_reported_as_skipped_when_opted_out(make_repo: MakeRepo) -> None:
    root = make_repo({"README.md": "x"})
    assert outcome(root, pr=PullRequest("t", None, labels=("skip-readme",)))[0] == "skipped"
    assert outcome(root, pr=PullRequest("t", None))[0] == "pass"

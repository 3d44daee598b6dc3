"""The commit-message check kind, run through the engine with commit (and PR) facts."""

from __future__ import annotations

from policylint.checks import KINDS, commit_message, kind_needs, load_kind
from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.commits import Commit
from policylint.facts.pr import PullRequest
from policylint.facts.repo import Repo
from policylint.model import Location, OptionError, Policy, Rule
from tests.helpers.kinds import documented_rule, pr_level_messages, run_check

BASE = "0" * 40
CONVENTIONAL = '("type(scope)!: description", scope and "!" optional)'
NOT_BLANK = "the second line is not blank (leave one empty line after the subject)"


def commit(digit: str, subject: str, *, blank: bool = True, merge: bool = False) -> Commit:
    parents = (BASE, "f" * 40) if merge else (BASE,)
    ada = ("Ada Lovelace", "ada@example.org")
    return Commit(digit * 40, subject, "", *ada, *ada, parents, blank_second_line=blank)


messages = pr_level_messages


def test_registered_and_needs():
    assert load_kind("commit-message") is commit_message
    assert KINDS["commit-message"].needs == frozenset({"commits"})
    assert KINDS["commit-message"].by_options
    assert kind_needs("commit-message", {}) == frozenset({"commits"})
    assert commit_message.needs({}) == frozenset({"commits"})
    assert commit_message.needs({"check": "commits"}) == frozenset({"commits"})
    assert commit_message.needs({"check": "pr-title"}) == frozenset({"pr"})


def test_defaults_check_length_and_blank_second_line(tmp_path):
    good = commit("1", "Fix the retry loop")
    long = commit("2", "x" * 73)
    glued = commit("3", "Add a flag", blank=False)
    result = run_check("commit-message", root=tmp_path, commits=(good, long, glued))
    assert messages(result) == [
        f'commit {"2" * 12}: subject "{"x" * 73}" is 73 characters long, more than 72',
        f"commit {'3' * 12}: {NOT_BLANK}",
    ]
    assert len({f.fingerprint for f in result.findings}) == 2
    assert (
        messages(run_check("commit-message", root=tmp_path, commits=(commit("4", "y" * 72),))) == []
    )


def test_the_commit_being_made_is_named_as_such(tmp_path):
    being_made = commit("1", "x" * 73)._replace(sha="")  # the commit-msg hook's commit
    assert messages(run_check("commit-message", root=tmp_path, commits=(being_made,))) == [
        f'the commit being made: subject "{"x" * 73}" is 73 characters long, more than 72'
    ]


def test_one_finding_per_commit_lists_every_problem(tmp_path):
    options = {"preset": "conventional-commits", "max-subject-length": 10}
    assert messages(
        run_check(
            "commit-message",
            options,
            root=tmp_path,
            commits=(commit("a", "Update things", blank=False),),
        )
    ) == [
        f'commit {"a" * 12}: subject "Update things" does not follow Conventional Commits '
        f"{CONVENTIONAL} and is 13 characters long, more than 10; {NOT_BLANK}"
    ]


def test_subject_matches(tmp_path):
    options = {"subject-matches": [r"^[A-Z]", r"[^.]$"]}
    commits = (commit("1", "Fix it"), commit("2", "fix it."))
    assert messages(run_check("commit-message", options, root=tmp_path, commits=commits)) == [
        f'commit {"2" * 12}: subject "fix it." does not match /^[A-Z]/ and does not match /[^.]$/'
    ]


def test_conventional_preset_shares_pr_titles_rules(tmp_path):
    options = {"preset": "conventional-commits", "types": ["feat", "fix"]}
    commits = (commit("1", "feat(cli)!: drop --old"), commit("2", "docs: typo"))
    assert messages(run_check("commit-message", options, root=tmp_path, commits=commits)) == [
        f'commit {"2" * 12}: subject "docs: typo" has type "docs", not one of feat, fix'
    ]


def test_merges_are_ignored_unless_asked(tmp_path):
    merge = commit("5", "Merge branch 'main' into topic", merge=True)
    options = {"preset": "conventional-commits"}
    assert messages(run_check("commit-message", options, root=tmp_path, commits=(merge,))) == []
    assert messages(
        run_check(
            "commit-message", {**options, "ignore-merges": False}, root=tmp_path, commits=(merge,)
        )
    ) == [
        f"commit {'5' * 12}: subject \"Merge branch 'main' into topic\" does not follow "
        f"Conventional Commits {CONVENTIONAL}"
    ]


def test_blank_second_line_can_be_turned_off(tmp_path):
    glued = commit("3", "Add a flag", blank=False)
    assert (
        messages(
            run_check(
                "commit-message", {"blank-second-line": False}, root=tmp_path, commits=(glued,)
            )
        )
        == []
    )


def test_pr_title_as_the_squash_commit_subject(tmp_path):
    options = {"check": "pr-title", "preset": "conventional-commits"}
    pr = PullRequest(title="Update docs", body=None)
    # Commits that would fail are not looked at.
    result = run_check(
        "commit-message", options, root=tmp_path, commits=(commit("1", "wip", blank=False),), pr=pr
    )
    assert messages(result) == [
        'the pull request title "Update docs" (the subject of the squash commit) does not '
        f"follow Conventional Commits {CONVENTIONAL}"
    ]
    good = PullRequest(title="docs: explain retries", body=None)
    assert (
        messages(run_check("commit-message", options, root=tmp_path, commits=None, pr=good)) == []
    )


def test_pr_title_mode_needs_the_pull_request_not_commits(tmp_path):
    result = run_check(
        "commit-message", {"check": "pr-title"}, root=tmp_path, commits=(commit("1", "x"),), pr=None
    )
    assert result.outcomes[0].status == "skipped"
    assert result.outcomes[0].reason.startswith("needs pr facts")


def test_skipped_without_commit_facts(tmp_path):
    rule = Rule("msg", "commit-message", "Msg", "error", {}, Location("t", 1, 1))
    result = evaluate(Policy(("t",), (rule,)), Facts(Repo(tmp_path)))
    assert result.outcomes[0].status == "skipped"
    assert result.outcomes[0].reason.startswith("needs commits facts")


def test_validate():
    assert commit_message.validate({"subject-matches": ["ok", "(?P<x"], "types": ["x"]}) == [
        OptionError(
            ("subject-matches", 1),
            "invalid regular expression: missing >, unterminated name at position 4",
        ),
        OptionError(("types",), "types apply only with preset: conventional-commits"),
    ]
    assert commit_message.validate({}) == []


def test_the_documented_example_loads_and_works(tmp_path):
    rule = documented_rule(commit_message, tmp_path)
    commits = (commit("1", "fix(io): close files"), commit("2", "Fix: " + "x" * 70))
    assert messages(run_check("commit-message", rule.options, root=tmp_path, commits=commits)) == [
        f'commit {"2" * 12}: subject "Fix: {"x" * 70}" is 75 characters long, more than 72'
    ]

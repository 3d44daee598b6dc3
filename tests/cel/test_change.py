"""CEL's view of a change: change/commits/pr values and changed()/added() functions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from policylint import cel
from policylint.checks import with_defaults
from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.change import Change, ChangedFile
from policylint.facts.commits import Commit
from policylint.facts.pr import PullRequest
from policylint.facts.repo import Repo
from policylint.model import Location, Policy, Rule
from tests.helpers.repos import MakeRepo

HERE = Location(".policylint.yaml", 3, 3)
CHANGE = Change(
    "b" * 40,
    "h" * 40,
    "m" * 40,
    (
        ChangedFile("docs/new.md", "added", None, 3, 0),
        ChangedFile("img.png", "modified", None, None, None),
        ChangedFile("src/app.py", "modified", None, 5, 2),
        ChangedFile("src/new_name.py", "renamed", "src/old_name.py", 1, 1),
        ChangedFile("tests/gone.py", "deleted", None, 0, 9),
    ),
    "main...HEAD",
)
MERGE = Commit("1" * 40, "Merge", "", "Ann", "ANN@x.org", "Ann", "a@x", ("a" * 40, "b" * 40))
PLAIN = Commit("2" * 40, "Fix", "", "Bo", "bo@x.org", "Bo", "bo@x.org", ("a" * 40,))
PR = PullRequest("Fix the parser", None, ("bug", "docs"), "ann", "User", number=7)


def value(root: Path, expression: str, **facts: Any) -> object:
    rule = Rule("r", "expr", "R", "error", {"assert": expression}, HERE)
    return cel.evaluate(rule, "options.assert", expression, Facts(repo=Repo(root), **facts))


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("change.files", 5),
        ("change.additions", 9),
        ("change.deletions", 12),
        ("[change.added, change.modified, change.deleted, change.renamed]", [1, 2, 1, 1]),
        ("change.description", "main...HEAD"),
        ('changed("src/**")', True),
        ('changed("src/old_name.py")', True),  # a rename's old path counts as changed
        ('changed(["lib/**", "*.png"])', True),
        ('changed("lib/**")', False),
        ('added("docs/*.md")', True),
        ('added("src/**")', False),
    ],
)
def test_change_values_and_functions(
    make_repo: MakeRepo, expression: str, expected: object
) -> None:
    assert value(make_repo({"a": ""}), expression, change=CHANGE) == expected


def test_commits_and_pr_values(make_repo: MakeRepo) -> None:
    root = make_repo({"a": ""})
    commits = (MERGE, PLAIN, PLAIN)
    assert value(root, "[commits.count, commits.merges, commits.authors]", commits=commits) == [
        3, 1, 2,
    ]  # fmt: skip
    assert value(root, '"docs" in pr.labels && pr.body == "" && pr.number == 7', pr=PR) is True
    assert value(root, "pr.head_ref == null && !pr.draft", pr=PR) is True


def test_a_bad_glob_is_an_error_naming_the_function(make_repo: MakeRepo) -> None:
    with pytest.raises(cel.CelError) as caught:
        value(make_repo({"a": ""}), 'changed("src/[")', change=CHANGE)
    assert "changed(): pattern 'src/[': unclosed character class" in str(caught.value)


def test_a_rule_mentioning_absent_facts_is_skipped_with_the_reason(make_repo: MakeRepo) -> None:
    root = make_repo({"README.md": ""})
    rules = (
        Rule("needs-change", "file-exists", "T", "error",
             with_defaults("file-exists", {"globs": ["x"]}), HERE,
             when='changed("src/**")'),
        Rule("needs-pr", "expr", "T", "error", {"assert": 'pr.title != ""'}, HERE),
    )  # fmt: skip
    result = evaluate(Policy(("test",), rules), Facts(repo=Repo(root)))
    assert [(o.status, o.reason) for o in result.outcomes] == [
        ("skipped", "needs change facts, which this run does not have (change: --base REF, "
         "--staged or pull-request metadata)"),
        ("skipped", "needs pr facts, which this run does not have (pr: pull-request metadata "
         "(a CI event, --pr-json, or --title/--body/--label))"),
    ]  # fmt: skip
    with_facts = Facts(repo=Repo(root), change=CHANGE, pr=PR)
    result = evaluate(Policy(("test",), rules), with_facts)
    assert [o.status for o in result.outcomes] == ["fail", "pass"]


def test_change_names_are_known_at_load_time() -> None:
    assert cel.syntax_error('changed("a") || added("b") || pr.draft || commits.count > 0') is None
    assert "unknown function 'modified'" in (cel.syntax_error('modified("a")') or "")

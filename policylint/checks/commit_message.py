"""commit-message: commit subjects follow the project's convention and stay short.

What it checks
    Each commit of the change: that its subject (first line) matches ``subject-matches``,
    is a Conventional Commits header with ``preset: conventional-commits``, is at most
    ``max-subject-length`` characters long, and that a blank line separates it from the
    body. Commits made with ``git commit --fixup`` or ``--squash`` (subjects starting with
    ``fixup!``, ``squash!``, ``amend!``) are not checked: ``git rebase --autosquash`` folds
    them away. An empty message (an aborted commit, or only comments) is reported as empty.
    With ``check: pr-title`` the pull request's title is checked instead, as the
    subject of the commit a squash merge will create.

Why
    ``git log --oneline``, ``git shortlog``, changelog generators and bisecting all read
    subjects. A subject that wraps, or a body glued to it, breaks every one of those tools;
    a convention such as Conventional Commits lets release tooling pick the next version.

Options
    Each offending commit is one finding whose message starts with ``commit`` and the
    commit's abbreviated sha, then lists everything wrong with it. ``preset`` and ``types``
    work as for ``pr-title``. With ``check: pr-title`` the rule needs pull-request facts
    instead of commits.

Example
    ```yaml
    conventional-commits:
      kind: commit-message
      title: Commit subjects are Conventional Commits headers
      severity: error
      options:
        preset: conventional-commits
        max-subject-length: 72
    ```
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from policylint.checks import Example
from policylint.checks.support.patterns import (
    PATTERNS_SCHEMA,
    PRESET_OPTIONS,
    compiled,
    patterns,
    preset_errors,
    regex_option_errors,
)
from policylint.checks.support.subjects import header_problems, quoted
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.facts.commits import Commit
    from policylint.model import Rule

OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "subject-matches": {
            **PATTERNS_SCHEMA,
            "description": (
                "Regular expressions that must each match somewhere in the subject (re.search; "
                "anchor with ^), case-sensitively unless one starts with (?i)."
            ),
        },
        **PRESET_OPTIONS,
        "max-subject-length": {
            "type": "integer",
            "minimum": 1,
            "default": 72,
            "description": (
                "The most characters a subject may have: the width git's documentation and "
                "most linters use, so git log stays readable in an 80-column terminal."
            ),
        },
        "blank-second-line": {
            "type": "boolean",
            "default": True,
            "description": "The message's second line is empty.",
        },
        "ignore-merges": {
            "type": "boolean",
            "default": True,
            "description": "Merge commits are not checked; git or the forge writes their subjects.",
        },
        "ignore-autosquash": {
            "type": "boolean",
            "default": True,
            "description": (
                "Commits whose subject starts with fixup!, squash! or amend! (git commit "
                "--fixup, --squash) are not checked: git rebase --autosquash folds them into "
                "the commit they name, as commitlint's default ignores assume."
            ),
        },
        "check": {
            "enum": ["commits", "pr-title"],
            "default": "commits",
            "description": (
                "pr-title checks the pull request's title with the same subject rules, as the "
                "subject of the commit a squash merge makes."
            ),
        },
    },
}
EXAMPLES = (
    Example(
        options={"preset": "conventional-commits"},
        passes={"change": {"message": "fix(parser): accept empty files\n"}},
        fails={"change": {"message": "Fixed the parser\n"}},
        message=(
            'commit e4bc6cb95817: subject "Fixed the parser" does not follow Conventional Commits '
            '("type(scope)!: description", scope and "!" optional)'
        ),
    ),
)


AUTOSQUASH = ("fixup!", "squash!", "amend!")
EMPTY = "the commit message is empty (git aborts a commit whose message is empty or only comments)"


def needs(options: dict[str, Any]) -> frozenset[str]:
    """The facts a rule with these options reads: the PR instead of commits for pr-title."""
    return frozenset({"pr"}) if options.get("check") == "pr-title" else frozenset({"commits"})


def validate(options: dict[str, Any]) -> list[OptionError]:
    return regex_option_errors(options, "subject-matches") + preset_errors(options)


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    options = rule.options
    if options["check"] == "pr-title":
        assert facts.pr is not None  # needs() asked the engine for PR facts
        yield from _title_problem(options, facts.pr.title)
        return
    assert facts.commits is not None  # the engine runs this kind only with commit facts
    for commit in facts.commits:
        if not (commit.is_merge and options["ignore-merges"]):
            yield from _commit_problem(options, commit, facts.commits)


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the title it checked, or the commits and their subjects."""
    from policylint.checks.support.evidence import commit_named, quoted

    if rule.options["check"] == "pr-title":
        assert facts.pr is not None
        return [f"the pull request title {quoted(facts.pr.title)}"]
    assert facts.commits is not None
    checked = [c for c in facts.commits if _checked(rule.options, c)]
    shown = [commit_named(commit) for commit in checked[:3]]
    more = [f"and {len(checked) - 3} more"] if len(checked) > 3 else []
    return [_examined(rule.options, facts.commits), *shown, *more]


def _checked(options: dict[str, Any], commit: Commit) -> bool:
    """Whether the subject rules apply to ``commit`` (not a merge or autosquash one skipped)."""
    if commit.is_merge and options["ignore-merges"]:
        return False
    return not (options["ignore-autosquash"] and commit.subject.startswith(AUTOSQUASH))


def _examined(options: dict[str, Any], commits: Sequence[Commit]) -> str:
    from policylint.checks.support.evidence import commits_examined

    merges = sum(1 for c in commits if c.is_merge) if options["ignore-merges"] else 0
    checked = sum(1 for c in commits if _checked(options, c))
    skipped = {"merge": merges, "autosquash commit": len(commits) - merges - checked}
    return commits_examined(len(commits), skipped)


def _title_problem(options: dict[str, Any], title: str) -> Iterator[Problem]:
    problems = list(subject_problems(options, title))
    if problems:
        shown = f'the pull request title "{quoted(title)}" (the subject of the squash commit)'
        yield Problem(f"{shown} {' and '.join(problems)}", key="pr-title")


def _commit_problem(
    options: dict[str, Any], commit: Commit, commits: Sequence[Commit]
) -> Iterator[Problem]:
    problems = commit_problems(options, commit)
    if problems:
        looked_at = (_examined(options, commits),)
        yield Problem(f"{commit.named}: {'; '.join(problems)}", key=commit.sha, evidence=looked_at)


def commit_problems(options: dict[str, Any], commit: Commit) -> list[str]:
    """What is wrong with ``commit``'s message (nothing for an autosquash commit)."""
    if not commit.subject.strip() and not commit.body.strip():
        return [EMPTY]
    if options.get("ignore-autosquash", True) and commit.subject.startswith(AUTOSQUASH):
        return []
    problems: list[str] = []
    subject = list(subject_problems(options, commit.subject))
    if subject:
        problems.append(f'subject "{quoted(commit.subject)}" {" and ".join(subject)}')
    if options["blank-second-line"] and not commit.blank_second_line:
        problems.append("the second line is not blank (leave one empty line after the subject)")
    return problems


def subject_problems(options: dict[str, Any], subject: str) -> Iterator[str]:
    """What is wrong with ``subject`` (a commit's, or a title that will become one)."""
    for pattern in patterns(options.get("subject-matches")):
        if not compiled(pattern).search(subject):
            yield f"does not match /{pattern}/"
    for _key, problem in header_problems(options, subject, options["max-subject-length"]):
        yield problem

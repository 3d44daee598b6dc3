"""pr-title: the pull request's title matches patterns and stays short.

What it checks
    The title of the pull (merge) request: that it matches every expression of ``matches``,
    none of ``not-matches``, is at most ``max-length`` characters long and, with
    ``preset: conventional-commits``, is a Conventional Commits header.

Why
    The title becomes the subject of the squash commit, the line in the changelog and what
    reviewers scan in a list of fifty open pull requests. A ``WIP`` title merged by accident,
    or ``Update main.py``, costs every later reader of the history.

Options
    Matching is case-sensitive; start an expression with ``(?i)`` to ignore case. The preset's
    header is ``type(scope)!: description``: a type, an optional scope in parentheses, an
    optional ``!`` for a breaking change, a colon, one space and a description; types are
    compared ignoring case, as the specification asks. The default ``types`` are those of
    ``@commitlint/config-conventional``.

    Each unmet condition is one finding; the message quotes the title (at most 120
    characters of it).

Example
    ```yaml
    pr-title:
      kind: pr-title
      title: Pull request titles are Conventional Commits headers
      severity: error
      options:
        preset: conventional-commits
        max-length: 72
        not-matches: ["(?i)wip|do not merge"]
    ```
"""

from __future__ import annotations

from collections.abc import Iterator
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
    from policylint.model import Rule

CONDITIONS = ("matches", "not-matches", "max-length", "preset")
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "matches": {
            **PATTERNS_SCHEMA,
            "description": (
                "Regular expressions that must each match somewhere in the title (re.search; "
                "anchor with ^ and $)."
            ),
        },
        "not-matches": {
            **PATTERNS_SCHEMA,
            "description": "Regular expressions none of which may match.",
        },
        "max-length": {
            "type": "integer",
            "minimum": 1,
            "description": "The most characters the title may have.",
        },
        **PRESET_OPTIONS,
    },
}
EXAMPLES = (
    Example(
        options={"not-matches": ["(?i)wip"]},
        passes={"pr": {"title": "Retry failed uploads"}},
        fails={"pr": {"title": "WIP: retry failed uploads"}},
        message=(
            'the pull request title "WIP: retry failed uploads" matches the forbidden pattern '
            "/(?i)wip/"
        ),
    ),
)


def validate(options: dict[str, Any]) -> list[OptionError]:
    errors = regex_option_errors(options, "matches") + regex_option_errors(options, "not-matches")
    if not any(name in options for name in CONDITIONS):
        errors.append(OptionError((), f"give at least one of {', '.join(CONDITIONS)}"))
    return errors + preset_errors(options)


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    assert facts.pr is not None  # the engine runs this kind only with PR facts
    title = facts.pr.title
    for key, problem in title_problems(rule.options, title):
        yield Problem(f'the pull request title "{quoted(title)}" {problem}', key=f"title:{key}")


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the title it checked."""
    from policylint.checks.support.evidence import quoted

    assert facts.pr is not None
    return [f"the pull request title {quoted(facts.pr.title, 200)}"]


def title_problems(options: dict[str, Any], title: str) -> Iterator[tuple[str, str]]:
    """(key, what is wrong) for each condition of ``options`` the title does not meet."""
    for pattern in patterns(options.get("matches")):
        if not compiled(pattern).search(title):
            yield f"matches:{pattern}", f"does not match /{pattern}/"
    for pattern in patterns(options.get("not-matches")):
        if compiled(pattern).search(title):
            yield f"not-matches:{pattern}", f"matches the forbidden pattern /{pattern}/"
    yield from header_problems(options, title, options.get("max-length"))

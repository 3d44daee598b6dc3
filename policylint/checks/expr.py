"""expr: a CEL assertion, for anything the other kinds do not cover.

What it checks
    That the CEL expression ``assert`` is true. When it is false the rule has one finding with
    ``message``, pointing at ``path`` if given. An expression that fails to evaluate, or whose
    value is not true or false, is an error of the rule naming where the expression is.

Why
    Policies differ in details no fixed kind foresees: "a project with more than 50 files has a
    docs/ directory", "the changelog mentions the current version". A small expression over
    precomputed facts says that without code from the repository ever being run.

Options
    ``assert`` (CEL expression, required): must evaluate to true or false. It sees ``repo``
    (``root``, ``file_count``), ``params``, ``now`` and the functions ``exists(glob)``,
    ``count(glob)``, ``read(path)`` (the first 64 Ki characters of a file; ``""`` for a missing,
    binary or larger than 1 MiB one), ``duration(text)`` and the CEL built-ins such as
    ``matches``. At most 4,096 characters; one evaluation may take one second.
    ``message`` (string, required): what the finding says.
    ``path`` (string): the repository file the finding points at.

Example
    ```yaml
    docs-for-big-projects:
      kind: expr
      title: Larger projects have a documentation directory
      severity: warning
      when: repo.file_count > params.big_project
      options:
        assert: exists("docs/**") || exists("doc/**")
        message: More than a few files and no docs/ directory; add one for users.

    changelog-mentions-version:
      kind: expr
      title: The changelog mentions the version being released
      severity: error
      when: '"version" in params'
      options:
        assert: read("CHANGELOG.md").contains(params.version)
        message: CHANGELOG.md does not mention the version being released.
        path: CHANGELOG.md
    ```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import Rule

NAME = "expr"
NEEDS = frozenset({"repo"})
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["assert", "message"],
    "properties": {
        "assert": {
            "type": "string",
            "minLength": 1,
            "description": "A CEL expression that must be true; false is a finding.",
        },
        "message": {
            "type": "string",
            "minLength": 1,
            "description": "What the finding says when the assertion is false.",
        },
        "path": {
            "type": "string",
            "minLength": 1,
            "description": "The repository file the finding points at.",
        },
    },
}


def validate(options: dict[str, Any]) -> list[OptionError]:
    from policylint import cel

    expression = options.get("assert")
    if not isinstance(expression, str):
        return []  # the schema reports it
    error = cel.syntax_error(expression)
    return [OptionError(("assert",), error)] if error else []


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    from policylint import cel

    if not cel.condition(rule, "options.assert", rule.options["assert"], facts):
        yield Problem(rule.options["message"], rule.options.get("path"))

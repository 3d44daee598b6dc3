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
    ``assert`` sees ``repo`` (``root``, ``file_count``), ``params``, ``now`` and the functions
    ``exists(glob)``, ``count(glob)``, ``read(path)`` (the first 64 Ki characters of a file;
    ``""`` for a missing, binary or larger than 1 MiB one), ``duration(text)`` and the CEL
    built-ins such as ``matches``. ``exists`` and ``count`` look at the listed files, as git
    lists them: a link counts whatever it points at (``file-exists`` counts only regular files).
    An expression has at most 4,096 characters; one evaluation may take one second.

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

from policylint.checks import Example
from policylint.display import display
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import Rule

OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["assert", "message"],
    "properties": {
        "assert": {
            "type": "string",
            "minLength": 1,
            "description": "A CEL expression that must evaluate to true; false is a finding.",
        },
        "message": {
            "type": "string",
            "minLength": 1,
            "description": "What the finding says when the assertion is false.",
        },
        "path": {
            "type": "string",
            "minLength": 1,
            "description": (
                "The repository file the finding points at, relative to the root (docs/index.md: "
                "no leading /, no . or .. segments); when it does not exist, the finding points "
                "at no file and says so."
            ),
        },
    },
}
EXAMPLES = (
    Example(
        options={"assert": 'exists("docs/**")', "message": "No docs/ directory"},
        passes={"files": {"README.md": "# app\n", "docs/index.md": "# Docs\n"}},
        fails={"files": {"README.md": "# app\n"}},
        message="No docs/ directory",
    ),
)


def validate(options: dict[str, Any]) -> list[OptionError]:
    from policylint import cel

    errors: list[OptionError] = []
    expression = options.get("assert")
    if isinstance(expression, str):  # otherwise the schema reports it
        error = cel.syntax_error(expression)
        errors += [OptionError(("assert",), error)] if error else []
    path = options.get("path")
    reason = _path_error(path) if isinstance(path, str) else None
    if reason:
        errors.append(OptionError(("path",), reason))
    return errors


def _path_error(path: str) -> str | None:
    """Why ``path`` is not a file's path relative to the repository root, or None; SARIF
    consumers such as GitHub reject any other location."""
    segments = path.split("/")
    if path.startswith("/"):
        return "an absolute path; give it relative to the repository root, like docs/index.md"
    if ".." in segments:
        return "a '..' segment leads out of the repository; give the path from its root"
    if any(segment in ("", ".") for segment in segments):
        return "write the file's path without '.' or empty segments, like docs/index.md"
    return None


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    from policylint import cel

    if not cel.condition(rule, "options.assert", rule.options["assert"], facts):
        problem = _problem(rule.options["message"], rule.options.get("path"), facts)
        yield problem._replace(evidence=(_asserted(rule, "false"),))


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: its assertion, true on these facts."""
    return [_asserted(rule, "true")]


def _asserted(rule: Rule, value: str) -> str:
    """``assert exists("docs/**"): true``: the expression, on one line, and its value."""
    from policylint.display import one_line

    return f"assert {display(one_line(rule.options['assert'], 120))}: {value}"


def _problem(message: str, path: str | None, facts: Facts) -> Problem:
    """The finding, at ``path`` when that file exists; else at no file, saying it is missing."""
    if path is None or facts.repo.has(path):
        return Problem(message, path)
    return Problem(f"{message} ({display(path)} does not exist)")

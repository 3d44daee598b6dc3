"""file-exists: one of several files exists.

What it checks
    That at least one file matching one of ``globs`` exists in one of ``directories`` (by
    default the repository root, ``.github/`` and ``docs/``, the places GitHub itself looks for
    community files). Matching ignores case unless ``case-sensitive`` is true, so ``readme*``
    finds ``README.md``, ``Readme.rst`` and ``readme``.

Why
    Community files that a newcomer cannot find might as well not exist. Checking the same
    places and spellings GitHub and CLOMonitor accept avoids false alarms on projects that
    keep, say, ``docs/CONTRIBUTING.rst``.

Options
    ``globs`` (list of globs, required): gitignore-style patterns relative to each directory;
    ``governance*`` or ``releasenotes/notes/*.yaml``. A pattern starting with ``**/`` matches at
    any depth below the directory; one ending in ``/`` (``changelog.d/``) is a directory that
    holds at least one file. A name also matches a directory's contents (``license*`` finds
    ``LICENSES/MIT.txt``).
    ``directories`` (list, default ``["", ".github", "docs"]``): where to look; ``""`` is the root.
    ``case-sensitive`` (bool, default false).
    ``message`` (string): the finding's message instead of the generated one.

Example
    ```yaml
    governance-file:
      kind: file-exists
      title: The project documents its governance
      severity: error
      options:
        globs: ["governance*"]
    ```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.globs import GlobSet, compile_globs, pattern_errors
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import Rule

NAME = "file-exists"
NEEDS = frozenset({"repo"})
DEFAULT_DIRECTORIES = ("", ".github", "docs")
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["globs"],
    "properties": {
        "globs": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 1},
            "description": "Patterns relative to each directory; any match satisfies the rule.",
        },
        "directories": {
            "type": "array",
            "items": {"type": "string"},
            "default": list(DEFAULT_DIRECTORIES),
            "description": 'Where to look; "" is the repository root.',
        },
        "case-sensitive": {"type": "boolean", "default": False},
        "message": {"type": "string", "minLength": 1},
    },
}


def globset(options: dict[str, Any]) -> GlobSet:
    """The compiled patterns, anchored at whichever directory they are looked for in; a
    trailing ``/`` stays, so ``changelog.d/`` means a directory with a file in it."""
    anchored = tuple("/" + glob.lstrip("/") for glob in options["globs"])
    return compile_globs(anchored, ignore_case=not options.get("case-sensitive", False))


def validate(options: dict[str, Any]) -> list[OptionError]:
    errors = [OptionError(("globs", i), msg) for i, msg in pattern_errors(options["globs"])]
    errors += [
        OptionError(("directories", i), "a directory is a literal path, not a glob")
        for i, directory in enumerate(options.get("directories", ()))
        if any(c in directory for c in "*?[")
    ]
    return errors


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    globs = globset(rule.options)
    directories = rule.options.get("directories", DEFAULT_DIRECTORIES)
    if any(facts.repo.glob(globs, base=directory) for directory in directories):
        return
    yield Problem(rule.options.get("message") or _message(rule.options))


def _message(options: dict[str, Any]) -> str:
    places = [
        f"{d.strip('/')}/" if d.strip("/") else "the repository root"
        for d in options.get("directories", DEFAULT_DIRECTORIES)
    ]
    where = places[0] if len(places) == 1 else ", ".join(places[:-1]) + " or " + places[-1]
    return f"No file matching {', '.join(options['globs'])} in {where}"

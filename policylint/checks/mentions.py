"""mentions: one of a list of documents says something, in words a regular expression knows.

What it checks
    That one of the files listed (the literal paths of ``files``, plus those of the policy
    ``params`` named by ``files-params``, in order) matches every regular expression of
    ``patterns`` — the same file all of them — or that a file matching one of the ``exists``
    globs is in the checkout. Regular expressions are searched in the first 64 Ki characters
    of each file, as CEL's ``read()`` reads them; a missing, binary or oversized file says
    nothing.

Why
    Governance is written in each project's own words: "lazy consensus" in one, "the TSC
    votes" in another. A rule that looks for the words real documents use, in whichever of
    the usual files holds them, judges what is written without requiring fixed headings —
    and without a CEL expression, so a hook that runs it starts no CEL interpreter.

Options
    A project whose documents live elsewhere overrides the params the pack names (for
    ``governance``: ``governance-files``, ``contributing-files``, ``maintainers-files``) once
    for all rules that read them.

Example
    ```yaml
    governance-decisions:
      kind: mentions
      title: Governance says how decisions are made
      severity: warning
      options:
        files: [GOVERNANCE.md, CONTRIBUTING.md]
        patterns: ["(?i)\\b(decisions?|consensus|vot(e|es|ing))\\b"]
        message: No governance document or contributing guide says how decisions are made
    ```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policylint.checks import Example
from policylint.globs import compile_globs, pattern_errors
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import Rule

READ_CHARS = 65_536  # as CEL's read()
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["patterns", "message"],
    "properties": {
        "files": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "default": [],
            "description": "Literal paths from the root, in order.",
        },
        "files-params": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "default": [],
            "description": "Names of policy params that hold more paths (lists of strings).",
        },
        "patterns": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 1},
            "description": "Regular expressions one file must all match.",
        },
        "exists": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "default": [],
            "description": "Globs (gitignore-style) of files whose presence alone passes.",
        },
        "message": {"type": "string", "minLength": 1, "description": "The finding's message."},
    },
}
EXAMPLES = (
    Example(
        options={
            "files": ["GOVERNANCE.md"],
            "patterns": ["(?i)consensus|vote"],
            "message": "Governance does not say how decisions are made",
        },
        passes={"files": {"GOVERNANCE.md": "Decisions are made by lazy consensus.\n"}},
        fails={"files": {"GOVERNANCE.md": "# Governance\n\nAda decides.\n"}},
        message="Governance does not say how decisions are made",
    ),
)


def validate(options: dict[str, Any]) -> list[OptionError]:
    errors = [
        OptionError(("exists", i), msg) for i, msg in pattern_errors(options.get("exists", []))
    ]
    for index, pattern in enumerate(options.get("patterns", [])):
        try:
            re.compile(pattern)
        except re.error as exc:
            errors.append(OptionError(("patterns", index), f"invalid regular expression: {exc}"))
    if not any(options.get(key) for key in ("files", "files-params", "exists")):
        errors.append(OptionError((), "give files, files-params or exists"))
    return errors


def listed_files(options: dict[str, Any], params: dict[str, Any]) -> list[str]:
    paths = list(options["files"])
    for name in options["files-params"]:
        value = params.get(name)
        if isinstance(value, list):
            paths += [p for p in value if isinstance(p, str)]
    return list(dict.fromkeys(paths))


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    options, repo = rule.options, facts.repo
    if options["exists"] and repo.glob(compile_globs(tuple(options["exists"]))):
        return
    patterns = _compiled(tuple(options["patterns"]))
    for path in listed_files(options, facts.params):
        if not repo.has(path.strip("/")):
            continue
        text = (repo.read_text(path.strip("/")).text or "")[:READ_CHARS]
        if all(pattern.search(text) for pattern in patterns):
            return
    yield Problem(options["message"])


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)

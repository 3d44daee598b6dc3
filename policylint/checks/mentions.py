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
        text = _text(facts, path)
        if text is not None and all(pattern.search(text) for pattern in patterns):
            return
    yield Problem(options["message"], evidence=tuple(_looked_at(rule, facts)))


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the file that exists, or the file and the fragments that
    matched."""
    from policylint.checks.support.evidence import fragment, paths

    options, repo = rule.options, facts.repo
    existing = repo.glob(compile_globs(tuple(options["exists"]))) if options["exists"] else ()
    if existing:
        return [f"found {paths(existing)}"]
    patterns = _compiled(tuple(options["patterns"]))
    for path in listed_files(options, facts.params):
        text = _text(facts, path)
        found = [p.search(text) for p in patterns] if text is not None else [None]
        if text is not None and all(found):
            return [fragment(path.strip("/"), text, m.group(0)) for m in found if m][:3]
    return []


def _text(facts: Facts, path: str) -> str | None:
    """The start of the listed file ``path`` (as CEL's read()), or None when it is absent."""
    path = path.strip("/")
    if not facts.repo.has(path):
        return None
    return (facts.repo.read_text(path).text or "")[:READ_CHARS]


def _looked_at(rule: Rule, facts: Facts) -> Iterator[str]:
    """Each listed file and why it did not satisfy the rule (at most three)."""
    from policylint.display import display

    listed = listed_files(rule.options, facts.params)
    patterns = _compiled(tuple(rule.options["patterns"]))
    for path in listed[:3]:
        text = _text(facts, path)
        missed = [p.pattern for p in patterns if text is not None and not p.search(text)]
        why = "not found" if text is None else f"no match of /{missed[0]}/"
        yield f"{display(path)}: {why}"
    if len(listed) > 3:
        yield f"and {len(listed) - 3} more files"
    if rule.options["exists"]:
        yield f"no file matching {display(', '.join(rule.options['exists']))}"


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)

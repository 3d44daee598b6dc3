"""co-change: when some files change, others change with them.

What it checks
    That a change touching files matching ``if-changed`` also touches at least ``min-count``
    files matching ``require-changed``: tests with code, documentation with public API, a
    release note with every user-facing change. Each changed file that triggers the rule gets
    its own finding, at that file, so a pull request shows the finding where the change is.

Why
    "Tests come with code" and "docs follow API changes" are easy to agree on and easy to
    forget in review. Checked on every change, they stop being a burden that falls on the few
    reviewers who remember to ask.

Options
    A file that matches both ``if-changed`` and ``require-changed`` triggers the rule and
    satisfies it: a change to tests alone needs no other test. A renamed file matches when its
    new or its old path does. Globs are gitignore-style and relative to the repository root:
    ``*.py`` matches at any depth, ``/src/**`` only under the root's ``src``; a pattern starting
    with ``!`` excludes what the patterns before it matched (``["src/**", "!src/**/_version.py"]``).

Example
    ```yaml
    tests-with-code:
      kind: co-change
      title: Code changes come with tests
      severity: error
      options:
        if-changed: ["src/**/*.py"]
        require-changed: ["tests/**"]
      skip: {labels: [no-tests-needed]}
    release-note:
      kind: co-change
      title: Every change to the code adds a release note
      severity: warning
      options:
        if-changed: ["src/**"]
        require-changed: ["releasenotes/notes/*.yaml"]
        require-status: added
    ```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks import NON_EMPTY_STRINGS, Example
from policylint.display import display
from policylint.globs import compile_globs, pattern_errors
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.facts.change import Change, ChangedFile
    from policylint.model import Rule

GLOB_OPTIONS = ("if-changed", "require-changed", "unless-changed")
ADDED = ("added", "copied")  # statuses that count as a new file for require-status: added
_EXCLUSION_FIRST = (
    "an exclusion (!) removes what the patterns before it matched, and this one has none; "
    "start with the files to match"
)
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["if-changed", "require-changed"],
    "properties": {
        "if-changed": {
            **NON_EMPTY_STRINGS,
            "description": "Globs of the changed files that trigger the rule.",
        },
        "require-changed": {
            **NON_EMPTY_STRINGS,
            "description": "Globs of the files that must change too.",
        },
        "unless-changed": {
            **NON_EMPTY_STRINGS,
            "description": (
                "When any changed file matches one of these globs, the rule is satisfied "
                "(an escape hatch such as a .no-release-note marker file)."
            ),
        },
        "require-status": {
            "enum": ["any", "added"],
            "default": "any",
            "description": (
                "With added, only files the change adds count (a copy counts, a rename or an "
                "edit does not): a new reno note, not an edit of an old one."
            ),
        },
        "min-count": {
            "type": "integer",
            "minimum": 1,
            "default": 1,
            "description": "How many matching files must change.",
        },
        "ignore-deleted": {
            "type": "boolean",
            "default": True,
            "description": (
                "A deleted file does not trigger the rule (deleting dead code needs no new "
                "test); false where a removal needs a docs change or a release note too."
            ),
        },
        "message": {
            "type": "string",
            "minLength": 1,
            "description": "Put before each finding's message, as message: detail.",
        },
    },
}
EXAMPLES = (
    Example(
        options={"if-changed": ["src/**/*.py"], "require-changed": ["tests/**"]},
        passes={"change": {"files": {"src/app.py": "x = 2\n", "tests/test_app.py": "x\n"}}},
        fails={"change": {"files": {"src/app.py": "x = 2\n"}}},
        message="src/app.py changed, but no file matching tests/** changed (1 required)",
    ),
)


def validate(options: dict[str, Any]) -> list[OptionError]:
    errors: list[OptionError] = []
    for name in GLOB_OPTIONS:
        globs = options.get(name, [])
        errors += [OptionError((name, i), msg) for i, msg in pattern_errors(globs)]
        if globs and globs[0].lstrip().startswith("!"):
            errors.append(OptionError((name, 0), _EXCLUSION_FIRST))
    return errors


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    change, options = facts.change, rule.options
    assert change is not None  # the engine runs this kind only with a change
    triggers = _triggers(change, options)
    if not triggers or _escaped(change, options):
        return
    counted, other = _required(change, options)
    if len(counted) >= options["min-count"]:
        return
    shortfall = _shortfall(options, counted, other)
    prefix = f"{options['message']}: " if "message" in options else ""
    looked_at = (f"the change: {_names(list(change.files), with_status=True)}",)
    for changed in triggers:
        message = f"{prefix}{_described(changed)} changed, but {shortfall}"
        yield Problem(message, path=changed.path, key=changed.path, evidence=looked_at)


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the matching files that changed, the ``unless-changed`` file,
    or that no changed file triggers it."""
    change, options = facts.change, rule.options
    assert change is not None
    if not _triggers(change, options):
        return [f"no changed file matches {_patterns(options['if-changed'])}"]
    unless = tuple(options.get("unless-changed", ()))
    escaped = change.matching(compile_globs(unless)) if unless else []
    if escaped:
        return [f"unless-changed: {_names(escaped, with_status=True)}"]
    counted = _required(change, options)[0]
    return [
        f"matching {_patterns(options['require-changed'])}: {_names(counted, with_status=True)}"
    ]


def _triggers(change: Change, options: dict[str, Any]) -> list[ChangedFile]:
    matched = change.matching(compile_globs(tuple(options["if-changed"])))
    if options["ignore-deleted"]:
        return [f for f in matched if f.status != "deleted"]
    return matched


def _escaped(change: Change, options: dict[str, Any]) -> bool:
    unless = tuple(options.get("unless-changed", ()))
    return bool(unless) and bool(change.matching(compile_globs(unless)))


def _required(
    change: Change, options: dict[str, Any]
) -> tuple[list[ChangedFile], list[ChangedFile]]:
    """The matching files that count, and those that do not (for require-status: added)."""
    matched = change.matching(compile_globs(tuple(options["require-changed"])))
    if options["require-status"] == "any":
        return matched, []
    return [f for f in matched if f.status in ADDED], [f for f in matched if f.status not in ADDED]


def _shortfall(
    options: dict[str, Any], counted: list[ChangedFile], other: list[ChangedFile]
) -> str:
    """``no file matching tests/** changed (1 required)``, and what did not count."""
    globs = _patterns(options["require-changed"])
    verb = "was added" if options["require-status"] == "added" else "changed"
    if counted:
        files = "file" if len(counted) == 1 else "files"
        what = f"only {len(counted)} {files} matching {globs} {verb} ({_names(counted)})"
    else:
        what = f"no file matching {globs} {verb}"
    notes = f"{options['min-count']} required"
    if other:
        notes += f"; not added: {_names(other, with_status=True)}"
    return f"{what} ({notes})"


def _patterns(globs: list[str], shown: int = 4) -> str:
    """``tests/**, test/**``; a long list cut after ``shown`` patterns (a changelog rule
    accepts thirty spellings; the rule's help says which matter)."""
    positive = [glob for glob in globs if not glob.lstrip().startswith("!")]
    if len(positive) <= shown:
        return ", ".join(globs)
    return f"{', '.join(positive[:shown])} or {len(positive) - shown} more patterns"


def _names(files: list[ChangedFile], *, with_status: bool = False) -> str:
    """``a.yaml, b.yaml`` or ``a.yaml (modified)``; at most three, then how many more."""
    shown = [
        f"{display(f.path)} ({f.status})" if with_status else display(f.path) for f in files[:3]
    ]
    more = f" and {len(files) - 3} more" if len(files) > 3 else ""
    return ", ".join(shown) + more


def _described(changed: ChangedFile) -> str:
    if changed.old_path is not None and changed.status == "renamed":
        return f"{display(changed.path)} (renamed from {display(changed.old_path)})"
    return display(changed.path)

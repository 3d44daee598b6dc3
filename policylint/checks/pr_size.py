"""pr-size: a change stays small enough to review.

What it checks
    That a change touches at most ``max-files`` files and changes at most ``max-lines`` lines
    (lines added plus lines deleted, as ``git diff --numstat`` counts them). Generated files
    matching ``exclude`` do not count at all; a binary file counts as a file but adds no lines.
    Each limit that is exceeded is one finding for the whole change (no file of its own).

Why
    Review quality drops as changes grow: a reviewer reads a small change closely and skims a
    large one. A size limit nudges contributors towards changes one person can review well,
    which spreads review work instead of piling it on the few who dare open a big diff.

Options
    At least one of ``max-files`` and ``max-lines`` is required. Globs of ``exclude`` are
    gitignore-style and relative to the root (``!`` re-includes); the default list holds lock
    files, minified assets and test snapshots.

Example
    ```yaml
    small-changes:
      kind: pr-size
      title: Changes stay small enough to review
      severity: warning
      options:
        max-files: 50
        max-lines: 800
      skip: {labels: [large-change-ok]}
    ```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from policylint.checks import Example
from policylint.globs import compile_globs, pattern_errors
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.facts.change import Change
    from policylint.model import Rule

DEFAULT_EXCLUDE = (
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lockb",
    "poetry.lock",
    "Pipfile.lock",
    "pdm.lock",
    "uv.lock",
    "Cargo.lock",
    "go.sum",
    "Gemfile.lock",
    "composer.lock",
    "flake.lock",
    "*.min.js",
    "*.min.css",
    "__snapshots__/",
    "*.snap",
)
_LIMIT = {"type": "integer", "minimum": 1}
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "max-files": {**_LIMIT, "description": "The most files a change may touch."},
        "max-lines": {**_LIMIT, "description": "The most lines added plus deleted."},
        "exclude": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "default": list(DEFAULT_EXCLUDE),
            "description": (
                "Globs of generated files that do not count; replaces the default list "
                "([] counts every file)."
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
        options={"max-files": 2},
        passes={"change": {"files": {"a.py": "a\n", "b.py": "b\n"}}},
        fails={"change": {"files": {"a.py": "a\n", "b.py": "b\n", "c.py": "c\n"}}},
        message="The change touches 3 files, more than the limit of 2",
    ),
)


class Size(NamedTuple):
    """What a change counts as: files, lines added and deleted, and what was left out."""

    files: int
    additions: int
    deletions: int
    excluded: int
    binary: int

    @property
    def lines(self) -> int:
        return self.additions + self.deletions


def validate(options: dict[str, Any]) -> list[OptionError]:
    errors = [OptionError(("exclude", i), m) for i, m in pattern_errors(options.get("exclude", []))]
    if "max-files" not in options and "max-lines" not in options:
        errors.append(OptionError((), "set max-files, max-lines or both"))
    return errors


def check(rule: "Rule", facts: "Facts") -> Iterator[Problem]:
    assert facts.change is not None  # the engine runs this kind only with a change
    options = rule.options
    size = measure(facts.change, tuple(options["exclude"]))
    max_files, max_lines = options.get("max-files"), options.get("max-lines")
    too_many = max_files is not None and size.files > max_files
    too_long = max_lines is not None and size.lines > max_lines
    looked_at = _not_counted(facts.change, options) if too_many or too_long else ()
    if too_many:
        detail = f"the change touches {size.files} files, more than the limit of {max_files}"
        message = _message(options, detail + _left_out(size, lines=False))
        yield Problem(message, key="files", evidence=looked_at)
    if too_long:
        detail = (
            f"the change has {size.lines} changed lines ({size.additions} added, "
            f"{size.deletions} deleted), more than the limit of {max_lines}"
        )
        message = _message(options, detail + _left_out(size, lines=True))
        yield Problem(message, key="lines", evidence=looked_at)


def _not_counted(change: "Change", options: dict[str, Any]) -> tuple[str, ...]:
    """The files ``exclude`` left out, by name (the message counts them)."""
    from policylint.checks.support.evidence import changed

    exclude = tuple(options["exclude"])
    excluded = change.matching(compile_globs(exclude)) if exclude else []
    return (f"not counted: {changed(excluded)}",) if excluded else ()


def evidence(rule: "Rule", facts: "Facts") -> list[str]:
    """What satisfied the rule: the change's size against its limits."""
    assert facts.change is not None
    options = rule.options
    size = measure(facts.change, tuple(options["exclude"]))
    files, lines = _count(size.files, "file") or "0 files", _count(size.lines, "changed line")
    limits = [
        f"{files} (limit {options['max-files']})" if "max-files" in options else "",
        f"{lines or '0 changed lines'} (limit {options['max-lines']})"
        if "max-lines" in options
        else "",
    ]
    left_out = _left_out(size, lines="max-lines" in options)
    return [f"the change: {', '.join(part for part in limits if part)}{left_out}"]


def measure(change: "Change", exclude: tuple[str, ...]) -> Size:
    """The change's size without the files ``exclude`` matches (by new or old path)."""
    excluded = set(change.matching(compile_globs(exclude))) if exclude else set()
    counted = [f for f in change.files if f not in excluded]
    return Size(
        files=len(counted),
        additions=sum(f.additions or 0 for f in counted),
        deletions=sum(f.deletions or 0 for f in counted),
        excluded=len(excluded),
        binary=sum(1 for f in counted if f.binary),
    )


def _message(options: dict[str, Any], detail: str) -> str:
    if "message" in options:
        return f"{options['message']}: {detail}"
    return detail[0].upper() + detail[1:]


def _left_out(size: Size, *, lines: bool) -> str:
    """`` (not counted: 2 excluded files, 1 binary file)``, or "" when nothing was left out."""
    parts = [_count(size.excluded, "excluded file")]
    if lines:
        parts.append(_count(size.binary, "binary file"))
    kept = [part for part in parts if part]
    return f" (not counted: {', '.join(kept)})" if kept else ""


def _count(number: int, noun: str) -> str:
    return "" if not number else f"{number} {noun}{'' if number == 1 else 's'}"

"""Regular-expression options and Conventional Commits headers, shared by the pull-request
and commit kinds (pr-title, commit-message).

A pattern option holds one regular expression or a list of them, run by RE2 in linear time
(``policylint.linear``: the text is untrusted). Each must compile (``regex_option_errors``, for
a kind's ``validate``); each is compiled once per process, on first use (``compiled``), because
kind modules are imported on the pre-commit hook's path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policylint.model import OptionError

if TYPE_CHECKING:
    from policylint.linear import LinearPattern

_PATTERN = {"type": "string", "minLength": 1}
PATTERNS_SCHEMA: dict[str, Any] = {
    "anyOf": [_PATTERN, {"type": "array", "minItems": 1, "items": _PATTERN}],
}
# The types of @commitlint/config-conventional, which most projects that use the preset know.
CONVENTIONAL_TYPES = (
    *("build", "chore", "ci", "docs", "feat", "fix"),
    *("perf", "refactor", "revert", "style", "test"),
)
PRESET_OPTIONS: dict[str, Any] = {
    "preset": {
        "enum": ["conventional-commits"],
        "description": 'Conventional Commits: "type(scope)!: description".',
    },
    "types": {
        "type": "array",
        "minItems": 1,
        "items": {"type": "string", "pattern": r"^[A-Za-z0-9_-]+$"},
        "default": list(CONVENTIONAL_TYPES),
        "description": "The types the conventional-commits preset accepts.",
    },
}
CONVENTIONAL_FORM = '"type(scope)!: description", scope and "!" optional'


def patterns(value: str | list[str] | None) -> list[str]:
    """A pattern option's expressions: none, the one given, or the list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def regex_error(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used (RE2 cannot compile it), or None."""
    from policylint.linear import regex_problem

    return regex_problem(pattern)


def regex_option_errors(options: dict[str, Any], name: str) -> list[OptionError]:
    """An error for each expression of option ``name`` that does not compile, at its path:
    ``(name,)`` for a single expression, ``(name, index)`` in a list."""
    value = options.get(name)
    single = isinstance(value, str)
    errors = []
    for index, pattern in enumerate(patterns(value)):
        error = regex_error(pattern)
        if error:
            path: tuple[str | int, ...] = (name,) if single else (name, index)
            errors.append(OptionError(path, f"invalid regular expression: {error}"))
    return errors


def compiled(pattern: str) -> LinearPattern:
    """``pattern`` compiled by RE2 (once per process): titles and subjects are untrusted text."""
    from policylint.linear import compile_linear

    return compile_linear(pattern)


def preset_errors(options: dict[str, Any]) -> list[OptionError]:
    if "types" in options and options.get("preset") != "conventional-commits":
        return [OptionError(("types",), "types apply only with preset: conventional-commits")]
    return []


@lru_cache(maxsize=1)
def _header() -> re.Pattern[str]:
    # Linear (``match``, anchored): the type's class and the scope's class cannot cross ``(``,
    # ``)`` or ``:``, so a failed header gives back each character once, never re-splitting.
    return re.compile(r"(?P<type>[A-Za-z0-9_-]+)(?:\([^()\r\n]+\))?!?: \S")


def conventional_problem(header: str, types: Sequence[str]) -> str | None:
    """What keeps ``header`` from being a Conventional Commits header with one of ``types``
    (compared ignoring case, as the specification asks), or None."""
    found = _header().match(header)
    if not found:
        return f"does not follow Conventional Commits ({CONVENTIONAL_FORM})"
    if found.group("type").lower() not in {kind.lower() for kind in types}:
        return f'has type "{found.group("type")}", not one of {", ".join(types)}'
    return None


# ASCII letters only: JavaScript's /i never matches a non-ASCII character to an ASCII one,
# and lowering only ASCII keeps every index where it was.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def greedy_split(text: str, separators: Sequence[str]) -> list[str] | None:
    """``text`` cut as the regular expression ``(.*)s1(.*)s2...(.*)`` cuts it, every group
    greedy and the separators (ASCII) matched ignoring case; None when they do not occur in
    order. The groups are found from the right in linear time: a backtracking regex takes
    time polynomial in the separators' count, and the text is untrusted."""
    folded, end = text.translate(_ASCII_LOWER), len(text)
    cuts: list[tuple[int, int]] = []
    for separator in reversed(separators):
        start = folded.rfind(separator.lower(), 0, end)
        if start < 0:
            return None
        cuts.insert(0, (start, start + len(separator)))
        end = start
    pieces, position = [], 0
    for start, stop in cuts:
        pieces.append(text[position:start])
        position = stop
    return [*pieces, text[position:]]

"""The patch-debt kind's deprecation scan (not a kind): source files searched for deprecations
whose announced removal is due, by date or by the project's current version.

The options are patch-debt's ``deprecations`` mapping; its docstring documents them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policylint.checks.support.dates import days_phrase, parse_date
from policylint.display import one_line
from policylint.globs import compile_globs, pattern_errors
from policylint.linear import compile_linear, regex_problem
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    import datetime

    from policylint.facts.repo import Repo
    from policylint.linear import LinearPattern, Match

MAX_SOURCE_FILES = 20_000
DEFAULT_DEPRECATION = (
    r"(?i)deprecat.{0,200}?\b(?:remov(?:e|ed|al)|drop(?:ped)?|delet(?:e|ed|ion))"
    r"(?:[ \t_-]*(?:in|by|after|on|at|from|with|version|date))?[ \t=:\"'(]*"
    r"(?:version[ \t]+|v)?(?:(?P<date>\d{4}-\d{1,2}-\d{1,2})|(?P<version>\d+(?:\.\d+)*)\b)"
)


def deprecations_errors(options: dict[str, Any]) -> list[OptionError]:
    """What is wrong with the ``deprecations`` options that their schema cannot say."""
    errors = [
        OptionError(("deprecations", "globs", i), msg)
        for i, msg in pattern_errors(options["globs"])
    ]
    return errors + _pattern_errors(options.get("pattern"))


def _pattern_errors(pattern: str | None) -> list[OptionError]:
    """Why a ``pattern`` cannot be used: it does not compile, or has no group date or version."""
    if pattern is None:
        return []
    problem = regex_problem(pattern)
    if problem:
        return [OptionError(("deprecations", "pattern"), f"not a regular expression: {problem}")]
    groups = compile_linear(pattern, multiline=True).groupindex
    if "date" in groups or "version" in groups:
        return []
    message = "needs a named group (?P<date>...) or (?P<version>...) holding the removal"
    return [OptionError(("deprecations", "pattern"), message)]


def deprecation_problems(
    repo: Repo, options: dict[str, Any], today: datetime.date
) -> Iterator[Problem]:
    """A problem at each deprecation, in the files ``options["globs"]`` match, that is due."""
    pattern = _compiled(options.get("pattern", DEFAULT_DEPRECATION))
    current = options.get("current-version")
    prefilter = "pattern" not in options  # the default pattern needs the word "deprecat"
    for path in repo.glob(compile_globs(tuple(options["globs"])))[:MAX_SOURCE_FILES]:
        text = repo.read_text(path).text
        if text is None or (prefilter and _deprecat().search(text) is None):
            continue
        for match in pattern.finditer(text):
            message = _deprecation_message(match, current, today)
            if message:
                line = text.count("\n", 0, match.start()) + 1
                yield Problem(message, path, line, key=f"{path}:{one_line(match[0], 80)}")


def _compiled(pattern: str) -> LinearPattern:
    """By RE2: the pattern runs over the repository's files, in time linear in their size."""
    return compile_linear(pattern, multiline=True)


@lru_cache(maxsize=1)
def _deprecat() -> re.Pattern[str]:
    return re.compile("deprecat", re.IGNORECASE)


def _deprecation_message(match: Match, current: str | None, today: datetime.date) -> str | None:
    groups = match.groupdict()
    written, version = groups.get("date"), groups.get("version")
    due = parse_date(written) if written else None
    if written and due is None:
        return f"Deprecation removal date {one_line(written, 40)!r} is not a date (YYYY-MM-DD)"
    if due is not None and due < today:
        overdue = f"Deprecation overdue since {due.isoformat()} ({days_phrase(today - due)})"
        return f"{overdue}: remove the deprecated code, or move its removal date"
    if version and current is not None and _version(version) <= _version(current):
        due_in = f"Deprecation due for removal in {version}; the current version is {current}"
        return f"{due_in}: remove the deprecated code, or move its removal to a later version"
    return None


def _version(text: str) -> tuple[int, ...]:
    """The leading dotted numbers of a version, trailing zeros dropped: ``v2.1.0rc1`` -> (2, 1)."""
    match = re.match(r"v?(\d+(?:\.\d+)*)", text.strip())
    parts = [int(part) for part in match[1].split(".")] if match else [0]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)

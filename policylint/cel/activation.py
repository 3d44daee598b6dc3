"""What an expression sees: small precomputed variables and functions backed by the facts.

Only the names an expression mentions are computed. A variable is one entry in ``VARIABLES``
(a function of the facts returning the CEL value), a function one in ``FUNCTIONS`` (returning
the CEL function). One that reads facts the run lacks raises ``MissingFacts``: the rule is
skipped with the reason, not failed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from policylint.cel import change, functions
from policylint.cel.values import to_cel

if TYPE_CHECKING:
    from policylint.facts import Facts


def repo_map(facts: Facts) -> Any:
    """``repo``: ``{root: string, file_count: int}``."""
    return to_cel({"root": str(facts.repo.root), "file_count": len(facts.repo.files)})


def params_map(facts: Facts) -> Any:
    """``params``: the policy's ``params``, as CEL values."""
    try:
        return to_cel(dict(facts.params))
    except ValueError as exc:
        raise ValueError(f"params: {exc}") from None


def now_timestamp(facts: Facts) -> Any:
    """``now``: the run's fixed time, a timestamp in UTC."""
    return to_cel(datetime.datetime.fromtimestamp(facts.now, tz=datetime.timezone.utc))


VARIABLES: dict[str, Callable[[Facts], Any]] = {
    "repo": repo_map,
    "params": params_map,
    "now": now_timestamp,
    "change": change.change_map,
    "commits": change.commits_map,
    "pr": change.pr_map,
}

FUNCTIONS: dict[str, Callable[[Facts], functions.CelFunction]] = {
    "exists": functions.exists_function,
    "count": functions.count_function,
    "read": functions.read_function,
    "duration": functions.duration_function,
    "matches": functions.matches_function,
    "changed": change.changed_function,
    "added": change.added_function,
}

# Bound for every expression: operators are not names an expression mentions.
OPERATORS: dict[str, functions.CelFunction] = {"_+_": functions.add}

# Functions that read the file listing: it is listed before the time budget starts, so a
# first `git ls-files` on a large checkout does not count against the expression.
_LISTING_FUNCTIONS = frozenset({"exists", "count", "read"})


def bind(names: AbstractSet[str], facts: Facts) -> tuple[dict[str, Any], dict[str, Any]]:
    """The variables and functions an expression mentions (``names``, a compiled program's);
    ValueError for unusable params."""
    context = {name: VARIABLES[name](facts) for name in sorted(names & VARIABLES.keys())}
    bound = {name: FUNCTIONS[name](facts) for name in sorted(names & FUNCTIONS.keys())}
    bound.update(OPERATORS)
    if names & _LISTING_FUNCTIONS:
        facts.repo.list_files()  # now, outside the time budget
    return context, bound

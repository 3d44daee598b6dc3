"""What a runner is given: the jobs (a repository each) and the callback for their rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from policylint.audit.sources import Target

if TYPE_CHECKING:
    from policylint.audit.worker import Row


class Job(NamedTuple):
    target: Target
    # The start of the previous row's key (``results.DoneSet``), when resuming: its row
    # stands if the repository's key still starts with it.
    done_key: str | None = None
    position: int = 0  # the repository's place in the audit's order


# Called as each repository finishes: its row, or None when unchanged since the previous one.
OnRow = Callable[[Job, "Row | None"], None]

"""What a runner is given: the jobs (a repository each) and the callback for their rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from policylint.audit.sources import Target

if TYPE_CHECKING:
    from policylint.audit.worker import Row


class Job(NamedTuple):
    target: Target
    done_key: str | None = None  # the journal's key for this repository, when resuming


# Called as each repository finishes: its row, or None when unchanged since the journal's.
OnRow = Callable[[Target, "Row | None"], None]

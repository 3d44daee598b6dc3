"""``Example``: the record of a kind's ``EXAMPLES`` (kept apart from ``kind_docs``, which
imports modules the pre-commit hook's path does without)."""

from __future__ import annotations

from typing import Any


class Example:
    """A rule's options, a case it passes and one it fails, and the finding of the failing one.
    A case is written as in a policy test (``files``, ``change``, ``commits``, ``history``,
    ``pr``, ``now``: see docs/policy-tests.md). A plain class, not a NamedTuple: every kind
    module builds its examples on import, on the hook path too (a NamedTuple class costs
    about 0.3 ms to create)."""

    __slots__ = ("fails", "message", "options", "passes")

    def __init__(
        self,
        *,
        options: dict[str, Any],
        passes: dict[str, Any],
        fails: dict[str, Any],
        message: str,
    ) -> None:
        self.options = options
        self.passes = passes
        self.fails = fails
        self.message = message

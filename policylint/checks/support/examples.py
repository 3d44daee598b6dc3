"""``Example``: the record of a kind's ``EXAMPLES`` (kept apart from ``kind_docs``, which
imports modules the pre-commit hook's path does without)."""

from __future__ import annotations

from typing import Any, NamedTuple


class Example(NamedTuple):
    """A rule's options, a case it passes and one it fails, and the finding of the failing one.
    A case is written as in a policy test (``files``, ``change``, ``commits``, ``history``,
    ``pr``, ``now``: see docs/policy-tests.md)."""

    options: dict[str, Any]
    passes: dict[str, Any]
    fails: dict[str, Any]
    message: str

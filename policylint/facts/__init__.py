"""Facts: lazily computed, immutable views of what a policy is evaluated against."""

from __future__ import annotations

from typing import Any, NamedTuple

from policylint.facts.repo import Repo


class Facts(NamedTuple):
    """What the engine hands to checks. Facts that a run does not have are ``None``."""

    repo: Repo
    params: dict[str, Any] = {}  # noqa: RUF012 - never mutated; NamedTuple default
    # Seconds since the epoch, fixed for the whole run so every rule sees the same "now".
    now: float = 0.0

    def missing(self, needs: frozenset[str]) -> str | None:
        """Why a check that needs ``needs`` cannot run here, or None when it can."""
        absent = sorted(need for need in needs if need != "repo")
        if not absent:
            return None
        return f"needs {' and '.join(absent)} facts, which this run does not have"

"""Facts: lazily computed, immutable views of what a policy is evaluated against."""

from typing import TYPE_CHECKING, Any, NamedTuple

from policylint.facts.repo import Repo

if TYPE_CHECKING:  # annotations only: the hook path imports these readers only when it asks
    from policylint.facts.change import Change
    from policylint.facts.commits import Commit
    from policylint.facts.history import History
    from policylint.facts.pr import PullRequest
else:
    # At run time ``Facts``' field types are never read; naming them as strings would make
    # ``NamedTuple`` build ``ForwardRef``s, and the first one costs ~0.9 ms (``compile``
    # initialises the AST types), a fifth of the hook's own work. ``Any`` stands in.
    Change = Commit = History = PullRequest = Any

# How to give a run each fact it may lack, for the reason a rule is skipped.
HOW_TO_GET = {
    "change": "--base REF, --staged or pull-request metadata",
    "commits": "--base REF, --commit-msg FILE (the commit-msg hook) or pull-request metadata",
    "pr": "pull-request metadata (a CI event, --pr-json, or --title/--body/--label)",
    "history": "a git checkout (history is read from git log)",
}


class MissingFacts(Exception):
    """A rule's expression mentions facts this run lacks (``changed()`` without a change): the
    rule is skipped, with ``Facts.why_missing(needs)`` as the reason."""

    def __init__(self, needs: frozenset[str]) -> None:
        super().__init__(", ".join(sorted(needs)))
        self.needs = needs


class Facts(NamedTuple):
    """What the engine hands to checks. Facts that a run does not have are ``None``."""

    repo: Repo
    params: dict[str, Any] = {}  # noqa: RUF012 - never mutated; NamedTuple default
    # Seconds since the epoch, fixed for the whole run so every rule sees the same "now".
    now: float = 0.0
    change: Change | None = None
    commits: tuple[Commit, ...] | None = None
    pr: PullRequest | None = None
    history: History | None = None
    # ``--policy-ref``: the trusted revision. Files that decide who may approve a change
    # (CODEOWNERS) are read there, as GitHub reads the base branch's, never from the change.
    trusted_ref: str | None = None

    def why_missing(self, needs: frozenset[str]) -> str | None:
        """Why a check that needs ``needs`` cannot run here, or None when it can."""
        absent = sorted(need for need in needs if need != "repo" and getattr(self, need) is None)
        if not absent:
            return None
        how = "; ".join(f"{need}: {HOW_TO_GET[need]}" for need in absent)
        return f"needs {' and '.join(absent)} facts, which this run does not have ({how})"

"""The records of a policy test file: its cases, the commits they make and what they expect."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

from policylint.model import Location

if TYPE_CHECKING:
    from policylint.facts.pr import PullRequest
    from policylint.policytest.gitobjects import Identity

Status = Literal["pass", "fail", "skip", "error"]


class CommitSpec(NamedTuple):
    """One commit a case makes: files changed (None deletes), message, who, when."""

    files: dict[str, str | None]
    message: str
    author: Identity
    committer: Identity
    date: float | None = None  # seconds since the epoch; None: the case's now
    merge: bool = False  # a merge commit whose second parent is main's tip


class Expectation(NamedTuple):
    """What one rule should do in one case; ``origin`` is where ``expect`` names the rule."""

    rule: str
    status: Status
    messages: tuple[str, ...]
    origin: Location


class Case(NamedTuple):
    """One test case. ``commits`` is empty when the case has no change."""

    name: str
    origin: Location
    files: dict[str, str]
    expect: tuple[Expectation, ...]
    history: tuple[CommitSpec, ...] = ()
    commits: tuple[CommitSpec, ...] = ()
    pr: PullRequest | None = None
    now: float | None = None


class SpecFile(NamedTuple):
    """A test file: how it is shown, the policy as written (and where), its cases."""

    display: str
    policy: str
    policy_origin: Location
    cases: tuple[Case, ...]

"""The facts of one run, gathered from what the command line and the environment give.

Where each fact comes from, first match wins:

- the change and its commits: ``--staged`` (the index against HEAD; no commits yet);
  ``--commit-msg FILE`` (the staged change, and the commit being made); ``--base REF``
  (``--head`` defaults to HEAD); the pre-push range pre-commit exports
  (``PRE_COMMIT_FROM_REF``/``PRE_COMMIT_TO_REF``); the base and head of the pull request
  the CI platform describes. None of these: no change, and rules that need one are skipped.
- the pull request: ``--pr-json FILE``; ``--title``/``--body``/``--label``/``--author``; the CI
  platform's own event file or variables (GitHub Actions, GitLab merge-request pipelines).
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from policylint.errors import RepoError
from policylint.facts import Facts, platforms

if TYPE_CHECKING:
    from policylint.facts.change import Change
    from policylint.facts.commits import Commit
    from policylint.facts.history import History
    from policylint.facts.pr import CiContext, PullRequest
    from policylint.facts.repo import Repo


class Request(NamedTuple):
    """What the command line asked for (``None``/empty: not given)."""

    base: str | None = None
    head: str | None = None
    staged: bool = False
    commit_msg: str | None = None  # the message file of the commit being made
    pr_json: str | None = None
    title: str | None = None
    body: str | None = None
    labels: tuple[str, ...] = ()
    author: str | None = None
    detect_ci: bool = True


def gather(
    repo: "Repo",
    request: Request,
    env: Mapping[str, str],
    *,
    params: dict[str, object],
    now: float,
    reads: frozenset[str] | None = None,
) -> Facts:
    """The run's facts; ChangeError (a RepoError) when a range cannot be computed, and
    PullRequestError for unreadable pull-request metadata: never a change quietly left out.
    ``reads``: the facts the policy reads (``engine.facts_read``; None: any); the change's
    files, its commits and the history are read only when asked for (a range named is still
    resolved, so a bad ``--base`` is an error whatever the policy reads)."""
    wanted = Wanted(reads)
    if wanted.listing:
        repo.prefetch()  # listed while the change is read (no-op when listed already)
    context = _ci_context(request, env)
    change, commits = _change(repo.root, request, env, context, wanted)
    pr = _pull_request(request, context)
    history = history_of(repo) if wanted.history else None
    return Facts(
        repo=repo, params=params, now=now, change=change, commits=commits, pr=pr, history=history
    )


class Wanted:
    """Which of the facts read from git a run gathers."""

    __slots__ = ("commits", "files", "history", "listing")

    def __init__(self, reads: frozenset[str] | None) -> None:
        self.files = reads is None or "change" in reads
        self.commits = reads is None or "commits" in reads
        self.history = reads is None or "history" in reads
        self.listing = reads is None or "repo" in reads or self.history


def history_of(repo: "Repo") -> "History | None":
    """The checkout's git history, when it is a git work tree; reading it is left to the rules
    that ask (listing the files, which tells, is done once per run anyway)."""
    if not repo.is_git:
        return None
    from policylint.facts.history import History

    return History(repo.root)


# Variables whose presence means there may be a pre-push range to read: the hook path looks
# them up rather than import the change readers (a few ms on every commit).
PRE_PUSH_VARIABLES = ("PRE_COMMIT_TO_REF", "PRE_COMMIT_ORIGIN", "PRE_COMMIT_LOCAL_BRANCH")


def _ci_context(request: Request, env: Mapping[str, str]) -> "CiContext | None":
    if request.pr_json is not None:
        from policylint.facts import pr

        return pr.from_json(request.pr_json)
    if not request.detect_ci or not platforms.may_have_metadata(env):
        return None
    return platforms.detect(env)


def _pull_request(request: Request, context: "CiContext | None") -> "PullRequest | None":
    if request.pr_json is None and request.title is not None:
        from policylint.facts import pr

        return pr.from_flags(request.title, request.body, request.labels, request.author)
    if request.body is not None or request.labels or request.author is not None:
        from policylint.errors import PullRequestError

        raise PullRequestError("--body, --label and --author describe a pull request: add --title")
    return None if context is None else context.pr


def _change(
    root: str,
    request: Request,
    env: Mapping[str, str],
    context: "CiContext | None",
    wanted: Wanted,
) -> "tuple[Change | None, tuple[Commit, ...] | None]":
    asked = request.staged or request.commit_msg or request.base or context is not None
    if not asked and not any(env.get(name) for name in PRE_PUSH_VARIABLES):
        return None, None  # no change asked for: git is not asked either
    if request.staged or request.commit_msg is not None:
        return _staged(root, request, env, wanted)
    if request.base is not None:
        return _range(root, request.base, request.head or "HEAD", wanted)
    from policylint.facts.change import pre_push_range

    pushed = pre_push_range(env)
    if pushed is not None:
        return _range(root, *pushed, wanted)
    if context is not None and context.base is not None:
        head = request.head or context.head or "HEAD"
        try:
            return _range(root, context.base, head, wanted)
        except RepoError as exc:  # say where the base that cannot be used is written
            if not context.base_at:
                raise
            raise type(exc)([f"{context.base_at}: {problem}" for problem in exc.problems]) from None
    return None, None


def _staged(
    root: str, request: Request, env: Mapping[str, str], wanted: Wanted
) -> "tuple[Change | None, tuple[Commit, ...] | None]":
    """The staged change (``--staged``), with the commit being made (``--commit-msg``)."""
    staged = None
    if wanted.files:
        from policylint.facts.change import read_staged

        staged = read_staged(root)
    if request.commit_msg is None:
        return staged, None
    from policylint.facts.message import commit_from_file

    message = commit_from_file(root, request.commit_msg, env)
    return staged, (message,) if wanted.commits else None


def _range(
    root: str, base: str | None, head: str, wanted: Wanted
) -> "tuple[Change | None, tuple[Commit, ...] | None]":
    """A range's change and commits, as far as the policy reads them (resolved either way:
    a bad base is an error). Without the change's files, ``facts.change`` is not imported."""
    if wanted.files:
        from policylint.facts.change import read_range_parts

        return read_range_parts(root, base, head, commits=wanted.commits)
    if wanted.commits:
        from policylint.facts.commits import read_range_commits

        return None, read_range_commits(root, base, head)
    from policylint.facts.ranges import resolve_range

    resolve_range(root, base, head)
    return None, None

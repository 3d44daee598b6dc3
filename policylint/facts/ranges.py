"""Resolving a change's range: base, head and merge base as commit ids, in one git call.

Fail closed: whatever stops the range from being computed (not a git checkout, a base that
was never fetched, a shallow clone cut above the merge base, an unknown head) raises
ChangeError with a message that says how to fix it. A range is never guessed.
"""

import os
from typing import NamedTuple

from policylint.errors import RepoError
from policylint.git import GitOutput, Started, ambiguous, start_git

# The empty tree's id, by object format: git knows it without storing it.
EMPTY_TREE = {
    "sha1": "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
    "sha256": "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321",
}
CHECKOUT_HINT = "in GitHub Actions, check out with actions/checkout and `fetch-depth: 0`"


class ChangeError(RepoError):
    """A change or its commits cannot be read; the message says how to fix it."""


class Range(NamedTuple):
    """A resolved range. ``base`` and ``merge_base`` are "" for a root push: the diff then
    starts from the empty tree (``start``) and every commit reachable from ``head`` counts."""

    base: str
    head: str
    merge_base: str
    empty_tree: str
    git_dir: str = ""  # the repository's git directory, absolute

    @property
    def start(self) -> str:
        """What the diff starts from: the merge base, or the empty tree."""
        return self.merge_base or self.empty_tree


def git_in(root: str, *args: str) -> GitOutput:
    """``git -C root ARGS``; ChangeError when git is missing or root is no git checkout."""
    return checked(root, start_git_in(root, *args).wait())


def start_git_in(root: str, *args: str) -> Started:
    """``git_in`` started (``checked(root, started.wait())`` finishes it)."""
    try:
        return start_git("-C", root, *args)
    except FileNotFoundError:
        raise ChangeError("git was not found on PATH: reading a change needs git") from None


def checked(root: str, proc: GitOutput) -> GitOutput:
    """``proc``, or a ChangeError when git said root is no git checkout."""
    if proc.returncode != 0 and b"not a git repository" in proc.stderr:
        raise ChangeError(
            f"{root}: not a git repository: a change can only be read from a git checkout "
            "(run policylint in a clone, or leave out the change options)"
        )
    return proc


def resolve_range(root: str, base: str | None, head: str) -> Range:
    """Base, head and their merge base as commit ids, from one ``git rev-parse`` (which also
    tells whether the clone is shallow). ``base`` None: a root push."""
    check_revisions(base, head)
    wanted = f"{head}^{{commit}}" if base is None else f"{base}^{{commit}}...{head}^{{commit}}"
    proc = git_in(root, "rev-parse", "--is-shallow-repository", "--absolute-git-dir", wanted)
    if proc.returncode != 0:
        raise _unresolved(root, base, head, proc)
    _refuse_ambiguous(root, base, head)
    shallow, git_dir, head_id, *rest = os.fsdecode(proc.stdout).splitlines()
    empty = empty_tree(head_id)
    if base is None:
        return Range("", head_id, "", empty, git_dir)
    merge_bases = [line[1:] for line in rest[1:] if line.startswith("^")]
    if not merge_bases:
        raise _no_merge_base(base, head, shallow=shallow == "true")
    return Range(rest[0], head_id, merge_bases[0], empty, git_dir)


def _refuse_ambiguous(root: str, base: str | None, head: str) -> None:
    """A name that means two refs is refused: git would pick, say, a pushed tag named
    ``origin/main`` over the remote branch, and judge the change against it."""
    names = (head,) if base is None else (base, head)
    for ref, meanings in ambiguous(root, *names).items():
        raise ChangeError(
            f"{ref!r} is ambiguous: it names {' and '.join(meanings)}; name the one you mean in "
            f"full (such as {meanings[-1]}) or by commit id"
        )


def empty_tree(object_id: str) -> str:
    """The empty tree's id in the object format of ``object_id`` (SHA-1 or SHA-256)."""
    return EMPTY_TREE["sha256" if len(object_id) == 64 else "sha1"]


def check_revisions(base: str | None, head: str) -> None:
    """ChangeError unless ``base`` (when given) and ``head`` are each one revision name."""
    for ref in (head,) if base is None else (base, head):
        _check_revision(ref)


def _check_revision(ref: str) -> None:
    """A revision is one name git resolves; never an option, a range, or empty."""
    if not ref or ref.startswith("-") or "\0" in ref or ".." in ref:
        raise ChangeError(
            f"{ref!r} is not a git revision: give a branch, tag or commit id "
            "(such as origin/main or HEAD), not an option or a range"
        )


def _unresolved(root: str, base: str | None, head: str, proc: GitOutput) -> ChangeError:
    """Why rev-parse failed, found with a few more git calls (the failure path only)."""
    if not _is_commit(root, head):
        if head == "HEAD":
            return ChangeError("HEAD is not a commit: the repository has no commit yet")
        return ChangeError(
            f"head '{head}' is not a commit in this repository: check its name; "
            f"if it was not fetched, {_fetch_advice(root, head, 'head')}"
        )
    if base is not None and not _is_commit(root, base):
        return ChangeError(
            f"base '{base}' is not a commit in this clone (not fetched?): "
            f"{_fetch_advice(root, base, 'base')}; {CHECKOUT_HINT}"
        )
    message = proc.stderr.decode("utf-8", "replace").strip()
    return ChangeError(f"cannot read the change {base}...{head}: {message}")


def _is_commit(root: str, ref: str) -> bool:
    return git_in(root, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}").returncode == 0


def _no_merge_base(base: str, head: str, *, shallow: bool) -> ChangeError:
    if shallow:
        return ChangeError(
            f"no merge base between '{base}' and '{head}' in this shallow clone: the history "
            "that joins them was not fetched. Fetch more of it with `git fetch --deepen=100` "
            "(repeat until a merge base is found) or all of it with `git fetch --unshallow`; "
            + CHECKOUT_HINT
        )
    return ChangeError(
        f"'{base}' and '{head}' have no common history (no merge base), so the change "
        f"between them cannot be computed: give a base that '{head}' was branched from"
    )


def _fetch_advice(root: str, ref: str, role: str) -> str:
    """The exact command that fetches ``ref``, with the name to use afterwards if it differs."""
    import shlex

    remotes = _remotes(root)
    if _looks_like_commit_id(ref):
        return f"fetch it with `git fetch {shlex.quote(remotes[0])} {ref}`"
    remote, branch = _remote_and_branch(ref, remotes)
    if remote is None or any(c in branch for c in "~^@:{}"):
        return "fetch the whole history with `git fetch --unshallow`"
    spec = f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"
    advice = f"fetch it with `git fetch {shlex.quote(remote)} {shlex.quote(spec)}`"
    tracking = f"{remote}/{branch}"
    if ref not in (tracking, f"refs/remotes/{tracking}"):
        advice += f", then use {tracking} as the {role}"
    return advice


def _remotes(root: str) -> list[str]:
    """The configured remotes, ``origin`` first; ``["origin"]`` when there is none."""
    names = os.fsdecode(git_in(root, "remote").stdout).split()
    return sorted(names, key=lambda name: name != "origin") or ["origin"]


def _remote_and_branch(ref: str, remotes: list[str]) -> tuple[str | None, str]:
    """``origin/main`` -> (origin, main); ``main`` -> (first remote, main)."""
    name = ref.removeprefix("refs/remotes/")
    for remote in sorted(remotes, key=len, reverse=True):
        if name.startswith(remote + "/"):
            return remote, name[len(remote) + 1 :]
    if ref.startswith("refs/") and not ref.startswith("refs/heads/"):
        return None, ref
    return remotes[0], ref.removeprefix("refs/heads/")


def _looks_like_commit_id(ref: str) -> bool:
    return 7 <= len(ref) <= 64 and all(c in "0123456789abcdefABCDEF" for c in ref)

"""Change facts: what a change (a branch against its base, the index against HEAD, a pushed
range) adds, modifies, deletes and renames, read from git once per run.

A range costs three git processes whatever its size: ``rev-parse`` (base, head, merge base),
``diff-tree`` (statuses and line counts in one ``--raw --numstat -z`` stream) and ``log``
(the commits). Plumbing commands are used so that no user diff configuration (external diff
tools, textconv, ``diff.renames``) changes the facts. When the range cannot be computed,
ChangeError says how to fix it: a change is never quietly empty.
"""

import os
from typing import TYPE_CHECKING, Literal, NamedTuple

from policylint.facts.ranges import (
    EMPTY_TREE,
    ChangeError,
    Range,
    git_in,
    resolve_range,
)
from policylint.git import GitOutput, Started, start_git

if TYPE_CHECKING:
    from collections.abc import Mapping

    from policylint.facts.commits import Commit
    from policylint.globs import GlobSet

__all__ = [
    "Change",
    "ChangeError",
    "ChangedFile",
    "FileStatus",
    "pre_push_range",
    "read_range",
    "read_range_parts",
    "read_staged",
]

FileStatus = Literal["added", "modified", "deleted", "renamed", "copied", "type-changed"]


class ChangedFile(NamedTuple):
    """One file of a change. ``path`` is the new path (the old one for a deletion);
    ``additions``/``deletions`` are None for a binary file."""

    path: str
    status: FileStatus
    old_path: str | None = None  # renamed or copied from
    additions: int | None = 0
    deletions: int | None = 0

    @property
    def binary(self) -> bool:
        return self.additions is None


class Change(NamedTuple):
    """A change: ``files`` in path order, and what it was computed from.

    ``base`` and ``head`` are full commit ids (``head`` is "" for the index, as ``--staged``
    sees it); ``merge_base`` is the commit the diff starts from (three-dot semantics);
    ``description`` names the range for messages (``origin/main...HEAD``, ``the staged change``).
    """

    base: str
    head: str
    merge_base: str
    files: tuple[ChangedFile, ...]
    description: str

    def matching(self, globs: "GlobSet") -> list[ChangedFile]:
        """Changed files whose path (or, for a rename, old path) ``globs`` match."""
        return [
            f
            for f in self.files
            if globs.match(f.path) or (f.old_path is not None and globs.match(f.old_path))
        ]


STATUSES: dict[str, FileStatus] = {
    "A": "added",
    "M": "modified",
    "D": "deleted",
    "R": "renamed",
    "C": "copied",
    "T": "type-changed",
}
DIFF_OPTIONS = ("-r", "-z", "--raw", "--numstat", "--no-ext-diff", "--no-textconv")
ZERO_ID = frozenset("0")


def read_range(
    root: str, base: str | None, head: str = "HEAD", *, find_copies: bool = False
) -> "tuple[Change, tuple[Commit, ...]]":
    """The change ``base...head`` (from their merge base to head, renames detected) and its
    commits ``base..head``, newest first. ``base`` None is a root push: the change starts
    from the empty tree and every commit reachable from ``head`` is in it. ``find_copies``
    also reports a new file copied from a file the change modifies as ``copied``."""
    change, commits = read_range_parts(root, base, head, find_copies=find_copies)
    assert commits is not None  # asked for
    return change, commits


def read_range_parts(
    root: str,
    base: str | None,
    head: str = "HEAD",
    *,
    commits: bool = True,
    find_copies: bool = False,
) -> "tuple[Change, tuple[Commit, ...] | None]":
    """``read_range``, its commits only when asked for (None otherwise; the commits without
    the change are ``commits.read_range_commits``)."""
    from policylint.facts.commits import start_range_log

    if commits:
        resolved, log = start_range_log(root, base, head)
    else:
        resolved, log = resolve_range(root, base, head), None
    diff = _start_committed_diff(resolved, "-C" if find_copies else "-M")
    try:
        logged = None if log is None else log.commits()
    finally:
        diffed = diff.wait()  # reaped whatever happens
    where = f"{head} against the empty tree" if base is None else f"{base}...{head}"
    changed = _committed_files(resolved, diffed)
    return Change(resolved.base, resolved.head, resolved.merge_base, changed, where), logged


def read_staged(root: str) -> Change:
    """The staged change: the index against HEAD (against the empty tree before the first
    commit), renames detected. Its ``head`` is "" (the index is no commit)."""
    proc = git_in(root, "rev-parse", "-q", "--verify", "HEAD^{commit}")
    if proc.returncode not in (0, 1):
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise ChangeError(f"{root}: cannot read HEAD: {message}")
    base = proc.stdout.decode("ascii").strip()
    files = _diff(root, "diff-index", "--cached", "-M", base or _unborn_empty_tree(root))
    return Change(base, "", base, files, "the staged change")


def _unborn_empty_tree(root: str) -> str:
    """The empty tree before the first commit (git before 2.27 knows only SHA-1)."""
    shown = git_in(root, "rev-parse", "--show-object-format").stdout.decode("ascii").strip()
    return EMPTY_TREE.get(shown, EMPTY_TREE["sha1"])


def pre_push_range(env: "Mapping[str, str]") -> tuple[str | None, str] | None:
    """The range a pre-push hook run by pre-commit checks, as (base, head), or None.

    pre-commit >= 2 exports ``PRE_COMMIT_FROM_REF`` (what the remote has) and
    ``PRE_COMMIT_TO_REF`` (what is pushed). pre-commit 1 exported only ``PRE_COMMIT_SOURCE``
    (the remote's commit) and ``PRE_COMMIT_ORIGIN`` (the pushed one); pre-commit 2 sets these
    too, but swapped, which is why the new names win. A FROM that is absent or all zeros
    while TO is set is a new history: base None, every commit reachable from TO. When
    pre-commit pushes a root commit it exports no range at all, only the branch names:
    then ``PRE_COMMIT_LOCAL_BRANCH`` is pushed from the empty tree. A TO of all zeros (a
    branch deletion) pushes no change: None.
    """
    if env.get("PRE_COMMIT_TO_REF"):
        base, head = env.get("PRE_COMMIT_FROM_REF"), env["PRE_COMMIT_TO_REF"]
    elif env.get("PRE_COMMIT_ORIGIN"):
        base, head = env.get("PRE_COMMIT_SOURCE"), env["PRE_COMMIT_ORIGIN"]
    else:
        local, remote = env.get("PRE_COMMIT_LOCAL_BRANCH"), env.get("PRE_COMMIT_REMOTE_BRANCH")
        return (None, local) if local and remote else None
    if set(head) == ZERO_ID:
        return None
    return (None if not base or set(base) == ZERO_ID else base), head


def _start_committed_diff(resolved: Range, detection: str) -> Started:
    """The diff between two commits, read as a bare repository with no attributes from any
    tree: the change's own ``.gitattributes`` (``big.txt -diff``) must not make its lines
    uncounted. Binary files are still found by their content."""
    attributes = f"attr.tree={resolved.empty_tree}"  # git >= 2.42 reads no tree's attributes
    args = ("-c", "core.bare=true", "-c", attributes, "-C", resolved.git_dir)
    return start_git(
        *args, "diff-tree", *DIFF_OPTIONS, detection, resolved.start, resolved.head, "--"
    )


def _committed_files(resolved: Range, proc: GitOutput) -> tuple[ChangedFile, ...]:
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise ChangeError(f"{resolved.git_dir}: git diff-tree failed: {message}")
    return parse_diff(proc.stdout)


def _diff(root: str, command: str, *args: str) -> tuple[ChangedFile, ...]:
    proc = git_in(root, command, *DIFF_OPTIONS, *args, "--")
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise ChangeError(f"{root}: git {command} failed: {message}")
    return parse_diff(proc.stdout)


def parse_diff(output: bytes) -> tuple[ChangedFile, ...]:
    """Files from ``--raw --numstat -z`` output: every raw record, then every numstat one.
    A record's fields are positional, so a path that starts with ":" is read as a path."""
    fields = output.split(b"\0")
    raw: list[tuple[bytes, bytes, bytes | None]] = []  # (status, path, old path)
    index = 0
    while index < len(fields) - 1 and fields[index].startswith(b":"):
        status = fields[index].rsplit(b" ", 1)[1][:1]
        if status in (b"R", b"C"):
            raw.append((status, fields[index + 2], fields[index + 1]))
            index += 3
        else:
            raw.append((status, fields[index + 1], None))
            index += 2
    counts = _numstat(fields, index)
    files = [_changed_file(status, path, old, counts.get(path)) for status, path, old in raw]
    return tuple(sorted(files, key=lambda changed: changed.path))


def _numstat(fields: list[bytes], index: int) -> dict[bytes, tuple[int | None, int | None]]:
    """Line counts by (new) path; None for a binary file."""
    counts: dict[bytes, tuple[int | None, int | None]] = {}
    while index < len(fields) - 1:
        added, deleted, path = fields[index].split(b"\t", 2)
        if path:
            index += 1
        else:  # a rename or copy: the old and new paths follow
            path = fields[index + 2]
            index += 3
        counts[path] = (_count(added), _count(deleted))
    return counts


def _count(text: bytes) -> int | None:
    return None if text == b"-" else int(text)


def _changed_file(
    status: bytes, path: bytes, old: bytes | None, counts: tuple[int | None, int | None] | None
) -> ChangedFile:
    additions, deletions = counts or (0, 0)
    return ChangedFile(
        _path(path),
        STATUSES.get(status.decode("ascii"), "modified"),  # U (unmerged) and X: modified
        None if old is None else _path(old),
        additions,
        deletions,
    )


def _path(name: bytes) -> str:
    """A repository path as the checkout's file list spells it (undecodable bytes kept)."""
    return os.fsdecode(name) if os.name != "nt" else name.decode("utf-8", "surrogateescape")

"""The git repository of a test case, built in a directory of its own.

Branch ``main`` holds a first commit with the case's ``files`` (dated ten years before the
case's now, so it counts as no recent activity), then its ``history`` commits. A ``change``
(or ``commits``) goes on a branch ``change`` on top of main, and is what is checked out, as a
CI job checks out a pull request's head; without one, main is checked out.

Objects, refs, the index and the work tree are written in Python
(``policylint.policytest.gitobjects``, ``policylint.policytest.worktree``): no git process
runs to build a repository. Read them under ``policylint.git.isolated()``: the user's git
configuration and variables such as ``GIT_DIR`` (set when running inside a git hook) must not
reach them.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NamedTuple

from policylint.policytest.gitobjects import ObjectStore, Signature
from policylint.policytest.values import DEFAULT_AUTHOR
from policylint.policytest.worktree import check_out

if TYPE_CHECKING:
    from policylint.policytest.records import Case, CommitSpec

MAIN, CHANGE = "main", "change"
FILES_MESSAGE = "files of the test case\n"
FILES_AGE = 10 * 365 * 24 * 3600  # seconds before the case's now
CONFIG = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n"


class Built(NamedTuple):
    """A built repository: its work tree and the commit ids of main and change (if any)."""

    root: str
    main: str
    change: str | None


def build(case: Case, root: str, now: float) -> Built:
    """The repository of ``case`` in the new directory ``root``, dated as of ``now``."""
    git_dir = os.path.join(root, ".git")
    _skeleton(git_dir)
    store = ObjectStore(git_dir)
    tree = dict(case.files)
    first = Signature(DEFAULT_AUTHOR, DEFAULT_AUTHOR, int(now - FILES_AGE))
    main = store.commit(store.tree(tree), (), first, FILES_MESSAGE)
    for spec in case.history:
        main = _commit(store, tree, spec, (main,), now)
    head = main
    for spec in case.commits:
        head = _commit(store, tree, spec, (head, main) if spec.merge else (head,), now)
    store.write_pack()
    change = head if case.commits else None
    refs = {MAIN: main} if change is None else {CHANGE: change, MAIN: main}
    _write(os.path.join(git_dir, "packed-refs"), _packed_refs(refs))
    _write(os.path.join(git_dir, "HEAD"), f"ref: refs/heads/{CHANGE if change else MAIN}\n")
    check_out(root, tree, {path: store.blob(text) for path, text in tree.items()})
    return Built(root, main, change)


def _commit(
    store: ObjectStore,
    tree: dict[str, str],
    spec: CommitSpec,
    parents: tuple[str, ...],
    now: float,
) -> str:
    """Apply ``spec``'s files to ``tree`` and commit the result on ``parents``."""
    for path, text in spec.files.items():
        if text is None:
            tree.pop(path, None)
        else:
            tree[path] = text
    when = int(now if spec.date is None else spec.date)
    signature = Signature(spec.author, spec.committer, when)
    return store.commit(store.tree(tree), parents, signature, spec.message)


def _skeleton(git_dir: str) -> None:
    """What git needs of what ``git init`` makes: config, objects/ and refs/ (HEAD later)."""
    for directory in ("objects/pack", "refs"):
        os.makedirs(os.path.join(git_dir, directory))
    _write(os.path.join(git_dir, "config"), CONFIG)


def _packed_refs(refs: dict[str, str]) -> str:
    """Branches in one ``packed-refs`` file (fewer files than ``refs/heads/*``), sorted."""
    lines = [f"{commit} refs/heads/{branch}" for branch, commit in sorted(refs.items())]
    return "# pack-refs with: peeled fully-peeled sorted \n" + "\n".join(lines) + "\n"


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as stream:
        stream.write(text)

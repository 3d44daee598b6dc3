"""Policy files read from the git objects of a revision (``--policy-ref REF``), never from the
working tree, so a pull request cannot weaken the gate that judges it.

The config is ``.policylint.yaml`` (or ``.yml``) at the checked root in REF's tree, or the
path given (relative to that root); local packs are resolved in the same tree and must stay
inside the checked root; built-in packs come from the package as always. Files are named
``REF:path``, the path from the top of the tree, as ``git show REF:path`` takes it. Only
regular files are read: a symbolic link, a submodule or a directory at a policy path is a
problem, and a blob over ``MAX_BYTES`` is refused unread (``git ls-tree -l`` gives its size).
"""

import os
import posixpath
from pathlib import Path
from typing import NamedTuple

from policylint.documents.document import (
    MAX_BYTES,
    Document,
    FatalProblem,
    YamlError,
    format_problem,
)
from policylint.documents.yaml import document_from_bytes, too_large
from policylint.errors import PolicyError
from policylint.git import ambiguous, run_git
from policylint.loading.sources import ExtendsProblem, Source
from policylint.model import CONFIG_NAMES

NOT_REGULAR = {"120000": "a symbolic link", "160000": "a submodule", "040000": "a directory"}


class TreeEntry(NamedTuple):
    """A path's entry in a git tree: mode (``100644``, ``120000`` ...), object id, size."""

    mode: str
    object: str
    size: int  # -1 for a directory or a submodule


class Revision:
    """The tree of ``commit`` (named ``ref`` as given) in the repository at ``root``, which lies
    at ``prefix`` in that tree (``sub/``; "" at the top)."""

    def __init__(self, ref: str, root: str, commit: str, prefix: str) -> None:
        self.ref, self.root, self.commit, self.prefix = ref, root, commit, prefix
        self.entries: dict[str, TreeEntry | None] = {}

    def config_source(self, config: Path | None) -> Source | None:
        """``config`` (relative to the checked root) at this revision, else the first of
        ``CONFIG_NAMES`` there, else None; raises ``PolicyError`` for one that is no file."""
        if config is not None:
            return self.config_at(self.prefix + self.config_path(config))
        for name in CONFIG_NAMES:
            if self.entry(self.prefix + name) is not None:
                return self.config_at(self.prefix + name)
        return None

    def config_at(self, tree_path: str) -> Source:
        source = self.source(tree_path)
        entry = self.entry(tree_path)
        if entry is None:
            raise PolicyError([f"{source.display}: no such policy file"])
        if entry.mode in NOT_REGULAR:
            raise PolicyError([format_problem(source.display, (1, 1), (), _not_regular(entry))])
        return source

    def config_path(self, config: Path) -> str:
        """``config`` relative to the checked root, in POSIX form; it must lie inside."""
        relative = os.path.normpath(config)
        for base in (os.path.abspath(self.root), os.path.realpath(self.root)):
            if config.is_absolute() and relative.startswith(os.path.join(base, "")):
                relative = os.path.relpath(relative, base)
        relative = Path(relative).as_posix()
        if _outside(relative):
            message = "outside the checkout; with a policy ref, the config is read from its tree"
            raise PolicyError([f"{config}: {message}"])
        return relative

    def local_target(self, parent: Source, entry: str) -> Source:
        """The pack that ``entry`` of ``parent`` (a file of this revision) names; raises
        ``ExtendsProblem``."""
        tree_path = posixpath.normpath(posixpath.join(posixpath.dirname(parent.path), entry))
        if _outside(tree_path) or not tree_path.startswith(self.prefix):
            raise ExtendsProblem(
                f"extends {entry!r} leaves the checkout; local packs must live inside it"
            )
        source, found = self.source(tree_path), self.entry(tree_path)
        if found is None:
            raise ExtendsProblem(f"no such file: {source.display}")
        if found.mode in NOT_REGULAR:
            raise ExtendsProblem(f"{source.display}: {_not_regular(found)}")
        return source

    def source(self, tree_path: str) -> Source:
        return Source(f"{self.ref}:{tree_path}", Path(tree_path), self)

    def read_document(self, source: Source) -> Document:
        """The policy document in ``source``'s blob; raises ``YamlError``."""
        entry = self.entry(source.path.as_posix())
        try:
            if entry is None:
                raise FatalProblem((1, 1), (), f"no such file in {self.ref}")
            if entry.size > MAX_BYTES:
                raise FatalProblem((1, 1), (), too_large(entry.size))
            raw = self.blob(entry.object)
        except FatalProblem as exc:
            problem = format_problem(source.display, exc.position, exc.path, exc.message)
            raise YamlError([problem]) from None
        return document_from_bytes(raw, source.display)

    def blob(self, object_id: str) -> bytes:
        output = run_git("-C", self.root, "cat-file", "blob", object_id)
        if output.returncode != 0:
            reason = os.fsdecode(output.stderr).strip() or f"git exit status {output.returncode}"
            raise FatalProblem((1, 1), (), f"cannot read the file: {reason}")
        return output.stdout

    def entry(self, tree_path: str) -> TreeEntry | None:
        """What is at ``tree_path`` in the tree (git is asked once per path), or None."""
        if tree_path not in self.entries:
            self.entries[tree_path] = self.list_entry(tree_path)
        return self.entries[tree_path]

    def list_entry(self, tree_path: str) -> TreeEntry | None:
        if tree_path in ("", "."):
            return None
        command = ("--literal-pathspecs", "ls-tree", "-l", "-z", "--full-tree", self.commit)
        output = run_git("-C", self.root, *command, "--", tree_path)
        if output.returncode != 0:
            reason = os.fsdecode(output.stderr).strip()
            raise PolicyError([f"{self.root}: git ls-tree {self.ref} failed: {reason}"])
        for record in output.stdout.split(b"\0"):
            meta, _, path = record.partition(b"\t")
            if os.fsdecode(path) == tree_path:
                mode, _, object_id, size = os.fsdecode(meta).split()
                return TreeEntry(mode, object_id, -1 if size == "-" else int(size))
        return None


def resolve_ref(ref: str, root: str) -> Revision:
    """The commit ``ref`` names in the repository at ``root``; raises ``PolicyError`` saying
    how to fetch it when there is none."""
    if ref.startswith("-"):  # never an option to git
        raise PolicyError([f"policy ref {ref!r}: not a revision name"])
    output = run_git(
        "-C", root, "rev-parse", "--show-prefix", "--verify", "--quiet", ref + "^{commit}"
    )
    lines = os.fsdecode(output.stdout).splitlines()
    if output.returncode == 0 and len(lines) == 2:
        meanings = ambiguous(root, ref).get(ref)
        if meanings:  # a pushed tag named `origin/main` must not become the trusted policy
            raise PolicyError([
                f"policy ref {ref!r} is ambiguous: it names {' and '.join(meanings)}; name the "
                f"one you mean in full (such as {meanings[-1]}) or by commit id"
            ])  # fmt: skip
        return Revision(ref, root, lines[1], lines[0])
    reason = os.fsdecode(output.stderr).strip()
    if reason:
        raise PolicyError([f"policy ref {ref!r} cannot be read in {root}: {reason}"])
    fetch = f"git fetch origin {ref.removeprefix('origin/')}"
    raise PolicyError([
        f"policy ref {ref!r} names no commit in {root}; fetch it first "
        f"(e.g. `{fetch}`; with actions/checkout, `fetch-depth: 0`)"
    ])  # fmt: skip


def _outside(tree_path: str) -> bool:
    """Whether a normalised path leaves the directory it is relative to."""
    return posixpath.isabs(tree_path) or tree_path == ".." or tree_path.startswith("../")


def _not_regular(entry: TreeEntry) -> str:
    what = NOT_REGULAR[entry.mode]
    return f"{what}; a policy read from a git revision must be a regular file"

"""A commit's tree as a ``Repo``: the base of a change, read from git objects, no checkout.

Rules judge a change by what it introduces: the repository rules run on the change's base as
well (``policylint.comparison``), and this view is what they see there. It reads lazily
through one ``git cat-file --batch`` process: a rule that looks at the root, ``.github/`` and
``docs/`` reads those three trees and the blobs it opens, never the whole tree; only a rule
that asks for every path (``**/*.md``) lists it, with one ``git ls-tree -r``.

Paths are relative to the checked root, as the checkout's are. Symbolic links are followed
inside the tree (never out of the checked root); a submodule is listed but is no file.
"""

from __future__ import annotations

import os
import posixpath
from functools import cached_property
from typing import TYPE_CHECKING

from policylint.errors import RepoError
from policylint.facts.repo import BINARY_SNIFF, READ_LIMIT, FileText, Repo
from policylint.git import ObjectReader, run_git

if TYPE_CHECKING:
    from policylint.git import GitOutput

TREE, LINK, GITLINK = "40000", "120000", "160000"
LINK_HOPS = 8  # links followed from one path, as a loop guard

# A tree's entries: name -> (mode, object id).
Entries = dict[str, tuple[str, str]]


class TreeRepo(Repo):
    """The tree of ``commit`` ("": the empty tree, as before a first commit) under the checked
    ``root``; ``like`` is the checkout it stands beside (its organisation defaults are kept)."""

    def __init__(self, like: Repo, commit: str) -> None:
        super().__init__(like.root)
        self.org_defaults = like.org_defaults
        self.commit = commit
        self.objects = ObjectReader(like.root)
        self._trees: dict[str, Entries | None] = {}

    def close(self) -> None:
        self.objects.close()

    @cached_property
    def _listing(self) -> tuple[tuple[str, ...], bool]:
        if not self.commit:
            return (), True
        proc = _ls_tree(self.root, self.commit)
        if proc.returncode != 0:
            message = proc.stderr.decode("utf-8", "replace").strip()
            raise RepoError(f"{self.root}: git ls-tree {self.commit} failed: {message}")
        names = (os.fsdecode(record.partition(b"\t")[2]) for record in proc.stdout.split(b"\0"))
        return tuple(sorted(name for name in names if name)), True

    def list_files(self) -> None:
        """Nothing to do ahead: trees are read as rules ask."""

    def has(self, path: str) -> bool:
        entry = self._entry(path)
        return entry is not None and entry[0] != TREE

    def present(self, path: str) -> bool:
        return self._blob(path) is not None

    def _listdir(self, directory: str) -> tuple[list[str], list[str]]:
        listed = self._listed.get(directory)
        if listed is None:
            entries = self._tree(directory) or {}
            prefix = directory + "/" if directory else ""
            own = sorted(prefix + name for name, (mode, _) in entries.items() if mode != TREE)
            subdirs = sorted(prefix + name for name, (mode, _) in entries.items() if mode == TREE)
            listed = self._listed[directory] = (own, subdirs)
        return listed

    def _subtree(self, directory: str) -> tuple[str, ...]:
        own, subdirs = self._listdir(directory)
        below = [path for subdir in subdirs for path in self._subtree(subdir)]
        return tuple(sorted([*own, *below]))

    def read_start(self, path: str, limit: int) -> bytes:
        blob = self._blob(path)
        read = None if blob is None else self.objects.read(blob)
        if read is None:
            raise OSError(0, f"cannot be read from {self._name}")
        return read[1][:limit]

    def read_text(self, path: str, *, limit: int = READ_LIMIT) -> FileText:
        blob = self._blob(path)
        if blob is None:
            return FileText(None, f"{path}: cannot be read (not a regular file in {self._name})")
        read = self.objects.read(blob)
        if read is None:
            return FileText(None, f"{path}: cannot be read from {self._name}")
        data = read[1]
        if len(data) > limit:
            return FileText(None, f"{path}: larger than {limit} bytes, skipped")
        if b"\0" in data[:BINARY_SNIFF]:
            return FileText(None, f"{path}: a binary file, skipped")
        return FileText(data.decode("utf-8", "surrogateescape"))

    @property
    def _name(self) -> str:
        return f"commit {self.commit[:12]}" if self.commit else "the empty tree"

    def _blob(self, path: str) -> str | None:
        """The id of the regular file at ``path``, links followed inside the root."""
        for _ in range(LINK_HOPS):
            entry = self._entry(path)
            if entry is None or entry[0] in (TREE, GITLINK):
                return None
            if entry[0] != LINK:
                return entry[1]
            target = self.objects.read(entry[1])
            if target is None:
                return None
            path = posixpath.normpath(
                posixpath.join(posixpath.dirname(path), os.fsdecode(target[1]))
            )
            if path.startswith(("../", "/")) or path == "..":
                return None
        return None

    def _entry(self, path: str) -> tuple[str, str] | None:
        directory, _, name = path.rpartition("/")
        entries = self._tree(directory)
        return None if entries is None else entries.get(name)

    def _tree(self, directory: str) -> Entries | None:
        """The entries of ``directory`` (relative to the root; "" for the root), or None."""
        if directory in self._trees:
            return self._trees[directory]
        found: Entries | None = None
        if not directory:
            read = self.objects.read(f"{self.commit}:./") if self.commit else None
            found = _entries(read[1], _id_bytes(self.commit)) if read and read[0] == "tree" else {}
        else:
            parent, _, name = directory.rpartition("/")
            entry = (self._tree(parent) or {}).get(name)
            if entry is not None and entry[0] == TREE:
                read = self.objects.read(entry[1])
                found = _entries(read[1], len(entry[1]) // 2) if read else None
        self._trees[directory] = found
        return found


def _ls_tree(root: str, commit: str) -> GitOutput:
    return run_git("-C", root, "ls-tree", "-r", "-z", "--full-tree", f"{commit}:./")


def _id_bytes(object_id: str) -> int:
    return len(object_id) // 2


def _entries(data: bytes, id_bytes: int) -> Entries:
    """A tree object's entries: ``MODE SP NAME NUL ID`` (binary id), one after another."""
    entries: Entries = {}
    index = 0
    while index < len(data):
        space = data.index(b" ", index)
        nul = data.index(b"\0", space)
        mode = data[index:space].decode("ascii")
        entries[os.fsdecode(data[space + 1 : nul])] = (
            mode,
            data[nul + 1 : nul + 1 + id_bytes].hex(),
        )
        index = nul + 1 + id_bytes
    return entries

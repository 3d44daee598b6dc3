"""Policy files as a load meets them: where each comes from and how problems name it.

A file is named ``builtin:NAME``, ``REF:path`` when read from a git revision
(``policylint.loading.revision``), by its path relative to the checked root when it lies
inside, else by the path given (or derived from the file that extends it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from policylint.model import BUILTIN
from policylint.resources import data_dir

if TYPE_CHECKING:
    from policylint.documents.document import Document


class ExtendsProblem(Exception):
    """An ``extends`` entry that leads nowhere a policy may be read from."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Tree(Protocol):
    """A git revision policy files are read from (``policylint.loading.revision.Revision``)."""

    def local_target(self, parent: Source, entry: str) -> Source: ...

    def read_document(self, source: Source) -> Document: ...


class Source(NamedTuple):
    """A policy file to read: how problems name it, and where it is: a file (``path``), or
    the blob at ``path`` (from the top of the tree) in a git ``revision``."""

    display: str
    path: Path
    revision: Tree | None = None


def identity(source: Source) -> str:
    """What makes two sources one file: the blob's name at its revision, else the real path."""
    if source.revision is not None:
        return source.display
    return os.path.realpath(source.path)


def builtin_source(name: str) -> Source:
    """The built-in pack ``name`` (shipped in ``policies/``)."""
    return Source(BUILTIN + name, data_dir("policies") / f"{name}.yaml")

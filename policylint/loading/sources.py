"""Policy files as a load meets them: where each comes from and how problems name it.

A file is named ``builtin:NAME``, ``REF:path`` when read from a git revision
(``policylint.loading.revision``), by its path relative to the checked root when it lies
inside, else by the path given (or derived from the file that extends it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from policylint.loading.names import BUILTIN

if TYPE_CHECKING:
    from policylint.loading.revision import Revision


class Source(NamedTuple):
    """A policy file to read: how problems name it, and where it is: a file (``path``), or
    the blob at ``path`` (from the top of the tree) in a git ``revision``."""

    display: str
    path: Path
    revision: Revision | None = None


def identity(source: Source) -> str:
    """What makes two sources one file: the blob's name at its revision, else the real path."""
    if source.revision is not None:
        return source.display
    return os.path.realpath(source.path)


def builtin_source(name: str) -> Source:
    """The built-in pack ``name`` (shipped in ``policies/``)."""
    from policylint.resources import data_dir

    return Source(BUILTIN + name, data_dir("policies") / f"{name}.yaml")

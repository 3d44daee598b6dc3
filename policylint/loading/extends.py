"""Where an ``extends`` entry leads: a built-in pack (``builtin:NAME``) or a local file, named
relative to the file that extends it (in the working tree, or in the git revision that file
was read from); and the cycles entries can close."""

from __future__ import annotations

import os
from pathlib import Path

from policylint.loading.containment import leaves_checkout, relative_path
from policylint.loading.sources import ExtendsProblem, Source, builtin_source, identity
from policylint.model import BUILTIN
from policylint.resources import builtin_packs


def extends_target(parent: Source, entry: str, root: Path) -> Source:
    """The file that ``entry`` of ``parent``'s ``extends`` names; raises ``ExtendsProblem``."""
    if entry.startswith(BUILTIN):
        return _builtin_target(entry)
    if parent.revision is not None:
        return parent.revision.local_target(parent, entry)
    return _local_target(parent, entry, root)


def cycle_message(chain: tuple[Source, ...], target: Source) -> str | None:
    """The problem when ``target`` is already in the ``chain`` of files extending it."""
    target_identity = identity(target)
    seen = [identity(source) for source in chain]
    if target_identity not in seen:
        return None
    cycle = [source.display for source in chain[seen.index(target_identity) :]]
    return "extends cycle: " + " -> ".join([*cycle, target.display])


def _builtin_target(entry: str) -> Source:
    if entry[len(BUILTIN) :] in builtin_packs():
        return builtin_source(entry[len(BUILTIN) :])
    from policylint.suggest import nearest

    guess = nearest(entry[len(BUILTIN) :], builtin_packs())  # the common prefix would match
    if guess is not None:
        raise ExtendsProblem(f"unknown pack {entry!r}; did you mean {BUILTIN + guess!r}?")
    names = ", ".join(BUILTIN + name for name in builtin_packs())
    raise ExtendsProblem(f"unknown pack {entry!r}; available: {names}")


def _local_target(parent: Source, entry: str, root: Path) -> Source:
    path = parent.path.parent / entry
    if leaves_checkout(parent, path, root):
        raise ExtendsProblem(
            f"extends {entry!r} leaves the checkout; local packs must live inside it"
        )
    given = path if parent.display.startswith(BUILTIN) else Path(parent.display).parent / entry
    display = relative_path(path, root) or os.path.normpath(given)
    if not path.is_file():
        raise ExtendsProblem(f"no such file: {display}")
    return Source(display, path)

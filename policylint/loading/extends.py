"""Where an ``extends`` entry leads: a built-in pack (``builtin:NAME``) or a local file, named
relative to the file that extends it (in the working tree, or in the git revision that file
was read from); and the cycles entries can close."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from policylint.display import one_line
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
    if "\0" in entry:  # no file has such a name, and the OS refuses to look one up
        raise ExtendsProblem(f"not a file name: {one_line(entry, 100)}")
    path = parent.path.parent / entry
    if leaves_checkout(parent, path, root):
        raise ExtendsProblem(
            f"extends {entry!r} leaves the checkout; local packs must live inside it"
        )
    given = path if parent.display.startswith(BUILTIN) else Path(parent.display).parent / entry
    display = relative_path(path, root) or os.path.normpath(given)
    problem = _not_a_file(path, one_line(display, 100))
    if problem:
        raise ExtendsProblem(problem)
    return Source(display, path)


def _not_a_file(path: Path, display: str) -> str | None:
    """Why ``path`` is no policy file that can be read (``display`` names it), or None."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:  # a name over 255 bytes is ENAMETOOLONG, not a traceback
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return f"no such file: {display}"
        return f"cannot read {display}: {exc.strerror}"
    except ValueError:  # a NUL byte or a lone surrogate: no file has such a name
        return f"not a file name: {display}"
    if not stat.S_ISREG(mode):  # a FIFO would block the read for ever
        return f"not a regular file: {display}"
    return None

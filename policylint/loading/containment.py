"""Policy files stay inside the checkout: a config there must not link out of it, and a local
pack that a file in it extends must lie (and resolve) inside it."""

from __future__ import annotations

import os
from pathlib import Path

from policylint.loading.sources import Source
from policylint.model import BUILTIN


def relative_path(path: Path, root: Path) -> str | None:
    """``path`` relative to ``root`` in POSIX form, or None when it lies outside."""
    try:
        return Path(os.path.realpath(path)).relative_to(root).as_posix()
    except ValueError:
        return None


def linked_out_of_checkout(config: Path, given_root: Path, root: Path) -> str | None:
    """Where ``config`` is written in the checkout when it is a link to a file outside it."""
    placed = _placed_relative(config, given_root, root)
    if placed is None or relative_path(config, root) is not None:
        return None
    return placed


def leaves_checkout(parent: Source, path: Path, root: Path) -> bool:
    """Whether a local pack of a file in the checkout lies (or links) outside it."""
    if parent.display.startswith(BUILTIN) or relative_path(parent.path, root) is None:
        return False
    return relative_path(path, root) is None


def _placed_relative(path: Path, given_root: Path, root: Path) -> str | None:
    """Where ``path`` is written in the checkout (its own link not followed), or None."""
    spellings = (os.path.abspath(path), os.path.join(os.path.realpath(path.parent), path.name))
    for spelling in spellings:
        for base in (os.path.abspath(given_root), str(root)):
            if spelling.startswith(os.path.join(base, "")):
                return Path(spelling).relative_to(base).as_posix()
    return None

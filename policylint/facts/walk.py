"""Listing a directory that is not a git checkout, honouring its .gitignore files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SKIPPED_DIRS = frozenset({".git", ".hg", ".svn"})


def walk_files(root: str) -> list[str]:
    """Repository-relative paths of regular files and links under ``root``, minus those that a
    ``.gitignore`` (at any depth, applying below its own directory) excludes. As in git, a
    deeper ``.gitignore`` wins over a shallower one (so ``!name`` there re-includes), and a
    link to a directory is listed like a file, never followed."""
    specs: list[tuple[str, Any]] = []
    found: list[str] = []
    for current, dirs, names in os.walk(root):
        rel = os.path.relpath(current, root).replace(os.sep, "/")
        rel = "" if rel == "." else rel + "/"
        if ".gitignore" in names:
            specs.append((rel, _read_spec(Path(current) / ".gitignore")))
        active = [(base, spec) for base, spec in specs if rel.startswith(base)]
        links = [d for d in dirs if os.path.islink(os.path.join(current, d))]
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIPPED_DIRS and d not in links and not _ignored(active, rel + d + "/")
        )
        found.extend(rel + n for n in [*names, *links] if not _ignored(active, rel + n))
    return found


GITIGNORE_LIMIT = 1024 * 1024  # bytes of one .gitignore read at most


def _read_spec(path: Path) -> Any:
    import pathspec

    lines: list[str] = []  # unreadable, a link (git does not follow one either), a device,
    # or larger than any real .gitignore: ignores nothing, and never hangs or fills memory
    if path.is_file() and not path.is_symlink():
        try:
            with path.open("rb") as stream:
                raw = stream.read(GITIGNORE_LIMIT + 1)
        except OSError:
            raw = b""
        if len(raw) <= GITIGNORE_LIMIT:
            lines = raw.decode("utf-8", "surrogateescape").splitlines()
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(specs: list[tuple[str, Any]], path: str) -> bool:
    """The deepest ``.gitignore`` with a pattern matching ``path`` decides."""
    for base, spec in reversed(specs):
        include = spec.check_file(path[len(base) :]).include
        if include is not None:
            return bool(include)
    return False

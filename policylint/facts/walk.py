"""Listing a directory that is not a git checkout, honouring its .gitignore files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SKIPPED_DIRS = frozenset({".git", ".hg", ".svn"})


def walk_files(root: Path) -> list[str]:
    """Repository-relative paths of regular files and links under ``root``, minus those that a
    ``.gitignore`` (at any depth, applying below its own directory) excludes."""
    import pathspec

    specs: list[tuple[str, Any]] = []
    found: list[str] = []
    for current, dirs, names in os.walk(root):
        rel = os.path.relpath(current, root).replace(os.sep, "/")
        rel = "" if rel == "." else rel + "/"
        if ".gitignore" in names:
            lines = (Path(current) / ".gitignore").read_text("utf-8", "surrogateescape")
            specs.append((rel, pathspec.GitIgnoreSpec.from_lines(lines.splitlines())))
        active = [(base, spec) for base, spec in specs if rel.startswith(base)]
        dirs[:] = sorted(
            d for d in dirs if d not in SKIPPED_DIRS and not _ignored(active, rel + d + "/")
        )
        found.extend(rel + n for n in names if not _ignored(active, rel + n))
    return found


def _ignored(specs: list[tuple[str, Any]], path: str) -> bool:
    return any(spec.match_file(path[len(base) :]) for base, spec in specs)

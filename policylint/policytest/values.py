"""Small values of a test file: identities, moments in time, repository paths, and the trees
a case's commits build, checked so that every mistake is reported with its position."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone

from policylint.policytest.gitobjects import Identity

MAX_NAME_BYTES = 255  # of one path component, on most file systems
MAX_PATH_BYTES = 1024  # of a whole path: far below any system's limit, with the temp directory
DEFAULT_AUTHOR = Identity("Test Author", "test@example.org")
_IDENTITY = re.compile(r"([^<>\n]*?)\s*<([^<>\n]*)>\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def identity(text: str) -> Identity | None:
    """``"Ann <ann@example.org>"`` -> Identity; None when ``text`` is not of that form."""
    match = _IDENTITY.match(text.strip())
    if match is None or not match.group(1):
        return None
    return Identity(match.group(1), match.group(2))


def moment(text: str) -> float | None:
    """Seconds since the epoch of an ISO 8601 date (midnight UTC) or date and time (UTC when
    no offset is given); None when ``text`` is neither."""
    text = text.strip()
    if _DATE.match(text):
        text += "T00:00:00"
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def path_problem(path: str) -> str | None:
    """Why ``path`` cannot name a file of a test repository, or None when it can."""
    parts = path.split("/")
    if not path or path.startswith("/") or "" in parts:
        return f"{path!r} is not a relative path (no leading, trailing or double '/')"
    if any(part in (".", "..") for part in parts):
        return f"{path!r}: '.' and '..' are not allowed in a repository path"
    if any(part.lower() == ".git" for part in parts):
        return f"{path!r}: '.git' is git's own directory, not a repository file"
    if "\0" in path or "\\" in path:
        return f"{path!r}: NUL and backslash are not allowed in a repository path"
    if any(len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES for part in parts):
        return f"{path!r}: a name longer than {MAX_NAME_BYTES} bytes cannot be a file's name"
    if len(path.encode("utf-8", "surrogateescape")) > MAX_PATH_BYTES:
        return f"{path[:40]!r}...: paths are limited to {MAX_PATH_BYTES} bytes"
    return None


class Tree:
    """The paths of a repository as a case's commits change it, to catch impossible changes:
    deleting a file that is not there, a file where a directory is, and the reverse."""

    def __init__(self) -> None:
        self.paths: set[str] = set()

    def copy(self) -> Tree:
        tree = Tree()
        tree.paths = set(self.paths)
        return tree

    def apply(self, files: Mapping[str, str | None]) -> dict[str, str]:
        """Apply deletions (None), then additions; the problems, by path."""
        problems: dict[str, str] = {}
        for path in (path for path, text in files.items() if text is None):
            if path in self.paths:
                self.paths.discard(path)
            else:
                problems[path] = f"cannot delete {path!r}: the repository has no such file"
        added = [path for path, text in files.items() if text is not None]
        directories = set(_parents(self.paths)) | set(_parents(added))
        for path in added:
            clash = self._clash(path, directories)
            if clash is not None:
                problems[path] = clash
        self.paths.update(path for path in added if path not in problems)
        return problems

    def _clash(self, path: str, directories: set[str]) -> str | None:
        if path in directories:
            return f"{path!r} is a directory in this repository; it cannot also be a file"
        parent = next((p for p in _parents([path]) if p in self.paths), None)
        if parent is not None:
            return f"{path!r}: {parent!r} is a file in this repository, not a directory"
        return None


def _parents(paths: Iterable[str]) -> Iterable[str]:
    """Every directory above each path: ``a/b/c`` -> ``a``, ``a/b``."""
    for path in paths:
        parts = path.split("/")
        for end in range(1, len(parts)):
            yield "/".join(parts[:end])

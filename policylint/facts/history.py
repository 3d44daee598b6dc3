"""Git history, read lazily: when paths last changed, and who committed, within a period.

Constructing a ``History`` runs no git. Each query runs one ``git log`` bounded by ``--since``
(path queries also by pathspecs: the literal directories their globs can match under), and
its answer is kept for the run, so rules asking the same question share one pass.

Times are committer times (when a commit landed), in seconds since the epoch; ``--since``
compares the same time. Identities go through ``.mailmap`` (``%aN``, ``%aE``).

A shallow clone cuts the history: the commits at its boundary look as if they added every file.
Path queries ignore their file lists, and ``cut(since)`` tells when the history read starts
inside a period, so a check can say it could not see all of it.
"""

import os
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from policylint.git import run_git

if TYPE_CHECKING:
    from policylint.globs import GlobSet

# One commit's header in `git log` output: record separator, then unit-separated fields.
_FORMAT = "--format=%x1e%H%x1f%ct%x1f%aN%x1f%aE%x1f"


class HistoryError(Exception):
    """git could not read the history (a corrupt repository, a missing object)."""


class LogEntry(NamedTuple):
    commit: str
    time: int  # committer time, seconds since the epoch
    name: str
    email: str
    paths: tuple[str, ...] = ()  # repository-relative; only for path queries


class Author(NamedTuple):
    """A distinct author (by email, ignoring case) and the time of their latest commit."""

    name: str
    email: str
    time: int


class History:
    """The history of the checkout at ``root`` (a git work tree)."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._logs: dict[tuple[int, tuple[str, ...] | None], tuple[LogEntry, ...]] = {}

    @cached_property
    def shallow(self) -> frozenset[str]:
        """The commits at a shallow clone's boundary; empty when the history is complete."""
        proc = run_git(
            "-C", self.root, "rev-parse", "--is-shallow-repository", "--git-path", "shallow"
        )
        lines = proc.stdout.decode("utf-8", "surrogateescape").splitlines()
        if proc.returncode != 0 or len(lines) != 2 or lines[0] != "true":
            return frozenset()
        try:
            with open(os.path.join(self.root, lines[1]), encoding="ascii") as handle:
                return frozenset(line.strip() for line in handle if line.strip())
        except (OSError, UnicodeDecodeError):
            return frozenset()

    def log(self, since: int, pathspecs: tuple[str, ...] | None = None) -> tuple[LogEntry, ...]:
        """Commits newer than ``since``, merges included. With ``pathspecs`` (``()``: the whole
        tree), only the commits that touch them, each with the paths it touches."""
        key = (since, pathspecs)
        cached = self._logs.get(key)
        if cached is None:
            cached = self._logs[key] = _read_log(self.root, since, pathspecs)
        return cached

    def authors(self, since: int) -> tuple[Author, ...]:
        """Distinct authors of commits newer than ``since``, latest first."""
        seen: dict[str, Author] = {}
        for entry in self.log(since):
            key = entry.email.lower()
            if key not in seen or seen[key].time < entry.time:
                seen[key] = Author(entry.name, entry.email, entry.time)
        return tuple(sorted(seen.values(), key=lambda author: (-author.time, author.email)))

    def last_changed(self, globsets: "tuple[GlobSet, ...]", since: int) -> tuple[int | None, ...]:
        """For each glob set, the time of the latest commit newer than ``since`` that touches a
        path it matches (None: none did). Commits at a shallow boundary do not count."""
        latest: list[int | None] = [None] * len(globsets)
        for entry in self.log(since, pathspecs(globsets)):
            if entry.commit in self.shallow or _decided(latest, entry.time):
                continue  # a commit no newer than every answer so far cannot change one
            for index, globs in enumerate(globsets):
                known = latest[index]
                if (known is None or known < entry.time) and any(map(globs.match, entry.paths)):
                    latest[index] = entry.time
        return tuple(latest)

    def cut(self, since: int) -> int | None:
        """In a shallow clone whose history ends after ``since``: the time of its newest
        boundary commit, before which the history read may be incomplete. Otherwise None."""
        if not self.shallow:
            return None
        cuts = [entry.time for entry in self.log(since) if entry.commit in self.shallow]
        return max(cuts, default=None)


def _decided(latest: list[int | None], time: int) -> bool:
    """Whether every glob set already has a commit at least as new as ``time`` (git log lists
    newest first, so the big first commit of a repository is usually skipped unread)."""
    return all(known is not None and known >= time for known in latest)


def pathspecs(globsets: "tuple[GlobSet, ...]") -> tuple[str, ...]:
    """The literal directories the globs' matches lie under, as git pathspecs; ``()`` when a
    glob can match anywhere (``*.md``), so the whole tree is read."""
    specs: set[str] = set()
    for globs in globsets:
        magic = ":(literal,icase)" if globs.ignore_case else ":(literal)"
        for scope in globs.scopes:
            if not scope.directory:
                return ()
            specs.add(magic + scope.directory)
    return tuple(sorted(specs))


def _read_log(root: str, since: int, specs: tuple[str, ...] | None) -> tuple[LogEntry, ...]:
    args = ["-C", root, "log", "--no-show-signature", _FORMAT, "-z"]
    if since > 0:  # git reads --since=@0 as "nothing"
        args.append(f"--since=@{since}")
    if specs is not None:
        args += ["--name-only", "--no-renames", "--relative", "--", *specs]
    proc = run_git(*args)
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        if "does not have any commits" in message:
            return ()  # a repository before its first commit
        raise HistoryError(f"git log failed: {message}")
    return tuple(_entries(proc.stdout))


def _entries(output: bytes) -> list[LogEntry]:
    """Parses ``_FORMAT`` records with ``-z`` (and maybe ``--name-only``): a header token
    starting with U+001E, then one token per path, the first after a newline."""
    entries: list[LogEntry] = []
    header: list[str] | None = None
    paths: list[str] = []
    for token in output.split(b"\0"):
        if token.startswith(b"\x1e") and token.count(b"\x1f") == 4:
            _flush(entries, header, paths)
            header, paths = token[1:].decode("utf-8", "replace").split("\x1f"), []
        elif token.strip(b"\n"):
            paths.append(os.fsdecode(token[1:] if token.startswith(b"\n") else token))
    _flush(entries, header, paths)
    return entries


def _flush(entries: list[LogEntry], header: list[str] | None, paths: list[str]) -> None:
    if header is not None:
        commit, time, name, email, _ = header
        entries.append(LogEntry(commit, int(time), name, email, tuple(paths)))

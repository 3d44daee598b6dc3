"""The repository checkout: its file list, glob queries over it and capped, safe file reads."""

import os
from bisect import bisect_left
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from policylint.errors import RepoError
from policylint.git import Started, run_git, start_git
from policylint.globs import GlobSet
from policylint.readfile import FileTooLarge, NotRegularFile, read_regular

if TYPE_CHECKING:
    from _typeshed import StrPath

READ_LIMIT = 1024 * 1024  # bytes read from one file at most
BINARY_SNIFF = 8192  # a NUL byte within this many bytes marks a file as binary


class FileText(NamedTuple):
    """A file's text, or why there is none (``text`` is None then)."""

    text: str | None
    note: str | None = None


class Repo:
    """A checkout. Every fact is computed on first use and kept for the run. ``root`` is its
    absolute, resolved path (a ``str``: the hook path does without ``pathlib``)."""

    def __init__(
        self, root: "StrPath", *, untracked: bool = False, org_defaults: "StrPath | None" = None
    ) -> None:
        if not os.path.isdir(root):
            raise RepoError(f"{os.fspath(root)}: not a directory")
        self.root = os.path.realpath(root)
        self.untracked = untracked
        # A checkout of the organisation's .github repository: community health files that
        # file-exists rules fall back on, as GitHub does (policylint.facts.org_defaults).
        self.org_defaults = None if org_defaults is None else _org_defaults(org_defaults)
        self._globs: dict[tuple[GlobSet, str], tuple[str, ...]] = {}
        self._listed: dict[str, tuple[list[str], list[str]]] = {}
        self._present: dict[str, bool] = {}
        self._failure: str | None = None  # why listing failed: git is not run again
        self._prefetched: Started | None = None

    def prefetch(self) -> None:
        """Start listing the checkout now (``git ls-files`` on the other core), so it is
        ready when first asked for: the hook reads its policy meanwhile."""
        if self._prefetched is None and "_listing" not in self.__dict__:
            self._prefetched = _start_git_files(self.root, untracked=self.untracked)

    @cached_property
    def _listing(self) -> tuple[tuple[str, ...], bool]:
        if self._failure is not None:
            raise RepoError(self._failure)
        started, self._prefetched = self._prefetched, None
        try:
            listed = _git_files(self.root, untracked=self.untracked, started=started)
        except RepoError as exc:
            self._failure = str(exc)
            raise
        if listed is not None:
            return tuple(sorted(set(listed))), True
        from policylint.facts.walk import walk_files

        return tuple(sorted(walk_files(self.root))), False

    @property
    def files(self) -> tuple[str, ...]:
        """Repository-relative POSIX paths: ``git ls-files``, or a walk honouring .gitignore."""
        return self._listing[0]

    @property
    def is_git(self) -> bool:
        return self._listing[1]

    @cached_property
    def file_set(self) -> frozenset[str]:
        return frozenset(self.files)

    def has(self, path: str) -> bool:
        """Whether ``path`` is listed (a file, a link or a submodule)."""
        return path in self.file_set

    def list_files(self) -> None:
        """List the checkout's files now (git or a walk), so later reads cost nothing: the
        engine calls it before any rule's time budget starts."""
        _ = self.file_set

    def present(self, path: str) -> bool:
        """Whether the listed ``path`` is a regular file inside the checkout, links followed:
        a broken link, a link out of the checkout, a directory or a submodule is not. Only
        the paths asked about are looked at, each once."""
        known = self._present.get(path)
        if known is None:
            real = os.path.realpath(os.path.join(self.root, path))
            inside = real.startswith(os.path.join(self.root, ""))
            known = self._present[path] = inside and os.path.isfile(real)
        return known

    def _listdir(self, directory: str) -> tuple[list[str], list[str]]:
        """The files directly in ``directory`` (real case) and its subdirectories' paths.
        Jumps over each subdirectory's slice of the sorted file list, so listing the root of a
        100,000-file tree touches only its own entries, never the tree."""
        listed = self._listed.get(directory)
        if listed is not None:
            return listed
        files, subdirs = self.files, []
        prefix = directory + "/" if directory else ""
        index = bisect_left(files, prefix)
        end = bisect_left(files, directory + "0") if directory else len(files)
        own: list[str] = []
        while index < end:
            path = files[index]
            slash = path.find("/", len(prefix))
            if slash < 0:
                own.append(path)
                index += 1
            else:
                subdirs.append(path[:slash])
                index = bisect_left(files, path[:slash] + "0", index)  # "0" sorts after "/"
        self._listed[directory] = (own, subdirs)
        return own, subdirs

    def entries(self, directory: str) -> tuple[list[str], list[str]]:
        """The listed files directly in ``directory`` (exact case; "" is the root) and the
        paths of its subdirectories, as ``os.listdir`` would show a clean checkout."""
        return self._listdir(directory.strip("/"))

    def _directories(self, directory: str) -> list[str]:
        """Every real-case spelling of ``directory`` that exists (case-insensitive lookup)."""
        found = [""]
        for part in (p for p in directory.split("/") if p):
            wanted = part.lower()
            found = [
                child
                for parent in found
                for child in self._listdir(parent)[1]
                if child.rpartition("/")[2].lower() == wanted
            ]
        return found

    def glob(self, globs: GlobSet, *, base: str = "") -> tuple[str, ...]:
        """Listed paths matching ``globs`` relative to the directory ``base``, sorted; a link
        is listed whatever it points at (``present`` tells). Only the directories a pattern
        can reach are visited: ``/readme*`` looks at the root's files and at subdirectories
        named ``readme*``, never at the whole tree."""
        key = (globs, base)
        cached = self._globs.get(key)
        if cached is None:
            cached = self._glob(globs, base.strip("/"))
            self._globs[key] = cached
        return cached

    def _glob(self, globs: GlobSet, base: str) -> tuple[str, ...]:
        prefix = base + "/" if base else ""
        candidates: set[str] = set()
        for where in globs.scopes:
            directory = "/".join(part for part in (base, where.directory) if part)
            candidates.update(self._candidates(directory, where.single, globs, len(prefix)))
        folded = prefix.lower()
        return tuple(
            sorted(
                path
                for path in candidates
                if (
                    path[: len(prefix)].lower() == folded
                    if globs.ignore_case
                    else path.startswith(prefix)
                )
                and globs.match(path[len(prefix) :])
            )
        )

    def _candidates(self, directory: str, single: bool, globs: GlobSet, cut: int) -> list[str]:
        if not directory and not single:
            return list(self.files)
        found: list[str] = []
        for spelling in self._directories(directory):
            own, subdirs = self._listdir(spelling)
            found.extend(own)
            for child in subdirs:
                # A name that matches a directory matches everything inside it.
                if not single or globs.match(child[cut:]):
                    found.extend(self._subtree(child))
        return found

    def _subtree(self, directory: str) -> tuple[str, ...]:
        """Every file below ``directory``: one slice of the sorted file list."""
        low = bisect_left(self.files, directory + "/")
        high = bisect_left(self.files, directory + "0", low)  # "0" sorts right after "/"
        return self.files[low:high]

    def read_start(self, path: str, limit: int) -> bytes:
        """The first ``limit`` bytes of a file ``present`` says is one; OSError if unreadable."""
        with open(os.path.join(self.root, path), "rb") as handle:
            return handle.read(limit)

    def read_text(self, path: str, *, limit: int = READ_LIMIT) -> FileText:
        """A file's text (UTF-8, undecodable bytes kept as surrogate escapes), capped in size.
        Never follows a symlink out of the checkout; binary and oversized files have a note."""
        try:
            real = os.path.realpath(os.path.join(self.root, path), strict=True)
        except (OSError, RuntimeError):
            return FileText(None, f"{path}: cannot be read (missing or a broken link)")
        if real != self.root and not real.startswith(os.path.join(self.root, "")):
            return FileText(None, f"{path}: a link out of the checkout, not followed")
        try:
            data = read_regular(real, limit)
        except NotRegularFile:
            return FileText(None, f"{path}: not a regular file")
        except FileTooLarge:
            data = b" " * (limit + 1)  # reported below as any file over the limit
        except OSError as exc:
            return FileText(None, f"{path}: cannot be read ({exc.strerror})")
        if len(data) > limit:
            return FileText(None, f"{path}: larger than {limit} bytes, skipped")
        if b"\0" in data[:BINARY_SNIFF]:
            return FileText(None, f"{path}: a binary file, skipped")
        return FileText(data.decode("utf-8", "surrogateescape"))


def _org_defaults(path: "StrPath") -> Repo:
    if not os.path.isdir(path):
        raise RepoError(f"{os.fspath(path)}: not a directory (the organisation defaults)")
    return Repo(path)


def _start_git_files(root: str, *, untracked: bool) -> Started | None:
    """``git ls-files -z`` under root, started; None when there is no git on this machine."""
    args = ["-C", root, "ls-files", "-z", "--cached"]
    if untracked:
        args += ["--others", "--exclude-standard"]
    try:
        return start_git(*args)
    except FileNotFoundError:
        return None


def _git_files(root: str, *, untracked: bool, started: Started | None = None) -> list[str] | None:
    """``git ls-files -z`` under root (``started`` by ``prefetch``, else run now), or None
    when root is not inside a git work tree or git is not installed (a walk lists it then)."""
    if started is None:
        started = _start_git_files(root, untracked=untracked)
    if started is None:
        return None  # no git on this machine: walk instead
    proc = started.wait()
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace")
        if "not a git repository" in message:
            return None
        raise RepoError(f"{root}: git ls-files failed: {message.strip()}")
    decoded = os.fsdecode(proc.stdout) if os.name != "nt" else proc.stdout.decode()
    if not decoded and _is_bare(root):  # git lists nothing in a bare repository: no silent pass
        raise RepoError(f"{root}: a bare git repository has no work tree: check a clone of it")
    return [name for name in decoded.split("\0") if name]


def _is_bare(root: str) -> bool:
    """Whether ``root`` is (inside) a bare repository; asked only when git lists no file."""
    proc = run_git("-C", root, "rev-parse", "--is-bare-repository")
    return proc.returncode == 0 and proc.stdout.strip() == b"true"

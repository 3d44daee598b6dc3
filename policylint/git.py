"""Running git: the one runner every part of policylint uses, fast enough for the pre-commit
hook. Its standard input is /dev/null (git never waits on a prompt), its environment the
process's unless ``env=`` is given or the call runs inside ``isolated()``.

``subprocess`` costs about 4 ms to import (threading, selectors, signal) before it starts
anything; on POSIX, ``os.posix_spawnp`` with two pipes does the same job with modules the
interpreter has already loaded. Elsewhere, ``subprocess`` is used.
"""

import os
import select
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any, NamedTuple


class GitOutput(NamedTuple):
    returncode: int
    stdout: bytes
    stderr: bytes


# Configuration a checked repository's own .git/config could use to run a program from the
# commands policylint runs (ls-files, diff-tree, log...): turned off for every call. policylint
# never executes code from the repository it checks.
SAFE_CONFIG = ("-c", "core.fsmonitor=false")


# The environments ``isolated()`` set, innermost last (a plain list, not a ContextVar: the
# threads a block starts see it too, and ``contextvars`` is one import fewer on the hook path).
_ENVIRONMENTS: list[Mapping[str, str]] = []


def run_git(*args: str, env: Mapping[str, str] | None = None) -> GitOutput:
    """``git ARGS`` with its output captured; FileNotFoundError when git is not installed.
    ``env``: git's whole environment (default: the context's, else the process's)."""
    return start_git(*args, env=env).wait()


def start_git(*args: str, env: Mapping[str, str] | None = None) -> "Started":
    """``run_git`` started now and finished by ``wait()``: git works on the other core while
    the caller goes on (the hook reads its policy while ``ls-files`` lists the checkout).
    Every started git must be waited for; its output waits in the pipes until then."""
    argv = ["git", *SAFE_CONFIG, *args]
    environment = dict(env if env is not None else _environment())
    if not hasattr(os, "posix_spawnp"):
        import subprocess

        proc = subprocess.run(
            argv, capture_output=True, check=False, env=environment, stdin=subprocess.DEVNULL
        )
        return Started(0, 0, 0, GitOutput(proc.returncode, proc.stdout, proc.stderr))
    return _spawn(argv, environment)


class Started:
    """A git process ``start_git`` started: ``wait()`` reads its output and reaps it."""

    __slots__ = ("_done", "_err", "_out", "_pid")

    def __init__(self, pid: int, out_fd: int, err_fd: int, done: GitOutput | None = None) -> None:
        self._pid, self._out, self._err, self._done = pid, out_fd, err_fd, done

    def wait(self) -> GitOutput:
        if self._done is None:
            stdout, stderr = _drain(self._out, self._err)
            _, status = os.waitpid(self._pid, 0)
            self._done = GitOutput(os.waitstatus_to_exitcode(status), stdout, stderr)
        return self._done


def isolated_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` without any ``GIT_*`` variable and with no system or global git
    configuration (git reads both from the environment of every process it starts)."""
    kept = {name: value for name, value in environ.items() if not name.startswith("GIT_")}
    return {**kept, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


@contextmanager
def isolated() -> Iterator[None]:
    """Every ``run_git`` while the block runs (in any thread) runs in an isolated environment
    (``isolated_environment``); ``os.environ`` itself is left alone."""
    _ENVIRONMENTS.append(isolated_environment(os.environ))
    try:
        yield
    finally:
        _ENVIRONMENTS.pop()


def _environment() -> Mapping[str, str]:
    """git's environment: the innermost ``isolated()`` block's, else the process's."""
    return _ENVIRONMENTS[-1] if _ENVIRONMENTS else os.environ


def ambiguous(root: str, *names: str) -> dict[str, list[str]]:
    """For each short name that could mean more than one ref (``origin/main`` as the remote
    branch and as a tag someone pushed with that name: git picks the tag), the refs it could
    mean. Commit ids, ``HEAD~2`` and full ``refs/...`` names are never ambiguous. One git
    process for all names, none when no name needs it."""
    candidates = {name: _candidates(name) for name in names}
    wanted = [ref for refs in candidates.values() for ref in refs]
    if not wanted:
        return {}
    proc = run_git("-C", root, "for-each-ref", "--format=%(refname)", *wanted)
    existing = set(os.fsdecode(proc.stdout).splitlines())
    found = {name: [ref for ref in refs if ref in existing] for name, refs in candidates.items()}
    return {name: refs for name, refs in found.items() if len(refs) > 1}


def _candidates(name: str) -> list[str]:
    """The refs git tries for a short name, in its order (``git help revisions``)."""
    base = name.split("~", 1)[0].split("^", 1)[0].split("@{", 1)[0]
    if not base or base.startswith("refs/") or base == "HEAD" or _hexadecimal(base):
        return []
    prefixes = ("refs/", "refs/tags/", "refs/heads/", "refs/remotes/")
    return [prefix + base for prefix in prefixes] + [f"refs/remotes/{base}/HEAD"]


def _hexadecimal(name: str) -> bool:
    return len(name) >= 4 and all(c in "0123456789abcdef" for c in name.lower())


def _spawn(argv: list[str], env: dict[str, str]) -> Started:
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_DUP2, out_write, 1),
        (os.POSIX_SPAWN_DUP2, err_write, 2),
        (os.POSIX_SPAWN_CLOSE, out_read),
        (os.POSIX_SPAWN_CLOSE, err_read),
    ]
    try:
        pid = os.posix_spawnp(argv[0], argv, env, file_actions=actions)
    except BaseException:
        for fd in (out_read, err_read):
            os.close(fd)
        raise
    finally:
        os.close(out_write)
        os.close(err_write)
    return Started(pid, out_read, err_read)


def _drain(out_fd: int, err_fd: int) -> tuple[bytes, bytes]:
    """Read both pipes to their end, whichever has data, so neither can fill up and block git."""
    chunks: dict[int, list[bytes]] = {out_fd: [], err_fd: []}
    poller = select.poll()
    for fd in chunks:
        poller.register(fd, select.POLLIN)
    open_fds = set(chunks)
    try:
        while open_fds:
            for fd, _ in poller.poll():
                data = os.read(fd, 1 << 20)
                if data:
                    chunks[fd].append(data)
                else:
                    poller.unregister(fd)
                    open_fds.discard(fd)
    finally:
        for fd in chunks:
            os.close(fd)
    return b"".join(chunks[out_fd]), b"".join(chunks[err_fd])


class ObjectReader:
    """One ``git cat-file --batch`` process for the repository at ``root``, started on the
    first read and asked for object after object (each answer is flushed by git): reading a
    tree or a blob of a commit costs a round trip, not a process. ``close()`` ends it."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._process: _Batch | None = None

    def read(self, name: str) -> tuple[str, bytes] | None:
        """The type (``blob``, ``tree`` ...) and content of the object ``name`` (an id or
        ``REV:PATH``), or None when there is none. Names with a line break have none."""
        if "\n" in name:
            return None
        if self._process is None:
            self._process = _Batch(self.root, dict(_environment()))
        return self._process.ask(name)

    def close(self) -> None:
        if self._process is not None:
            self._process.close()
            self._process = None


class _Batch:
    """The process behind an ``ObjectReader``: requests on its stdin, answers on its stdout."""

    def __init__(self, root: str, env: dict[str, str]) -> None:
        argv = ["git", *SAFE_CONFIG, "-C", root, "cat-file", "--batch"]
        self.pid = 0
        self.popen: Any = None
        if not hasattr(os, "posix_spawnp"):
            import subprocess

            self.popen = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, env=env,
            )  # fmt: skip
            self.requests: int = self.popen.stdin.fileno()
            self.answers: IO[bytes] = self.popen.stdout
            return
        in_read, in_write = os.pipe()
        out_read, out_write = os.pipe()
        actions = [
            (os.POSIX_SPAWN_DUP2, in_read, 0),
            (os.POSIX_SPAWN_DUP2, out_write, 1),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_CLOSE, in_write),
            (os.POSIX_SPAWN_CLOSE, out_read),
        ]
        try:
            self.pid = os.posix_spawnp(argv[0], argv, env, file_actions=actions)
        except BaseException:
            for fd in (in_write, out_read):
                os.close(fd)
            raise
        finally:
            os.close(in_read)
            os.close(out_write)
        self.requests = in_write
        self.answers = os.fdopen(out_read, "rb")

    def ask(self, name: str) -> tuple[str, bytes] | None:
        try:
            os.write(self.requests, os.fsencode(name) + b"\n")
        except BrokenPipeError:
            return None
        header = self.answers.readline()
        fields = header.split()
        # "NAME missing" or "NAME ambiguous" (NAME may hold spaces), or git has gone.
        if len(fields) < 3 or not fields[-1].isdigit():
            return None
        content = self.answers.read(int(fields[-1]))
        self.answers.read(1)  # the newline after the content
        return fields[-2].decode("ascii"), content

    def close(self) -> None:
        if self.popen is not None:
            self.popen.communicate()
            return
        os.close(self.requests)
        self.answers.close()
        os.waitpid(self.pid, 0)

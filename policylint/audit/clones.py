"""Git URLs as checkouts: cloned into the cache once, refreshed on the next audit.

A clone is made in a temporary directory beside its place and renamed into it when complete,
so a clone cut short (a timeout, a kill) is never taken for a checkout. A refresh fetches the
remote's HEAD (``--depth N`` kept) and resets the checkout to it. Git never prompts: a URL that
wants credentials fails at once, as a failed clone.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator

from policylint.digest import sha256_hex
from policylint.errors import CloneError
from policylint.git import run_git

# No prompt for credentials or host keys: an audit runs unattended.
_QUIET_GIT = {"GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "SSH_ASKPASS": "true"}


def clone_dir(cache: str, url: str) -> str:
    """Where ``url`` is cloned in ``cache``: a readable name plus a hash of the whole URL."""
    tail = re.split(r"[/:]", url.rstrip("/"))[-1].removesuffix(".git")
    readable = re.sub(r"[^\w.-]", "_", tail)[:60] or "repository"
    return os.path.join(cache, f"{readable}-{sha256_hex(url.encode())[:16]}")


def checkout(url: str, cache: str, *, depth: int | None, refresh: bool) -> str:
    """The cached checkout of ``url``: cloned when absent, else fetched and reset when
    ``refresh``. Raises CloneError."""
    target = clone_dir(cache, url)
    os.makedirs(cache, exist_ok=True)
    with _locked(target):
        if not os.path.isdir(os.path.join(target, ".git")):
            _clone(url, target, depth)
        elif refresh:
            _refresh(target, depth)
    return target


def _clone(url: str, target: str, depth: int | None) -> None:
    if url.startswith("-"):
        raise CloneError(f"{url}: not a git URL")
    staging = tempfile.mkdtemp(dir=os.path.dirname(target), prefix=".clone-")
    try:
        _git("clone", "--quiet", "--no-tags", *_depth(depth), "--", url, staging)
        if os.path.isdir(target):  # an unusable leftover (no .git): replaced
            shutil.rmtree(target)
        os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _refresh(target: str, depth: int | None) -> None:
    _git("-C", target, "fetch", "--quiet", "--no-tags", *_depth(depth), "origin", "HEAD")
    _git("-C", target, "reset", "--quiet", "--hard", "FETCH_HEAD")


def _depth(depth: int | None) -> list[str]:
    return [] if depth is None else ["--depth", str(depth)]


def _git(*args: str) -> None:
    env = {**os.environ, **_QUIET_GIT}
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    proc = run_git(*args, env=env)
    if proc.returncode != 0:
        reason = _reason(proc.stderr.decode("utf-8", "replace"), proc.returncode)
        raise CloneError(f"git {args[0] if args[0] != '-C' else args[2]} failed: {reason}")


def _reason(stderr: str, code: int) -> str:
    """git's first fatal or error line (the rest is advice), else its last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    failures = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (failures or lines or [f"exit code {code}"])[0 if failures else -1]


@contextlib.contextmanager
def _locked(target: str) -> Iterator[None]:
    """One clone or refresh of a place at a time (two audit entries may share a URL)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: entries sharing a URL may race; the loser is an error row
        yield
        return
    with open(target + ".lock", "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)

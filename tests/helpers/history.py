"""Repositories whose commits carry chosen dates, built with git fast-import."""

from __future__ import annotations

import datetime
import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from tests.helpers.repos import GIT_ENV, git

ADA = "Ada Lovelace <ada@example.org>"


BOB = "Bob Example <bob@example.org>"


class Commit(NamedTuple):
    """A commit to build: its day (or an ISO time), author, and files (None deletes one)."""

    when: str
    files: Mapping[str, str | None]
    author: str = ADA
    merge: int | None = None  # the 1-based index of another commit to merge


def seconds(when: str) -> int:
    """``2026-01-31`` (noon UTC) or a full ISO time, in seconds since the epoch."""
    moment = datetime.datetime.fromisoformat(when if "T" in when else f"{when}T12:00:00+00:00")
    return int(moment.timestamp())


def fast_import_stream(commits: Sequence[Commit], branch: str = "main") -> bytes:
    out: list[bytes] = []
    for number, commit in enumerate(commits, start=1):
        stamp = f"{commit.author} {seconds(commit.when)} +0000"
        message = f"commit {number}\n".encode()
        out += [f"commit refs/heads/{branch}\nmark :{number}\n".encode()]
        out += [f"author {stamp}\ncommitter {stamp}\n".encode()]
        out += [b"data %d\n" % len(message), message]
        if number > 1:
            out += [f"from :{number - 1}\n".encode()]
        if commit.merge is not None:
            out += [f"merge :{commit.merge}\n".encode()]
        for path, content in commit.files.items():
            if content is None:
                out += [f"D {path}\n".encode()]
            else:
                data = content.encode()
                out += [f"M 100644 inline {path}\n".encode(), b"data %d\n" % len(data), data]
        out += [b"\n"]
    return b"".join(out)


def build(root: Path, commits: Sequence[Commit]) -> Path:
    """``root`` as a git repository holding ``commits`` on ``main``, checked out."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    env = {**os.environ, **GIT_ENV}
    stream = fast_import_stream(commits)
    subprocess.run(
        ["git", "-C", str(root), "fast-import", "--quiet"], input=stream, env=env, check=True
    )
    git(root, "reset", "-q", "--hard")
    return root


def shallow_clone(source: Path, target: Path, depth: int) -> Path:
    git(
        source.parent,
        "clone",
        "-q",
        "--no-local",
        f"--depth={depth}",
        f"file://{source}",
        str(target),
    )
    return target

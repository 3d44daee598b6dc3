"""A throwaway PostgreSQL server for the storage tests: ``initdb`` into a temporary directory,
``pg_ctl start`` on a free local port with trust authentication, a fresh database per test,
``pg_ctl stop`` and the directory removed at the end of the session.

The binaries are Debian's (``apt-get install postgresql``: ``/usr/lib/postgresql/*/bin``) or
any on ``PATH``. ``initdb`` refuses to run as root, so as root the server runs as the
``postgres`` system user (``runuser``), in a directory that user owns. Without the binaries
(or psycopg) the tests skip, saying why; in CI (``CI`` set, as ``.ci/run`` does) they fail:
the storage code must be proven on a real server there.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.helpers.browser import in_ci

USER = "policylint"


class Server(NamedTuple):
    port: int
    bin_dir: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new, empty database on the server; its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def unavailable(reason: str) -> None:
    """Skip the test, or fail it in CI."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set: the PostgreSQL tests must run)")
    pytest.skip(reason)


def bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner() -> tuple[list[str], int | None]:
    """The command prefix that runs the server's programs, and the uid that owns its files."""
    if os.geteuid() != 0:
        return [], None
    try:
        owner = pwd.getpwnam("postgres")
    except KeyError:
        unavailable("running as root and there is no 'postgres' user to run initdb as")
    return ["runuser", "-u", "postgres", "--"], owner.pw_uid


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def server() -> Iterator[Server]:
    """A running server for the block (see the module docstring)."""
    found = bin_dir()
    if found is None:
        unavailable("PostgreSQL is not installed (apt-get install postgresql)")
    assert found is not None
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed (pip install 'policylint[postgres]')")
    prefix, uid = _as_owner()
    base = Path(tempfile.mkdtemp(prefix="policylint-pg-"))
    if uid is not None:
        os.chown(base, uid, -1)
    data, port = base / "data", _free_port()
    try:
        _run([*prefix, str(found / "initdb"), "-D", str(data), "-U", USER, "--auth=trust"])
        start = ["-l", str(base / "log"), "-w", "-o", _options(port, base), "start"]
        _run([*prefix, str(found / "pg_ctl"), "-D", str(data), *start])
        try:
            yield Server(port, found)
        finally:
            _run([*prefix, str(found / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _options(port: int, base: Path) -> str:
    return (
        f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c full_page_writes=off -c max_connections=50"
    )


def _run(command: list[str]) -> None:
    proc = subprocess.run(command, capture_output=True, text=True, cwd="/")
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed: {proc.stdout}{proc.stderr}")

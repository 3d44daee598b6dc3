"""One connection to the results database: an SQLite file (the standard library's ``sqlite3``)
or a PostgreSQL server (psycopg 3, the optional extra ``policylint[postgres]``).

SQL is written once, with ``?`` placeholders and types both dialects read alike (``TEXT``,
``INTEGER``, ``DOUBLE PRECISION``); for psycopg the placeholders become ``%s``. Statements
never contain a literal ``?`` or ``%``. Every database error becomes an ``AuditError`` naming
the database (a password in a URL is never shown).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from policylint.errors import AuditError

Params = Sequence[Any]
POSTGRES_SCHEMES = ("postgresql", "postgres")
SQLITE_PREFIX = "sqlite:///"


def shown_url(url: str) -> str:
    """``url`` as it may be printed: the password of a ``postgresql://`` URL masked."""
    parts = urlsplit(url)
    if parts.scheme not in POSTGRES_SCHEMES or parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def sqlite_path(url: str) -> str | None:
    """The file of an SQLite URL (a plain path, or ``sqlite:///PATH``); None for a server."""
    if url.startswith(SQLITE_PREFIX):
        return url[len(SQLITE_PREFIX) :]
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", url):
        return None
    return url


def check_url(url: str) -> None:
    """A usage error for a URL no connection could use, found before anything is audited."""
    if sqlite_path(url) is not None:
        path = sqlite_path(url) or ""
        directory = os.path.dirname(path) or os.curdir
        if not path or os.path.isdir(path):
            raise AuditError(f"--db {url}: not a database file")
        if not os.path.isdir(directory):
            raise AuditError(f"--db {url}: no such directory: {directory}")
        return
    if urlsplit(url).scheme not in POSTGRES_SCHEMES:
        raise AuditError(
            f"--db {shown_url(url)}: not a database URL: give an SQLite file "
            "(audit.db, sqlite:///audit.db) or postgresql://USER@HOST/DATABASE"
        )
    if importlib.util.find_spec("psycopg") is None:
        raise AuditError(
            f"--db {shown_url(url)}: PostgreSQL needs the 'psycopg' package: "
            "install policylint[postgres]"
        )


class Database:
    """An open connection; ``dialect`` is ``"sqlite"`` or ``"postgresql"``."""

    def __init__(self, url: str, connection: Any, dialect: str) -> None:
        self.url, self.connection, self.dialect = url, connection, dialect
        self._converted: dict[str, str] = {}

    def execute(self, sql: str, params: Params = ()) -> Any:
        """Run one statement; its cursor (iterate it for the rows)."""
        with self._errors():
            return self.connection.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        if not rows:
            return
        with self._errors():
            if self.dialect == "sqlite":
                self.connection.executemany(sql, rows)
            else:
                with self.connection.cursor() as cursor:
                    cursor.executemany(self._sql(sql), rows)

    def query(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        with self._errors():
            return list(self.connection.execute(self._sql(sql), params))

    def scalar(self, sql: str, params: Params = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction: all of it on disk when the block ends, none of it on an error.
        SQLite's is ``IMMEDIATE`` (the write lock is taken at once, so two writers wait in
        turn rather than fail half-way)."""
        with self._errors():
            if self.dialect == "sqlite":
                self.connection.execute("BEGIN IMMEDIATE")
                try:
                    yield
                except BaseException:
                    self.connection.execute("ROLLBACK")
                    raise
                self.connection.execute("COMMIT")
            else:
                with self.connection.transaction():
                    yield

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()

    def _sql(self, sql: str) -> str:
        if self.dialect == "sqlite":
            return sql
        converted = self._converted.get(sql)
        if converted is None:
            converted = self._converted[sql] = sql.replace("?", "%s")
        return converted

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except AuditError:
            raise
        except Exception as exc:
            if not _is_database_error(exc):
                raise
            raise AuditError(f"{shown_url(self.url)}: {_first_line(exc)}") from None


def connect(url: str) -> Database:
    """The database at ``url`` (``check_url`` accepted it), connected."""
    path = sqlite_path(url)
    if path is not None:
        return _sqlite(url, path)
    return _postgresql(url)


SQLITE_WAIT_SECONDS = 60.0


def _sqlite(url: str, path: str) -> Database:
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=SQLITE_WAIT_SECONDS)
        # WAL: readers never block the writer; NORMAL: a commit survives the process being
        # killed (kill -9), only a power cut may lose the last commits (never half of one).
        _wal(connection)
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
    except sqlite3.Error as exc:
        raise AuditError(f"{url}: cannot open the results database: {exc}") from None
    return Database(url, connection, "sqlite")


def _wal(connection: sqlite3.Connection) -> None:
    """Switch the file to WAL. The switch needs the file to itself, and SQLite answers "database
    is locked" at once, without its busy timeout, while another process opens or writes it (two
    audits started together on one new file): so it is retried, for as long as the timeout."""
    deadline = time.monotonic() + SQLITE_WAIT_SECONDS
    pause = 0.01
    while True:
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def _postgresql(url: str) -> Database:
    psycopg = importlib.import_module("psycopg")
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=30)
        # A commit need not wait for the server's disk: a killed audit loses nothing (the
        # server has the row), a server crash at most the last instant's rows, which --resume
        # audits again.
        connection.execute("SET synchronous_commit = off")
    except psycopg.Error as exc:
        raise AuditError(
            f"{shown_url(url)}: cannot connect to the results database: {_first_line(exc)}"
        ) from None
    return Database(url, connection, "postgresql")


def _is_database_error(exc: Exception) -> bool:
    if isinstance(exc, sqlite3.Error):
        return True
    module = type(exc).__module__
    return module.startswith("psycopg")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

"""The audit's results database: every run, every repository's row, rule outcome, finding and
exemption, kept so that reports can show history (``docs/audit.md`` documents the tables).

An SQLite file by default (``audit.db``, the standard library's ``sqlite3``); a PostgreSQL
server by URL (``postgresql://...``, psycopg 3 from ``policylint[postgres]``). One process
writes: the audit's parent, which receives every row from the local pool's workers or from
the Dask cluster; each repository is one transaction, so a killed audit leaves whole rows
only, and ``(run_id, name)`` is the key of a row, so a repository is in a run exactly once.
"""

from __future__ import annotations

import datetime
import json
from typing import Any, NamedTuple

from policylint import __version__
from policylint.audit.store import migrations
from policylint.audit.store.connection import Database, check_url, connect, shown_url
from policylint.audit.store.records import (
    EXEMPTION_COLUMNS,
    FINDING_COLUMNS,
    OUTCOME_COLUMNS,
    POLICY_RULE_COLUMNS,
    REPOSITORY_COLUMNS,
    Row,
    row_records,
)

__all__ = ["DEFAULT_URL", "Run", "Store", "check_url", "open_store", "shown_url"]

DEFAULT_URL = "audit.db"


class Run(NamedTuple):
    """One audit: when, by which policylint, over what, and how (``runs`` table)."""

    id: int
    started_at: str
    finished_at: str | None
    tool_version: str
    title: str
    sources: list[str]
    policy: str | None
    policy_hash: str | None
    options: dict[str, Any]
    repositories: int


RUN_COLUMNS = (
    "id, started_at, finished_at, tool_version, title, sources, policy, policy_hash, options, "
    "repositories"
)
_CHILD_TABLES = ("rule_outcomes", "findings", "exemptions")


def open_store(url: str) -> Store:
    """The database at ``url``, its schema brought to this policylint's version."""
    db = connect(url)
    try:
        migrations.migrate(db)
    except BaseException:
        db.close()
        raise
    return Store(db)


def now() -> str:
    """The current time as stored: ISO 8601, UTC, to the second."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


class Store:
    """Writing runs and rows, and reading them back (``policylint.audit.store.history``)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def start_run(
        self,
        *,
        title: str,
        sources: list[str],
        policy: str | None,
        policy_hash: str | None,
        options: dict[str, Any],
        repositories: int,
    ) -> Run:
        values = (
            *(now(), None, __version__, title, json.dumps(sources), policy, policy_hash),
            *(json.dumps(options, sort_keys=True), repositories),
        )
        with self.db.transaction():
            run_id = self.db.scalar(
                f"INSERT INTO runs ({RUN_COLUMNS.removeprefix('id, ')}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                values,
            )
        found = self.run(int(run_id))
        assert found is not None
        return found

    def continue_run(self, run: Run, repositories: int) -> None:
        """``run`` goes on (``--resume`` after it was cut short), now over ``repositories``."""
        with self.db.transaction():
            self.db.execute(
                "UPDATE runs SET repositories = ?, finished_at = NULL WHERE id = ?",
                (repositories, run.id),
            )

    def record(self, run_id: int, position: int, row: Row) -> None:
        """One repository's row in ``run_id``, replacing any it had there; all or nothing."""
        records = row_records(run_id, position, row)
        with self.db.transaction():
            self._delete(run_id, row["name"])
            self.db.execute(_insert("repositories", REPOSITORY_COLUMNS), records.repository)
            self.db.executemany(_insert("rule_outcomes", OUTCOME_COLUMNS), records.outcomes)
            self.db.executemany(_insert("findings", FINDING_COLUMNS), records.findings)
            self.db.executemany(_insert("exemptions", EXEMPTION_COLUMNS), records.exemptions)
            self.db.executemany(
                _insert("policy_rules", POLICY_RULE_COLUMNS, keep=True), records.policy_rules
            )
            self.db.executemany(
                _insert("rule_tags", "policy_hash, rule, tag", keep=True), records.tags
            )

    def prune(self, run_id: int, names: list[str]) -> None:
        """Drop the run's rows of repositories not in ``names`` (a run continued with fewer
        sources than it started with)."""
        wanted = set(names)
        stale = [
            name
            for (name,) in self.db.query(
                "SELECT name FROM repositories WHERE run_id = ?", (run_id,)
            )
            if name not in wanted
        ]
        for name in stale:
            with self.db.transaction():
                self._delete(run_id, name)

    def _delete(self, run_id: int, name: str) -> None:
        for table in _CHILD_TABLES:
            self.db.execute(
                f"DELETE FROM {table} WHERE run_id = ? AND repository = ?", (run_id, name)
            )
        self.db.execute("DELETE FROM repositories WHERE run_id = ? AND name = ?", (run_id, name))

    def finish_run(self, run_id: int) -> None:
        with self.db.transaction():
            self.db.execute("UPDATE runs SET finished_at = ? WHERE id = ?", (now(), run_id))

    def run(self, run_id: int) -> Run | None:
        found = self.db.query(f"SELECT {RUN_COLUMNS} FROM runs WHERE id = ?", (run_id,))
        return run_of(found[0]) if found else None

    def close(self) -> None:
        self.db.close()


def _insert(table: str, columns: str, *, keep: bool = False) -> str:
    marks = ", ".join("?" for _ in columns.split(","))
    conflict = " ON CONFLICT DO NOTHING" if keep else ""
    return f"INSERT INTO {table} ({columns}) VALUES ({marks}){conflict}"


def run_of(record: tuple[Any, ...]) -> Run:
    values = list(record)
    values[5] = json.loads(values[5])
    values[8] = json.loads(values[8])
    return Run(*values)

"""Reading the results database: runs, a run's rows, and what reports draw from history
(pass rates per rule and scores per repository over runs, the previous run's statuses, the
rules' documentation and tags).

A run's rows are read with one query per table, each ordered by repository name, and put
together as they stream (every query orders by the same column in the same database, so
their groups come in the same order): no query per repository.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from policylint.audit.store import RUN_COLUMNS, Run, Store, run_of
from policylint.audit.store.records import (
    EXEMPTION_COLUMNS,
    FINDING_COLUMNS,
    OUTCOME_COLUMNS,
    REPOSITORY_COLUMNS,
    Row,
    assemble,
)


def runs(store: Store, *, since: str | None = None, last: int | None = None) -> list[Run]:
    """Runs oldest first: those started on or after ``since`` (an ISO date), or the ``last``
    N, or all."""
    if since is not None:
        found = store.db.query(
            f"SELECT {RUN_COLUMNS} FROM runs WHERE started_at >= ? ORDER BY id", (since,)
        )
    else:
        found = store.db.query(f"SELECT {RUN_COLUMNS} FROM runs ORDER BY id")
        if last is not None:
            found = found[-last:] if last > 0 else []
    return [run_of(record) for record in found]


def latest_run(store: Store) -> Run | None:
    found = store.db.query(f"SELECT {RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT 1")
    return run_of(found[0]) if found else None


def previous_run(store: Store, run: Run) -> Run | None:
    """The run before ``run`` (whatever a report's selection), for "since the last run"."""
    found = store.db.query(
        f"SELECT {RUN_COLUMNS} FROM runs WHERE id < ? ORDER BY id DESC LIMIT 1", (run.id,)
    )
    return run_of(found[0]) if found else None


_CHILDREN = (
    ("rule_outcomes", OUTCOME_COLUMNS),
    ("findings", FINDING_COLUMNS),
    ("exemptions", EXEMPTION_COLUMNS),
)


def rows(store: Store, run_id: int) -> Iterator[Row]:
    """The run's rows, by repository name, assembled as the records stream in (none of the
    run's records is held beyond its repository's)."""
    children = [_grouped(store, table, columns, run_id) for table, columns in _CHILDREN]
    repositories = store.db.execute(
        f"SELECT {REPOSITORY_COLUMNS} FROM repositories WHERE run_id = ? ORDER BY name",
        (run_id,),
    )
    for record in repositories:
        parts = [_take(group, record[1]) for group in children]
        yield assemble(record, *parts)


def row(store: Store, run_id: int, name: str) -> Row | None:
    """One repository's row in the run (None: the run has none of that name)."""
    found = store.db.query(
        f"SELECT {REPOSITORY_COLUMNS} FROM repositories WHERE run_id = ? AND name = ?",
        (run_id, name),
    )
    if not found:
        return None
    parts = [
        store.db.query(
            f"SELECT {columns} FROM {table} WHERE run_id = ? AND repository = ? ORDER BY position",
            (run_id, name),
        )
        for table, columns in _CHILDREN
    ]
    return assemble(found[0], *parts)


def done_keys(store: Store, run_id: int) -> Iterator[tuple[str, str]]:
    """The name and key of each repository of the run that was audited (status ``ok``), read
    one at a time."""
    yield from store.db.execute(
        "SELECT name, key FROM repositories WHERE run_id = ? AND status = 'ok'", (run_id,)
    )


class _Groups:
    """A table's records of one run, grouped by repository, with one group looked ahead."""

    def __init__(self, records: Iterable[tuple[Any, ...]]) -> None:
        self.groups = itertools.groupby(records, key=lambda r: r[1])
        self.ahead: tuple[str, list[tuple[Any, ...]]] | None = None

    def peek(self) -> tuple[str, list[tuple[Any, ...]]] | None:
        if self.ahead is None:
            group = next(self.groups, None)
            self.ahead = None if group is None else (group[0], list(group[1]))
        return self.ahead


def _grouped(store: Store, table: str, columns: str, run_id: int) -> _Groups:
    records = store.db.execute(
        f"SELECT {columns} FROM {table} WHERE run_id = ? ORDER BY repository, position",
        (run_id,),
    )
    return _Groups(records)


def _take(groups: _Groups, name: str) -> list[tuple[Any, ...]]:
    ahead = groups.peek()
    if ahead is None or ahead[0] != name:
        return []
    groups.ahead = None
    return ahead[1]


class Standing(NamedTuple):
    """A repository in a run, as "since the last run" compares it."""

    status: str
    score: float | None
    rules: dict[str, str]  # rule id -> status


def standings(store: Store, run_id: int) -> dict[str, Standing]:
    """Every repository of the run, with its score and rule statuses."""
    found = {
        name: Standing(status, score, {})
        for name, status, score in store.db.query(
            "SELECT name, status, score FROM repositories WHERE run_id = ?", (run_id,)
        )
    }
    for name, rule, status in store.db.query(
        "SELECT repository, rule, status FROM rule_outcomes WHERE run_id = ?", (run_id,)
    ):
        if name in found:
            found[name].rules[rule] = status
    return found


def rule_counts(store: Store, run_ids: Sequence[int]) -> dict[int, dict[str, dict[str, int]]]:
    """Per run, per rule: how many repositories had each status."""
    counts: dict[int, dict[str, dict[str, int]]] = {run_id: {} for run_id in run_ids}
    if not run_ids:
        return counts
    for run_id, rule, status, count in store.db.query(
        "SELECT run_id, rule, status, COUNT(*) FROM rule_outcomes "
        "WHERE run_id BETWEEN ? AND ? GROUP BY run_id, rule, status",
        (min(run_ids), max(run_ids)),
    ):
        if run_id in counts:
            counts[run_id].setdefault(rule, {})[status] = int(count)
    return counts


def scores(store: Store, run_ids: Sequence[int]) -> dict[str, dict[int, float | None]]:
    """Per repository, per run: its score (None: not graded)."""
    found: dict[str, dict[int, float | None]] = {}
    if not run_ids:
        return found
    wanted = set(run_ids)
    for run_id, name, score in store.db.query(
        "SELECT run_id, name, score FROM repositories WHERE run_id BETWEEN ? AND ?",
        (min(run_ids), max(run_ids)),
    ):
        if run_id in wanted:
            found.setdefault(name, {})[run_id] = score
    return found


class RuleInfo(NamedTuple):
    """What a policy says about one of its rules (``policy_rules`` and ``rule_tags``)."""

    kind: str
    title: str
    severity: str
    help: str
    origin: str
    tags: tuple[str, ...]


def rule_info(store: Store, run_id: int) -> dict[tuple[str, str], RuleInfo]:
    """(policy hash, rule id) -> what the policy says, for the policies the run used."""
    used = "SELECT DISTINCT policy_hash FROM repositories WHERE run_id = ?"
    tags: dict[tuple[str, str], list[str]] = {}
    for digest, rule, tag in store.db.query(
        f"SELECT policy_hash, rule, tag FROM rule_tags WHERE policy_hash IN ({used}) "
        "ORDER BY policy_hash, rule, tag",
        (run_id,),
    ):
        tags.setdefault((digest, rule), []).append(tag)
    return {
        (digest, rule): RuleInfo(
            kind, title, severity, text, origin, tuple(tags.get((digest, rule), ()))
        )
        for digest, rule, kind, title, severity, text, origin in store.db.query(
            "SELECT policy_hash, rule, kind, title, severity, help, origin FROM policy_rules "
            f"WHERE policy_hash IN ({used})",
            (run_id,),
        )
    }

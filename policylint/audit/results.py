"""Where an audit's rows go as repositories finish: the results database (a run of its own, or
the run ``--resume`` continues) and the JSON Lines journal, both written by this process only.

``--resume`` takes the previous rows from the database's latest run: when that run was cut
short (no ``finished_at``: a kill, a crash), the audit continues it, keeping its ok rows whose
key still matches and auditing the rest into the same run; when it had finished, a new run
starts with those rows copied into it (a weekly audit that re-audits only what changed). A
database with no run yet resumes from the journal, as before the database existed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from policylint.audit import journal
from policylint.audit.sources import Target
from policylint.audit.store import Run, Store, history, open_store

Row = dict[str, Any]


class Plan(NamedTuple):
    """What the run is, for the ``runs`` table."""

    title: str
    sources: list[str]
    policy: str | None
    policy_hash: str | None
    options: dict[str, Any]


class Results:
    """The open database and journal of one audit, and the rows kept from before."""

    def __init__(self, store: Store, log: journal.Journal, run: Run, continued: bool) -> None:
        self.store, self.log, self.run, self.continued = store, log, run, continued
        self.kept: dict[str, bytes] = {}  # previous rows as journal lines, by name
        self.keys: dict[str, str] = {}  # the key of each previous ok row, by name
        # Each row of this audit, by name: where the journal holds it, or a kept row's line.
        self.where: dict[str, int | bytes] = {}
        self.positions: dict[str, int] = {}
        self.seekable = log.seekable  # else (a device) rows are held here

    def done_key(self, name: str) -> str | None:
        """The key a repository must still have for its previous row to stand (error rows
        are always audited again)."""
        return self.keys.get(name)

    def add(self, target: Target, row: Row | None) -> bool:
        """Record ``target``'s row (None: its previous row stands); True when it is an error
        row. In the database first, then the journal: a row in the journal is in both."""
        position = self.positions[target.name]
        if row is None:
            line = self.kept[target.name]
            if not self.continued:  # a new run holds its own copy of every row
                self.store.record(self.run.id, position, journal.decode(line))
            self.where[target.name] = line
            return False
        self.store.record(self.run.id, position, row)
        # What a policy says about its rules is the database's (once per policy), not a row's:
        # which row carries it depends on which worker met the policy first.
        line = journal.encode({k: v for k, v in row.items() if k != "policy_rules"})
        offset = self.log.append(line)
        self.where[target.name] = offset if self.seekable else line
        return bool(row["status"] == "error")

    def finish(self, targets: list[Target]) -> Sequence[Row]:
        """The run marked finished, without rows of repositories no longer audited; the
        journal rewritten with every row once, in the order of the sources; its rows."""
        self.store.prune(self.run.id, [t.name for t in targets])
        self.store.finish_run(self.run.id)
        entries = [self.where[t.name] for t in targets]
        if self.seekable:
            return self.log.finish_from(entries)
        lines = [entry for entry in entries if isinstance(entry, bytes)]
        self.log.finish(lines)
        return journal.Rows(lines)

    def close(self) -> None:
        self.log.close()
        self.store.close()


def start(
    url: str, journal_path: str, targets: list[Target], plan: Plan, *, resume: bool
) -> Results:
    """The database opened (and migrated), the journal started, and the run begun or
    continued."""
    store = open_store(url)
    try:
        log, from_journal = journal.start(journal_path, resume=resume)
    except BaseException:
        store.close()
        raise
    last = history.latest_run(store) if resume else None
    continued = last is not None and last.finished_at is None
    if continued:
        assert last is not None
        store.continue_run(last, len(targets))
        run = last
    else:
        run = store.start_run(**plan._asdict(), repositories=len(targets))
    results = Results(store, log, run, continued)
    previous = history.rows(store, last.id) if last is not None else from_journal.values()
    _keep(results, previous)
    results.positions = {t.name: i for i, t in enumerate(targets)}
    return results


def _keep(results: Results, rows: Iterable[Row]) -> None:
    for row in rows:  # one at a time: only their journal lines are held
        results.kept[row["name"]] = journal.encode(row)
        if row.get("status") == "ok":
            results.keys[row["name"]] = row["key"]

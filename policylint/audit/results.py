"""Where an audit's rows go as repositories finish: the results database (a run of its own, or
the run ``--resume`` continues) and the JSON Lines journal, both written by this process only.

Nothing here grows with the rows: each row goes to the database and the journal and is counted
into the summary (``report.summary.Summary``), then dropped. What is kept per repository is
the journal offset of its row (8 bytes, so the journal can be rewritten in the audit's order at
the end) and, with ``--resume``, the done-set: a 64-bit hash of each previous repository's name
mapped to the first 64 bits of its key (``DoneSet``, about 100 bytes a repository).

``--resume`` takes the previous rows from the database's latest run: when that run was cut
short (no ``finished_at``: a kill, a crash), the audit continues it, keeping its ok rows whose
key still matches and auditing the rest into the same run; when it had finished, a new run
starts with those rows copied into it (a weekly audit that re-audits only what changed). A
database with no run yet resumes from the journal, as before the database existed. A kept row
is read back (from the database, or the journal) when its repository's turn comes.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable
from typing import IO, Any, NamedTuple

from policylint.audit import journal
from policylint.audit.report.summary import Summary
from policylint.audit.runners.jobs import Job
from policylint.audit.sources import Target
from policylint.audit.store import Run, Store, history, open_store
from policylint.errors import AuditError

Row = dict[str, Any]

# How much of a row's key the done-set keeps (hex digits): 64 bits, so two different keys
# match by chance with a probability of 2**-64.
KEY_DIGITS = 16


class Plan(NamedTuple):
    """What the run is, for the ``runs`` table."""

    title: str
    sources: list[str]
    policy: str | None
    policy_hash: str | None
    options: dict[str, Any]


def name_hash(name: str) -> int:
    """A 64-bit hash of a repository name (two names of one audit share one with a probability
    of about n**2 / 2**65; the worst that could do is audit a repository again)."""
    digest = hashlib.blake2b(name.encode("utf-8", "surrogateescape"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


class DoneSet:
    """``--resume``'s done-set: which repositories' previous rows stand if their key still
    matches. A hash of the name maps to the key's first ``KEY_DIGITS`` hex digits (an int),
    and, for rows read from the journal, where the row's line starts in it."""

    def __init__(self) -> None:
        self.keys: dict[int, int] = {}
        self.offsets: dict[int, int] = {}

    def add(self, name: str, key: str, offset: int | None = None) -> None:
        hashed = name_hash(name)
        self.keys[hashed] = int(key[:KEY_DIGITS], 16)
        if offset is not None:
            self.offsets[hashed] = offset

    def key(self, name: str) -> str | None:
        found = self.keys.get(name_hash(name))
        return None if found is None else f"{found:0{KEY_DIGITS}x}"

    def offset(self, name: str) -> int | None:
        return self.offsets.get(name_hash(name))


class Results:
    """The open database and journal of one audit, the done-set, and the summary so far."""

    def __init__(
        self, store: Store, log: journal.Journal, run: Run, previous: Run | None, count: int
    ) -> None:
        self.store, self.log, self.run, self.previous = store, log, run, previous
        self.continued = previous is not None and previous.id == run.id
        self.done = DoneSet()
        # Where each position's row starts in the journal (-1: not yet recorded).
        self.offsets = array("q", [-1]) * count
        self.summary = Summary()
        self._reader: IO[bytes] | None = None

    def done_key(self, name: str) -> str | None:
        """The key a repository must still have for its previous row to stand (error rows
        are always audited again)."""
        return self.done.key(name)

    def jobs(self, targets: Iterable[Target]) -> Iterable[Job]:
        """A job per target, made as the runner asks for it."""
        for position, target in enumerate(targets):
            yield Job(target, self.done_key(target.name), position)

    def add(self, job: Job, row: Row | None) -> bool:
        """Record ``job``'s row (None: its previous row stands); True when it is an error
        row. In the database first, then the journal: a row in the journal is in both."""
        name = job.target.name
        if row is None:
            row, offset = self._previous(name)
            if not self.continued:  # a new run holds its own copy of every row
                self.store.record(self.run.id, job.position, row)
        else:
            self.store.record(self.run.id, job.position, row)
            offset = None
        if offset is None:
            # What a policy says about its rules is the database's (once per policy), not a
            # row's: which row carries it depends on which worker met the policy first.
            line = journal.encode({k: v for k, v in row.items() if k != "policy_rules"})
            offset = self.log.append(line)
        self.offsets[job.position] = offset
        self.summary.add(row)
        return bool(row["status"] == "error")

    def _previous(self, name: str) -> tuple[Row, int | None]:
        """A kept row, read back: from the previous run in the database, or from the journal
        (where it already is: its offset)."""
        if self.previous is not None:
            found = history.row(self.store, self.previous.id, name)
            if found is None:
                raise AuditError(f"{name}: its previous row vanished from the results database")
            return found, None
        offset = self.done.offset(name)
        assert offset is not None  # a job is given a done key only for a previous row
        if self._reader is None:
            self._reader = open(self.log.path, "rb")  # noqa: SIM115 - closed by close()
        self._reader.seek(offset)
        return journal.decode(self._reader.readline()), offset

    def finish(self, targets: list[Target]) -> None:
        """The run marked finished, without rows of repositories no longer audited; the
        journal rewritten with every row once, in the order of the sources."""
        if self.continued:  # only a continued run can hold rows of other repositories
            self.store.prune(self.run.id, [t.name for t in targets])
        self.store.finish_run(self.run.id)
        self._close_reader()
        if self.log.seekable:
            self.log.finish_from(self.offsets)
        else:  # a device: its rows were written as they came, once each
            self.log.close()

    def close(self) -> None:
        self._close_reader()
        self.log.close()
        self.store.close()

    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None


def start(
    url: str, journal_path: str, targets: list[Target], plan: Plan, *, resume: bool
) -> Results:
    """The database opened (and migrated), the journal started, and the run begun or
    continued."""
    store = open_store(url)
    try:
        log = journal.start(journal_path, resume=resume)
    except BaseException:
        store.close()
        raise
    last = history.latest_run(store) if resume else None
    if last is not None and last.finished_at is None:
        store.continue_run(last, len(targets))
        run = last
    else:
        run = store.start_run(**plan._asdict(), repositories=len(targets))
    results = Results(store, log, run, last, len(targets))
    if last is not None:
        for name, key in history.done_keys(store, last.id):
            results.done.add(name, key)
    elif resume:
        for offset, row in journal.kept_rows(journal_path):
            if row.get("status") == "ok":
                results.done.add(row["name"], row["key"], offset)
    return results

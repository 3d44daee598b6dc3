"""Running the audit's jobs: a local pool of worker processes, or a Dask cluster.

Local pool (runner_local): ``jobs`` long-lived processes (``python -m policylint.audit.worker``),
each in its own process group, fed one repository at a time. The parent keeps a deadline per
repository: a worker still busy when it passes (a hung git, a runaway check) is killed with its
whole process group, the repository gets an error row, and a fresh worker takes its place; so
does a worker that dies. Dask (runner_dask): the same function per repository on the cluster's
workers, stopped by a time budget inside the task (Dask cannot kill a task); a task that never
comes back is given up after twice the timeout plus 10 s (it may have waited in the queue for
another).

The local pool needs POSIX (process groups, ``select`` on pipes).
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from policylint.audit.runners.dask import DaskRun
from policylint.audit.runners.jobs import Job, OnRow
from policylint.audit.runners.local import Pool
from policylint.errors import AuditError

if TYPE_CHECKING:
    from policylint.audit.worker import Settings


def run_local(
    jobs: Iterable[Job], settings: Settings, *, workers: int, timeout: float, on_row: OnRow
) -> None:
    """Every job on a pool of ``workers`` processes; ``on_row`` is called in the parent."""
    pool = Pool(settings, workers, timeout, on_row)
    try:
        pool.run(iter(jobs))
    finally:
        pool.close()


class DaskCluster(NamedTuple):
    client: Any  # a connected ``distributed.Client``
    wait: Callable[..., Any]  # ``distributed.wait``


# How long a Dask scheduler may take to answer before it is called unreachable.
CONNECT_SECONDS = 30.0


@contextlib.contextmanager
def dask_cluster(scheduler: str) -> Iterator[DaskCluster]:
    """The Dask cluster at ``scheduler``, connected for the audit's duration; AuditError when
    it cannot be reached (connected before the journal is touched). ``distributed`` is known
    to be installed (``command`` checks it with the other options)."""
    distributed = _distributed()
    try:
        client = distributed.Client(scheduler, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as exc:
        raise AuditError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        yield DaskCluster(client, distributed.wait)


def run_dask(
    jobs: Iterable[Job], settings: Settings, *, cluster: DaskCluster, timeout: float, on_row: OnRow
) -> None:
    """Every job on the connected Dask ``cluster``; ``on_row`` is called here."""
    DaskRun(cluster.client, cluster.wait, settings, timeout, on_row).run(iter(jobs))


def _distributed() -> Any:
    """The ``distributed`` package (untyped, and optional: ``policylint[dask]``)."""
    return importlib.import_module("distributed")

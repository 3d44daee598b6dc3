"""The audit on a Dask cluster: the worker's function per repository, at most twice the
cluster's threads in flight, each stopped by a time budget inside the task (see runner.py)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from policylint.audit.worker import audit_with_budget, make_row, timeout_row

if TYPE_CHECKING:
    from policylint.audit.runners.jobs import Job, OnRow
    from policylint.audit.worker import Row, Settings

DASK_GRACE_SECONDS = 10.0


class DaskRun:
    """At most twice the cluster's threads in flight, so a task waits at most one task.
    ``wait`` is ``distributed.wait``."""

    def __init__(
        self,
        client: Any,
        wait: Callable[..., Any],
        settings: Settings,
        timeout: float,
        on_row: OnRow,
    ) -> None:
        self.client, self.wait = client, wait
        self.settings, self.timeout, self.on_row = settings, timeout, on_row
        self.window = max(1, 2 * sum(client.nthreads().values()))
        self.in_flight: dict[Any, tuple[Job, float]] = {}

    def run(self, jobs: Iterator[Job]) -> None:
        more = True
        while more or self.in_flight:
            while more and len(self.in_flight) < self.window:
                job = next(jobs, None)
                more = job is not None
                if job is not None:
                    self._submit(job)
            self._collect()

    def _submit(self, job: Job) -> None:
        args = (self.settings, job.target, job.done_key, self.timeout)
        future = self.client.submit(audit_with_budget, *args, pure=False)
        self.in_flight[future] = (job, time.monotonic())

    def _collect(self) -> None:
        allowed = 2 * self.timeout + DASK_GRACE_SECONDS
        nearest = min(submitted for _, submitted in self.in_flight.values()) + allowed
        with contextlib.suppress(TimeoutError, _AsyncTimeout):
            self.wait(
                list(self.in_flight),
                timeout=max(0.01, nearest - time.monotonic()),
                return_when="FIRST_COMPLETED",
            )
        now = time.monotonic()
        for future, (job, submitted) in list(self.in_flight.items()):
            if future.done():
                del self.in_flight[future]
                self.on_row(job, self._row(future, job))
            elif now - submitted >= allowed:
                del self.in_flight[future]
                future.cancel()
                row = timeout_row(self.settings, job.target, self.timeout, now - submitted)
                self.on_row(job, row)

    def _row(self, future: Any, job: Job) -> Row | None:
        try:
            row: Row | None = future.result()
        except Exception as exc:  # the worker died or the task could not be run
            reason = f"the Dask task failed: {type(exc).__name__}: {exc}"
            return make_row(job.target, self.settings, "error", reason, 0.0)
        return row


def _async_timeout() -> type[BaseException]:
    return asyncio.TimeoutError


_AsyncTimeout = _async_timeout()

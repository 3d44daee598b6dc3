"""The audit's local pool: long-lived worker processes, each fed one repository at a time and
killed with its process group when its repository's deadline passes (see runner.py)."""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

import policylint
from policylint.audit.worker import Row, Settings, make_row, timeout_row
from policylint.errors import AuditError

if TYPE_CHECKING:
    from policylint.audit.runners.jobs import Job, OnRow

STARTUP_SECONDS = 60.0  # a worker process that is not ready by then means a broken install


class _Worker:
    """One worker process, its answers pipe, and the job it is busy with."""

    def __init__(self, settings: Settings) -> None:
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - its stderr: the reason when it dies
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "policylint.audit.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            start_new_session=True,  # its own process group: killed with the gits it runs
            env=_worker_env(),
        )
        self.stdin: IO[bytes] = self.proc.stdin  # type: ignore[assignment]
        self.stdout: IO[bytes] = self.proc.stdout  # type: ignore[assignment]
        self.ready = False
        self.job: Job | None = None
        self.started = time.monotonic()
        self.deadline = self.started + STARTUP_SECONDS
        self._send(list(settings))

    def give(self, job: Job, timeout: float) -> None:
        self.job, self.started = job, time.monotonic()
        self.deadline = self.started + timeout
        self._send([list(job.target), job.done_key])

    def _send(self, value: Any) -> None:
        self.stdin.write(json.dumps(value).encode("utf-8") + b"\n")
        self.stdin.flush()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self._close()

    def stop(self) -> None:
        """End the worker: at the end of its input it exits; killed if it does not."""
        with contextlib.suppress(OSError):
            self.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        self.kill()

    def death(self) -> str:
        """Why the process ended: its exit status and the last line it wrote to stderr."""
        code = self.proc.wait()
        how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
        self.errors.seek(0)
        lines = self.errors.read()[-4096:].decode("utf-8", "replace").strip().splitlines()
        return f"the worker process died ({how})" + (f": {lines[-1]}" if lines else "")

    def _close(self) -> None:
        for stream in (self.stdin, self.stdout, self.errors):
            with contextlib.suppress(OSError):
                stream.close()


def _worker_env() -> dict[str, str]:
    """The parent's environment, with this policylint first on the worker's import path."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(policylint.__file__)))
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": here + (os.pathsep + path if path else "")}


class Pool:
    """Worker processes, given jobs as they become free; each answer goes to ``on_row``."""

    def __init__(self, settings: Settings, size: int, timeout: float, on_row: OnRow) -> None:
        self.settings, self.timeout, self.on_row = settings, timeout, on_row
        self.workers = [_Worker(settings) for _ in range(size)]
        self.jobs: Iterator[Job] = iter(())
        self.more = True

    def run(self, jobs: Iterator[Job]) -> None:
        self.jobs, self.more = jobs, True
        while True:
            for worker in self.workers:
                self._feed(worker)
            if not self.more and all(w.job is None for w in self.workers):
                return
            self._wait()

    def _feed(self, worker: _Worker) -> None:
        """Give an idle, ready worker the next job, if there is one."""
        if self.more and worker.ready and worker.job is None:
            job = next(self.jobs, None)
            self.more = job is not None
            if job is not None:
                worker.give(job, self.timeout)

    def _wait(self) -> None:
        """Until an answer comes or a deadline passes, then handle every worker that has one."""
        now = time.monotonic()
        delay = max(0.0, min(w.deadline for w in self.workers if w.job or not w.ready) - now)
        readable, _, _ = select.select([w.stdout for w in self.workers], [], [], delay)
        for index, worker in enumerate(self.workers):
            if worker.stdout in readable:
                self._answered(index, worker.stdout.readline())
            elif (worker.job or not worker.ready) and time.monotonic() >= worker.deadline:
                self._expired(index)

    def _answered(self, index: int, line: bytes) -> None:
        worker = self.workers[index]
        if not line:
            self._died(index)
            return
        answer = json.loads(line)
        if not worker.ready:
            worker.ready = True
            return
        job, worker.job = worker.job, None
        assert job is not None  # one answer per job given
        self._feed(worker)  # the worker goes on while the row is written here
        self.on_row(job, answer)

    def _expired(self, index: int) -> None:
        worker = self.workers[index]
        if worker.job is None:
            worker.kill()
            raise AuditError(f"a worker process did not start within {STARTUP_SECONDS:g} s")
        seconds = time.monotonic() - worker.started
        self._replace(index, timeout_row(self.settings, worker.job.target, self.timeout, seconds))

    def _died(self, index: int) -> None:
        worker = self.workers[index]
        reason = worker.death()
        if worker.job is None:
            worker.kill()
            raise AuditError(f"a worker process could not start: {reason}")
        seconds = time.monotonic() - worker.started
        self._replace(index, make_row(worker.job.target, self.settings, "error", reason, seconds))

    def _replace(self, index: int, row: Row) -> None:
        """A killed or dead worker's job gets its error row; a fresh worker takes its place."""
        worker = self.workers[index]
        worker.kill()
        self.workers[index] = _Worker(self.settings)
        assert worker.job is not None
        self.on_row(worker.job, row)

    def close(self) -> None:
        """Idle workers end at the end of their input; busy ones (an interrupted audit) are
        killed at once."""
        for worker in self.workers:
            if worker.job is None:
                worker.stop()
            else:
                worker.kill()

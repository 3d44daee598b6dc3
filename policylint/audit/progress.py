"""Audit progress on stderr: a rich progress bar on a terminal, plain periodic lines elsewhere
(CI logs): one every ``PLAIN_SECONDS`` or every tenth of the audit, whichever comes first, and
one at the end. rich is imported only when a bar is drawn.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any, Protocol

from rich.console import Console

PLAIN_SECONDS = 10.0


class Progress(Protocol):
    def advance(self, *, failed: bool) -> None: ...

    def close(self) -> None: ...


def progress(total: int, *, enabled: bool = True, stream: IO[str] | None = None) -> Progress:
    """The progress display for an audit of ``total`` repositories."""
    out = sys.stderr if stream is None else stream
    if not enabled:
        return _Silent()
    if out.isatty():
        return _Bar(total, out)
    return PlainLines(total, out)


class Counts:
    def __init__(self, total: int) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.started = time.monotonic()

    def count(self, *, failed: bool) -> None:
        self.done += 1
        self.failed += failed

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def eta(self) -> str:
        rate = self.rate()
        return duration((self.total - self.done) / rate) if rate > 0 else "?"


def duration(seconds: float) -> str:
    """``21 s``, ``3 min 05 s``, ``1 h 02 min``."""
    whole = round(seconds)
    if whole < 100:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


class _Silent:
    def advance(self, *, failed: bool) -> None:
        pass

    def close(self) -> None:
        pass


class PlainLines:
    """``audit: 120/1000 done, 3 failed, 41.2 repos/s, ETA 21 s`` lines."""

    def __init__(self, total: int, stream: IO[str]) -> None:
        self.counts, self.stream = Counts(total), stream
        self.last_time, self.last_tenth = time.monotonic(), 0
        self.printed_done = -1

    def advance(self, *, failed: bool) -> None:
        self.counts.count(failed=failed)
        tenth = self.counts.done * 10 // max(self.counts.total, 1)
        if tenth > self.last_tenth or time.monotonic() - self.last_time >= PLAIN_SECONDS:
            self.last_tenth = tenth
            self._line()

    def close(self) -> None:
        if self.printed_done != self.counts.done:
            self._line()

    def _line(self) -> None:
        c = self.counts
        self.stream.write(
            f"audit: {c.done}/{c.total} done, {c.failed} failed, "
            f"{c.rate():.1f} repos/s, ETA {c.eta()}\n"
        )
        self.stream.flush()
        self.last_time, self.printed_done = time.monotonic(), c.done


class _Bar:
    """A rich bar: done/total, failed, rate and time remaining."""

    def __init__(self, total: int, stream: IO[str]) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.counts = Counts(total)
        self.bar: Any = Progress(
            TextColumn("audit"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed[/]"),
            TextColumn("{task.fields[rate]} repos/s  ETA {task.fields[eta]}"),
            console=Console(file=stream),
        )
        self.task = self.bar.add_task("audit", total=total, failed=0, rate="0.0", eta="?")
        self.bar.start()

    def advance(self, *, failed: bool) -> None:
        c = self.counts
        c.count(failed=failed)
        self.bar.update(self.task, advance=1, failed=c.failed, rate=f"{c.rate():.1f}", eta=c.eta())

    def close(self) -> None:
        self.bar.stop()

"""Audit progress: plain lines in logs, a rich bar on a terminal, nothing when asked."""

from __future__ import annotations

import io
import re

import pytest

from policylint.audit import progress as progress_module
from policylint.audit.progress import duration, progress

LINE = re.compile(r"audit: (\d+)/20 done, (\d+) failed, \d+\.\d repos/s, ETA (\d+ s|\?)")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_every_tenth_and_at_the_end() -> None:
    stream = io.StringIO()
    shown = progress(20, stream=stream)
    for number in range(19):
        shown.advance(failed=number in (3, 7))
    shown.close()
    matches = [LINE.fullmatch(line) for line in stream.getvalue().splitlines()]
    assert all(matches), stream.getvalue()
    done = [(int(m[1]), int(m[2])) for m in matches if m]
    assert done == [(2, 0), (4, 1), (6, 1), (8, 2), (10, 2), (12, 2), (14, 2), (16, 2), (18, 2),
                    (19, 2)]  # fmt: skip


def test_plain_lines_every_ten_seconds_between_tenths(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(float(second) for second in range(0, 1000, 4))
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    shown = progress(1000, stream=stream)
    for _ in range(6):
        shown.advance(failed=False)
    assert [line.split(",")[0] for line in stream.getvalue().splitlines()] == [
        "audit: 3/1000 done",
        "audit: 6/1000 done",
    ]


def test_a_terminal_gets_a_bar() -> None:
    stream = Terminal()
    shown = progress(3, stream=stream)
    for failed in (False, True, False):
        shown.advance(failed=failed)
    shown.close()
    text = stream.getvalue()
    assert "audit" in text
    assert "3/3" in text
    assert "1 failed" in text
    assert "repos/s" in text


def test_no_progress_is_silent() -> None:
    stream = Terminal()
    shown = progress(3, enabled=False, stream=stream)
    shown.advance(failed=True)
    shown.close()
    assert stream.getvalue() == ""


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.4, "0 s"), (21, "21 s"), (99.4, "99 s"), (185, "3 min 05 s"), (3725, "1 h 02 min")],
)
def test_durations(seconds: float, text: str) -> None:
    assert duration(seconds) == text

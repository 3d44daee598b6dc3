"""policylint.budget: a time budget that stops runaway calls, nests, and leaves nothing behind."""

from __future__ import annotations

import contextlib
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from policylint.budget import BudgetExceeded, call_with_budget

# Backtracks about 2**28 steps: some ten seconds, so a broken budget fails the test, not hangs.
CATASTROPHIC = (re.compile(r"^(a+)+$"), "a" * 28 + "!")


def spin(seconds: float) -> str:
    """Busy Python code for at most ``seconds``: interruptible between bytecodes."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "spun"


def timed(function: Callable[[], Any]) -> tuple[str, float]:
    """What ``function`` returned or raised, and how long it took."""
    started = time.monotonic()
    try:
        outcome = repr(function())
    except BudgetExceeded:
        outcome = "BudgetExceeded"
    return outcome, time.monotonic() - started


def in_thread(function: Callable[[], Any]) -> Any:
    """``function()`` run in another thread, where no signal can be used."""
    results: list[Any] = []
    worker = threading.Thread(target=lambda: results.append(function()))
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive()
    return results[0]


@pytest.fixture(autouse=True)
def _leaves_nothing_behind() -> Iterator[None]:
    handler = signal.getsignal(signal.SIGALRM)
    yield
    assert signal.getsignal(signal.SIGALRM) is handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(0.15)  # a late interruption would land here, well within three repeats
    assert [t.name for t in threading.enumerate() if t.name.startswith("policylint")] == []


def test_a_call_within_its_budget_returns_its_value() -> None:
    assert call_with_budget(lambda: spin(0.01), 5) == "spun"
    assert in_thread(lambda: call_with_budget(lambda: spin(0.01), 5)) == "spun"


def test_the_alarm_stops_a_backtracking_regex_in_the_main_thread() -> None:
    regex, text = CATASTROPHIC
    outcome, took = timed(lambda: call_with_budget(lambda: regex.search(text), 0.3))
    assert outcome == "BudgetExceeded"
    assert 0.3 <= took < 8  # the regex alone would run for minutes


def test_off_the_main_thread_a_watchdog_stops_python_code() -> None:
    outcome, took = in_thread(lambda: timed(lambda: call_with_budget(lambda: spin(10), 0.3)))
    assert outcome == "BudgetExceeded"
    assert 0.3 <= took < 8  # spin(10) would take 10 s


def swallows_once() -> str:
    """Catches the first interruption, as careless code might, then carries on working."""
    with contextlib.suppress(BaseException):
        spin(10)
    return spin(10)


def swallows_and_returns() -> str:
    with contextlib.suppress(BaseException):
        spin(10)
    return "pretends it finished"


@pytest.mark.parametrize("function", [swallows_once, swallows_and_returns])
@pytest.mark.parametrize("where", ["main thread", "other thread"])
def test_a_swallowed_interruption_cannot_outrun_the_budget(
    function: Callable[[], str], where: str
) -> None:
    def call() -> tuple[str, float]:
        return timed(lambda: call_with_budget(function, 0.2))

    outcome, took = call() if where == "main thread" else in_thread(call)
    assert outcome == "BudgetExceeded"
    assert took < 8  # without repeated interruptions spin(10) runs to its end


def inner(seconds: float, work: float, caught: list[str]) -> str:
    """A nested budget as CEL uses one: its own expiry is caught and turned into a value."""
    try:
        return call_with_budget(lambda: spin(work), seconds)
    except BudgetExceeded:
        caught.append("inner budget ran out")
        return "inner budget ran out"


@pytest.mark.parametrize("where", ["main thread", "other thread"])
def test_an_inner_budget_runs_out_inside_an_outer_one(where: str) -> None:
    caught: list[str] = []

    def call() -> tuple[str, float]:
        return timed(lambda: call_with_budget(lambda: (inner(0.2, 10, caught), spin(0.1)), 5))

    outcome, took = call() if where == "main thread" else in_thread(call)
    assert outcome == "('inner budget ran out', 'spun')"
    assert 0.3 <= took < 8  # spin(10) would take 10 s
    assert caught == ["inner budget ran out"]


@pytest.mark.parametrize("where", ["main thread", "other thread"])
def test_an_outer_budget_runs_out_inside_an_inner_one(where: str) -> None:
    caught: list[str] = []

    def call() -> tuple[str, float]:
        return timed(lambda: call_with_budget(lambda: inner(5, 10, caught), 0.2))

    outcome, took = call() if where == "main thread" else in_thread(call)
    assert outcome == "BudgetExceeded"
    assert 0.2 <= took < 8
    assert caught == []  # the inner budget did not take the outer one's expiry for its own


def test_importing_the_budget_starts_no_thread_machinery() -> None:
    code = "import sys, policylint.budget; print({'threading', 'ctypes'} & set(sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout == "set()\n"


@pytest.mark.parametrize("where", ["main thread", "other thread"])
def test_a_clean_up_cut_short_by_an_interruption_is_done_again(
    monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """An alarm due just as the call returns runs its handler on entry to the clean-up, before
    it can disarm anything (likewise the watchdog's exception): the clean-up must run again, or
    the timer and the watchdog would go on interrupting whatever comes next."""
    from policylint import budget

    name = "_disarm" if where == "main thread" else "_stop_watchdog"
    real = getattr(budget, name)
    calls: list[int] = []

    def cut_short(*args: Any) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise budget._Interrupt
        real(*args)

    monkeypatch.setattr(budget, name, cut_short)

    def call() -> str:
        try:
            call_with_budget(lambda: "done", 5)
        except budget._Interrupt:
            return "interrupted"
        return "returned"

    assert (call() if where == "main thread" else in_thread(call)) == "interrupted"
    assert len(calls) == 2  # the autouse fixture checks no timer or watchdog is left running

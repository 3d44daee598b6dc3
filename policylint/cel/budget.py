"""A time budget for one evaluation, which cel-python (pure Python, no cost limit) lacks.

On POSIX, in the main thread, a one-shot ``SIGALRM`` (``signal.setitimer``) interrupts the
evaluation, including a backtracking regular expression in ``re``, which checks for signals.
Elsewhere (other threads, Windows, or when a ``SIGALRM`` timer is already running, as under
pytest-timeout) a watchdog thread raises the exception asynchronously in the evaluating thread:
that takes effect between bytecodes, so it cannot stop one long C call.

``BudgetExceeded`` is a BaseException so that cel-python's ``except Exception`` handlers
neither swallow it nor log it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")


class BudgetExceeded(BaseException):
    """The evaluation ran out of time."""


def call_with_budget(function: Callable[[], T], seconds: float) -> T:
    """``function()``, stopped with BudgetExceeded after ``seconds``."""
    if _alarm_usable():
        return _with_alarm(function, seconds)
    return _with_async_exception(function, seconds)


def _alarm_usable() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        and signal.getsignal(signal.SIGALRM) is not None  # None: a handler set from C
    )


class _Alarm:
    def __init__(self) -> None:
        self.armed = True
        self.fired = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.armed:  # raise once only, so the clean-up below cannot be interrupted twice
            self.armed, self.fired = False, True
            raise BudgetExceeded


def _with_alarm(function: Callable[[], T], seconds: float) -> T:
    alarm = _Alarm()
    previous = signal.signal(signal.SIGALRM, alarm.handle)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        result = function()
    finally:
        _disarm(alarm, previous)
    if alarm.fired:  # fired and was swallowed somewhere: the evaluation still ran out of time
        raise BudgetExceeded
    return result


def _disarm(alarm: _Alarm, previous: Any) -> None:
    """Stop the timer and restore the handler, even if the alarm goes off meanwhile."""
    while True:
        try:
            alarm.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            return
        except BudgetExceeded:
            continue


def _with_async_exception(function: Callable[[], T], seconds: float) -> T:
    """Off the main thread: a watchdog thread raises BudgetExceeded in this thread (CPython's
    ``PyThreadState_SetAsyncExc``) and raises it again every 50 ms until the call ends, so a
    handler that swallows it, or an exception lost in a destructor, cannot outrun the budget."""
    import ctypes

    target = ctypes.c_ulong(threading.get_ident())
    done = threading.Event()
    fired = threading.Event()

    def watchdog() -> None:
        delay = seconds
        while not done.wait(delay):
            fired.set()
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(BudgetExceeded))
            delay = 0.05

    guard = threading.Thread(target=watchdog, name="policylint-cel-budget", daemon=True)
    guard.start()
    try:
        result = function()
    finally:
        _stop_watchdog(done, guard, target)
    if fired.is_set():
        raise BudgetExceeded
    return result


def _stop_watchdog(done: threading.Event, guard: threading.Thread, target: Any) -> None:
    """Stop the watchdog and drop an exception it may have queued but not yet delivered."""
    import ctypes

    while True:
        try:
            done.set()
            guard.join()
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
            return
        except BudgetExceeded:
            continue

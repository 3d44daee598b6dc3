"""A time budget for a call: one rule's check, one CEL evaluation.

On POSIX, in the main thread, ``SIGALRM`` (``signal.setitimer``) interrupts the call, including a
backtracking regular expression in ``re``, which checks for signals. Elsewhere (other threads,
Windows, or when a ``SIGALRM`` timer is already running: an enclosing budget's, or
pytest-timeout's) a watchdog thread raises the interruption asynchronously in the calling
thread: that takes effect between bytecodes, so it cannot stop one long C call (an enclosing
alarm still can).

Budgets nest. The interruption is a private exception that passes through inner budgets
unchanged; each ``call_with_budget`` turns it into ``BudgetExceeded`` only when its own budget
ran out, so a caller catching ``BudgetExceeded`` never takes an enclosing budget's expiry for
its own. Both are BaseExceptions, so ``except Exception`` handlers (cel-python's, a check's)
neither swallow nor log them, and the interruption repeats every 50 ms until the call ends, so
one that is swallowed anyway cannot outrun the budget.

Only ``_signal`` is imported here (``threading`` and ``ctypes`` when a watchdog is needed): the
module sits on the pre-commit hook's path. ``_signal`` is the C module behind ``signal``, with
the same functions; ``signal`` itself wraps them in enums built on import (about 0.4 ms, a
hundredth of a hook run). Handlers read with ``_signal`` are put back with ``_signal``, so
``signal.getsignal`` answers as before for everyone else.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from threading import Event, Lock, Thread

T = TypeVar("T")

signal: Any = importlib.import_module("_signal")  # untyped: typeshed has no _signal
REPEAT_SECONDS = 0.05  # after the budget runs out, interrupt again this often until it ends


class BudgetExceeded(BaseException):
    """This call's time budget ran out."""


class _Interrupt(BaseException):
    """Raised into the running code when a budget runs out."""


def call_with_budget(function: Callable[[], T], seconds: float) -> T:
    """``function()``, stopped with BudgetExceeded after ``seconds``."""
    if _alarm_usable():
        alarm = _Alarm()
        try:
            previous = signal.signal(signal.SIGALRM, alarm.handle)
        except ValueError:  # only the main thread may set a signal handler
            pass
        else:
            return _with_alarm(function, seconds, alarm, previous)
    return _with_watchdog(function, seconds)


def _alarm_usable() -> bool:
    """No timer runs yet (an enclosing budget's or anyone else's: then a watchdog is used) and
    the current handler can be put back (None: one set from C)."""
    return (
        hasattr(signal, "setitimer")
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        and signal.getsignal(signal.SIGALRM) is not None
    )


class _Alarm:
    def __init__(self) -> None:
        self.armed = True
        self.fired = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.armed:
            self.fired = True
            raise _Interrupt


def _with_alarm(function: Callable[[], T], seconds: float, alarm: _Alarm, previous: Any) -> T:
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
            result = function()
        finally:
            try:
                _disarm(alarm, previous)
            finally:
                # Again: an alarm due as the call returned runs its handler on entry to the
                # first _disarm, before it can disarm anything; left running, it would keep
                # interrupting whatever the thread does next.
                _disarm(alarm, previous)
    except _Interrupt:
        if alarm.fired:
            raise BudgetExceeded from None
        raise
    if alarm.fired:  # went off and was swallowed somewhere: the call still ran out of time
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
        except _Interrupt:
            continue


def _with_watchdog(function: Callable[[], T], seconds: float) -> T:
    """A watchdog thread raises the interruption in this thread (CPython's
    ``PyThreadState_SetAsyncExc``) once ``seconds`` have passed, then every 50 ms."""
    import ctypes
    import threading

    target = ctypes.c_ulong(threading.get_ident())
    done, fired, sending = threading.Event(), threading.Event(), threading.Lock()

    def watchdog() -> None:
        delay = seconds
        while not done.wait(delay):
            with sending:  # never after the call has ended: _stop_watchdog takes this lock
                if done.is_set():
                    return
                fired.set()
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(_Interrupt))
            delay = REPEAT_SECONDS

    guard = threading.Thread(target=watchdog, name="policylint-budget", daemon=True)
    try:
        try:
            guard.start()
            result = function()
        finally:
            try:
                _stop_watchdog(done, sending, guard, target)
            finally:
                _stop_watchdog(done, sending, guard, target)  # as for _disarm above
    except _Interrupt:
        if fired.is_set():
            raise BudgetExceeded from None
        raise
    if fired.is_set():
        raise BudgetExceeded
    return result


def _stop_watchdog(done: Event, sending: Lock, guard: Thread, target: Any) -> None:
    """Stop the watchdog and drop an interruption it may have queued but not yet delivered."""
    import ctypes

    while True:
        try:
            with sending:
                done.set()
            if guard.ident is not None:  # None: never started, and it now never will raise
                guard.join()
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
            return
        except _Interrupt:
            continue

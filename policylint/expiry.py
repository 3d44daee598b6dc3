"""Exemptions that end: which exemption accepts a finding on a given day, and the notes a
report shows when one is about to lapse or has lapsed.

An exemption with ``expires: YYYY-MM-DD`` accepts findings until the end of that day (UTC).
Within ``Policy.expiry_notice_days`` of it, the finding it accepts carries a note that it is
about to lapse; after it, the finding counts again and its message names the exemption's
``file:line``. The day is the run's ``now``, so every rule of a run sees the same date.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from policylint.model import Exemption

DAY = 86_400


class Verdict:
    """How the exemptions that cover one finding judge it: the one that accepts it (None: the
    finding counts) and a note for reports, if any. (A plain class: a NamedTuple class costs
    a fifth of a millisecond to create, on the hook's path.)"""

    __slots__ = ("accepted_by", "note")

    def __init__(self, accepted_by: Exemption | None, note: str | None = None) -> None:
        self.accepted_by = accepted_by
        self.note = note


def today(now: float) -> str:
    """The run's date, ``YYYY-MM-DD`` in UTC."""
    return time.strftime("%Y-%m-%d", time.gmtime(now))


def days_left(expires: str, now: float) -> int:
    """Whole days from the run's date to ``expires`` (0: it ends today; negative: lapsed)."""
    import calendar

    end = calendar.timegm(time.strptime(expires, "%Y-%m-%d"))
    start = calendar.timegm(time.strptime(today(now), "%Y-%m-%d"))
    return (end - start) // DAY


def status(exemption: Exemption, now: float, notice_days: int) -> str:
    """``active`` (no end, or far from it), ``expiring`` (within ``notice_days``) or
    ``expired``."""
    if exemption.expires is None:
        return "active"
    left = days_left(exemption.expires, now)
    if left < 0:
        return "expired"
    return "expiring" if left <= notice_days else "active"


def judge(covering: Iterable[Exemption], now: float, notice_days: int) -> Verdict:
    """The first covering exemption still in force accepts the finding (with a note when it
    lapses within ``notice_days``); when all have lapsed, the finding counts again, with a note
    naming the first of them."""
    lapsed: Exemption | None = None
    for exemption in covering:
        state = status(exemption, now, notice_days)
        if state == "active":
            return Verdict(exemption)
        if state == "expiring":
            return Verdict(exemption, expiring_note(exemption, now))
        lapsed = lapsed or exemption
    if lapsed is None:
        return Verdict(None)
    return Verdict(None, expired_note(lapsed))


def expiring_note(exemption: Exemption, now: float) -> str:
    left = days_left(exemption.expires or "", now)
    when = "today" if left == 0 else "tomorrow" if left == 1 else f"in {left} days"
    return (
        f"the exemption at {exemption.at}{_owner(exemption)} expires {when} ({exemption.expires})"
    )


def expired_note(exemption: Exemption) -> str:
    return f"the exemption at {exemption.at}{_owner(exemption)} expired on {exemption.expires}"


def _owner(exemption: Exemption) -> str:
    return f" (owner: {exemption.owner})" if exemption.owner else ""

"""Dates for the kinds that judge time (history, patch-debt): in UTC, days as ``YYYY-MM-DD``.

``history`` runs on every check of a governance policy, so its arithmetic (``utc_day``,
``months_later``) is done on POSIX seconds with ``time`` alone: ``datetime`` and
``calendar`` cost about 2 ms to import. ``datetime`` is imported inside the functions that
need it (patch-debt's due dates).
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime


def utc(seconds: float) -> datetime.datetime:
    """A POSIX timestamp as a UTC date and time."""
    import datetime

    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)


def utc_day(seconds: float) -> str:
    """A POSIX timestamp's UTC day: ``2026-03-01``."""
    return time.strftime("%Y-%m-%d", time.gmtime(seconds))


def months_later(seconds: float, months: int) -> float:
    """The POSIX timestamp ``seconds`` moved by whole calendar months (back when negative),
    in UTC, the day clamped to the month's length: 31 March plus one month is 30 April."""
    moment = time.gmtime(seconds)
    year, month = divmod(moment.tm_year * 12 + moment.tm_mon - 1 + months, 12)
    day = min(moment.tm_mday, month_length(year, month + 1))
    clock = moment.tm_hour * 3600 + moment.tm_min * 60 + moment.tm_sec
    return _days_since_epoch(year, month + 1, day) * 86_400 + clock + seconds % 1


def month_length(year: int, month: int) -> int:
    """Days in ``month`` (1-12) of ``year``, in the proleptic Gregorian calendar."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _days_since_epoch(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to the given date (negative before it): the civil-from-days
    algorithm of Howard Hinnant's ``chrono`` date library, run backwards."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month - 3 if month > 2 else month + 9) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146_097 + day_of_era - 719_468


def parse_date(text: str) -> datetime.date | None:
    """``YYYY-MM-DD`` as a date; None when it is not one."""
    import datetime

    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        return None
    try:
        return datetime.date(*map(int, text.split("-")))
    except ValueError:
        return None


def days_phrase(delta: datetime.timedelta) -> str:
    """``1 day``, ``265 days``."""
    return "1 day" if delta.days == 1 else f"{delta.days} days"


def months_phrase(count: int) -> str:
    """``1 month``, ``6 months``."""
    return "1 month" if count == 1 else f"{count} months"

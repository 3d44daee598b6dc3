"""Dates for the kinds that judge time (history, patch-debt): in UTC, days as ``YYYY-MM-DD``.

``datetime`` and ``calendar`` are imported inside the functions: the kinds are imported on
every ``check``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime


def utc(seconds: float) -> datetime.datetime:
    """A POSIX timestamp as a UTC date and time."""
    import datetime

    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)


def utc_day(seconds: float) -> str:
    """A POSIX timestamp's UTC day: ``2026-03-01``."""
    return utc(seconds).date().isoformat()


def shifted(moment: datetime.datetime, months: int) -> datetime.datetime:
    """``moment`` moved by whole calendar months, the day clamped to the month's length."""
    import calendar

    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


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

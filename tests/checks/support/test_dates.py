"""The calendar arithmetic of the history kind, done on POSIX seconds without ``datetime``,
against ``datetime`` and ``calendar`` themselves."""

from __future__ import annotations

import calendar
import datetime
import random

import pytest

from policylint.checks.support.dates import month_length, months_later, utc_day

UTC = datetime.timezone.utc


def _seconds(*fields: int) -> float:
    return datetime.datetime(*fields, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ((2026, 1, 31, 12, 30, 5), 1, (2026, 2, 28, 12, 30, 5)),  # clamped to February
        ((2024, 1, 31), 1, (2024, 2, 29)),  # a leap year
        ((2000, 3, 31), -1, (2000, 2, 29)),  # a century that is a leap year
        ((1900, 3, 31), -1, (1900, 2, 28)),  # one that is not
        ((2026, 3, 31), 1, (2026, 4, 30)),
        ((2026, 12, 15), 1, (2027, 1, 15)),  # over the year's end
        ((2026, 1, 15), -13, (2024, 12, 15)),  # back over two year ends
        ((1969, 12, 31, 23, 59, 59), 2, (1970, 2, 28, 23, 59, 59)),  # before the epoch
    ],
)
def test_months_later_moves_by_calendar_months(
    start: tuple[int, ...], months: int, expected: tuple[int, ...]
) -> None:
    assert months_later(_seconds(*start), months) == _seconds(*expected)


def test_months_later_keeps_the_fraction_of_a_second() -> None:
    assert months_later(_seconds(2026, 5, 1) + 0.25, -6) == _seconds(2025, 11, 1) + 0.25


def test_months_later_agrees_with_datetime_on_random_moments() -> None:
    rnd = random.Random(15)
    for _ in range(5_000):
        seconds, months = rnd.uniform(-2e9, 4e9), rnd.randint(-60, 60)
        moment = datetime.datetime.fromtimestamp(seconds, UTC)
        year, month = divmod(moment.year * 12 + moment.month - 1 + months, 12)
        day = min(moment.day, calendar.monthrange(year, month + 1)[1])
        expected = moment.replace(year=year, month=month + 1, day=day).timestamp()
        assert months_later(seconds, months) == pytest.approx(expected, abs=1e-6)
        assert utc_day(seconds) == moment.date().isoformat()


def test_month_lengths_are_the_gregorian_ones() -> None:
    for year in (1600, 1900, 1970, 2000, 2023, 2024, 2100):
        for month in range(1, 13):
            assert month_length(year, month) == calendar.monthrange(year, month)[1]

"""UK dates and times (lms/ukdates.py) across the BST and GMT changes, midnight, 12am and 12pm."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lms.ukdates import uk_date, uk_datetime, uk_day_start, uk_today

# 2026: clocks go forward at 01:00 UTC on 29 March and back at 01:00 UTC on 25 October.


@pytest.mark.parametrize(
    ("now", "today"),
    [
        (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), date(2026, 3, 28)),  # GMT: same day
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), date(2026, 3, 29)),  # last GMT minute
        (datetime(2026, 3, 29, 23, 30, tzinfo=UTC), date(2026, 3, 30)),  # BST: 00:30 tomorrow
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), date(2026, 10, 25)),  # still BST
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), date(2026, 10, 25)),  # GMT again
        (datetime(2026, 12, 31, 23, 59, tzinfo=UTC), date(2026, 12, 31)),
    ],
)
def test_uk_today_is_the_date_on_a_uk_clock(now, today):
    """ "Today" follows the UK clock: in summer 23:30 UTC is already tomorrow, in winter not."""
    assert uk_today(now) == today


def test_uk_today_defaults_to_now():
    """Without a time, today is taken from the clock (a date, never a datetime)."""
    today = uk_today()
    assert type(today) is date


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2026, 6, 30, 23, 15, tzinfo=UTC), "1 July 2026"),  # 00:15 BST
        (datetime(2026, 6, 30, 22, 59, tzinfo=UTC), "30 June 2026"),  # 23:59 BST
        (datetime(2026, 12, 31, 23, 59, tzinfo=UTC), "31 December 2026"),  # GMT
        (datetime(2026, 1, 1, 0, 0, tzinfo=UTC), "1 January 2026"),
        (date(2026, 11, 28), "28 November 2026"),
        (None, ""),
    ],
)
def test_uk_date_writes_the_uk_local_date_in_words(value, text):
    """A time near midnight UTC gets the UK date; dates are written day, month name, year."""
    assert uk_date(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2026, 1, 5, 0, 5, tzinfo=UTC), "5 January 2026 at 12:05am"),
        (datetime(2026, 1, 5, 12, 0, tzinfo=UTC), "5 January 2026 at 12:00pm"),
        (datetime(2026, 1, 5, 11, 59, tzinfo=UTC), "5 January 2026 at 11:59am"),
        (datetime(2026, 3, 3, 14, 5, tzinfo=UTC), "3 March 2026 at 2:05pm"),
        (datetime(2026, 7, 1, 11, 30, tzinfo=UTC), "1 July 2026 at 12:30pm"),  # BST
        (datetime(2026, 6, 30, 23, 0, tzinfo=UTC), "1 July 2026 at 12:00am"),  # BST midnight
        (None, ""),
    ],
)
def test_uk_datetime_uses_the_uk_clock_and_12am_12pm(value, text):
    """Midnight is 12am and noon 12pm, with no leading zero, on the UK clock."""
    assert uk_datetime(value) == text


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2026, 1, 1), datetime(2026, 1, 1, 0, 0, tzinfo=UTC)),  # GMT
        (date(2026, 6, 1), datetime(2026, 5, 31, 23, 0, tzinfo=UTC)),  # BST
        (date(2026, 3, 29), datetime(2026, 3, 29, 0, 0, tzinfo=UTC)),  # begins in GMT
        (date(2026, 3, 30), datetime(2026, 3, 29, 23, 0, tzinfo=UTC)),
        (date(2026, 10, 25), datetime(2026, 10, 24, 23, 0, tzinfo=UTC)),  # begins in BST
        (date(2026, 10, 26), datetime(2026, 10, 26, 0, 0, tzinfo=UTC)),
    ],
)
def test_uk_day_start_is_uk_midnight_in_utc(day, start):
    """A UK day starts at midnight GMT or BST, given as an aware UTC time."""
    begins = uk_day_start(day)
    assert begins == start
    assert begins.utcoffset().total_seconds() == 0
    assert uk_today(begins) == day

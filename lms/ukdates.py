"""UK local dates and times: what "today" is in the UK, and dates and times as UK people write them.

Times are stored in UTC; these turn them into Europe/London wall-clock time for people and for
rules that count in UK days. Month names are written out here, not taken from the locale.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def uk_today(now: datetime | None = None) -> date:
    """Today's date in the UK (a session logged at 00:30 BST is today's, not yesterday's)."""
    from lms.db import utcnow

    return (now or utcnow()).astimezone(UK).date()


def uk_date(value: date | datetime | None) -> str:
    """A date as people in the UK write it: ``28 November 2026`` (a time is first made UK local)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(UK).date()
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def uk_datetime(value: datetime | None) -> str:
    """A UTC time as UK people read it: '3 March 2026 at 2:05pm'."""
    if value is None:
        return ""
    local = value.astimezone(UK)
    hour = local.strftime("%I").lstrip("0")
    suffix = "am" if local.hour < 12 else "pm"
    return f"{uk_date(local.date())} at {hour}:{local:%M}{suffix}"


def uk_day_start(day: date) -> datetime:
    """The UTC instant at which ``day`` begins in the UK (midnight GMT or BST)."""
    return datetime.combine(day, time.min, tzinfo=UK).astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month when that day does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# Day month year with spaces, slashes, dots or hyphens between; or the ISO form 2026-03-27.
_DMY = re.compile(r"(\d{1,2})[\s/.\-]+(\d{1,2})[\s/.\-]+(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_uk_date(text: str) -> date:
    """27/03/2026 (or 27 3 2026, 27.3.2026, or 2026-03-27) as a date; ValueError says what is
    wrong."""
    text = text.strip()
    if match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError("format")
    return date(year, month, day)  # raises ValueError for 31 2 2026

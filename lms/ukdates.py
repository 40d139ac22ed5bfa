"""UK local dates and times: what "today" is in the UK, and dates and times as UK people write them.

Times are stored in UTC; these turn them into Europe/London wall-clock time for people and for
rules that count in UK days. Month names are written out here, not taken from the locale.
"""

from __future__ import annotations

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

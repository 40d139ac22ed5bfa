"""The dates of a DBS check must make sense: what is wrong with them, field by field.

A DBS check cannot predate the DBS (1 December 2012: older checks are CRB checks, recorded as
such, and the CRB issued none before March 2002); nothing is dated in the future; the recheck is
due no later than the scheme's recheck interval after the certificate, unless the person is on
the Update Service and its last status check is recorded (then the interval runs from that).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

from lms.ukdates import add_months, uk_date

DEFAULT_RECHECK_MONTHS = 36
DBS_BEGAN = date(2012, 12, 1)
CRB_BEGAN = date(2002, 3, 11)


class Dates(Protocol):
    kind: str
    certificate_date: date
    update_service: bool
    update_service_checked_on: date | None
    recheck_due: date


def interval_words(months: int) -> str:
    """The recheck interval in words, as the form's hint and its messages both say it."""
    if months % 12 == 0:
        years = months // 12
        return "1 year" if years == 1 else f"{years} years"
    return f"{months} months"


def certificate_problem(kind: str, day: date, today: date) -> str | None:
    if day > today:
        return "The date on the certificate must be today or in the past"
    if kind == "dbs" and day < DBS_BEGAN:
        return (
            f"A DBS check cannot be dated before {uk_date(DBS_BEGAN)}, when the DBS began: "
            "choose CRB check for an older check, or correct the date"
        )
    if kind == "crb" and day >= DBS_BEGAN:
        return (
            f"Checks from {uk_date(DBS_BEGAN)} are DBS checks: choose DBS check, "
            "or correct the date"
        )
    if kind == "crb" and day < CRB_BEGAN:
        return f"A CRB check cannot be dated before {uk_date(CRB_BEGAN)}: correct the date"
    return None


def status_check_problem(details: Dates, today: date) -> str | None:
    checked = details.update_service_checked_on
    if checked is None:
        return None
    if details.kind == "crb":
        return "A CRB check has no Update Service status checks: leave this date empty"
    if not details.update_service:
        # Only a check on the Update Service has status checks: the date would be thrown away.
        return (
            'Tick "The person is on the DBS Update Service" to record its last status check, '
            "or leave this date empty"
        )
    if checked > today:
        return "The date of the last status check must be today or in the past"
    if checked < details.certificate_date:
        return "The last status check must be on or after the date on the certificate"
    return None


def on_update_service(details: Dates) -> bool:
    """On the Update Service with its last status check recorded: the interval runs from it."""
    return bool(details.update_service) and details.update_service_checked_on is not None


def recheck_limit(details: Dates, months: int) -> date:
    """The latest the recheck may be due: the scheme's interval (``months``) after the last
    Update Service status check, or else after the date on the certificate."""
    start = details.update_service_checked_on if on_update_service(details) else None
    return add_months(start or details.certificate_date, months)


def earliest_current_start(today: date, months: int) -> date:
    """The first day a check's interval may start on and still reach ``today``: for every day
    ``start``, ``add_months(start, months) < today`` exactly when ``start`` is before it
    (``add_months`` never decreases, so one comparison in SQL replaces the month arithmetic)."""
    day = add_months(today, -months)
    while add_months(day - timedelta(days=1), months) >= today:
        day -= timedelta(days=1)
    while add_months(day, months) < today:
        day += timedelta(days=1)
    return day


def effective_recheck_due(details: Dates, months: int) -> date:
    """When the recheck is due, as every page, count and gate reads it: the recorded date, but
    never later than ``recheck_limit`` (an old record's far date cannot keep it current).
    ``lms.vetting.recheck_sql.effective_recheck`` is the same in SQL."""
    return min(details.recheck_due, recheck_limit(details, months))


def recheck_problem(details: Dates, months: int) -> str | None:
    if details.recheck_due < details.certificate_date:
        return "The recheck date must be after the date on the certificate"
    on_update = on_update_service(details)
    latest = recheck_limit(details, months)
    if details.recheck_due <= latest:
        return None
    since = "the last Update Service status check" if on_update else "the date on the certificate"
    advice = "" if on_update else " (or record the Update Service and its last status check)"
    return (
        f"The recheck must be due within {interval_words(months)} of {since}: "
        f"{uk_date(latest)} at the latest{advice}"
    )


def first_problem(details: Dates, months: int, today: date) -> tuple[str, str] | None:
    """The first field whose date is wrong and what to do, or None when they all make sense."""
    if details.kind not in ("dbs", "crb"):
        return "kind", "Choose whether this is a DBS check or an older CRB check"
    if details.kind == "crb" and details.update_service:
        # The Update Service began with DBS certificates: a CRB check was never on it.
        return "update_service", "A CRB check cannot be on the DBS Update Service: untick it"
    found = (
        ("certificate_date", certificate_problem(details.kind, details.certificate_date, today)),
        ("update_service_checked_on", status_check_problem(details, today)),
        ("recheck_due", recheck_problem(details, months)),
    )
    return next(((name, text) for name, text in found if text is not None), None)

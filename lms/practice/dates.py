"""When a practice session may be dated: not before the trainee joined the scheme, and, when
the trainee logs it, no further back than the scheme allows (60 days unless it says otherwise)
before the day it was first logged, so a sent-back entry can still be sent again however long
it waited. A trainer confirming or recording a session vouches for its date, so the backdating
limit is the trainee's; the hint on the date field says so."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from lms.accounts.models import Person
from lms.ukdates import uk_date, uk_today

if TYPE_CHECKING:
    from lms.practice.models import PracticeEntry

DEFAULT_BACKDATE_DAYS = 60
OLDER = "Your trainer can record older sessions for you."


def joined_on(trainee: Person) -> date | None:
    """The UK day the trainee joined their current scheme (their account's creation, or their
    move into this scheme: ``Person.joined_scheme``)."""
    joined = trainee.joined_scheme
    return uk_today(joined) if joined is not None else None


def backdate_days(trainee: Person) -> int:
    scheme = trainee.scheme
    return scheme.practice_backdate_days if scheme is not None else DEFAULT_BACKDATE_DAYS


def before_joining_problem(trainee: Person, value: date) -> str | None:
    joined = joined_on(trainee)
    if joined is not None and value < joined:
        return (
            f"The session cannot be before {trainee.name} joined the scheme on "
            f"{uk_date(joined)}: check the date"
        )
    return None


def first_logged(entry: PracticeEntry) -> date:
    """The UK day the entry was first logged: its backdating limit counts back from then."""
    return uk_today(entry.created_at)


def logged_date_problem(
    trainee: Person,
    value: date | None,
    today: date,
    by_trainer: bool = False,
    entry: PracticeEntry | None = None,
) -> str | None:
    """What is wrong with the date of a session logged for ``trainee`` (by them, or by a
    trainer, who may go further back), beyond being missing or in the future
    (``services.date_problem``), or None. ``entry`` is the entry being changed: its limit
    counts from the day it was first logged, and the date it already has stands."""
    if value is None:
        return None
    problem = before_joining_problem(trainee, value)
    if problem or by_trainer or (entry is not None and value == entry.session_date):
        return problem
    days = backdate_days(trainee)
    logged = today if entry is None else first_logged(entry)
    earliest = logged - timedelta(days=days)
    if value >= earliest:
        return None
    if entry is None:
        return (
            f"You can log sessions from the last {days} days, so from {uk_date(earliest)}: "
            "check the date, or ask your trainer to record an older session"
        )
    return (
        f"You first logged this session on {uk_date(logged)}, so its date can go back "
        f"{days} days from then, to {uk_date(earliest)}: check the date, or ask your "
        "trainer to record an older session"
    )


def date_hint(trainee: Person, entry: PracticeEntry | None = None) -> str:
    """The hint on a trainee's date field: the scheme's backdating limit (counted from the day
    an entry being changed was first logged), and who can record older sessions."""
    days = backdate_days(trainee)
    logged = uk_today() if entry is None else first_logged(entry)
    if entry is None:
        limit = f"no more than {days} days ago"
    else:
        limit = f"no more than {days} days before you first logged it on {uk_date(logged)}"
    joined = joined_on(trainee)
    if joined is not None and joined > logged - timedelta(days=days):
        limit += f", and not before you joined the scheme on {uk_date(joined)}"
    return f"The day you did it, not in the future: {limit}. {OLDER}"

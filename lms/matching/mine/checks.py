"""A certified mentor's own supervision and DBS recheck, for the top of "My mentees": when they
were last supervised, when the next is due (the trainers' rule in
supervision.services.supervision_due_query) and when their latest DBS check is to be redone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person, Scheme
from lms.certificates.models import Certificate
from lms.matching.models import SupervisionSession
from lms.vetting.latest import latest_value
from lms.vetting.models import VettingCheck
from lms.vetting.recheck_sql import effective_recheck
from lms.vetting.services import RECHECK_WARNING_DAYS

DEFAULT_SUPERVISION_WEEKS = 6


@dataclass(frozen=True)
class MyChecks:
    """What the mentor is told: None where nothing is recorded (no session, no DBS check)."""

    last_supervised: date | None
    supervision_due: date | None
    recheck_due: date | None
    today: date

    @property
    def supervision_overdue(self) -> bool:
        """Overdue as the trainers' list counts it: the due date has passed."""
        return self.supervision_due is not None and self.supervision_due < self.today

    @property
    def recheck_soon(self) -> bool:
        """Within the warning window (or past), as the mentor's home counts it."""
        soon = self.today + timedelta(days=RECHECK_WARNING_DAYS)
        return self.recheck_due is not None and self.recheck_due <= soon


def interval_weeks(scheme: Scheme | None) -> int:
    return scheme.supervision_interval_weeks if scheme else DEFAULT_SUPERVISION_WEEKS


def my_checks(session: Session, mentor: Person, today: date) -> MyChecks:
    """The mentor's supervision and DBS dates in one statement. The next supervision is due an
    interval after the later of their first current certificate (of their scheme) and their last
    session: overdue once that day has passed, as supervision_due_query has it."""
    first = select(func.min(Certificate.valid_from)).where(
        Certificate.person_id == mentor.id,
        Certificate.current,
        Certificate.scheme_id == mentor.scheme_id,
    )
    last = select(func.max(SupervisionSession.held_on)).where(
        SupervisionSession.mentor_id == mentor.id
    )
    recheck = latest_value(effective_recheck(VettingCheck), mentor.id)
    first_issued, last_held, recheck_due = session.execute(
        select(first.scalar_subquery(), last.scalar_subquery(), recheck)
    ).one()
    due = None
    if mentor.scheme_id is not None and first_issued is not None:
        since = max(first_issued, last_held) if last_held else first_issued
        due = since + timedelta(weeks=interval_weeks(mentor.scheme))
    return MyChecks(last_held, due, recheck_due, today)

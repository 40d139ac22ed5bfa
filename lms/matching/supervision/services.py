"""Supervision sessions of accredited mentors: recording one (checked, audited without its
content), reading them back, and who is overdue for supervision."""

from __future__ import annotations

from datetime import date, timedelta

from blinker import ANY
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.duties import refuse_own
from lms.accounts.models import Person
from lms.audit.services import record
from lms.certificates.models import Certificate
from lms.certificates.renewal import last_supervised
from lms.matching.fields import RecordError, clean
from lms.matching.models import ENDED, ContactLog, Match, SupervisionSession
from lms.matching.policy import may_supervise
from lms.ukdates import uk_date


def record_supervision(
    session: Session,
    actor: Person,
    mentor: Person,
    held_on: date | None,
    wellbeing: str,
    support_agreed: str,
    today: date,
) -> SupervisionSession:
    """Record a supervision session for an accredited mentor; audited (without its content)."""
    refuse_own(actor, mentor, "supervise")
    if not may_supervise(actor, mentor):
        raise RecordError("You cannot record supervision for this mentor.", "held_on")
    if held_on is None:
        raise RecordError("Enter the date of the session", "held_on")
    if held_on > today:
        raise RecordError("The date of the session must be today or in the past", "held_on")
    first = first_certificate_day(session, mentor)
    if first is None:
        raise RecordError(f"{mentor.name} has never held a certificate to be supervised on.")
    if held_on < first:
        raise RecordError(
            f"The date of the session must be on or after {uk_date(first)}, when "
            f"{mentor.name}'s first certificate began",
            "held_on",
        )
    if not clean(wellbeing):
        raise RecordError("Say how the mentor is doing", "wellbeing")
    entry = SupervisionSession(
        mentor_id=mentor.id,
        supervisor_id=actor.id,
        held_on=held_on,
        wellbeing=clean(wellbeing),
        support_agreed=clean(support_agreed),
    )
    session.add(entry)
    session.flush()
    record(
        session,
        actor=actor,
        action="supervision.recorded",
        subject_type="person",
        subject_id=mentor.id,
        scheme_id=mentor.scheme_id,
        details={"session": entry.id, "held_on": held_on.isoformat()},
    )
    return entry


def first_certificate_day(session: Session, mentor: Person) -> date | None:
    """The day the mentor's first certificate began (any certificate, even one since revoked
    or expired): supervision is of accredited mentors, so no session is held before it (the
    gate, likewise, counts supervision as due only from a mentor's first current certificate)."""
    stmt = select(func.min(Certificate.valid_from)).where(Certificate.person_id == mentor.id)
    return session.scalar(stmt)


def supervision_of(session: Session, mentor: Person) -> list[SupervisionSession]:
    """The mentor's supervision sessions, newest first, with who held each."""
    stmt = (
        select(SupervisionSession)
        .where(SupervisionSession.mentor_id == mentor.id)
        .options(selectinload(SupervisionSession.supervisor))
        .order_by(SupervisionSession.held_on.desc(), SupervisionSession.id.desc())
    )
    return list(session.scalars(stmt))


def last_supervision(session: Session, person_ids: list[int]) -> dict[int, date]:
    """Each mentor's most recent supervision date, in one query."""
    if not person_ids:
        return {}
    stmt = (
        select(SupervisionSession.mentor_id, func.max(SupervisionSession.held_on))
        .where(SupervisionSession.mentor_id.in_(person_ids))
        .group_by(SupervisionSession.mentor_id)
    )
    return dict(session.execute(stmt).all())


@last_supervised.connect_via(ANY, weak=False)
def _last_supervised(mentor: Person, *, session: Session, **_) -> date | None:
    """The date of the mentor's latest supervision session, for a renewal's progress."""
    return last_supervision(session, [mentor.id]).get(mentor.id)


CONTACTS_SHOWN = 10  # per match, newest first


def recent_contacts(
    session: Session, mentor: Person, scheme_id: int | None
) -> list[tuple[Match, list[ContactLog]]]:
    """The mentor's live matches (of ``scheme_id``, or any when None) with their latest
    contacts (at most ``CONTACTS_SHOWN`` each, cut in SQL), for supervision: three statements
    (the matches, their mentees, the contacts) however many matches or contacts."""
    stmt = (
        select(Match)
        .where(Match.mentor_id == mentor.id, Match.status != ENDED)
        .options(selectinload(Match.mentee))
        .order_by(Match.created_at.desc(), Match.id.desc())
    )
    if scheme_id is not None:
        stmt = stmt.where(Match.scheme_id == scheme_id)
    matches = list(session.scalars(stmt))
    found: dict[int, list[ContactLog]] = {m.id: [] for m in matches}
    if matches:
        # Numbered newest first within each match, so the database returns only the latest
        # CONTACTS_SHOWN of each however long a match has run.
        newest = (ContactLog.held_on.desc(), ContactLog.id.desc())
        ranked = (
            select(
                ContactLog.id,
                func.row_number()
                .over(partition_by=ContactLog.match_id, order_by=newest)
                .label("n"),
            )
            .where(ContactLog.match_id.in_(list(found)))
            .subquery()
        )
        contacts = session.scalars(
            select(ContactLog)
            .join(ranked, ranked.c.id == ContactLog.id)
            .where(ranked.c.n <= CONTACTS_SHOWN)
            .order_by(*newest)
        )
        for contact in contacts:
            found[contact.match_id].append(contact)
    return [(m, found[m.id]) for m in matches]


def supervision_due_query(scheme_id: int, today: date, interval_weeks: int):
    """Current certificate holders of the scheme whose supervision is overdue (the gate's rule:
    the later of their first current certificate and their last session is over an interval
    ago)."""
    cutoff = today - timedelta(weeks=interval_weeks)
    first = (
        select(Certificate.person_id, func.min(Certificate.valid_from).label("first_issued"))
        .where(Certificate.current, Certificate.scheme_id == scheme_id)
        .group_by(Certificate.person_id)
        .subquery()
    )
    last = (
        select(
            SupervisionSession.mentor_id, func.max(SupervisionSession.held_on).label("last_held")
        )
        .group_by(SupervisionSession.mentor_id)
        .subquery()
    )
    return (
        select(Person.id)
        .join(first, first.c.person_id == Person.id)
        .outerjoin(last, last.c.mentor_id == Person.id)
        .where(
            Person.active.is_(True),
            Person.scheme_id == scheme_id,
            first.c.first_issued < cutoff,
            or_(last.c.last_held.is_(None), last.c.last_held < cutoff),
        )
    )

"""Supervision sessions of accredited mentors: recording one (checked, audited without its
content) and reading them back."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.duties import refuse_own
from lms.accounts.models import Person
from lms.audit.services import record
from lms.matching.fields import RecordError, clean
from lms.matching.models import SupervisionSession
from lms.matching.policy import may_supervise


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

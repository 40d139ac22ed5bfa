"""Declared conflicts: a mentor and a mentee who must never be matched (declared, removed,
listed; every change audited)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.accounts.duties import refuse_own
from lms.accounts.models import Person
from lms.audit.services import record
from lms.matching.fields import AlreadyRecorded, RecordError
from lms.matching.mentors.services import find_mentor
from lms.matching.models import CONFLICT_KINDS, ENDED, DeclaredConflict, Match, Mentee
from lms.matching.policy import may_coordinate


def conflicts_of(session: Session, mentee: Mentee) -> list[tuple[DeclaredConflict, Person]]:
    """The mentee's declared conflicts with the mentor of each, by the mentor's name."""
    stmt = (
        select(DeclaredConflict, Person)
        .join(Person, Person.id == DeclaredConflict.mentor_id)
        .where(DeclaredConflict.mentee_id == mentee.id)
        .order_by(func.lower(Person.name), DeclaredConflict.id)
    )
    return [(c, p) for c, p in session.execute(stmt).all()]


def add_conflict(
    session: Session, actor: Person, mentee: Mentee, mentor_id: int | None, kind: str
) -> DeclaredConflict:
    """Declare that a mentor and a mentee must never be matched; audited."""
    refuse_own(actor, mentor_id, "conflict")
    if not may_coordinate(actor, mentee.scheme_id):
        raise RecordError("Only the scheme's coordinators can declare conflicts.", "mentor_id")
    mentor = find_mentor(session, mentor_id) if mentor_id else None
    if mentor is None or mentor.scheme_id != mentee.scheme_id:
        raise RecordError("Choose a mentor from your scheme", "mentor_id")
    if kind not in CONFLICT_KINDS:
        raise RecordError("Choose what the conflict is", "kind")
    duplicate = AlreadyRecorded(
        f"This conflict with {mentor.name} is already recorded.", "mentor_id"
    )
    same = select(DeclaredConflict.id).where(
        DeclaredConflict.mentor_id == mentor.id,
        DeclaredConflict.mentee_id == mentee.id,
        DeclaredConflict.kind == kind,
    )
    if session.scalar(same) is not None:
        raise duplicate
    conflict = DeclaredConflict(
        mentor_id=mentor.id, mentee_id=mentee.id, kind=kind, recorded_by_id=actor.id
    )
    session.add(conflict)
    try:
        session.flush()
    except IntegrityError as exc:  # recorded by someone else at the same moment
        raise duplicate from exc
    record(
        session,
        actor=actor,
        action="conflict.declared",
        subject_type="mentee",
        subject_id=mentee.id,
        scheme_id=mentee.scheme_id,
        details={"mentor_id": mentor.id, "kind": kind},
    )
    return conflict


def remove_conflict(session: Session, actor: Person, conflict: DeclaredConflict) -> Mentee:
    """Remove a declared conflict (recorded in error, say); audited. Returns the mentee."""
    refuse_own(actor, conflict.mentor_id, "conflict")
    mentee = session.get(Mentee, conflict.mentee_id)
    if mentee is None or not may_coordinate(actor, mentee.scheme_id):
        raise RecordError("Only the scheme's coordinators can remove conflicts.")
    record(
        session,
        actor=actor,
        action="conflict.removed",
        subject_type="mentee",
        subject_id=mentee.id,
        scheme_id=mentee.scheme_id,
        details={"mentor_id": conflict.mentor_id, "kind": conflict.kind},
    )
    session.delete(conflict)
    session.flush()
    return mentee


def open_match_between(session: Session, mentor_id: int, mentee_id: int) -> Match | None:
    """The mentor's proposed, active or paused match with the mentee, if any."""
    stmt = select(Match).where(
        Match.mentor_id == mentor_id, Match.mentee_id == mentee_id, Match.status != ENDED
    )
    return session.scalars(stmt).first()

"""Declared conflicts: a mentor and a mentee who must never be matched (declared, removed,
listed; every change audited). Declaring one pauses the pair's proposed or active match."""

# The mentor's row is locked before the conflict is written and their matches read, as every
# path that activates or resumes a match locks it before running the gate: a coordinator
# activating the match at the same moment either sees the conflict (and is refused) or commits
# first, and then the match is read active here and paused.

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.accounts.duties import refuse_own
from lms.accounts.locks import lock_person
from lms.accounts.models import Person
from lms.audit.services import record
from lms.matching.fields import AlreadyRecorded, RecordError
from lms.matching.matches.services import pause
from lms.matching.mentors.services import find_mentor
from lms.matching.models import (
    ACTIVE,
    CONFLICT_KINDS,
    PAUSED,
    PROPOSED,
    DeclaredConflict,
    Match,
    Mentee,
)
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


@dataclass
class Declared:
    """A declared conflict and what it did to the pair's match, read under the mentor's lock:
    the matches it paused, and whether a match was already paused (and stays so)."""

    conflict: DeclaredConflict
    paused: list[Match] = field(default_factory=list)
    already_paused: bool = False


def add_conflict(
    session: Session, actor: Person, mentee: Mentee, mentor_id: int | None, kind: str
) -> Declared:
    """Declare that a mentor and a mentee must never be matched; audited. Pauses their
    proposed or active match and says what it paused."""
    refuse_own(actor, mentor_id, "conflict")
    if not may_coordinate(actor, mentee.scheme_id):
        raise RecordError("Only the scheme's coordinators can declare conflicts.", "mentor_id")
    mentor = find_mentor(session, mentor_id) if mentor_id else None
    if mentor is None or mentor.scheme_id != mentee.scheme_id:
        raise RecordError("Choose a mentor from your scheme", "mentor_id")
    if kind not in CONFLICT_KINDS:
        raise RecordError("Choose what the conflict is", "kind")
    lock_person(session, mentor.id)
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
    paused = pause_conflicted(session, actor, conflict)
    before = {m.id for m in paused}
    still = select(Match.id).where(
        Match.mentor_id == mentor.id, Match.mentee_id == mentee.id, Match.status == PAUSED
    )
    already = any(match_id not in before for match_id in session.scalars(still))
    return Declared(conflict, paused, already)


# Stored as the pause's reason (coordinators and the audit trail see it; the mentor reads
# neutral words, lms/matching/mine/history.py, and the notifications say only "paused").
PAUSE_REASON = "A conflict was declared between the mentor and the mentee."


def pause_conflicted(session: Session, actor: Person, conflict: DeclaredConflict) -> list[Match]:
    """Pause the mentor's proposed and active matches with the mentee, read under the mentor's
    lock (the caller holds it). Each pause is audited and tells the mentor and the scheme's
    coordinators, without the detail, through the usual pause path."""
    live = (
        select(Match)
        .where(
            Match.mentor_id == conflict.mentor_id,
            Match.mentee_id == conflict.mentee_id,
            Match.status.in_((PROPOSED, ACTIVE)),
        )
        .order_by(Match.id)
        .execution_options(populate_existing=True)
    )
    return [pause(session, actor, match, PAUSE_REASON) for match in session.scalars(live).all()]


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

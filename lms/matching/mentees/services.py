"""Mentee records: registering and changing them (checked, audited) and the queries behind the
mentee list and page, with a fixed number of queries however many mentees a page shows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import Select, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Person
from lms.audit.services import record
from lms.matching.fields import AlreadyRecorded, RecordError, clean
from lms.matching.mentees.fields import MENTEE_FIELDS, MenteeDetails, check_mentee, values_of
from lms.matching.models import ACTIVE, ENDED, PAUSED, PROPOSED, Match, Mentee
from lms.matching.policy import may_coordinate, may_see_notes

RELEASE_WINDOW_DAYS = 14
# A mentee "has a mentor" while a match is proposed or active; a paused match needs action.
HAS_MENTOR = (PROPOSED, ACTIVE)
OPEN = (PROPOSED, ACTIVE, PAUSED)
MENTEE_FILTERS = {
    "": "Everyone",
    "needs_mentor": "Needs a mentor",
    "matched": "Matched",
    "releasing": f"Released in the next {RELEASE_WINDOW_DAYS} days",
    "releasing_no_mentor": f"Released in the next {RELEASE_WINDOW_DAYS} days with no mentor",
}


def _reference_taken(session: Session, scheme_id: int, reference: str, mentee_id: int | None):
    stmt = select(Mentee.id).where(
        Mentee.scheme_id == scheme_id, func.lower(Mentee.reference) == reference.lower()
    )
    if mentee_id is not None:
        stmt = stmt.where(Mentee.id != mentee_id)
    return session.scalar(stmt.limit(1)) is not None


def _taken_message(reference: str) -> str:
    return (
        f"Your scheme already has a mentee with the reference {reference}. "
        "Use a different reference, or open the existing record"
    )


def _apply(mentee: Mentee, details: MenteeDetails) -> list[str]:
    """Copy the details on to the mentee and return the names of the fields that changed."""
    values = values_of(details)
    changed = [name for name in MENTEE_FIELDS if getattr(mentee, name) != values[name]]
    for name, value in values.items():
        setattr(mentee, name, value)
    if details.restricted_notes is not None and mentee.restricted_notes != clean(
        details.restricted_notes
    ):
        mentee.restricted_notes = clean(details.restricted_notes)
        changed.append("restricted_notes")
    return changed


def _refuse_taken(session: Session, scheme_id: int, reference: str, mentee_id: int | None) -> None:
    """AlreadyRecorded when another mentee of the scheme has this reference."""
    if _reference_taken(session, scheme_id, reference, mentee_id):
        raise AlreadyRecorded(_taken_message(reference), "reference")


def _flush_unique(session: Session, reference: str) -> None:
    """Flush; the database's unique reference (a registration at the same moment) says taken."""
    try:
        session.flush()
    except IntegrityError as exc:
        raise AlreadyRecorded(_taken_message(reference), "reference") from exc


def register_mentee(
    session: Session, actor: Person, scheme_id: int, details: MenteeDetails, today: date
) -> Mentee:
    """Register a mentee in the scheme under a reference unique within the scheme."""
    if not may_coordinate(actor, scheme_id):
        raise RecordError("Only the scheme's coordinators can register mentees.", "reference")
    check_mentee(details, today)
    reference = clean(details.reference)
    _refuse_taken(session, scheme_id, reference, None)
    mentee = Mentee(
        scheme_id=scheme_id,
        created_by_id=actor.id,
        restricted_notes="",
    )
    _apply(mentee, details)
    session.add(mentee)
    _flush_unique(session, reference)
    record(
        session,
        actor=actor,
        action="mentee.registered",
        subject_type="mentee",
        subject_id=mentee.id,
        scheme_id=scheme_id,
        details={"reference": mentee.reference},
    )
    return mentee


def update_mentee(
    session: Session, actor: Person, mentee: Mentee, details: MenteeDetails, today: date
) -> list[str]:
    """Change a mentee's details; returns the names of the fields that changed (audited)."""
    if not may_coordinate(actor, mentee.scheme_id):
        raise RecordError("Only the scheme's coordinators can change this record.", "reference")
    if details.restricted_notes is not None and not may_see_notes(actor, mentee):
        raise RecordError(
            "Only the scheme's coordinators can change restricted notes.", "reference"
        )
    check_mentee(details, today)
    reference = clean(details.reference)
    _refuse_taken(session, mentee.scheme_id, reference, mentee.id)
    changed = _apply(mentee, details)
    if not changed:
        return []
    _flush_unique(session, reference)
    record(
        session,
        actor=actor,
        action="mentee.updated",
        subject_type="mentee",
        subject_id=mentee.id,
        scheme_id=mentee.scheme_id,
        # Field names only: the trail must not copy restricted notes or risk details around.
        details={"changed": changed},
    )
    return changed


def has_mentor():
    """SQL: the mentee has a proposed or active match."""
    return exists().where(Match.mentee_id == Mentee.id, Match.status.in_(HAS_MENTOR))


def mentees_query(
    scheme_id: int | None, query: str = "", show: str = "", today: date | None = None
) -> Select[tuple[Mentee]]:
    """Mentees of a scheme (every scheme when ``scheme_id`` is None), filtered, by reference."""
    stmt = (
        select(Mentee)
        .options(selectinload(Mentee.scheme))
        .order_by(func.lower(Mentee.reference), Mentee.id)
    )
    if scheme_id is not None:
        stmt = stmt.where(Mentee.scheme_id == scheme_id)
    if query.strip():
        stmt = stmt.where(func.lower(Mentee.reference).contains(query.strip().lower()))
    if show == "needs_mentor":
        stmt = stmt.where(~has_mentor())
    elif show == "matched":
        stmt = stmt.where(has_mentor())
    elif show in ("releasing", "releasing_no_mentor") and today is not None:
        if show == "releasing_no_mentor":
            stmt = stmt.where(~has_mentor())
        stmt = (
            stmt.where(
                Mentee.in_custody.is_(True),
                Mentee.release_date >= today,
                Mentee.release_date <= today + timedelta(days=RELEASE_WINDOW_DAYS),
            )
            .order_by(None)
            .order_by(Mentee.release_date, Mentee.id)
        )
    return stmt


def open_matches(session: Session, mentee_ids: list[int]) -> dict[int, list[Match]]:
    """Each mentee's proposed, active and paused matches, with mentors, in one query."""
    if not mentee_ids:
        return {}
    stmt = (
        select(Match)
        .where(Match.mentee_id.in_(mentee_ids), Match.status.in_(OPEN))
        .options(selectinload(Match.mentor))
        .order_by(Match.created_at, Match.id)
    )
    found: dict[int, list[Match]] = defaultdict(list)
    for match in session.scalars(stmt):
        found[match.mentee_id].append(match)
    return found


def matches_of(session: Session, mentee: Mentee) -> list[Match]:
    """Every match of the mentee, open ones first, newest first."""
    stmt = (
        select(Match)
        .where(Match.mentee_id == mentee.id)
        .options(selectinload(Match.mentor))
        .order_by(Match.created_at.desc(), Match.id.desc())
    )
    matches = list(session.scalars(stmt))
    return sorted(matches, key=lambda m: m.status == ENDED)

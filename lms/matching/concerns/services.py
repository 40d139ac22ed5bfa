"""Concerns mentors flag on a contact: who may look at them (the scheme's safeguarding lead or
deputy, its coordinators, admins), the ones not yet looked at, and marking one looked at."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.contacts import contacts_row
from lms.accounts.models import Person, Scheme
from lms.db import utcnow
from lms.matching import policy
from lms.matching.matches.services import MatchError, audit_match
from lms.matching.models import ContactLog, Match


def is_named_lead(session: Session, actor: Person, scheme_id: int | None) -> bool:
    """``actor`` is the scheme's named safeguarding lead or deputy, with an active account."""
    if not actor.active or scheme_id is None or actor.scheme_id != scheme_id:
        return False
    row = contacts_row(session, session.get(Scheme, scheme_id))
    return row is not None and actor.id in (row.safeguarding_lead_id, row.safeguarding_deputy_id)


def may_review(session: Session, actor: Person, scheme_id: int | None) -> bool:
    """Coordinators of the scheme, admins, and the scheme's named lead or deputy."""
    return policy.may_coordinate(actor, scheme_id) or is_named_lead(session, actor, scheme_id)


def open_concerns_query(scheme_id: int | None) -> Select:
    """Flagged contacts nobody has looked at yet, oldest first; every scheme when None."""
    stmt = (
        select(ContactLog)
        .join(Match, Match.id == ContactLog.match_id)
        .where(ContactLog.concern.is_(True), ContactLog.concern_reviewed_at.is_(None))
    )
    if scheme_id is not None:
        stmt = stmt.where(Match.scheme_id == scheme_id)
    return stmt.order_by(ContactLog.recorded_at, ContactLog.id)


def open_matches_query(scheme_id: int) -> Select:
    """The scheme's matches with a concern not yet looked at (the coordinator's home count)."""
    return (
        select(ContactLog.match_id)
        .join(Match, Match.id == ContactLog.match_id)
        .where(
            Match.scheme_id == scheme_id,
            ContactLog.concern.is_(True),
            ContactLog.concern_reviewed_at.is_(None),
        )
        .distinct()
    )


def open_concerns(session: Session, scheme_id: int | None) -> list[ContactLog]:
    """The open concerns with their match, mentor and mentee loaded (a fixed number of queries)."""
    stmt = open_concerns_query(scheme_id).options(
        selectinload(ContactLog.match).selectinload(Match.mentee),
        selectinload(ContactLog.match).selectinload(Match.mentor),
    )
    return list(session.scalars(stmt))


def concerns_of(session: Session, match: Match) -> list[ContactLog]:
    """Every flagged contact of the match, newest first, with who looked at it."""
    stmt = (
        select(ContactLog)
        .where(ContactLog.match_id == match.id, ContactLog.concern.is_(True))
        .options(selectinload(ContactLog.reviewed_by))
        .order_by(ContactLog.held_on.desc(), ContactLog.id.desc())
    )
    return list(session.scalars(stmt))


def mark_reviewed(session: Session, actor: Person, contact: ContactLog) -> ContactLog:
    """Record that ``actor`` has looked at a flagged concern; audited with who and when."""
    match = session.get(Match, contact.match_id)
    if not may_review(session, actor, match.scheme_id):
        raise MatchError(
            "Only the scheme's safeguarding lead or deputy, or a coordinator, can do this.",
            "forbidden",
        )
    if not contact.concern:
        raise MatchError("This contact has no concern flagged.", "wrong_status")
    if contact.concern_reviewed_at is not None:
        raise MatchError("Someone has already looked at this concern.", "wrong_status")
    contact.concern_reviewed_at = utcnow()
    contact.concern_reviewed_by_id = actor.id
    audit_match(session, actor, "match.concern_reviewed", match, contact_id=contact.id)
    return contact

"""What a certified mentor does with their own matches: accept or decline a proposed one, log
contacts (a concern goes to the safeguarding lead the same day) and ask to end a match."""

# Accepting goes through matches.services.make_active: the mentor's row locked, the gate again.
# Every change is an audit event and every message goes through the outbox in the same
# transaction. Nothing here lets a mentor see or touch another mentor's match.

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.locks import lock_person
from lms.accounts.models import Person
from lms.certificates.models import Certificate
from lms.db import utcnow
from lms.events import match_ended
from lms.matching import policy
from lms.matching.dashboard.filters import NO_CONTACT, NO_CONTACT_DAYS, matches_query
from lms.matching.matches.services import MatchError, audit_match, make_active
from lms.matching.mine import notify
from lms.matching.models import (
    ACTIVE,
    CONTACT_KINDS,
    CONTACT_NOTE_LENGTH,
    ENDED,
    PAUSED,
    PROPOSED,
    ContactLog,
    Match,
)
from lms.ukdates import uk_date, uk_today


class MentorError(MatchError):
    """A mentor's request the rules refuse; ``field`` names the form field it belongs to."""

    def __init__(self, message: str, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message, code)
        self.field = field


def is_mentor(session: Session, person: Person) -> bool:
    """A certified mentor holds a current certificate (as ``mentors_of`` counts them)."""
    held = select(Certificate.id).where(Certificate.person_id == person.id, Certificate.current)
    return session.scalar(held.limit(1)) is not None


# The filters the mentor's home page counts link to: query-string value -> what is shown.
MY_FILTERS = {
    PROPOSED: "Proposed matches to accept or decline",
    NO_CONTACT: f"Mentees with no contact logged in {NO_CONTACT_DAYS} days",
}


def my_matches(
    session: Session, mentor: Person, show: str | None = None, today: date | None = None
) -> list[Match]:
    """The mentor's proposed, active and paused matches, newest first; ``show`` narrows them to
    one of ``MY_FILTERS`` with the same statement the home page counts."""
    if show in MY_FILTERS:
        stmt = matches_query(show, today or uk_today()).where(Match.mentor_id == mentor.id)
    else:
        stmt = select(Match).where(Match.mentor_id == mentor.id, Match.status != ENDED)
    stmt = stmt.options(selectinload(Match.mentee))  # one statement however many mentees
    return list(
        session.scalars(stmt.order_by(None).order_by(Match.created_at.desc(), Match.id.desc()))
    )


def contacts_of(session: Session, match: Match) -> list[ContactLog]:
    stmt = select(ContactLog).where(ContactLog.match_id == match.id)
    return list(session.scalars(stmt.order_by(ContactLog.held_on.desc(), ContactLog.id.desc())))


def last_contact(session: Session, match: Match) -> date | None:
    """The date of the match's latest contact (for the coordinator's match page)."""
    stmt = select(func.max(ContactLog.held_on)).where(ContactLog.match_id == match.id)
    return session.scalar(stmt)


def _own(actor: Person, match: Match) -> None:
    if actor.id != match.mentor_id:
        raise MentorError("Only the mentor in this match can do this.", "forbidden")


def accept(session: Session, mentor: Person, match: Match, today: date) -> Match:
    """The mentor accepts a proposed match: active only if the gate still allows it."""
    _own(mentor, match)
    make_active(session, mentor, match, today, "match.accepted")  # its signal tells them
    return match


def decline(session: Session, mentor: Person, match: Match, reason: str) -> Match:
    """The mentor declines a proposed match, saying why; the match ends at the mentor's request."""
    _own(mentor, match)
    reason = (reason or "").strip()
    if not reason:
        raise MentorError("Say why you are declining this match.", field="reason")
    lock_person(session, mentor.id)
    session.refresh(match)  # a coordinator may have changed it while we waited
    if match.status != PROPOSED:
        raise MentorError("Only a proposed match can be declined.", "wrong_status")
    match.status = ENDED
    match.ended_at = utcnow()
    match.ended_reason = reason
    match.end_requested_by = "mentor"
    audit_match(session, mentor, "match.declined", match, reason)
    # The signal tells the coordinators (lms/notifications/triggers.py), never the reason.
    match_ended.send(match, session=session, actor=mentor, reason=reason, requested_by="mentor")
    return match


def ask_to_end(session: Session, mentor: Person, match: Match, reason: str) -> Match:
    """The mentor asks the coordinator to end an active or paused match (they decide)."""
    _own(mentor, match)
    reason = (reason or "").strip()
    if not reason:
        raise MentorError("Say why you are asking to end this match.", field="reason")
    if match.status not in (ACTIVE, PAUSED):
        raise MentorError("Only an active or paused match can be asked to end.", "wrong_status")
    match.end_asked_at = utcnow()
    match.end_asked_reason = reason
    audit_match(session, mentor, "match.end_asked", match, reason)
    notify.tell_end_asked(session, match)
    return match


@dataclass(frozen=True)
class ContactDetails:
    """One contact as the mentor enters it."""

    held_on: date | None
    kind: str
    minutes: int | None
    note: str = ""
    concern: bool = False


def log_contact(
    session: Session, mentor: Person, match: Match, details: ContactDetails, today: date
) -> ContactLog:
    """The mentor records a contact on their active match; a concern tells the safeguarding
    lead today."""
    _own(mentor, match)
    return _save_contact(session, mentor, match, details, today)


def record_for_mentor(
    session: Session, actor: Person, match: Match, details: ContactDetails, today: date
) -> ContactLog:
    """The scheme's own system records a contact the mentor had (the scheme API): the same
    checks, the contact is the mentor's, the audit names who sent it."""
    if not policy.may_coordinate(actor, match.scheme_id):
        raise MentorError("Only the scheme's coordinators can record contacts.", "forbidden")
    return _save_contact(session, actor, match, details, today)


def _save_contact(
    session: Session, actor: Person, match: Match, details: ContactDetails, today: date
) -> ContactLog:
    if match.status != ACTIVE:
        raise MentorError("Contacts can be logged only while the match is active.", "wrong_status")
    if details.held_on is None:
        raise MentorError("Enter the date of the contact.", field="held_on")
    if details.held_on > today:
        raise MentorError("The date of the contact cannot be in the future.", field="held_on")
    started = uk_today(match.activated_at or match.created_at)
    if details.held_on < started:
        raise MentorError(
            f"The date cannot be before the match started on {uk_date(started)}.",
            field="held_on",
        )
    if details.kind not in CONTACT_KINDS:
        raise MentorError("Choose how you were in contact.", field="kind")
    if details.minutes is None or not 0 < details.minutes <= 1440:
        raise MentorError(
            "Enter how long the contact took, in minutes (1 to 1440).", field="minutes"
        )
    note = (details.note or "").strip()
    if len(note) > CONTACT_NOTE_LENGTH:
        raise MentorError("Keep the note to 500 characters or fewer.", field="note")
    contact = ContactLog(
        match_id=match.id,
        mentor_id=match.mentor_id,
        held_on=details.held_on,
        kind=details.kind,
        minutes=details.minutes,
        note=note,
        concern=bool(details.concern),
    )
    session.add(contact)
    session.flush()
    audit_match(
        session,
        actor,
        "match.contact_logged",
        match,
        contact_id=contact.id,
        concern=contact.concern,
    )
    if contact.concern:
        told = notify.tell_safeguarding(session, match)
        audit_match(
            session,
            actor,
            "match.concern_flagged",
            match,
            contact_id=contact.id,
            told=[p.id for p in told],
        )
    return contact

"""Proposing, activating, pausing, resuming and ending matches, always through the gate."""

# Every path that creates, activates or resumes a match locks the mentor's row and runs the gate
# again inside the transaction, so two coordinators taking a mentor's last place at once cannot
# both succeed. Every change is an audit event.

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, lazyload

from lms.accounts.duties import refuse_own
from lms.accounts.locks import lock_person
from lms.accounts.models import Person
from lms.audit.services import record
from lms.certificates.models import Certificate
from lms.db import utcnow
from lms.domain import DomainError
from lms.events import match_activated, match_ended, match_paused, match_proposed, match_resumed
from lms.matching import gate, policy
from lms.matching.gate import Reason
from lms.matching.matches import ranking
from lms.matching.models import ACTIVE, END_REQUESTERS, ENDED, PAUSED, PROPOSED, Match, Mentee
from lms.notifications.services import notify
from lms.notifications.triggers import path


class MatchError(DomainError):
    """A request the matching rules refuse; the message is safe to show."""

    def __init__(self, message: str, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message, field)
        self.message = message
        self.code = code


class NotMatchable(MatchError):
    """The gate refused the mentor for this mentee; ``reasons`` says every reason why."""

    def __init__(self, reasons: list[Reason]) -> None:
        super().__init__("This mentor cannot be matched with this mentee.", "not_eligible")
        self.reasons = reasons


def mentors_of(session: Session, scheme_id: int) -> list[Person]:
    """Active people of the scheme who hold or have held a certificate, by name."""
    held = exists().where(Certificate.person_id == Person.id)
    stmt = (
        select(Person)
        .where(Person.scheme_id == scheme_id, Person.active, held)
        .options(lazyload(Person.role_rows))  # thousands of mentors; roles are rarely needed
        .order_by(Person.name, Person.id)
    )
    return list(session.scalars(stmt))


def _require_coordinator(actor: Person | None, scheme_id: int) -> None:
    if not policy.may_coordinate(actor, scheme_id):
        raise MatchError(
            "Only the scheme's coordinators or an admin can change its matches.", "forbidden"
        )


def _lock(session: Session, mentor: Person, match: Match | None = None) -> None:
    """Lock the mentor's row (PostgreSQL) so the gate's answer holds until commit."""
    lock_person(session, mentor.id)
    if match is not None:
        session.refresh(match)  # another request may have changed it while we waited


def _run_gate(
    session: Session, mentor: Person, mentee: Mentee, today: date, match: Match | None = None
) -> None:
    ignore = match.id if match is not None else None
    result = gate.check(session, mentor, mentee, today, ignore_match_id=ignore)
    if not result.allowed:
        raise NotMatchable(result.reasons)


def audit_match(
    session: Session, actor: Person | None, action: str, match: Match, reason: str = "", **more
) -> None:
    """Audit one change to a match: who, what, why, and the mentor and mentee it joins."""
    record(
        session,
        actor=actor,
        action=action,
        subject_type="match",
        subject_id=match.id,
        scheme_id=match.scheme_id,
        reason=reason,
        details={"mentor_id": match.mentor_id, "mentee_id": match.mentee_id, **more},
    )


def propose_match(
    session: Session, actor: Person, mentor: Person, mentee: Mentee, today: date
) -> Match:
    """Propose a match (status proposed) if the gate allows it, checked under a lock."""
    refuse_own(actor, mentor, "match")
    _require_coordinator(actor, mentee.scheme_id)
    if mentee.anonymised_at is not None:
        raise MatchError("This mentee's record has been anonymised.", "anonymised")
    _lock(session, mentor)
    _run_gate(session, mentor, mentee, today)
    already = select(Match.id).where(
        Match.mentor_id == mentor.id, Match.mentee_id == mentee.id, Match.status != ENDED
    )
    if session.scalar(already) is not None:
        raise MatchError(f"{mentor.name} is already matched with this mentee.", "already_matched")
    match = Match(
        scheme_id=mentee.scheme_id,
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        status=PROPOSED,
        created_by_id=actor.id,
    )
    session.add(match)
    try:
        session.flush()
    except IntegrityError as exc:
        raise MatchError(
            f"{mentor.name} is already matched with this mentee. Reload the page.",
            "already_matched",
        ) from exc
    audit_match(session, actor, "match.proposed", match)
    match_proposed.send(match, session=session, actor=actor)
    return match


def activate(session: Session, actor: Person, match: Match, today: date) -> Match:
    """Make a proposed match active, running the gate again under a lock."""
    refuse_own(actor, match.mentor_id, "match")
    _require_coordinator(actor, match.scheme_id)
    return make_active(session, actor, match, today, "match.activated")


def make_active(session: Session, actor: Person, match: Match, today: date, action: str) -> Match:
    """The one path to active, for the coordinator and for the mentor accepting (callers check
    who may): the mentor's row locked, the match re-read, the gate run again, then audited."""
    _lock(session, match.mentor, match)
    if match.status != PROPOSED:
        raise MatchError("Only a proposed match can be made active.", "wrong_status")
    _run_gate(session, match.mentor, match.mentee, today, match)
    match.status = ACTIVE
    match.activated_at = utcnow()
    audit_match(session, actor, action, match)
    match_activated.send(match, session=session, actor=actor)
    return match


def resume(session: Session, actor: Person, match: Match, today: date) -> Match:
    """Resume a paused match through the gate: active again, or proposed if never activated."""
    refuse_own(actor, match.mentor_id, "match")
    _require_coordinator(actor, match.scheme_id)
    _lock(session, match.mentor, match)
    if match.status != PAUSED:
        raise MatchError("Only a paused match can be resumed.", "wrong_status")
    _run_gate(session, match.mentor, match.mentee, today, match)
    match.status = ACTIVE if match.activated_at is not None else PROPOSED
    match.paused_at = None
    match.paused_reason = None
    audit_match(session, actor, "match.resumed", match)
    match_resumed.send(match, session=session, actor=actor)
    return match


def pause(
    session: Session, actor: Person | None, match: Match, reason: str, *, email: bool | None = None
) -> Match:
    """Pause a proposed or active match with a reason; ``actor`` None means the system did it.
    ``email`` True emails the mentor and coordinators even for the system's pause (by default
    only a person's pause is emailed: the certificate cascade sends its own email)."""
    if actor is not None:
        refuse_own(actor, match.mentor_id, "match")
        _require_coordinator(actor, match.scheme_id)
    if not reason.strip():
        raise MatchError("Say why the match is being paused.", "reason", field="reason")
    _lock(session, match.mentor, match)
    if match.status not in (PROPOSED, ACTIVE):
        raise MatchError("Only a proposed or active match can be paused.", "wrong_status")
    match.status = PAUSED
    match.paused_at = utcnow()
    match.paused_reason = reason.strip()
    audit_match(session, actor, "match.paused", match, reason.strip())
    told = {} if email is None else {"email": email}  # subscribers' default unless asked
    match_paused.send(match, session=session, actor=actor, reason=match.paused_reason, **told)
    return match


def end_match(
    session: Session, actor: Person, match: Match, reason: str, requested_by: str
) -> Match:
    """End a match at the mentor's, the mentee's or the scheme's request, with a reason."""
    refuse_own(actor, match.mentor_id, "match")
    _require_coordinator(actor, match.scheme_id)
    if requested_by not in END_REQUESTERS:
        raise MatchError(
            "Say who asked to end the match: mentor, mentee or scheme.", "requested_by"
        )
    if not reason.strip():
        raise MatchError("Say why the match is ending.", "reason", field="reason")
    _lock(session, match.mentor, match)
    if match.status == ENDED:
        raise MatchError("This match has already ended.", "wrong_status")
    match.status = ENDED
    match.ended_at = utcnow()
    match.ended_reason = reason.strip()
    match.end_requested_by = requested_by
    record(
        session,
        actor=actor,
        action="match.ended",
        subject_type="match",
        subject_id=match.id,
        scheme_id=match.scheme_id,
        reason=reason.strip(),
        details={
            "mentor_id": match.mentor_id,
            "mentee_id": match.mentee_id,
            "requested_by": requested_by,
        },
    )
    match_ended.send(
        match, session=session, actor=actor, reason=match.ended_reason, requested_by=requested_by
    )
    return match


def keep_match(session: Session, actor: Person, match: Match, reason: str) -> Match:
    """The coordinator keeps going a match the mentor asked to end, saying why (the mentor is
    told and may ask again)."""
    refuse_own(actor, match.mentor_id, "match")
    _require_coordinator(actor, match.scheme_id)
    if not reason.strip():
        raise MatchError("Say why the match is carrying on.", "reason", field="reason")
    _lock(session, match.mentor, match)
    if match.status == ENDED or match.end_asked_at is None:
        raise MatchError("The mentor has not asked to end this match.", "wrong_status")
    asked = match.end_asked_reason or ""
    match.end_asked_at = None
    match.end_asked_reason = None
    audit_match(session, actor, "match.end_refused", match, reason.strip(), mentor_reason=asked)
    notify(
        session,
        match.mentor,
        "match-kept",
        "Your coordinator has answered your request to end a match.",
        path("matching.my_match", match_id=match.id),
    )
    return match


def next_candidates(
    session: Session, mentee: Mentee, today: date, limit: int = 3
) -> list[ranking.Ranked]:
    """The best eligible mentors for a mentee, leaving out anyone already matched with them."""
    before = set(session.scalars(select(Match.mentor_id).where(Match.mentee_id == mentee.id)))
    ranked = ranking.candidates(session, mentee, today, per_page=limit + len(before)).eligible
    return [r for r in ranked if r.mentor.id not in before][:limit]

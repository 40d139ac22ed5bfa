"""The scheme API's matches: where one stands (with when the mentor accepted), its contact log
(each read audited: the notes are sensitive), and recording a contact from the scheme's own system.

Acceptance is read only here: accepting or declining stays with the mentor (on the site).
"""

from __future__ import annotations

from flask import abort, jsonify
from sqlalchemy import select

from lms.api import errors
from lms.api.auth import current_key, key_required
from lms.api.bodies import ApiInputError, NewContact, parse
from lms.api.scheme_routes import bp
from lms.audit.models import AuditEvent
from lms.audit.services import record
from lms.extensions import db
from lms.matching.matches.services import MatchError
from lms.matching.mine import services as mine
from lms.matching.models import Match
from lms.ukdates import uk_today


def _when(value):
    return value.isoformat() if value is not None else None


def _match_or_404(match_id: int) -> Match:
    """The key's scheme's match, or 404: another scheme's looks exactly like a missing one."""
    match = db.session.get(Match, match_id)
    if match is None or match.scheme_id != current_key().scheme_id:
        abort(404, f"Your scheme has no match with the id {match_id}.")
    return match


def _accepted_at(match: Match):
    stmt = select(AuditEvent.occurred_at).where(
        AuditEvent.subject_type == "match",
        AuditEvent.subject_id == str(match.id),
        AuditEvent.action == "match.accepted",
    )
    return db.session.scalar(stmt.order_by(AuditEvent.id.desc()).limit(1))


def _contact_json(contact) -> dict:
    return {
        "id": contact.id,
        "held_on": contact.held_on.isoformat(),
        "kind": contact.kind,
        "minutes": contact.minutes,
        "note": contact.note,
        "concern": contact.concern,
        "concern_reviewed_at": _when(contact.concern_reviewed_at),
        "recorded_at": contact.recorded_at.isoformat(),
    }


@bp.get("/matches/<int:match_id>")
@key_required
def match_detail(match_id: int):
    """Where one match stands: its status and when each step happened."""
    match = _match_or_404(match_id)
    return jsonify(
        {
            "id": match.id,
            "mentor_id": match.mentor_id,
            "mentee_reference": match.mentee.reference,
            "status": match.status,
            "created_at": match.created_at.isoformat(),
            "activated_at": _when(match.activated_at),
            "accepted_at": _when(_accepted_at(match)),
            "paused_at": _when(match.paused_at),
            "ended_at": _when(match.ended_at),
            "end_asked_at": _when(match.end_asked_at),
            "last_contact": _when(mine.last_contact(db.session, match)),
        }
    )


@bp.get("/matches/<int:match_id>/contacts")
@key_required
def match_contacts(match_id: int):
    """The match's contact log, newest first, notes included (the scheme's own record); the read
    is audited in the name of the key's creator, with the match and how many were read."""
    match = _match_or_404(match_id)
    contacts = mine.contacts_of(db.session, match)
    key = current_key()
    record(
        db.session,
        actor=key.created_by,
        action="api.contacts_read",
        subject_type="match",
        subject_id=match.id,
        scheme_id=match.scheme_id,
        details={"match": match.id, "count": len(contacts), "api_key": key.id},
    )
    db.session.commit()
    return jsonify({"match_id": match.id, "contacts": [_contact_json(c) for c in contacts]})


@bp.post("/matches/<int:match_id>/contacts")
@key_required
def create_contact(match_id: int):
    """Record a contact the mentor had; a concern tells the safeguarding lead today."""
    match = _match_or_404(match_id)
    body = parse(NewContact)
    details = mine.ContactDetails(**body.model_dump())
    try:
        contact = mine.record_for_mentor(
            db.session, current_key().created_by, match, details, uk_today()
        )
    except MatchError as exc:
        db.session.rollback()
        field = getattr(exc, "field", None)
        if field is not None:
            problem = [{"field": field, "message": exc.message}]
            raise ApiInputError(422, exc.message, problem) from exc
        return jsonify({"error": exc.code, "message": exc.message}), errors.status_of(exc)
    db.session.commit()
    return jsonify(_contact_json(contact)), 201

"""What the mentor reads about their own match: its history in plain words (from the audit
trail) and, for a paused match, why in neutral words and what happens next."""

# Only words written for the mentor are shown: a coordinator's reason for pausing is never
# shown (it may name something sensitive); the reason for keeping a match going is, as the
# coordinator writes it for the mentor.

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.audit.models import AuditEvent
from lms.matching.models import Match

WORDS = {
    "match.proposed": "Your coordinator proposed the match.",
    "match.accepted": "You accepted the match.",
    "match.activated": "Your coordinator started the match.",
    "match.declined": "You declined the match.",
    "match.paused": "The match was paused.",
    "match.resumed": "The match started again.",
    "match.end_asked": "You asked to end the match.",
    "match.end_refused": "Your coordinator decided the match carries on.",
    "match.ended": "The match ended.",
    "match.concern_flagged": "You flagged a concern. Your safeguarding lead was told.",
    "match.concern_reviewed": "Your safeguarding lead looked at a concern you flagged.",
}
SHOWN_REASONS = {"match.end_refused"}  # reasons written for the mentor to read
# A concern the scheme's own system recorded for the mentor (the scheme API). Each contact is
# listed under "Contacts", so logging one is not repeated in the history.
BY_THE_SCHEME = {
    "match.concern_flagged": "Your scheme recorded a concern. Your safeguarding lead was told.",
}


@dataclass(frozen=True)
class Step:
    """One line of the match's history."""

    at: datetime
    text: str
    reason: str = ""


def history(session: Session, match: Match) -> list[Step]:
    """The match's history, oldest first, in one query over its audit events."""
    stmt = (
        select(AuditEvent.occurred_at, AuditEvent.action, AuditEvent.reason, AuditEvent.actor_id)
        .where(AuditEvent.subject_type == "match", AuditEvent.subject_id == str(match.id))
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    steps = []
    for at, action, reason, actor_id in session.execute(stmt):
        if action not in WORDS:
            continue
        text = WORDS[action]
        if action in BY_THE_SCHEME and actor_id != match.mentor_id:
            text = BY_THE_SCHEME[action]
        steps.append(Step(at, text, reason if action in SHOWN_REASONS else ""))
    return steps


PAUSED = {
    "Certificate suspended": (
        "Paused while your certificate is reviewed.",
        "Your coordinator will tell you when the match can start again.",
    ),
    "Certificate expired": (
        "Paused because your certificate has run out.",
        "Once it is renewed, your coordinator can start the match again.",
    ),
    "Certificate revoked": (
        "Paused because your certificate is no longer valid.",
        "Your coordinator will contact you about what happens next.",
    ),
}
PAUSED_BY_COORDINATOR = (
    "Paused by your coordinator for now.",
    "They will contact you and tell you when the match can start again.",
)


def paused_words(match: Match) -> tuple[str, str]:
    """Why a paused match is paused, in neutral words, and what happens next."""
    return PAUSED.get(match.paused_reason or "", PAUSED_BY_COORDINATOR)

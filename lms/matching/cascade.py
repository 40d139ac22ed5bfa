"""When a certificate stops being valid, pause the holder's live matches and tell coordinators."""

# It subscribes to lms.events.certificate_stopped, which the certificate services and the sweep
# send; the certificates package knows nothing of matching.
# Reinstating a certificate never resumes a match: a coordinator resumes it through the gate.
# Emails go into the outbox in the same transaction as the pauses, so a rolled-back change tells
# nobody anything, and each coordinator gets one email per transaction however many certificates
# stopped in it (the message is rendered again as more pauses join it).

from __future__ import annotations

from datetime import date, timedelta

from blinker import ANY
from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session, scoped_session

from lms.accounts.models import Person
from lms.certificates.models import Certificate, CertificateDefinition
from lms.certificates.status import allows_practice, status_on
from lms.events import certificate_stopped
from lms.matching.gate import required_competences
from lms.matching.matches.services import pause
from lms.matching.models import ACTIVE, PROPOSED, Match
from lms.notifications.triggers import coordinators
from lms.outbox.services import queue as queue_email
from lms.outbox.services import rewrite
from lms.ukdates import uk_today

_QUEUE = "matching.paused_mail"


# Connected once, when lms/setup.py first imports this module: never per application, so a
# process that builds many apps (the tests) still pauses each match once.
@certificate_stopped.connect_via(ANY, weak=False)
def _on_certificate_stopped(cert: Certificate, *, session: Session, why: str, **_) -> None:
    pause_for_certificate(session, cert, why)


def pause_for_certificate(session: Session, cert: Certificate, why: str) -> list[Match]:
    """Pause the holder's proposed and active matches this certificate was needed for.

    A match stays live only when the holder's other practising certificates still cover every
    competence its mentee needs. Each pause is audited as the system's; the scheme's active
    coordinators are emailed after commit.
    """
    day = uk_today()
    if why == "expired":  # the sweep may be catching up on an earlier day
        day = max(day, cert.valid_until + timedelta(days=1))
    still = _still_covered(session, cert, day)
    live = select(Match).where(
        Match.mentor_id == cert.person_id, Match.status.in_((PROPOSED, ACTIVE))
    )
    reason = f"Certificate {why}"
    paused = []
    for match in session.scalars(live.order_by(Match.id)).all():
        if all(c in still for c in required_competences(match.mentee)):
            continue
        pause(session, None, match, reason)
        paused.append(match)
    if paused:
        _queue_email(session, paused, cert, reason)
    return paused


def _still_covered(session: Session, stopped: Certificate, day: date) -> set[str]:
    """Competences the holder's other current certificates still allow them to practise."""
    stmt = (
        select(Certificate, CertificateDefinition.renewal_window_days)
        .join(CertificateDefinition, CertificateDefinition.id == Certificate.definition_id)
        .where(
            Certificate.person_id == stopped.person_id,
            Certificate.current,
            Certificate.id != stopped.id,
        )
    )
    covered: set[str] = set()
    for other, window in session.execute(stmt):
        if allows_practice(status_on(other, day, window)):
            covered.update(other.competences)
    return covered


def _queue_email(session: Session, paused: list[Match], cert: Certificate, reason: str) -> None:
    real = session() if isinstance(session, scoped_session) else session
    queue: dict[int, dict] = real.info.setdefault(_QUEUE, {})
    if not real.info.get(_QUEUE + ".listening"):
        event.listen(real, "after_commit", _forget_queued)
        event.listen(real, "after_rollback", _forget_queued)
        real.info[_QUEUE + ".listening"] = True
    touched: dict[int, Person] = {}  # by id: an account with no email is still one person
    for match in paused:
        line = {
            "mentor": match.mentor.name,
            "mentee": match.mentee.reference,
            "reason": reason,
            "number": cert.number,
        }
        for coordinator in coordinators(session, match.scheme_id):
            entry = queue.setdefault(
                coordinator.id, {"name": coordinator.name, "lines": [], "message": None}
            )
            entry["lines"].append(line)
            touched[coordinator.id] = coordinator
    for key, coordinator in touched.items():
        _write_email(session, coordinator, queue[key])


def _write_email(session: Session, coordinator: Person, entry: dict) -> None:
    """Put (or update) this transaction's one email to ``coordinator`` in the outbox."""
    count = len(entry["lines"])
    subject = "A match has been paused" if count == 1 else f"{count} matches have been paused"
    context = {
        "name": entry["name"],
        "matches": entry["lines"],
        "base_url": current_app.config["BASE_URL"],
    }
    if entry["message"] is None:
        entry["message"] = queue_email(
            session,
            coordinator.email,
            subject,
            "matches_paused",
            person_id=coordinator.id,
            **context,
        )
    else:
        rewrite(entry["message"], subject, "matches_paused", **context)


def _forget_queued(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint was released; wait for the real commit
        return
    session.info.pop(_QUEUE, None)

"""Queue emails in the caller's transaction; deliver each one once, with retries and a dead letter.

``queue`` renders the message and adds it to the caller's session, so it is saved (or rolled
back) with the change that causes it. After that transaction commits, a delivery job is queued
for each new message (``lms.outbox.jobs.register`` listens for commits). ``deliver`` claims one
message with a conditional UPDATE, so two workers never both send it, and commits ``sent`` as
soon as the mail server takes it: one message per commit, so a relay that fails part-way never
makes an accepted message go out again.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_mailman import EmailMessage
from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from lms.accounts import tokens
from lms.accounts.models import Person
from lms.audit.services import record
from lms.db import utcnow
from lms.domain import DomainError
from lms.extensions import mail
from lms.outbox.models import CANCELLED, FAILED, NO_EMAIL, PENDING, SENDING, SENT, OutboxMessage

log = logging.getLogger(__name__)

NEW = "outbox.to_deliver"  # session.info key: ids to queue once the session commits
LONGEST_WAIT = timedelta(days=1)
# A message claimed longer ago than this was dropped by a worker that died: send it again.
SENDING_LEASE = timedelta(minutes=10)
DEACTIVATED = "Not sent: the account was deactivated before the email went."
# Emails whose link stops working after a while, and what to do instead of sending a dead one.
LINK_TEMPLATES = {
    "password_reset": "ask the person to request a new password reset",
    "invitation": "send the invitation again from Invitations",
    "email_confirm": "ask the person to send the link again from their account page",
}


class OutboxError(DomainError):
    """A request about the outbox that cannot be done now (sent, being sent, link expired)."""

    code = "conflict"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def render(template: str, **context: object) -> str:
    """The plain-text body from ``templates/email/<template>.txt``."""
    return render_template(f"email/{template}.txt", **context)


def queue(
    session: Session,
    to: str | None,
    subject: str,
    template: str,
    *,
    person_id: int | None = None,
    **context: object,
) -> OutboxMessage:
    """Render the email now and add it to ``session``; it is sent after the caller commits.

    A person with no email address (``to`` None) gets a ``cancelled`` message saying so: the
    outbox shows why nothing went, and the caller's change goes ahead."""
    person = context.get("person")
    if person_id is None and isinstance(person, Person):
        person_id = person.id
    message = OutboxMessage(
        to_address=to or "",
        subject=subject,
        body=render(template, **context) if to else "",
        template=template,
        person_id=person_id,
        status=PENDING if to else CANCELLED,
        attempts=0,
        next_attempt_at=utcnow(),
        last_error=None if to else NO_EMAIL,
    )
    session.add(message)
    return message


def rewrite(message: OutboxMessage, subject: str, template: str, **context: object) -> None:
    """Render a message not yet committed again (one email gathering several events)."""
    message.subject = subject
    message.template = template
    message.body = render(template, **context) if message.to_address else ""


def _transmit(message: OutboxMessage) -> None:
    """Hand one message to the mail server; returns once the server has accepted it."""
    connection = mail.get_connection()
    connection.open()
    try:
        EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=current_app.config["MAIL_DEFAULT_SENDER"],
            to=[message.to_address],
            connection=connection,
        ).send()
    finally:
        # Once the server has the message, a failure to say goodbye must not count against it
        # (it would be sent twice); and the socket is closed whatever happened.
        smtp = getattr(connection, "connection", None)
        with contextlib.suppress(Exception):
            connection.close()
        if smtp is not None and hasattr(smtp, "close"):
            with contextlib.suppress(Exception):
                smtp.close()


def _error_text(exc: BaseException) -> str:
    """A short, one-line description of a failure (the exception, never the settings)."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text[:200]


def _permanent(exc: BaseException) -> bool:
    """True when the mail server refused the message for good (a 5xx answer)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def backoff(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` failed attempts: doubling, at most a day."""
    first = current_app.config["OUTBOX_BACKOFF_SECONDS"]
    return min(timedelta(seconds=first * 2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def deliver(session: Session, message_id: int, *, now: datetime | None = None) -> str | None:
    """Send one due message if nobody else has claimed it; return its new status.

    Returns None when the message is not due, already sent, or another worker has it.
    """
    now = now or utcnow()
    claim = (
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == PENDING,
            OutboxMessage.next_attempt_at <= now,
        )
        .values(status=SENDING, claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    claimed = session.execute(claim).rowcount
    session.commit()
    if claimed != 1:
        return None
    message = session.get(OutboxMessage, message_id)
    assert message is not None
    person = session.get(Person, message.person_id) if message.person_id else None
    if person is not None and not person.active:
        message.status = CANCELLED
        message.claimed_at = None
        message.last_error = DEACTIVATED
        session.commit()
        log.info("Outbox message %s not sent: %s", message.id, DEACTIVATED)
        return CANCELLED
    try:
        _transmit(message)
    except Exception as exc:
        message.last_error = _error_text(exc)
        message.claimed_at = None
        if _permanent(exc) or message.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
            message.status = FAILED
            log.error("Gave up on outbox message %s: %s", message.id, message.last_error)
        else:
            message.status = PENDING
            message.next_attempt_at = now + backoff(message.attempts)
            log.warning("Outbox message %s not sent: %s", message.id, message.last_error)
        session.commit()
        return message.status
    message.status = SENT
    message.sent_at = utcnow()
    message.claimed_at = None
    message.last_error = None
    message.body = ""  # it may hold a reset or invitation link: keep it no longer than needed
    session.commit()
    log.info("Sent %s email %s", message.template, message.id)
    return SENT


def release_stuck(session: Session, *, now: datetime | None = None) -> int:
    """Put back messages a worker claimed but never finished (it died); return how many."""
    now = now or utcnow()
    released = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == SENDING, OutboxMessage.claimed_at < now - SENDING_LEASE)
        .values(status=PENDING, claimed_at=None, next_attempt_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    return released


def due(session: Session, *, now: datetime | None = None, limit: int = 200) -> list[int]:
    """Ids of pending messages whose next attempt has come, oldest first."""
    now = now or utcnow()
    stmt = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    ids = list(session.scalars(stmt))
    session.commit()
    return ids


def deliver_due(session: Session, *, now: datetime | None = None) -> dict[str, int]:
    """Release stuck messages, then try every due one; count the outcomes."""
    now = now or utcnow()
    counts = {
        "released": release_stuck(session, now=now),
        SENT: 0,
        PENDING: 0,
        FAILED: 0,
        CANCELLED: 0,
    }
    for message_id in due(session, now=now):
        status = deliver(session, message_id, now=now)
        if status is not None:
            counts[status] += 1
    return counts


def waiting() -> Select[tuple[OutboxMessage]]:
    """Dead letters, cancelled messages and ones still to be sent, newest first (the admin's
    list)."""
    return (
        select(OutboxMessage)
        .where(OutboxMessage.status.in_((FAILED, CANCELLED, PENDING)))
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    )


def resend(session: Session, actor: Person, message: OutboxMessage) -> None:
    """Give a dead letter (or a waiting message) a fresh set of attempts, starting now."""
    if message.status == SENT:
        raise OutboxError("This email has already been sent.")
    if message.status == SENDING:
        raise OutboxError("This email is being sent now. Reload the page in a minute.")
    if not message.to_address:
        raise OutboxError("This person has no email address, so this email cannot be sent.")
    person = session.get(Person, message.person_id) if message.person_id else None
    if person is not None and not person.active:
        raise OutboxError(
            f"{person.name}'s account has been deactivated, so this email will not be sent. "
            "Reactivate the account first if they should have it."
        )
    instead = LINK_TEMPLATES.get(message.template)
    if instead and utcnow() - message.created_at > _link_lifetime(message, person):
        raise OutboxError(f"This link has expired: {instead}.")
    previous = {"status": message.status, "attempts": message.attempts}
    message.status = PENDING
    message.attempts = 0
    message.next_attempt_at = utcnow()
    message.claimed_at = None
    record(
        session,
        actor=actor,
        action="outbox.resent",
        subject_type="outbox_message",
        subject_id=message.id,
        scheme_id=person.scheme_id if person else None,
        details={"template": message.template, **previous},
    )
    deliver_after_commit(session, message.id)


def _link_lifetime(message: OutboxMessage, person: Person | None) -> timedelta:
    """How long the message's link works: a reset link, or for someone who never set a
    password (whose reset email carries an invitation link) and invitations, the invitation's."""
    if message.template == "email_confirm":
        return tokens.max_age(tokens.EMAIL_CONFIRM)
    if message.template == "password_reset" and (person is None or person.has_password):
        return tokens.max_age(tokens.PASSWORD_RESET)
    return tokens.max_age(tokens.INVITATION)


def deliver_after_commit(session: Session, message_id: int) -> None:
    """Queue a delivery job for ``message_id`` once ``session`` commits."""
    session.info.setdefault(NEW, []).append(message_id)

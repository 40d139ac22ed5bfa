"""One outgoing email in the outbox, and where it is on its way to the mail server."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import utcnow
from lms.extensions import db

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
CANCELLED = "cancelled"
STATUS_LABELS = {
    PENDING: "Waiting to be sent",
    SENDING: "Being sent",
    SENT: "Sent",
    FAILED: "Not sent: gave up",
    CANCELLED: "Not sent: the account was deactivated",
}
# Recorded on a message to someone with no email address (a trainee with a username): it is
# never sent, and they see the news on the site (their notifications) instead.
NO_EMAIL = "Not sent: this person has no email address. They see it on the site instead."


class OutboxMessage(db.Model):
    """A rendered email, saved in the transaction that caused it and sent after commit.

    ``pending`` messages are sent when ``next_attempt_at`` comes; a worker claims one by moving
    it to ``sending`` (``claimed_at``), and marks it ``sent`` as soon as the mail server takes
    it. After the last attempt allowed it is ``failed``: a dead letter an admin can send again.
    A message to a person deactivated before it went is ``cancelled``, never sent; so is one to
    a person with no email address, from the start (``NO_EMAIL``).
    The body of a sent message is emptied, as it may hold a sign-in link.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String(60))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    __table_args__ = (
        CheckConstraint(
            "status in ('pending', 'sending', 'sent', 'failed', 'cancelled')", name="status_known"
        ),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        # The worker's queries: due pending messages, and messages stuck in sending.
        Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_outbox_messages_status_claimed_at", "status", "claimed_at"),
    )

    @property
    def status_label(self) -> str:
        if self.status == CANCELLED and self.last_error == NO_EMAIL:
            return "Not sent: no email address"
        return STATUS_LABELS[self.status]

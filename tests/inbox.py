"""What a person was told, for tests: their notifications and the emails queued for them."""

from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.notifications.models import Notification
from lms.outbox.models import OutboxMessage


def notes_for(person, kind: str | None = None) -> list[Notification]:
    """The person's notifications (of one kind), oldest first."""
    stmt = select(Notification).where(Notification.person_id == person.id)
    if kind is not None:
        stmt = stmt.where(Notification.kind == kind)
    return list(db.session.scalars(stmt.order_by(Notification.id)))


def mails_to(person, template: str | None = None) -> list[OutboxMessage]:
    """The emails queued for the person (from one template), oldest first."""
    stmt = select(OutboxMessage).where(OutboxMessage.person_id == person.id)
    if template is not None:
        stmt = stmt.where(OutboxMessage.template == template)
    return list(db.session.scalars(stmt.order_by(OutboxMessage.id)))

"""Notify a person (in-site, and by email per their choice), list, count and mark as read.

``notify`` adds the notification, and the email when the person hears each time, to the
caller's session: both are saved, or rolled back, with the change that caused them. Emails
carry only the short text and a link to the site, never the detail behind it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.config import PRODUCT_NAME
from lms.db import utcnow
from lms.domain import DomainError
from lms.links import base_url
from lms.notifications.models import (
    DIGEST,
    EACH,
    EMAIL_CHOICES,
    NONE,
    Notification,
    NotificationSetting,
)
from lms.outbox.services import queue

# Kinds that always go by email, whatever the person chose (a safeguarding concern).
ALWAYS_EMAILED = {"concern-flagged"}
SUBJECT = f"Something on the {PRODUCT_NAME} site needs your attention"


class NotificationError(DomainError):
    """A notification request that cannot be done (an unknown email choice)."""


@dataclass(frozen=True)
class Email:
    """A feature's own wording for the email of a notification (its subject, template and
    what the template needs), sent instead of the plain one to a person who hears each time."""

    subject: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def email_choice(session: Session, person: Person) -> str:
    """How ``person`` wants to hear by email: "each", "digest" or "none"."""
    setting = session.get(NotificationSetting, person.id)
    return setting.email_choice if setting else EACH


def email_choices(session: Session, person_ids: Iterable[int]) -> dict[int, str]:
    """Each person's email choice, in one query (for jobs that tell many people at once)."""
    ids = set(person_ids)
    choices = dict.fromkeys(ids, EACH)
    if ids:
        stmt = select(NotificationSetting.person_id, NotificationSetting.email_choice).where(
            NotificationSetting.person_id.in_(ids)
        )
        choices.update({row[0]: row[1] for row in session.execute(stmt)})
    return choices


def set_email_choice(session: Session, person: Person, choice: str) -> None:
    """Save ``person``'s email choice (the caller commits)."""
    if choice not in EMAIL_CHOICES:
        raise NotificationError("Choose how you want to hear by email", field="email_choice")
    setting = session.get(NotificationSetting, person.id)
    if setting is None:
        setting = NotificationSetting(person_id=person.id)
        session.add(setting)
    setting.email_choice = choice


def notify(
    session: Session,
    person: Person,
    kind: str,
    text: str,
    link: str,
    *,
    email: bool = True,
    mail: Email | None = None,
    choice: str | None = None,
) -> Notification | None:
    """Tell ``person`` that something needs attention: ``text`` is short and has no sensitive
    detail, ``link`` a site path such as ``/certificates/mine``.

    The email goes now (choice "each", or a safeguarding concern), waits for the daily digest
    (choice "digest"), or not at all ("none"). ``email=False`` is for an event the feature
    already emails about itself: the person sees it on the site only. ``mail`` is a feature's
    own email, sent instead of the plain one when the email goes now. ``choice`` is the
    person's email choice when the caller has read it already (see ``email_choices``). A
    deactivated person is not told.
    """
    if not person.active:
        return None
    if kind in ALWAYS_EMAILED:
        choice = EACH
    elif choice is None:
        choice = email_choice(session, person)
    note = Notification(person_id=person.id, kind=kind, text=text, link=link, created_at=utcnow())
    note.digest_due = email and choice == DIGEST
    session.add(note)
    if email and choice == EACH:
        mail = mail or Email(SUBJECT, "notification", {"text": text, "link": base_url() + link})
        queue(
            session,
            person.email,
            mail.subject,
            mail.template,
            person_id=person.id,
            person=person,
            **mail.context,
        )
    return note


def _mine(person: Person) -> Select:
    return select(Notification).where(Notification.person_id == person.id)


def newest_first(person: Person) -> Select:
    """The person's notifications, newest first (for the paged list)."""
    return _mine(person).order_by(Notification.created_at.desc(), Notification.id.desc())


def unread_count(session: Session, person: Person) -> int:
    """How many of ``person``'s notifications are unread: one query, for the header."""
    stmt = select(func.count(Notification.id)).where(
        Notification.person_id == person.id, Notification.read_at.is_(None)
    )
    return session.scalar(stmt) or 0


def mark_read(session: Session, person: Person, notification_id: int) -> bool:
    """Mark one of ``person``'s own notifications as read; False if it is not theirs."""
    result = session.execute(
        update(Notification)
        .where(
            Notification.id == notification_id,
            Notification.person_id == person.id,
            Notification.read_at.is_(None),
        )
        .values(read_at=utcnow(), digest_due=False)
    )
    if result.rowcount:
        return True
    return session.scalar(_mine(person).where(Notification.id == notification_id)) is not None


def mark_all_read(session: Session, person: Person) -> int:
    """Mark every unread notification of ``person`` as read; how many there were."""
    result = session.execute(
        update(Notification)
        .where(Notification.person_id == person.id, Notification.read_at.is_(None))
        .values(read_at=utcnow(), digest_due=False)
    )
    return result.rowcount or 0


__all__ = [
    "DIGEST",
    "EACH",
    "NONE",
    "Email",
    "email_choice",
    "email_choices",
    "mark_all_read",
    "mark_read",
    "notify",
]

"""What the daily emails share: the unread notifications waiting for a digest, and the claim of
a person's digest day. The notification digest (``digest.py``) and the work-waiting email
(``work_digest.py``) both read these, so staff who chose the digest get one email a day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from lms.links import base_url
from lms.notifications.models import DIGEST, Notification, NotificationSetting


def due_notes(
    session: Session, person_ids: Iterable[int] | None = None
) -> dict[int, list[Notification]]:
    """Unread notifications waiting for the digest of people who chose it, oldest first, by
    person (only ``person_ids`` when given): one query."""
    stmt = (
        select(Notification)
        .join(NotificationSetting, NotificationSetting.person_id == Notification.person_id)
        .where(
            Notification.digest_due,
            Notification.read_at.is_(None),
            NotificationSetting.email_choice == DIGEST,
        )
        .order_by(Notification.person_id, Notification.created_at, Notification.id)
    )
    if person_ids is not None:
        stmt = stmt.where(Notification.person_id.in_(set(person_ids)))
    by_person: dict[int, list[Notification]] = {}
    for note in session.scalars(stmt):
        by_person.setdefault(note.person_id, []).append(note)
    return by_person


def claim_digest_day(session: Session, person_id: int, day: date) -> bool:
    """Take ``day``'s digest for the person; False when one was already sent that day."""
    result = session.execute(
        update(NotificationSetting)
        .where(
            NotificationSetting.person_id == person_id,
            NotificationSetting.email_choice == DIGEST,
            or_(
                NotificationSetting.last_digest_on.is_(None),
                NotificationSetting.last_digest_on < day,
            ),
        )
        .values(last_digest_on=day)
    )
    return bool(result.rowcount)


def lines(notes: list[Notification]) -> list[tuple[str, str]]:
    """Each note's text and full link, for an email; the notes are marked as sent in a digest."""
    for note in notes:
        note.digest_due = False
    return [(n.text, base_url() + n.link) for n in notes]

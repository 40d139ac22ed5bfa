"""The daily digest: one email per person per UK day listing their unread items waiting for it.

A person who chose the digest gets no email per item; each morning the periodic job sends them
one email listing what is new and unread, then clears those items' ``digest_due``. Claiming
the day with a conditional UPDATE of ``last_digest_on`` makes a second run on the same day
(or two workers at once) send nothing more.
"""

from __future__ import annotations

from datetime import date

from huey import crontab
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.extensions import db
from lms.jobs import periodic_task
from lms.links import base_url
from lms.notifications.models import DIGEST, Notification, NotificationSetting
from lms.outbox.services import queue
from lms.ukdates import uk_today

SUBJECT = "Your daily summary from Peer Mentor Training"


def _claim_day(session: Session, person_id: int, day: date) -> bool:
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


def send_digests(session: Session, day: date | None = None) -> int:
    """Queue today's digest for everyone with unread items waiting; how many were queued.

    The caller commits (each email is saved with its items marked as sent in a digest).
    """
    day = day or uk_today()
    due = (
        select(Notification)
        .join(NotificationSetting, NotificationSetting.person_id == Notification.person_id)
        .where(
            Notification.digest_due,
            Notification.read_at.is_(None),
            NotificationSetting.email_choice == DIGEST,
        )
        .order_by(Notification.person_id, Notification.created_at, Notification.id)
    )
    by_person: dict[int, list[Notification]] = {}
    for note in session.scalars(due):
        by_person.setdefault(note.person_id, []).append(note)
    sent = 0
    for person_id, notes in by_person.items():
        person = session.get(Person, person_id)
        if person is None or not person.active or not _claim_day(session, person_id, day):
            continue
        queue(
            session,
            person.email,
            SUBJECT,
            "notification_digest",
            person_id=person.id,
            person=person,
            items=[(n.text, base_url() + n.link) for n in notes],
            link=base_url() + "/notifications/",
        )
        for note in notes:
            note.digest_due = False
        sent += 1
    return sent


@periodic_task(crontab(hour="7", minute="0"))
def daily_digest() -> None:
    """Every day at 07:00 UTC: send the digests."""
    send_digests(db.session)
    db.session.commit()

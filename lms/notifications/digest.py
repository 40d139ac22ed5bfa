"""The daily digest: one email per person per UK day listing their unread items waiting for it.

A person who chose the digest gets no email per item; each morning the periodic job sends them
one email listing what is new and unread, then clears those items' ``digest_due``. Claiming
the day with a conditional UPDATE of ``last_digest_on`` makes a second run on the same day
(or two workers at once) send nothing more. A trainer or coordinator gets their items in the
day's one work-waiting email instead (``work_digest.send_summary``), whichever job runs first.
"""

from __future__ import annotations

from datetime import date, datetime

from huey import crontab
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.config import PRODUCT_NAME
from lms.db import utcnow
from lms.extensions import db
from lms.jobs import periodic_task
from lms.links import base_url
from lms.notifications import work_digest
from lms.notifications.waiting import claim_digest_day, due_notes, lines
from lms.outbox.services import queue
from lms.ukdates import uk_today

SUBJECT = f"Your daily summary from {PRODUCT_NAME}"


def send_digests(session: Session, day: date | None = None, now: datetime | None = None) -> int:
    """Queue today's digest for everyone with unread items waiting; how many were queued.

    The caller commits (each email is saved with its items marked as sent in a digest).
    """
    day, now = day or uk_today(), now or utcnow()
    sent = 0
    with work_digest.public_urls():
        for person_id, notes in due_notes(session).items():
            person = session.get(Person, person_id)
            if person is None or not person.active:
                continue
            if work_digest.is_staff(person):
                sent += work_digest.send_summary(session, person, day, now, notes)
            elif claim_digest_day(session, person_id, day):
                queue(
                    session,
                    person.email,
                    SUBJECT,
                    "notification_digest",
                    person_id=person.id,
                    person=person,
                    items=lines(notes),
                    link=base_url() + "/notifications/",
                )
                sent += 1
    return sent


@periodic_task(crontab(hour="7", minute="0"))
def daily_digest() -> None:
    """Every day at 07:00 UTC: send the digests."""
    send_digests(db.session)
    db.session.commit()

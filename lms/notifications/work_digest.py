"""The daily "work waiting" email: each trainer and coordinator with something in their "Needs
your action" gets ONE email a day listing the counts, with a link to each list, instead of one
mail per item. The counts are the home pages' own (``lms/home``). Anyone who chose no emails
is left out; "each time" and "daily digest" both get it. A row in ``work_digests`` claims the
person's UK day, so a second run that day (or two workers at once) sends nothing more.

Staff who chose the daily digest get their unread notifications in this same email (and the
notification digest job hands theirs here too: ``digest.py``): whichever job runs first that
day sends the one email, with both, and claims the day for both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from huey import crontab
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person, PersonRole, Role
from lms.config import PRODUCT_NAME
from lms.db import utcnow
from lms.extensions import db
from lms.jobs import periodic_task
from lms.links import base_url
from lms.notifications.claims import claim
from lms.notifications.models import DIGEST, NONE, Notification, WorkDigest
from lms.notifications.services import email_choices
from lms.notifications.waiting import claim_digest_day, due_notes, lines
from lms.outbox.services import queue
from lms.ukdates import uk_today

SUBJECT = f"Work waiting for you on {PRODUCT_NAME}"
NEWS_SUBJECT = f"Your daily summary from {PRODUCT_NAME}"
STAFF = (Role.TRAINER, Role.COORDINATOR)


def staff(session: Session) -> list[Person]:
    """Active trainers and coordinators who belong to a scheme (the others have no list)."""
    stmt = (
        select(Person)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(Person.active, Person.scheme_id.is_not(None), PersonRole.role.in_(STAFF))
        .order_by(Person.id)
    )
    return list(session.scalars(stmt).unique())


# What a person's "Needs your action" items are: the home pages register it
# (``lms/home/work.py``), so that notifications need not import the home pages (which import
# the features that notify).
WorkFor = Callable[[Session, Person, datetime, date], list[Any]]
_sources: list[WorkFor] = []


def work_source(source: WorkFor) -> WorkFor:
    """Register ``source``: a function giving a staff member's items with a count (each
    with ``text`` and ``url``), as on their home page."""
    _sources.append(source)
    return source


def work_for(session: Session, person: Person, now: datetime, today: date) -> list[Any]:
    """The person's "Needs your action" items with a count, as on their home page(s)."""
    if not _sources:
        raise RuntimeError("No work source registered: lms/setup.py imports lms.home.work")
    return [item for source in _sources for item in source(session, person, now, today)]


def is_staff(person: Person) -> bool:
    """A trainer or coordinator of a scheme: their day's one email is this one."""
    return person.scheme_id is not None and any(person.has_role(role) for role in STAFF)


@contextmanager
def public_urls() -> Iterator[None]:
    """The home pages' links come from url_for: build them as the public site would have them
    (BASE_URL's path prefix included), whether or not a request is under way."""
    with current_app.test_request_context(base_url=base_url() + "/"):
        yield


def send_summary(
    session: Session, person: Person, day: date, now: datetime, notes: list[Notification]
) -> bool:
    """Queue the person's one email of ``day``: their work waiting and ``notes`` (their unread
    notifications waiting for the digest), unless both are empty or the day is taken already.
    Call inside ``public_urls``; the caller commits."""
    items = work_for(session, person, now, day)
    if not items and not notes:
        return False
    row = {"person_id": person.id, "day": day, "sent_at": now}
    if not claim(session, WorkDigest, [row], ["person_id", "day"], WorkDigest.person_id):
        return False
    if notes:
        claim_digest_day(session, person.id, day)  # the notification digest's day, too
    site = urlsplit(base_url())
    origin = f"{site.scheme}://{site.netloc}"
    queue(
        session,
        person.email,
        SUBJECT if items else NEWS_SUBJECT,
        "work_digest",
        person_id=person.id,
        person=person,
        items=[(item.text, origin + item.url) for item in items],
        notes=lines(notes),
        notifications=base_url() + "/notifications/",
        link=base_url() + "/",
    )
    return True


def send_work_digests(
    session: Session, day: date | None = None, now: datetime | None = None
) -> int:
    """Queue today's "work waiting" email for everyone with work (or, having chosen the
    digest, notifications waiting) and no email yet today; how many were queued. The caller
    commits (each email is saved with its day's claim)."""
    day, now = day or uk_today(), now or utcnow()
    people = staff(session)
    choices = email_choices(session, [p.id for p in people])
    waiting = due_notes(session, [p.id for p in people if choices[p.id] == DIGEST])
    sent = 0
    with public_urls():
        for person in people:
            if choices[person.id] != NONE:
                sent += send_summary(session, person, day, now, waiting.get(person.id, []))
    return sent


@periodic_task(crontab(hour="7", minute="15"))
def daily_work_digest() -> None:
    """Every day at 07:15 UTC: tell trainers and coordinators what is waiting for them."""
    send_work_digests(db.session)
    db.session.commit()

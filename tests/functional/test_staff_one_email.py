"""A trainer or coordinator who chose the daily digest gets ONE email a UK day: their unread
notifications ride in the work-waiting email, whichever of the two daily jobs runs first, and
running both again sends nothing more; someone who is not staff still gets the plain digest."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.extensions import db
from lms.notifications import services
from lms.notifications.digest import send_digests
from lms.notifications.models import DIGEST, EACH, NotificationSetting
from lms.notifications.work_digest import NEWS_SUBJECT, SUBJECT, send_work_digests
from lms.outbox.models import OutboxMessage
from tests.factories import make_match, make_mentee, make_mentor, make_person
from tests.inbox import notes_for

DAY = date(2026, 12, 1)
NEWS = "A match in your scheme has been paused."


def emails(person) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).where(OutboxMessage.person_id == person.id)
    return list(db.session.scalars(stmt.order_by(OutboxMessage.id)))


def sent_to(outbox, person) -> list:
    """The emails as sent (the outbox keeps no body once a message is sent)."""
    return [m for m in outbox if m.to == [person.email]]


def _job(send):
    """A daily job as the worker runs it: send, then commit; how many emails it queued."""

    def job(day: date = DAY) -> int:
        sent = send(db.session, day)
        db.session.commit()
        return sent

    job.__name__ = send.__name__
    return job


digest_job, work_job = _job(send_digests), _job(send_work_digests)


@pytest.fixture
def coordinator(people, scheme):
    """The coordinator chose the digest, has an unread notification waiting for it and a
    proposed match waiting for the mentor (work)."""
    person = people["coordinator"]
    services.set_email_choice(db.session, person, DIGEST)
    mentor = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], scheme)
    make_mentor(mentor)
    make_match(mentor, make_mentee(scheme, "M-SECRET"), status="proposed")
    services.notify(db.session, person, "match-paused", NEWS, "/matching/matches/1")
    db.session.commit()
    return person


def _one_with_both(outbox, person) -> None:
    (message,) = emails(person)
    assert message.template == "work_digest"
    (email,) = sent_to(outbox, person)
    assert email.subject == SUBJECT
    assert "1 proposed match waiting for the mentor" in email.body
    assert NEWS in email.body and "http://lms.test/matching/matches/1" in email.body
    assert "http://lms.test/notifications/" in email.body
    assert "M-SECRET" not in email.body and "Mo Mentor" not in email.body


@pytest.mark.parametrize(
    "order", [(digest_job, work_job), (work_job, digest_job)], ids=["digest-first", "work-first"]
)
def test_one_email_a_day_whichever_job_runs_first(coordinator, outbox, order):
    first, second = order
    assert first() == 1
    assert second() == 0
    _one_with_both(outbox, coordinator)
    for job in order:  # both again, the same day
        job()
    _one_with_both(outbox, coordinator)
    assert not any(n.digest_due for n in notes_for(coordinator))
    setting = db.session.get(NotificationSetting, coordinator.id)
    assert setting.last_digest_on == DAY


def test_the_next_day_brings_one_more_with_only_what_is_new(coordinator, outbox):
    digest_job()
    work_job()
    services.notify(db.session, coordinator, "match-ended", "Later news.", "/matching/")
    db.session.commit()
    next_day = DAY + timedelta(days=1)
    assert work_job(next_day) + digest_job(next_day) == 1
    _, second = sent_to(outbox, coordinator)
    assert "Later news." in second.body and NEWS not in second.body


def test_notifications_but_no_work_still_make_one_email(people, outbox):
    trainer = people["trainer"]
    services.set_email_choice(db.session, trainer, DIGEST)
    services.notify(db.session, trainer, "match-paused", NEWS, "/matching/")
    db.session.commit()
    assert digest_job() + work_job() + digest_job() == 1
    assert len(emails(trainer)) == 1
    (email,) = sent_to(outbox, trainer)
    assert email.subject == NEWS_SUBJECT and NEWS in email.body
    assert "waiting for you on the site today" not in email.body


def test_staff_hearing_each_time_get_work_only_and_others_the_plain_digest(
    people, coordinator, outbox
):
    services.set_email_choice(db.session, coordinator, EACH)
    trainee = people["trainee"]
    services.set_email_choice(db.session, trainee, DIGEST)
    services.notify(db.session, trainee, "certificate-issued", "Trainee news.", "/certificates/")
    db.session.commit()
    assert digest_job() == 1  # the trainee only
    work_job()
    assert [m.template for m in emails(trainee)] == ["notification_digest"]
    (to_trainee,) = sent_to(outbox, trainee)
    assert "Trainee news." in to_trainee.body
    assert [m.template for m in emails(coordinator)] == ["work_digest"]
    (work,) = sent_to(outbox, coordinator)
    assert work.subject == SUBJECT and NEWS not in work.body  # not waiting for a digest now

"""The daily "work waiting" email: one per trainer or coordinator per UK day (however often the
job runs), only when a "Needs your action" count is not zero, with the counts and links built
from BASE_URL; "none" opts out, "each" and "digest" both get it; no names or details in it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.extensions import db
from lms.jobs import huey
from lms.notifications import services
from lms.notifications.models import DIGEST, NONE, WorkDigest
from lms.notifications.work_digest import SUBJECT, send_work_digests
from lms.outbox.models import OutboxMessage
from tests.factories import make_match, make_mentee, make_mentor, make_person, make_practice_entry

DAY = date(2026, 12, 1)


def digests(person=None) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).where(OutboxMessage.template == "work_digest")
    if person is not None:
        stmt = stmt.where(OutboxMessage.person_id == person.id)
    return list(db.session.scalars(stmt.order_by(OutboxMessage.id)))


def run(day: date = DAY) -> int:
    sent = send_work_digests(db.session, day)
    db.session.commit()
    return sent


@pytest.fixture
def work(people, scheme):
    """A practice session for the trainer to confirm; a proposed match waiting for a mentor."""
    make_practice_entry(people["trainee"], people["trainer"], location="SECRET-PLACE")
    mentor = make_person("mentor@example.org", "Mo Mentor", [Role.TRAINEE], scheme)
    make_mentor(mentor)
    make_match(mentor, make_mentee(scheme, "M-SECRET"), status="proposed")
    return people


def test_each_trainer_and_coordinator_with_work_gets_one_summary(work, outbox):
    assert run() == 2
    (to_trainer,) = [m for m in outbox if m.to == [work["trainer"].email]]
    (to_coordinator,) = [m for m in outbox if m.to == [work["coordinator"].email]]
    assert to_trainer.subject == to_coordinator.subject == SUBJECT
    assert "- 1 practice session to confirm\n  http://lms.test/practice/queue" in to_trainer.body
    assert "1 proposed match waiting for the mentor" in to_coordinator.body
    assert "http://lms.test/matching/" in to_coordinator.body
    for body in (to_trainer.body, to_coordinator.body):
        assert "http://lms.test/\n" in body  # the home page
        for secret in ("SECRET", "Trainee", "Mo Mentor"):
            assert secret not in body
    # Nobody else: the trainee, the admin, the mentor have no staff list.
    assert sorted(m.person_id for m in digests()) == sorted(
        [work["trainer"].id, work["coordinator"].id]
    )


def test_a_second_run_on_the_same_day_sends_nothing_and_the_next_day_sends_again(work):
    assert run() == 2
    assert run() == 0
    assert len(digests()) == 2
    assert run(DAY + timedelta(days=1)) == 2
    assert len(digests(work["trainer"])) == 2
    days = db.session.scalars(
        select(WorkDigest.day).where(WorkDigest.person_id == work["trainer"].id)
    )
    assert sorted(days) == [DAY, DAY + timedelta(days=1)]


def test_a_day_already_claimed_by_another_run_sends_nothing(work):
    db.session.add(WorkDigest(person_id=work["trainer"].id, day=DAY))
    db.session.commit()
    assert run() == 1
    assert digests(work["trainer"]) == [] and len(digests(work["coordinator"])) == 1


@pytest.mark.parametrize(("choice", "sent"), [(DIGEST, 1), (NONE, 0)])
def test_the_email_choice_decides(work, choice, sent):
    services.set_email_choice(db.session, work["trainer"], choice)
    db.session.commit()
    run()
    assert len(digests(work["trainer"])) == sent


def test_no_work_no_email(people):
    """All counts zero: nothing is sent and the day is not claimed (work later today counts)."""
    assert run() == 0
    assert digests() == []
    assert db.session.scalars(select(WorkDigest)).all() == []


def test_a_deactivated_trainer_gets_nothing(work):
    work["trainer"].active = False
    db.session.commit()
    run()
    assert digests(work["trainer"]) == []


def test_links_keep_the_sites_path_prefix_once(app, work, outbox):
    """BASE_URL with a path: each link has it once, in a worker's request context or none."""
    app.config["BASE_URL"] = "https://example.org/lms"
    app.config["TRUSTED_HOSTS"] = [*app.config["TRUSTED_HOSTS"], "example.org"]
    with app.test_request_context(base_url="https://example.org/lms/"):
        run()
    (to_trainer,) = [m for m in outbox if m.to == [work["trainer"].email]]
    assert "https://example.org/lms/practice/queue" in to_trainer.body
    assert "/lms/lms/" not in to_trainer.body


def test_the_job_is_daily():
    assert "daily_work_digest" in {task.__name__ for task in huey._registry._periodic_tasks}


def test_the_command_sends_once_a_day(runner, work):
    args = ["notifications", "work-digest", "--today", DAY.isoformat()]
    first, second = runner.invoke(args=args), runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    assert "Work-waiting emails sent: 2" in first.output
    assert "Work-waiting emails sent: 0" in second.output


def test_the_settings_page_says_staff_get_the_daily_summary(client, login):
    login("trainer")
    html = client.get("/notifications/settings").get_data(as_text=True)
    assert "one email a day saying what work is waiting" in html


def test_the_home_pages_counts_are_registered_with_the_email(app):
    """The email's counts come from the home pages (lms/home/work.py), never a copy of them."""
    from lms.home.work import staff_work
    from lms.notifications import work_digest

    assert staff_work in work_digest._sources

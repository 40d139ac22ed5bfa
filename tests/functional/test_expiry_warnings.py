"""Certificate expiry warnings: 60, 30 and 7 days before, each once (a missed run catches up with
the nearest only, two runs never send twice), never for a renewed, suspended or revoked
certificate, through notify (the holder's email choice), in a few statements however many are due;
and the expiry itself told once, by the sweep."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Role
from lms.certificates.sweep import sweep
from lms.db import utcnow
from lms.extensions import db
from lms.jobs import huey
from lms.notifications import expiry, services
from lms.notifications.expiry import send_expiry_warnings, warning_text
from lms.notifications.models import DIGEST, NONE, ExpiryWarning, Notification
from tests.factories import make_mentor, make_person
from tests.inbox import mails_to, notes_for

TODAY = date(2026, 12, 1)
EXPIRING, REMINDER = "certificate-expiring", "certificate_reminder"


def run(day: date) -> dict[int, int]:
    sent = send_expiry_warnings(db.session, day)
    db.session.commit()
    return sent


def warnings_of(cert) -> list[int]:
    stmt = select(ExpiryWarning.days_before).where(ExpiryWarning.certificate_id == cert.id)
    return sorted(db.session.scalars(stmt))


@pytest.fixture
def cert(people):
    return make_mentor(people["trainee"], today=TODAY, valid_days_left=90)


def test_each_warning_goes_once_on_its_day(people, cert, outbox):
    end = cert.valid_until
    days = [61, 60, 60, 45, 30, 29, 8, 7, 7, 1, 0]
    for left in days:
        run(end - timedelta(days=left))
    assert warnings_of(cert) == [7, 30, 60]
    texts = [n.text for n in notes_for(people["trainee"], EXPIRING)]
    assert texts == [
        "Your certificate expires in 60 days.",
        "Your certificate expires in 30 days.",
        "Your certificate expires in 7 days.",
    ]
    assert {n.link for n in notes_for(people["trainee"], EXPIRING)} == {"/certificates/"}
    mails = mails_to(people["trainee"], REMINDER)
    assert [m.subject for m in mails] == [t.removesuffix(".") for t in texts]
    assert [m.subject for m in outbox] == [m.subject for m in mails]
    assert "http://lms.test/trainee" in outbox[0].body and cert.number in outbox[0].body


def test_a_missed_run_catches_up_with_the_nearest_warning_only(people, cert):
    """The job did not run for the 60 and 30 day windows: one warning, the 7 day one, with the
    true number of days left; the earlier ones are not sent late."""
    assert run(cert.valid_until - timedelta(days=5)) == {7: 1, 30: 0, 60: 0}
    assert [n.text for n in notes_for(people["trainee"], EXPIRING)] == [
        "Your certificate expires in 5 days."
    ]
    assert run(cert.valid_until - timedelta(days=4)) == {7: 0, 30: 0, 60: 0}
    assert warnings_of(cert) == [7]


def test_a_missed_60_day_run_still_warns_inside_the_window(people, cert):
    assert run(cert.valid_until - timedelta(days=40))[60] == 1
    assert run(cert.valid_until - timedelta(days=30))[30] == 1
    assert warnings_of(cert) == [30, 60]


def test_outside_the_windows_and_after_expiry_nothing_is_sent(people, cert):
    assert run(cert.valid_until - timedelta(days=61)) == {7: 0, 30: 0, 60: 0}
    assert run(cert.valid_until + timedelta(days=1)) == {7: 0, 30: 0, 60: 0}
    assert notes_for(people["trainee"], EXPIRING) == [] and warnings_of(cert) == []


def test_renewed_suspended_revoked_and_deactivated_are_not_warned(people, scheme):
    day = TODAY
    holders = [make_person(f"h{i}@example.org", f"H{i}", [Role.TRAINEE], scheme) for i in range(5)]
    certs = [make_mentor(p, today=day, valid_days_left=20) for p in holders]
    renewed, suspended, revoked, inactive, _ = certs
    renewed.current, renewed.superseded_at = False, utcnow()
    suspended.suspended_at = utcnow()
    revoked.current, revoked.revoked_at = False, utcnow()
    inactive.person.active = False
    db.session.commit()
    assert run(day)[30] == 1
    assert [warnings_of(c) for c in certs] == [[], [], [], [], [30]]
    assert [len(notes_for(p, EXPIRING)) for p in holders] == [0, 0, 0, 0, 1]


@pytest.mark.parametrize(("choice", "mails", "due"), [(DIGEST, 0, True), (NONE, 0, False)])
def test_the_holders_email_choice_is_honoured(people, cert, choice, mails, due):
    services.set_email_choice(db.session, people["trainee"], choice)
    db.session.commit()
    run(cert.valid_until - timedelta(days=30))
    (note,) = notes_for(people["trainee"], EXPIRING)
    assert note.digest_due is due
    assert len(mails_to(people["trainee"], REMINDER)) == mails


def test_a_warning_claimed_by_another_run_is_not_sent_again(people, cert, monkeypatch):
    """Two runs at once: both found the certificate due, the other inserted its warning first;
    the unique key makes this run's claim come back empty, so it sends nothing."""
    day = cert.valid_until - timedelta(days=30)
    found = expiry.due(db.session, day)
    assert [(d.cert.id, d.days_before) for d in found] == [(cert.id, 30)]
    db.session.add(ExpiryWarning(certificate_id=cert.id, days_before=30, sent_at=utcnow()))
    db.session.commit()
    monkeypatch.setattr(expiry, "due", lambda session, today: found)
    assert run(day)[30] == 0
    assert notes_for(people["trainee"], EXPIRING) == [] and warnings_of(cert) == [30]


def test_many_due_certificates_take_a_few_statements(people, scheme):
    """Finding, claiming and choosing are batched: no query per certificate or threshold."""
    holders = [make_person(f"m{i}@example.org", f"M{i}", [Role.TRAINEE], scheme) for i in range(12)]
    for i, person in enumerate(holders):
        make_mentor(person, today=TODAY, valid_days_left=(5, 25, 55)[i % 3])
    seen: list[str] = []

    def listener(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert send_expiry_warnings(db.session, TODAY) == {7: 4, 30: 4, 60: 4}
        db.session.flush()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    db.session.commit()
    # The due certificates with their holders, the holders' roles, their email choices.
    assert len(seen) <= 3, seen
    assert db.session.scalar(select(func.count(Notification.id))) == 12


def test_the_expiry_itself_is_told_once_by_the_sweep(people, cert):
    """The warnings job says nothing on expiry; the sweep's certificate_stopped tells the holder,
    once however often both run."""
    for day in (cert.valid_until + timedelta(days=1), cert.valid_until + timedelta(days=2)):
        sweep(db.session, day)
        run(day)
    assert len(notes_for(people["trainee"], "certificate-expired")) == 1
    assert notes_for(people["trainee"], EXPIRING) == []


@pytest.mark.parametrize(("left", "says"), [(1, "expires tomorrow, on"), (0, "expires today, on")])
def test_a_caught_up_email_reads_right_on_the_last_days(people, cert, outbox, left, says):
    """A run missed until the last day or two: the email says tomorrow or today, never
    "in 1 days" or "in 0 days"."""
    run(cert.valid_until - timedelta(days=left))
    (email,) = [m for m in outbox if m.to == [people["trainee"].email]]
    assert says in email.body
    assert "in 1 days" not in email.body and "in 0 days" not in email.body


def test_a_warning_email_says_how_many_days(people, cert, outbox):
    run(cert.valid_until - timedelta(days=30))
    (email,) = outbox
    assert f"{cert.number} expires in 30 days, on " in email.body


def test_the_text_is_plain_and_the_job_is_daily():
    assert warning_text(0) == "Your certificate expires today."
    assert warning_text(1) == "Your certificate expires tomorrow."
    assert warning_text(7) == "Your certificate expires in 7 days."
    names = {task.__name__ for task in huey._registry._periodic_tasks}
    assert "daily_expiry_warnings" in names


def test_the_command_warns_and_says_how_many(runner, people, cert):
    day = (cert.valid_until - timedelta(days=30)).isoformat()
    result = runner.invoke(args=["notifications", "expiry-warnings", "--today", day])
    assert result.exit_code == 0, result.output
    assert "Expiry warnings sent: 0 at 7 days, 1 at 30 days, 0 at 60 days" in result.output
    again = runner.invoke(args=["notifications", "expiry-warnings", "--today", day])
    assert "0 at 30 days" in again.output and len(notes_for(people["trainee"], EXPIRING)) == 1


@pytest.mark.postgres_only(reason="two runs at once need concurrent writers")
def test_two_runs_at_once_warn_each_holder_once(app, people, scheme):
    """Two workers run the job at the same moment on ten due certificates: ten warnings."""
    holders = [make_person(f"c{i}@example.org", f"C{i}", [Role.TRAINEE], scheme) for i in range(10)]
    for person in holders:
        make_mentor(person, today=TODAY, valid_days_left=30)
    barrier = threading.Barrier(2)
    results: list[dict[int, int]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with app.app_context(), Session(db.engine) as session:
                barrier.wait()
                results.append(send_expiry_warnings(session, TODAY))
                session.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sum(r[30] for r in results) == 10
    db.session.expire_all()
    assert db.session.scalar(select(func.count(ExpiryWarning.id))) == 10
    assert db.session.scalar(select(func.count(Notification.id))) == 10

"""The outbox: a mail server that is down never fails a change; every email goes exactly once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.assessment.models import ScenarioSubmission
from lms.audit.models import AuditEvent
from lms.certificates.models import Certificate
from lms.db import utcnow
from lms.extensions import db
from lms.matching.models import Match
from lms.notifications.expiry import send_expiry_warnings
from lms.outbox import services as outbox
from lms.outbox.models import CANCELLED, FAILED, PENDING, SENT, OutboxMessage
from lms.practice.models import CONFIRMED, PracticeEntry
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    make_match,
    make_mentee,
    make_mentor,
    make_module,
    make_person,
    make_practice_entry,
    make_scenario,
    submit_answer,
)
from tests.smtp_relay import RelayServer, mail_server_on_free_port, smtp_settings

MAX_ATTEMPTS = 3


@pytest.fixture
def mail_server() -> Iterator[RelayServer]:
    yield from mail_server_on_free_port()


@pytest.fixture
def app_config(app_config, mail_server):
    """Mail goes by SMTP to a local port whose server is down until a test starts it."""
    app_config.update(
        smtp_settings(mail_server.port), OUTBOX_MAX_ATTEMPTS=MAX_ATTEMPTS, OUTBOX_BACKOFF_SECONDS=60
    )
    return app_config


def _messages(to: str | None = None) -> list[OutboxMessage]:
    db.session.expire_all()
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if to is not None:
        stmt = stmt.where(OutboxMessage.to_address == to)
    return list(db.session.scalars(stmt))


def _waiting_after_one_failure(message: OutboxMessage) -> None:
    assert message.status == PENDING and message.attempts == 1
    assert "Connection refused" in (message.last_error or "")
    assert message.next_attempt_at > utcnow()


def _later(minutes: int = 5) -> datetime:
    return utcnow() + timedelta(minutes=minutes)


def test_invitation_with_mail_down_is_saved_with_its_email(client, login, people, mail_server):
    """Mail down: inviting answers success, and the person and the invitation email are saved."""
    login("coordinator")
    response = client.post(
        "/invitations/new",
        data={
            "name": "New Person",
            "email": "newbie@example.org",
            "role": "trainee",
            "scheme": people["coordinator"].scheme_id,
            "csrf_token": csrf_token(client, "/invitations/new"),
        },
    )
    assert response.status_code == 302
    assert db.session.scalars(select(Person).where(Person.email == "newbie@example.org")).one()
    (message,) = _messages("newbie@example.org")
    assert message.template == "invitation" and "/invitation/" in message.body
    _waiting_after_one_failure(message)


def test_mark_with_mail_down_is_saved_with_the_trainees_email(client, login, people):
    """Mail down: a first mark answers success, and the mark and the trainee's email are saved."""
    scenario = make_scenario(make_module("boundaries"))
    submission = submit_answer(people["trainee"], scenario)
    login("trainer")
    token = csrf_token(client, "/assessment/queue")
    claim = client.post(
        f"/assessment/submissions/{submission.id}/claim", data={"csrf_token": token}
    )
    url = claim.headers["Location"]
    data = {f"met_{i}": "yes" for i in range(3)}
    data.update(outcome="pass", feedback="Well reasoned.", csrf_token=csrf_token(client, url))
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(ScenarioSubmission, submission.id).outcome == "pass"
    (message,) = _messages(people["trainee"].email)
    assert message.template == "scenario_marked" and message.person_id == people["trainee"].id
    _waiting_after_one_failure(message)


def test_practice_decision_with_mail_down_is_saved_with_its_email(client, login, people):
    """Mail down: confirming practice answers success; the decision and the email are saved."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    login("trainer")
    path = f"/practice/review/{entry.id}"
    response = client.post(
        path, data={"csrf_token": csrf_token(client, path), "decision": "confirm", "seen": ""}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(PracticeEntry, entry.id).status == CONFIRMED
    (message,) = _messages(people["trainee"].email)
    assert message.template == "practice_confirmed"
    _waiting_after_one_failure(message)


def test_password_reset_with_mail_down_answers_the_usual_page(client, people):
    """Mail down: a reset for a real account answers 200, and the reset email is saved."""
    email = people["trainee"].email
    token = csrf_token(client, "/password/forgot")
    response = client.post("/password/forgot", data={"email": email, "csrf_token": token})
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    (message,) = _messages(email)
    assert message.template == "password_reset" and "/password/reset/" in message.body
    _waiting_after_one_failure(message)


def test_message_saved_while_mail_was_down_is_delivered_when_it_is_back(app, people, mail_server):
    """An email that could not go is sent by a later pass once the server is back; only once."""
    from lms.mail import send

    send(people["trainee"].email, "Hello again", "password_reset", person=people["trainee"],
         link="https://lms.test/x", hours=2)  # fmt: skip
    db.session.commit()
    (message,) = _messages()
    _waiting_after_one_failure(message)
    relay = mail_server.start()
    with Session(db.engine) as session:
        assert outbox.deliver_due(session)[SENT] == 0  # not due yet: it waits its backoff
        assert outbox.deliver_due(session, now=_later())[SENT] == 1
        assert outbox.deliver_due(session, now=_later(60))[SENT] == 0
    assert relay.subjects == ["Hello again"]
    assert relay.received[0]["To"] == people["trainee"].email
    (message,) = _messages()
    assert message.status == SENT and message.sent_at is not None and message.attempts == 2
    assert message.body == ""  # its reset link is not kept once sent
    assert "https://lms.test/x" in relay.received[0].get_payload()


def _holders(people, count: int, *, valid_days_left: int) -> list[Certificate]:
    scheme = people["coordinator"].scheme
    certs = []
    for i in range(count):
        person = make_person(f"holder{valid_days_left}-{i}@example.org", f"Holder {i}", [], scheme)
        certs.append(make_mentor(person, valid_days_left=valid_days_left))
    return certs


def _warn() -> None:
    send_expiry_warnings(db.session)
    db.session.commit()


def test_sweep_with_mail_down_records_every_expiry_pause_and_reminder(runner, people):
    """Mail down: the sweep records each expiry and pause, and the daily warnings job queues
    each reminder, once."""
    expired = _holders(people, 2, valid_days_left=-1)
    due = _holders(people, 2, valid_days_left=30)
    for i, cert in enumerate(expired):
        make_match(cert.person, make_mentee(people["coordinator"].scheme, f"M-00{i}"))
    result = runner.invoke(args=["accreditation", "sweep"])
    assert result.exit_code == 0, result.output
    assert "Expiries recorded: 2" in result.output
    _warn()
    db.session.expire_all()
    assert all(db.session.get(Certificate, c.id).expiry_recorded_at for c in expired)
    assert {m.status for m in db.session.scalars(select(Match))} == {"paused"}
    reminders = [m for m in _messages() if m.template == "certificate_reminder"]
    assert sorted(m.to_address for m in reminders) == sorted(c.person.email for c in due)
    (notice,) = _messages(people["coordinator"].email)
    assert notice.subject == "2 matches have been paused"
    assert all(m.status == PENDING for m in _messages())
    again = runner.invoke(args=["accreditation", "sweep"])
    _warn()
    # Besides the 2 reminders and the coordinator's notice, each expired holder is emailed a
    # notification of the expiry (lms/notifications): once, not again.
    others = [m for m in _messages() if m.template != "notification"]
    assert again.exit_code == 0 and len(others) == 3 and len(_messages()) == 5


def test_relay_failing_part_way_sends_each_reminder_exactly_once(people, mail_server):
    """A relay that takes 2 of 4 reminders then fails: later passes send the other 2, no repeats."""
    due = _holders(people, 4, valid_days_left=30)
    relay = mail_server.start()
    relay.accept = 2
    _warn()
    with Session(db.engine) as session:
        outbox.deliver_due(session)
    assert len(relay.received) == 2
    statuses = sorted(m.status for m in _messages())
    assert statuses == [PENDING, PENDING, SENT, SENT]
    relay.accept = None
    _warn()  # nothing new to send
    with Session(db.engine) as session:
        outbox.deliver_due(session, now=_later())
        outbox.deliver_due(session, now=_later(60))
    recipients = sorted(str(m["To"]) for m in relay.received)
    assert recipients == sorted(c.person.email for c in due)
    assert {m.status for m in _messages()} == {SENT}


def test_retries_wait_longer_each_time_then_give_up(app, people):
    """Each failed attempt doubles the wait; after the last attempt allowed it is a dead letter."""
    from lms.mail import send

    send("someone@example.org", "Try me", "password_reset", person=people["trainee"],
         link="https://lms.test/x", hours=2)  # fmt: skip
    db.session.commit()
    (message,) = _messages()
    first_wait = message.next_attempt_at - message.created_at
    assert timedelta(seconds=59) < first_wait <= timedelta(seconds=61)
    with Session(db.engine) as session:
        assert outbox.deliver(session, message.id) is None  # its wait is not over
        second_try = message.next_attempt_at + timedelta(seconds=1)
        assert outbox.deliver(session, message.id, now=second_try) == PENDING
        (message,) = _messages()
        assert message.attempts == 2
        assert message.next_attempt_at - second_try == timedelta(seconds=120)
        third_try = message.next_attempt_at + timedelta(seconds=1)
        assert outbox.deliver(session, message.id, now=third_try) == FAILED
        assert outbox.deliver_due(session, now=_later(24 * 60))[FAILED] == 0
    (message,) = _messages()
    assert message.status == FAILED and message.attempts == MAX_ATTEMPTS
    assert "Connection refused" in message.last_error


def _dead_letter(people) -> OutboxMessage:
    message = OutboxMessage(
        to_address=people["trainee"].email,
        subject="Your practice session has been confirmed",
        body="Hello",
        template="practice_confirmed",
        person_id=people["trainee"].id,
        status=FAILED,
        attempts=MAX_ATTEMPTS,
        created_at=datetime(2026, 7, 1, 8, 30, tzinfo=UTC),
        next_attempt_at=datetime(2026, 7, 1, 8, 37, tzinfo=UTC),
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    db.session.add(message)
    db.session.commit()
    return message


def test_admin_sees_dead_letters_and_sends_one_again(client, login, people, mail_server):
    """An admin lists dead letters and resends one: sent once, audited; resending again refused."""
    message = _dead_letter(people)
    waiting = OutboxMessage(
        to_address="later@example.org",
        subject="Waiting its turn",
        body="Hi",
        template="invitation",
        next_attempt_at=datetime(2099, 7, 2, 9, 0, tzinfo=UTC),
        attempts=1,
    )
    db.session.add(waiting)
    db.session.commit()
    login("admin")
    page = client.get("/admin/outbox/").get_data(as_text=True)
    assert page.index("Waiting its turn") < page.index(message.subject)  # newest first
    assert people["trainee"].email in page and "Connection refused" in page
    assert "1 July 2026 at 9:30am" in page  # written, in UK summer time
    assert "2 July 2099 at 10:00am" in page  # the waiting one's next attempt
    assert "Emails not sent yet" in client.get("/admin").get_data(as_text=True)
    relay = mail_server.start()
    token = csrf_token(client, "/admin/outbox/")
    assert client.post(f"/admin/outbox/{message.id}/resend").status_code == 400  # no CSRF token
    response = client.post(f"/admin/outbox/{message.id}/resend", data={"csrf_token": token})
    assert response.status_code == 302
    assert relay.subjects == [message.subject]
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == SENT
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "outbox.resent"))
    assert event.actor_id == people["admin"].id and event.subject_id == str(message.id)
    again = client.post(
        f"/admin/outbox/{message.id}/resend", data={"csrf_token": token}, follow_redirects=True
    )
    assert "already been sent" in again.get_data(as_text=True)
    assert len(relay.received) == 1


def test_only_admins_open_the_outbox(client, people):
    """Coordinators get 403 at the outbox page and cannot resend."""
    message = _dead_letter(people)
    sign_in(client, people["coordinator"].email)
    assert client.get("/admin/outbox/").status_code == 403
    token = csrf_token(client, "/invitations/new")
    response = client.post(f"/admin/outbox/{message.id}/resend", data={"csrf_token": token})
    assert response.status_code == 403


@pytest.mark.postgres_only(reason="two workers claiming one row at once need concurrent writers")
def test_two_workers_never_send_one_message_twice(app, people, mail_server):
    """Two workers delivering the same messages at the same moment send each exactly once."""
    later = _later(10)
    for i in range(30):
        db.session.add(
            OutboxMessage(
                to_address=f"r{i}@example.org",
                subject=f"Message {i}",
                body="Hi",
                template="invitation",
                next_attempt_at=later,
            )
        )
    db.session.commit()
    ids = [m.id for m in _messages()]
    relay = mail_server.start()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with app.app_context(), Session(db.engine) as session:
                barrier.wait()
                for message_id in ids:
                    outbox.deliver(session, message_id, now=later)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert sorted(relay.subjects) == sorted(f"Message {i}" for i in range(30))
    assert {m.status for m in _messages()} == {SENT}


def test_claim_left_by_a_dead_worker_is_released(app, people, mail_server):
    """A message stuck in 'sending' past the lease goes back to pending and is sent."""
    message = _dead_letter(people)
    message.status, message.claimed_at, message.attempts = "sending", utcnow(), 1
    db.session.commit()
    relay = mail_server.start()
    with Session(db.engine) as session:
        assert outbox.deliver_due(session)["released"] == 0  # still within its lease
        assert outbox.deliver_due(session, now=_later(11))[SENT] == 1
    assert relay.subjects == [message.subject]


def _linked_dead_letter(person: Person, template: str, age: timedelta) -> OutboxMessage:
    message = OutboxMessage(
        to_address=person.email,
        subject=f"A {template} link",
        body="Follow https://lms.test/a-link",
        template=template,
        person_id=person.id,
        status=FAILED,
        attempts=MAX_ATTEMPTS,
        created_at=utcnow() - age,
        next_attempt_at=utcnow() - age,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    db.session.add(message)
    db.session.commit()
    return message


def _resend(client, message: OutboxMessage) -> str:
    token = csrf_token(client, "/admin/outbox/")
    response = client.post(
        f"/admin/outbox/{message.id}/resend", data={"csrf_token": token}, follow_redirects=True
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_message_to_someone_deactivated_since_is_cancelled_not_sent(
    client, login, people, mail_server
):
    """At delivery, a message whose person has been deactivated is not sent: it is
    ``cancelled`` and shown so on the admin page."""
    from lms.mail import send

    trainee = people["trainee"]
    send(trainee.email, "Your mark", "password_reset", person=trainee,
         link="https://lms.test/x", hours=2)  # fmt: skip
    db.session.commit()
    (message,) = _messages()
    trainee.active = False
    db.session.commit()
    relay = mail_server.start()
    with Session(db.engine) as session:
        counts = outbox.deliver_due(session, now=_later())
    assert counts[CANCELLED] == 1 and counts[SENT] == 0
    assert relay.received == []
    (message,) = _messages()
    assert message.status == CANCELLED and "deactivated" in message.last_error
    login("admin")
    page = client.get("/admin/outbox/").get_data(as_text=True)
    assert "Not sent: the account was deactivated" in page


def test_resend_to_someone_deactivated_is_refused(client, login, people, mail_server):
    """A dead letter to a person deactivated since is not sent again: a clear message says why."""
    message = _dead_letter(people)
    people["trainee"].active = False
    db.session.commit()
    relay = mail_server.start()
    login("admin")
    page = _resend(client, message)
    assert "account has been deactivated, so this email will not be sent" in page
    assert relay.received == []
    assert _messages()[0].status == FAILED


@pytest.mark.parametrize(
    ("template", "age", "advice"),
    [
        ("password_reset", timedelta(hours=3), "ask the person to request a new password reset"),
        ("invitation", timedelta(days=8), "send the invitation again from Invitations"),
    ],
)
def test_resend_of_a_link_older_than_its_lifetime_is_refused(
    client, login, people, mail_server, template, age, advice
):
    """A dead-lettered reset or invitation whose link has expired is never sent again: the
    admin is told to have a new one made instead."""
    message = _linked_dead_letter(people["trainee"], template, age)
    relay = mail_server.start()
    login("admin")
    page = _resend(client, message)
    assert f"This link has expired: {advice}." in page
    assert relay.received == []
    assert _messages()[0].status == FAILED


def test_resend_of_a_link_still_in_its_lifetime_is_sent(client, login, people, mail_server):
    """A reset that dead-lettered an hour ago (its link good for two) is sent again."""
    message = _linked_dead_letter(people["trainee"], "password_reset", timedelta(hours=1))
    relay = mail_server.start()
    login("admin")
    assert "will be sent again now" in _resend(client, message)
    assert relay.subjects == [message.subject]

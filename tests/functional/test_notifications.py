"""Email choices (each time, daily digest, none), the digest (one mail per person per day),
the list with mark as read (POST and CSRF), the settings page and the header's unread count."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.notifications import services
from lms.notifications.digest import send_digests
from lms.notifications.models import DIGEST, EACH, NONE
from lms.outbox.models import OutboxMessage
from tests.conftest import csrf_token

DAY = date(2026, 12, 1)


def mails(person, template: str) -> int:
    stmt = select(func.count(OutboxMessage.id)).where(
        OutboxMessage.person_id == person.id, OutboxMessage.template == template
    )
    return db.session.scalar(stmt)


def tell(person, text: str = "Your certificate has been issued.", kind: str = "certificate-issued"):
    note = services.notify(db.session, person, kind, text, "/certificates/")
    db.session.commit()
    return note


@pytest.mark.parametrize(
    ("choice", "emailed", "due"), [(EACH, 1, False), (DIGEST, 0, True), (NONE, 0, False)]
)
def test_the_email_choice_decides_the_email(people, choice, emailed, due):
    trainee = people["trainee"]
    services.set_email_choice(db.session, trainee, choice)
    note = tell(trainee)
    assert note.digest_due is due
    assert mails(trainee, "notification") == emailed
    assert services.unread_count(db.session, trainee) == 1  # always on the site


def test_each_time_is_the_default(people):
    assert services.email_choice(db.session, people["trainee"]) == EACH


def test_a_safeguarding_concern_is_always_emailed(people):
    lead = people["coordinator"]
    services.set_email_choice(db.session, lead, NONE)
    tell(lead, "A concern has been flagged. Please sign in today.", kind="concern-flagged")
    assert mails(lead, "notification") == 1


def test_an_unknown_choice_is_refused(people):
    with pytest.raises(services.NotificationError):
        services.set_email_choice(db.session, people["trainee"], "hourly")


def test_the_digest_sends_one_mail_per_person_per_day(people, outbox):
    trainee, trainer = people["trainee"], people["trainer"]
    for person in (trainee, trainer):
        services.set_email_choice(db.session, person, DIGEST)
    tell(trainee, "First thing.")
    tell(trainee, "Second thing.")
    tell(trainer, "Trainer thing.")
    assert send_digests(db.session, DAY) == 2
    db.session.commit()
    tell(trainee, "Later the same day.")
    assert send_digests(db.session, DAY) == 0  # run twice the same day: still one mail
    db.session.commit()
    assert mails(trainee, "notification_digest") == 1
    assert mails(trainer, "work_digest") == 1  # staff: in their day's one work-waiting email
    (digest,) = [m for m in outbox if m.to == [trainee.email]]
    assert "First thing." in digest.body and "Second thing." in digest.body
    assert "http://lms.test/certificates/" in digest.body
    assert "Later the same day." not in digest.body
    assert send_digests(db.session, date(2026, 12, 2)) == 1  # the next day, what is new
    db.session.commit()
    assert mails(trainee, "notification_digest") == 2


def test_the_digest_leaves_out_read_items_and_sends_nothing_when_none_wait(people):
    trainee = people["trainee"]
    services.set_email_choice(db.session, trainee, DIGEST)
    note = tell(trainee)
    services.mark_read(db.session, trainee, note.id)
    db.session.commit()
    assert send_digests(db.session, DAY) == 0


def test_the_list_is_newest_first_and_marks_unread(client, people, login):
    trainee = login("trainee")
    tell(trainee, "Older one.")
    tell(trainee, "Newer one.")
    html = client.get("/notifications/").get_data(as_text=True)
    assert html.index("Newer one.") < html.index("Older one.")
    assert html.count("Unread</strong>") == 2
    assert "Notifications (2" in html  # the header count
    assert "Mark all as read" in html


def test_mark_as_read_and_mark_all_as_read(client, people, login):
    trainee = login("trainee")
    first = tell(trainee, "One.")
    tell(trainee, "Two.")
    tell(trainee, "Three.")
    token = csrf_token(client, "/notifications/")
    response = client.post(f"/notifications/{first.id}/read", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.refresh(first)
    assert first.read_at is not None and services.unread_count(db.session, trainee) == 2
    client.post("/notifications/read-all", data={"csrf_token": token})
    assert services.unread_count(db.session, trainee) == 0
    html = client.get("/notifications/").get_data(as_text=True)
    assert "Notifications (0" in html and "Unread</strong>" not in html
    assert "Mark all as read" not in html


def test_marking_needs_the_csrf_token(client, people, login):
    trainee = login("trainee")
    note = tell(trainee)
    client.post(f"/notifications/{note.id}/read", data={})
    client.post("/notifications/read-all", data={})
    assert services.unread_count(db.session, trainee) == 1


def test_nobody_marks_another_persons_notification(client, people, login):
    note = tell(people["trainee"])
    login("trainer")
    token = csrf_token(client, "/notifications/")
    response = client.post(f"/notifications/{note.id}/read", data={"csrf_token": token})
    assert response.status_code == 403
    db.session.refresh(note)
    assert note.read_at is None


def test_the_empty_list_says_so(client, login):
    login("admin")
    html = client.get("/notifications/").get_data(as_text=True)
    assert "You have no unread notifications." in html and "Nothing yet." in html


def test_the_header_count_is_on_every_page_for_signed_in_people(client, people, login):
    assert "Notifications (" not in client.get("/sign-in").get_data(as_text=True)
    coordinator = login("coordinator")
    tell(coordinator)
    assert "Notifications (1" in client.get("/coordinator").get_data(as_text=True)


def test_the_settings_page_saves_the_choice(client, people, login):
    trainee = login("trainee")
    html = client.get("/notifications/settings").get_data(as_text=True)
    assert (
        "Notification settings" in html
        and 'checked class="govuk-radios__input" id="email_choice-0"' in html
    )
    token = csrf_token(client, "/notifications/settings")
    response = client.post(
        "/notifications/settings", data={"csrf_token": token, "email_choice": "digest"}
    )
    assert response.status_code == 302
    assert services.email_choice(db.session, trainee) == DIGEST


def test_the_settings_page_shows_an_error_for_no_choice(client, login):
    login("trainee")
    token = csrf_token(client, "/notifications/settings")
    html = client.post("/notifications/settings", data={"csrf_token": token}).get_data(as_text=True)
    assert "govuk-error-summary" in html and "Choose how you want to hear by email" in html


def test_the_notification_email_has_only_the_text_and_a_link(people, outbox):
    tell(people["trainee"], "Your certificate has been issued.")
    (mail,) = outbox
    assert "Your certificate has been issued." in mail.body
    assert "http://lms.test/certificates/" in mail.body
    assert "attention" in mail.subject

"""A person without an email address breaks no page, list, CSV or message: the outbox records
why nothing was sent, notifications still show on the site, and an email can be added later."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from lms.accounts.models import Person
from lms.extensions import db
from lms.notifications import services as notifications
from lms.outbox import services as outbox
from lms.outbox.models import CANCELLED, NO_EMAIL, OutboxMessage
from tests.conftest import csrf_token, sign_in
from tests.factories import make_carded_trainee


def test_a_notification_shows_on_the_site_and_the_email_is_recorded_as_not_sent(people):
    person, _ = make_carded_trainee(people["trainer"])
    note = notifications.notify(db.session, person, "practice", "Your practice was confirmed", "/")
    db.session.commit()
    assert note is not None and notifications.unread_count(db.session, person) == 1
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.status == CANCELLED and message.last_error == NO_EMAIL
    assert message.person_id == person.id and message.to_address == "" and message.body == ""
    assert message.status_label == "Not sent: no email address"
    assert outbox.deliver(db.session, message.id) is None  # the worker never sends it
    try:
        outbox.resend(db.session, people["admin"], message)
    except outbox.OutboxError as exc:
        assert "no email address" in exc.message
    else:
        raise AssertionError("a message with no address was put back to be sent")


def test_the_outbox_page_shows_why_and_offers_no_send_again(client, people, login):
    person, _ = make_carded_trainee(people["trainer"])
    notifications.notify(db.session, person, "practice", "Your practice was confirmed", "/")
    db.session.commit()
    login("admin")
    page = client.get("/admin/outbox/").get_data(as_text=True)
    assert "No email address" in page and NO_EMAIL in page
    assert "/resend" not in page


def test_an_admin_adds_an_email_from_the_person_page(client, people, login):
    person, _ = make_carded_trainee(people["trainer"])
    login("admin")
    page = client.get(f"/admin/people/{person.id}").get_data(as_text=True)
    assert "Username: jo.card" in page and "print a new sign-in card" in page
    token = csrf_token(client, f"/admin/people/{person.id}")
    response = client.post(
        f"/admin/people/{person.id}/email", data={"email": "jo@example.org", "csrf_token": token}
    )
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.email == "jo@example.org"
    again = client.post(
        f"/admin/people/{person.id}/email", data={"email": "j2@example.org", "csrf_token": token}
    )
    assert again.status_code == 400 and "already has an email address" in again.get_data(
        as_text=True
    )


def test_the_admin_list_search_and_csv_show_usernames(client, people, login):
    make_carded_trainee(people["trainer"])
    login("admin")
    page = client.get("/admin/people?q=jo.card").get_data(as_text=True)
    assert "Username: jo.card" in page and "Jo Card" in page
    response = client.get("/admin/people.csv?q=card")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Name", "Email", "Username"]
    assert rows[1][:3] == ["Jo Card", "", "jo.card"]


def test_the_invitations_list_offers_the_card_not_an_email(client, people, login):
    person, _ = make_carded_trainee(people["trainer"])
    login("trainer")
    page = client.get("/invitations/").get_data(as_text=True)
    assert "No email. Username: jo.card" in page
    assert (
        f"/invitations/{person.id}/card" in page and f"/invitations/{person.id}/resend" not in page
    )
    token = csrf_token(client, "/invitations/")
    response = client.post(f"/invitations/{person.id}/resend", data={"csrf_token": token})
    assert response.status_code == 302
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_trainers_reach_the_card_from_the_trainee_page(client, people, login):
    person, _ = make_carded_trainee(people["trainer"])
    login("trainer")
    page = client.get(f"/certificates/people/{person.id}").get_data(as_text=True)
    assert f"/invitations/{person.id}/card" in page and "jo.card" in page


def test_forgot_password_tells_username_people_who_to_ask(client):
    page = client.get("/password/forgot").get_data(as_text=True)
    assert "Ask your trainer or coordinator for a new sign-in card" in page


def test_the_sign_in_page_asks_for_email_or_username(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert "Email address or username" in page


def test_a_person_needs_an_email_or_a_username(people):
    import pytest
    from sqlalchemy.exc import IntegrityError

    person = Person(name="Nobody", scheme_id=people["trainee"].scheme_id)
    db.session.add(person)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_staff_pages_and_exports_list_a_trainee_without_email(client, people, login):
    """The progress grid and its CSV, the DBS checks CSV and the practice list and CSV."""
    from tests.factories import make_practice_entry

    person, _ = make_carded_trainee(people["trainer"])
    make_practice_entry(person, people["trainer"], location="Job centre")
    login("coordinator")
    for path in (
        "/training-reports/progress",
        "/training-reports/progress.csv",
        "/vetting/checks.csv",
        "/practice/scheme",
        "/practice/scheme.csv",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Jo Card" in response.get_data(as_text=True), path


def test_the_demo_has_a_trainee_without_email(client, app):
    from lms.demo import DEMO_PASSWORD, DEMO_USERNAME, seed_demo

    made = seed_demo(db.session)
    db.session.commit()
    assert ("trainee", DEMO_USERNAME) in made
    person = db.session.scalars(select(Person).where(Person.username == DEMO_USERNAME)).one()
    assert person.email is None
    assert sign_in(client, DEMO_USERNAME, DEMO_PASSWORD).status_code == 302

"""Invitations and password resets: signed links that expire and work once."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import time_machine

from lms.accounts.models import Person
from lms.extensions import db
from tests.conftest import csrf_token, sign_in

NEW_PASSWORD = "plum orbit lantern quietly"


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).replace("http://lms.test", "")


def _invite(client, login, email="newbie@example.org", role="trainee"):
    login("coordinator")
    token = csrf_token(client, "/invitations/new")
    return client.post(
        "/invitations/new",
        data={
            "name": "New Person",
            "email": email,
            "role": role,
            "scheme": Person.query.filter_by(email="coordinator@example.org").one().scheme_id,
            "csrf_token": token,
        },
    )


def test_invitation_sends_a_link_that_sets_a_password_once(app, client, login, outbox):
    """The invited person sets a password through the link, which then stops working."""
    response = _invite(client, login)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert len(outbox) == 1 and outbox[0].to == ["newbie@example.org"]
    link = _link(outbox[0])
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/coordinator")})
    page = client.get(link)
    assert page.status_code == 200 and "Welcome, New Person" in page.get_data(as_text=True)
    token = csrf_token(client, link)
    done = client.post(
        link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": token}
    )
    assert done.status_code == 302
    assert client.get("/trainee").status_code == 200
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/trainee")})
    assert client.get(link).status_code == 400  # used once already
    assert sign_in(client, "newbie@example.org", NEW_PASSWORD).status_code == 302


def test_invitation_link_expires(app, client, login, outbox):
    """An invitation older than its lifetime is refused and says so."""
    _invite(client, login)
    link = _link(outbox[0])
    later = datetime.now(UTC) + app.config["INVITATION_MAX_AGE"] + timedelta(minutes=1)
    with time_machine.travel(later):
        page = client.get(link)
    assert page.status_code == 400
    assert "expired" in page.get_data(as_text=True)


def test_common_or_short_passwords_are_refused(app, client, login, outbox):
    """Passwords under 12 characters or on the common list get a message next to the field."""
    _invite(client, login)
    link = _link(outbox[0])
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/coordinator")})
    for bad, message in [("short", "at least 12 characters"), ("password1234", "too common")]:
        token = csrf_token(client, link)
        page = client.post(link, data={"password": bad, "confirm": bad, "csrf_token": token})
        assert page.status_code == 400
        assert message in page.get_data(as_text=True)


def test_password_reset_works_once_and_expires(app, client, people, outbox):
    """A reset link changes the password once; an old link is refused."""
    token = csrf_token(client, "/password/forgot")
    client.post("/password/forgot", data={"email": people["trainer"].email, "csrf_token": token})
    assert len(outbox) == 1
    link = _link(outbox[0])
    token = csrf_token(client, link)
    response = client.post(
        link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    assert client.get(link).status_code == 400
    assert sign_in(client, people["trainer"].email, NEW_PASSWORD).status_code == 302


def test_password_reset_link_expires(app, client, people, outbox):
    """A reset link older than its lifetime is refused."""
    token = csrf_token(client, "/password/forgot")
    client.post("/password/forgot", data={"email": people["trainer"].email, "csrf_token": token})
    link = _link(outbox[0])
    later = datetime.now(UTC) + app.config["PASSWORD_RESET_MAX_AGE"] + timedelta(minutes=1)
    with time_machine.travel(later):
        assert client.get(link).status_code == 400


def test_forgot_password_does_not_reveal_accounts(app, client, people, outbox):
    """Unknown emails get the same answer and no email is sent."""
    token = csrf_token(client, "/password/forgot")
    page = client.post(
        "/password/forgot", data={"email": "nobody@example.org", "csrf_token": token}
    )
    assert "If <strong>nobody@example.org</strong> has an account" in page.get_data(as_text=True)
    assert outbox == []


def test_trainer_may_invite_only_trainees(client, login):
    """A trainer cannot invite a coordinator."""
    login("trainer")
    token = csrf_token(client, "/invitations/new")
    scheme_id = Person.query.filter_by(email="trainer@example.org").one().scheme_id
    response = client.post(
        "/invitations/new",
        data={
            "name": "Sneaky",
            "email": "sneaky@example.org",
            "role": "coordinator",
            "scheme": scheme_id,
            "csrf_token": token,
        },
    )
    assert response.status_code == 400
    assert "Choose one of the roles shown: they are the ones you may invite" in response.get_data(
        as_text=True
    )
    assert db.session.query(Person).filter_by(email="sneaky@example.org").count() == 0


def test_inviting_an_existing_email_is_refused(client, login, people):
    """An email already in use gets a message, not a second account."""
    response = _invite(client, login, email=people["trainee"].email.upper())
    assert response.status_code == 400
    assert "already has an account" in response.get_data(as_text=True)

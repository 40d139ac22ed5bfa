"""An email address a trainee adds to their own account counts only once they open the link sent
to it, signed in as themself: a mistyped or someone else's address never gets their resets."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from lms.accounts import services as accounts
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.outbox.models import OutboxMessage
from tests.conftest import csrf_token, sign_in
from tests.factories import make_carded_trainee

PASSWORD = "kettle orange pavement violin"
LINK = re.compile(r"http://lms\.test(/account/email/confirm/\S+)")


def _signed_in_trainee(client, people, username: str = "jo.card"):
    """A carded trainee who has chosen a password, signed in on ``client``."""
    person, _ = make_carded_trainee(people["trainer"], username=username)
    accounts.set_password(db.session, person, PASSWORD)
    db.session.commit()
    assert sign_in(client, username, PASSWORD).status_code == 302
    return person


def _ask(client, email: str):
    return client.post(
        "/account/email", data={"email": email, "csrf_token": csrf_token(client, "/account")}
    )


def _mail_to(outbox, address: str) -> list:
    """What was sent to ``address`` (the outbox fixture: sent mail keeps its body there)."""
    return [message for message in outbox if address in message.to]


def _link_sent_to(outbox, address: str) -> str:
    (message,) = _mail_to(outbox, address)
    return LINK.search(message.body).group(1)


def _confirm(client, path: str):
    page = client.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)
    return client.post(path, data={"csrf_token": csrf_token(client, path)})


def test_the_address_waits_until_the_link_sent_to_it_is_opened(client, people, outbox):
    person = _signed_in_trainee(client, people)
    response = _ask(client, "Jo.Card@Example.ORG")
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.email is None and person.pending_email == "jo.card@example.org"
    page = client.get("/account").get_data(as_text=True)
    assert "Waiting for you to confirm" in page and "jo.card@example.org" in page
    assert "None yet" in page
    # Not yet an address to sign in with, reset a password with, or be emailed at.
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/account")})
    assert sign_in(client, "jo.card@example.org", PASSWORD).status_code != 302
    assert sign_in(client, "jo.card", PASSWORD).status_code == 302

    path = _link_sent_to(outbox, "jo.card@example.org")
    shown = client.get(path).get_data(as_text=True)
    assert "Confirm your email address" in shown and "jo.card@example.org" in shown
    db.session.refresh(person)
    assert person.email is None  # opening the link changes nothing: only the button does
    done = _confirm(client, path)
    assert done.status_code == 302 and done.location.endswith("/account")
    db.session.refresh(person)
    assert person.email == "jo.card@example.org" and person.pending_email is None
    assert person.email_key == "jo.card@example.org"
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_id == str(person.id))
    ).all()
    assert "person.email_requested" in actions
    added = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "person.email_added")
    ).one()
    assert added.actor_id == person.id
    assert added.details == {"email": "jo.card@example.org", "confirmed": True}
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/account")})
    assert sign_in(client, "jo.card@example.org", PASSWORD).status_code == 302  # either works
    again = client.get(path)
    assert again.status_code == 302  # used: back to the account page, which has the address
    assert "has been used" in client.get("/account").get_data(as_text=True)


def test_bad_addresses_are_refused_on_the_form(client, people, outbox):
    _signed_in_trainee(client, people)
    spaced = _ask(client, "not an email")
    assert spaced.status_code == 400 and "cannot contain spaces" in spaced.get_data(as_text=True)
    bad = _ask(client, "jo.card.example.org")
    assert bad.status_code == 400 and "right format" in bad.get_data(as_text=True)
    blank = _ask(client, "")
    assert blank.status_code == 400 and "Enter an email address" in blank.get_data(as_text=True)
    assert db.session.scalars(select(OutboxMessage)).all() == [] and outbox == []


def test_someone_elses_address_tells_its_owner_and_the_page_says_nothing_more(
    client, people, outbox
):
    person = _signed_in_trainee(client, people)
    taken = _ask(client, "TRAINER@example.org")
    assert taken.status_code == 302  # the same answer as for a free address
    flashed = client.get("/account").get_data(as_text=True)
    assert "We have sent a link to trainer@example.org" in flashed
    (notice,) = _mail_to(outbox, "trainer@example.org")
    assert notice.subject == "Someone tried to add your email address"
    assert "/account/email/confirm/" not in notice.body  # nothing the owner could confirm
    db.session.refresh(person)
    assert person.email is None


def test_a_link_is_only_for_the_person_who_asked(client, people, app, outbox):
    person = _signed_in_trainee(client, people)
    _ask(client, "jo@example.org")
    path = _link_sent_to(outbox, "jo@example.org")
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/account")})
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.location
    other = _signed_in_trainee(app.test_client(), people, username="sam.card")
    assert other.id != person.id
    second = app.test_client()
    assert sign_in(second, "sam.card", PASSWORD).status_code == 302
    refused = second.get(path)
    assert refused.status_code == 302
    assert "This link is for another account" in second.get("/account").get_data(as_text=True)
    db.session.refresh(person)
    assert person.email is None and person.pending_email == "jo@example.org"


def test_a_newer_request_or_taking_the_address_off_stops_the_old_link(client, people, outbox):
    person = _signed_in_trainee(client, people)
    _ask(client, "jo@example.org")
    first = _link_sent_to(outbox, "jo@example.org")
    _ask(client, "jo.card@example.org")
    assert client.get(first).status_code == 302
    assert "replaced by a newer one" in client.get("/account").get_data(as_text=True)
    second = _link_sent_to(outbox, "jo.card@example.org")
    cancelled = client.post(
        "/account/email/cancel", data={"csrf_token": csrf_token(client, "/account")}
    )
    assert cancelled.status_code == 302
    db.session.refresh(person)
    assert person.pending_email is None
    assert client.get(second).status_code == 302
    db.session.refresh(person)
    assert person.email is None


def test_an_expired_or_broken_link_says_so(client, people, app, outbox):
    _signed_in_trainee(client, people)
    _ask(client, "jo@example.org")
    path = _link_sent_to(outbox, "jo@example.org")
    app.config["EMAIL_CONFIRM_MAX_AGE"] = timedelta(seconds=-1)  # every link is too old now
    expired = client.get(path)
    app.config["EMAIL_CONFIRM_MAX_AGE"] = timedelta(hours=48)
    assert expired.status_code == 400 and "This link has expired" in expired.get_data(as_text=True)
    broken = client.get(path[:-3] + "xyz")
    assert broken.status_code == 400 and "This link does not work" in broken.get_data(as_text=True)


def test_an_address_taken_after_the_link_was_sent_is_not_added(client, people, outbox):
    person = _signed_in_trainee(client, people)
    _ask(client, "jo@example.org")
    path = _link_sent_to(outbox, "jo@example.org")
    people["coordinator"].email = "jo@example.org"
    db.session.commit()
    done = _confirm(client, path)
    assert done.status_code == 302
    assert "Someone already has an account" in client.get("/account").get_data(as_text=True)
    db.session.refresh(person)
    assert person.email is None and person.pending_email is None


def test_an_admin_adding_the_address_replaces_what_was_waiting(client, people, login, outbox):
    person, _ = make_carded_trainee(people["trainer"])
    person.pending_email = "typo@example.org"
    db.session.commit()
    login("admin")
    token = csrf_token(client, f"/admin/people/{person.id}")
    response = client.post(
        f"/admin/people/{person.id}/email", data={"email": "jo@example.org", "csrf_token": token}
    )
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.email == "jo@example.org" and person.pending_email is None

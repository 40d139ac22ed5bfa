"""Trainees without email: a trainer adds one with a username, prints a sign-in card whose
one-time code is shown once, and the trainee signs in with it and chooses a password."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from markupsafe import escape
from sqlalchemy import select

from lms.accounts import cards
from lms.accounts.models import Person
from lms.audit.models import AuditEvent
from lms.certificates.pdf import qr_svg_data_uri
from lms.db import utcnow
from lms.extensions import db
from tests.conftest import csrf_token, sign_in
from tests.factories import make_carded_trainee

NEW_PASSWORD = "kettle orange pavement violin"


def _card_values(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-card="(\w+)">([^<]+)<', html))


def _add_trainee(client, scheme_id, username="jo.bloggs"):
    token = csrf_token(client, "/invitations/trainee/new")
    return client.post(
        "/invitations/trainee/new",
        data={"name": "Jo Bloggs", "username": username, "scheme": scheme_id, "csrf_token": token},
    )


def _add(client, people, login, username="jo.bloggs"):
    """Sign in as the trainer, add a trainee and read the card: the person, page and code."""
    login("trainer")
    response = _add_trainee(client, people["trainer"].scheme_id, username)
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    person = db.session.scalars(select(Person).where(Person.username == username)).one()
    return person, page, _card_values(page)["code"]


def _choose_password(client, password=NEW_PASSWORD):
    token = csrf_token(client, "/sign-in")
    return client.post(
        "/sign-in/choose-password",
        data={"password": password, "confirm": password, "csrf_token": token},
    )


def _sign_out(client):
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/account")})


def test_a_trainer_adds_a_trainee_and_the_card_shows_the_code_once(client, people, login):
    person, page, code = _add(client, people, login)
    assert person.email is None and person.username == "jo.bloggs"
    assert person.scheme_id == people["trainer"].scheme_id and person.has_role("trainee")
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", code)
    assert _card_values(page)["username"] == "jo.bloggs"
    assert "http://lms.test/sign-in" in page  # BASE_URL, not the request's host
    qr = qr_svg_data_uri("http://lms.test/sign-in")  # the QR code opens the sign-in page
    assert f'src="{escape(qr)}"' in page
    assert code.replace("-", "") not in (person.sign_in_code_hash or "")  # a hash only
    assert person.sign_in_code_expires_at - utcnow() > timedelta(days=13)
    again = client.get(f"/invitations/{person.id}/card").get_data(as_text=True)
    assert code not in again and "Print a new sign-in card" in again


def test_usernames_are_checked_with_plain_words(client, people, login):
    make_carded_trainee(people["admin"], username="sam.smith")
    login("trainer")
    scheme_id = people["trainer"].scheme_id
    clash = _add_trainee(client, scheme_id, username="Sam.Smith")
    assert clash.status_code == 400
    assert "Someone already has this username. Try another, like sam.smith2" in clash.get_data(
        as_text=True
    )
    for bad, words in (
        ("jo", "at least 3 characters"),
        ("jo smith", "letters a to z, numbers, dots and hyphens"),
        ("jo..smith", "letters a to z, numbers, dots and hyphens"),
        ("jo@smith", "letters a to z, numbers, dots and hyphens"),
    ):
        response = _add_trainee(client, scheme_id, username=bad)
        assert response.status_code == 400 and words in response.get_data(as_text=True), bad


def test_the_code_signs_in_once_then_the_password_works(client, people, login):
    person, _, code = _add(client, people, login)
    _sign_out(client)
    response = sign_in(client, "JO.BLOGGS", code.lower().replace("-", " "))  # typed loosely
    assert response.headers["Location"].endswith("/sign-in/choose-password")
    weak = _choose_password(client, "password")
    assert weak.status_code == 400 and "too common" in weak.get_data(as_text=True)
    done = _choose_password(client)
    assert done.status_code == 302
    assert client.get("/account").status_code == 200  # signed in
    db.session.refresh(person)
    assert person.sign_in_code_hash is None and person.has_password
    _sign_out(client)
    assert sign_in(client, "jo.bloggs", code).status_code == 400  # used up
    assert sign_in(client, "jo.bloggs", NEW_PASSWORD).status_code == 302


def test_the_card_sign_in_goes_on_to_the_page_asked_for(client, people, login):
    """Sent to sign in from a page (a link in a message, say): after the card's code and the new
    password, that page opens; a link off the site is never followed."""
    for username, asked, lands in (
        ("jo.bloggs", "/training/", "/training/"),
        ("sam.bloggs", "https://evil.example/", "/"),
    ):
        _, _, code = _add(client, people, login, username)
        _sign_out(client)
        token = csrf_token(client, f"/sign-in?next={asked}")
        client.post(
            "/sign-in",
            data={"email": username, "password": code, "next": asked, "csrf_token": token},
        )
        done = _choose_password(client)
        assert done.status_code == 302 and done.headers["Location"] == lands
        _sign_out(client)


def test_a_wrong_or_expired_code_does_not_sign_in(client, people, login):
    person, _, code = _add(client, people, login)
    _sign_out(client)
    wrong = sign_in(client, "jo.bloggs", "ABCD-EFGH" if code != "ABCD-EFGH" else "HGFE-DCBA")
    assert wrong.status_code == 400
    assert "Enter a correct email address or username, and password" in wrong.get_data(as_text=True)
    person.sign_in_code_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert sign_in(client, "jo.bloggs", code).status_code == 400
    page = client.get("/sign-in/choose-password")  # nothing half-done: says what to do
    assert page.status_code == 200 and "Sign in with your card first" in page.get_data(as_text=True)


def test_a_new_card_ends_a_half_done_sign_in_with_the_old_one(client, people, login):
    person, _, code = _add(client, people, login)
    _sign_out(client)
    assert sign_in(client, "jo.bloggs", code).status_code == 302
    cards.print_card(db.session, people["admin"], person, "Lost the card")
    db.session.commit()
    assert _choose_password(client).status_code == 400
    db.session.refresh(person)
    assert not person.has_password


@pytest.fixture
def app_config(app_config, request):
    app_config.update(getattr(request, "param", {}))  # a test's own settings, if it gives any
    return app_config


@pytest.mark.parametrize("app_config", [{"RATELIMIT_SIGN_IN": "3 per minute"}], indirect=True)
def test_codes_are_throttled_like_passwords(client, people):
    person, code = make_carded_trainee(people["trainer"])
    for _ in range(3):
        assert sign_in(client, "jo.card", "WRONG-CODE").status_code == 400
    assert sign_in(client, "jo.card", code).status_code == 429  # even the right code, for now
    db.session.refresh(person)
    assert cards.has_current_card(person)


def _print(client, person_id, reason="Forgot their password"):
    token = csrf_token(client, f"/invitations/{person_id}/card")
    return client.post(
        f"/invitations/{person_id}/card", data={"reason": reason, "csrf_token": token}
    )


@pytest.mark.parametrize("role", ["trainer", "coordinator", "admin"])
def test_staff_print_a_new_card_ending_the_password_and_sign_ins(client, people, login, role):
    person, code = make_carded_trainee(people["trainer"])
    person.password_hash = "x"
    old_token = person.session_token
    db.session.commit()
    login(role)
    assert _print(client, person.id, reason="").status_code == 400  # a reason is needed
    response = _print(client, person.id)
    assert response.status_code == 302
    new_code = _card_values(client.get(response.headers["Location"]).get_data(as_text=True))
    db.session.refresh(person)
    assert not person.has_password and person.session_token != old_token
    assert cards.code_matches(person, new_code["code"]) and not cards.code_matches(person, code)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "person.sign_in_card_printed")
    ).one()
    assert event.actor_id == people[role].id and event.subject_id == str(person.id)
    assert event.reason == "Forgot their password" and event.occurred_at is not None
    assert event.details["username"] == "jo.card" and event.details["password_ended"] is True


def test_nobody_prints_a_card_for_staff_their_own_or_another_scheme(client, people, login):
    from tests.factories import make_person, make_scheme

    other = make_scheme("other", "Other Scheme")
    outsider, _ = make_carded_trainee(
        make_person("coord@other.example", "Other Coordinator", ["coordinator"], other),
        username="far.away",
    )
    staff, _ = make_carded_trainee(people["admin"], username="now.staff")
    staff.role_rows[0].role = "trainer"
    people["trainer"].username = "tom.trainer"
    db.session.commit()
    login("trainer")
    for person in (outsider, staff, people["trainer"]):
        assert client.get(f"/invitations/{person.id}/card").status_code == 404
        assert _print(client, person.id).status_code == 404
    _sign_out(client)
    login("admin")
    assert _print(client, staff.id).status_code == 302  # an admin may, for any account
    with pytest.raises(cards.AccountError, match="your own account"):
        cards.print_card(db.session, people["trainer"], people["trainer"], "Mine")


def test_the_creation_is_audited_and_trainees_cannot_add_anyone(client, people, login):
    person, _, _ = _add(client, people, login)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "person.created_with_username")
    ).one()
    assert event.actor_id == people["trainer"].id and event.subject_id == str(person.id)
    assert event.details["username"] == "jo.bloggs" and event.details["role"] == "trainee"
    _sign_out(client)
    login("trainee")
    assert _add_trainee(client, people["trainee"].scheme_id).status_code == 403


def test_a_username_taken_a_moment_ago_is_refused_not_an_error(people):
    """Two staff adding the same username at once: the database's unique key has the last word."""
    scheme = people["trainer"].scheme
    cards.trainee_with_username(db.session, name="First", username="same.name", scheme=scheme)
    db.session.commit()
    with pytest.raises(cards.AccountError, match="already has this username"):
        cards.trainee_with_username(db.session, name="Second", username="same.name", scheme=scheme)
    db.session.commit()  # the session is still usable
    assert db.session.scalars(select(Person).where(Person.name == "Second")).all() == []


def test_coordinators_add_for_their_scheme_and_admins_for_any(client, people, login):
    from tests.factories import make_scheme

    other = make_scheme("other", "Other Scheme")
    login("coordinator")
    refused = _add_trainee(client, other.id, username="far.away")
    assert refused.status_code == 400 and "Choose one of the schemes shown" in refused.get_data(
        as_text=True
    )
    assert _add_trainee(client, people["coordinator"].scheme_id).status_code == 302
    _sign_out(client)
    login("admin")
    assert _add_trainee(client, other.id, username="far.away").status_code == 302
    person = db.session.scalars(select(Person).where(Person.username == "far.away")).one()
    assert person.scheme_id == other.id and person.email is None

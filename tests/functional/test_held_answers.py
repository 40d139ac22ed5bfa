"""A written answer sent after the sign-in ended is kept: held under a cookie's token (only its
hash stored), put into the owner's draft when they sign in again (never sent), dropped when
someone else signs in, and gone after its time; the login-required and CSRF paths both keep it."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from lms.accounts.models import Person, Role
from lms.assessment import held
from lms.assessment.models import HeldAnswer, ScenarioSubmission
from lms.db import utcnow
from lms.extensions import db
from tests.conftest import sign_in
from tests.factories import make_module, make_person, make_scenario, submit_answer

URL = "/assessment/boundaries/money"
TEXT = "What I wrote before my sign-in ended."


@pytest.fixture
def scenario(app):
    return make_scenario(make_module("boundaries"))


def held_for(html: str) -> str:
    return re.search(r'name="held_for" value="([^"]*)"', html).group(1)


def open_page(client, login):
    """Sign in as the trainee, open the answer page: its CSRF token and owner field."""
    person = login("trainee")
    html = client.get(URL).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    return person, token, held_for(html)


def end_sign_in_elsewhere(person: Person) -> None:
    """Signed out everywhere (a new session token): this browser's session names no one."""
    from lms.accounts.services import end_sessions

    db.session.merge(person)
    end_sessions(db.session.get(Person, person.id))
    db.session.commit()


def rows() -> list[HeldAnswer]:
    db.session.expire_all()
    return list(db.session.scalars(select(HeldAnswer)))


def draft_text(person_id: int) -> str | None:
    db.session.expire_all()
    sub = db.session.scalars(
        select(ScenarioSubmission).where(ScenarioSubmission.person_id == person_id)
    ).first()
    return (sub.status, sub.answer) if sub else None


def test_signed_out_elsewhere_the_text_is_held_and_put_back_after_sign_in(client, login, scenario):
    """The login-required path: sent after a sign-out elsewhere, the text is held (hash only),
    the plain message shows at sign-in, and after signing in it is the draft, not sent."""
    person, token, owner = open_page(client, login)
    end_sign_in_elsewhere(person)
    response = client.post(
        URL, data={"answer": TEXT, "send": "1", "csrf_token": token, "held_for": owner}
    )
    assert response.status_code == 302 and "/sign-in?next=" in response.headers["Location"]
    cookie = client.get_cookie("held_answer", domain="lms.test")
    (row,) = rows()
    assert row.token_hash == hashlib.sha256(cookie.value.encode()).hexdigest()
    assert cookie.value not in (row.token_hash, row.answer) and cookie.http_only
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out. Sign in again and we will put your answer back." in page
    assert draft_text(person.id) is None
    assert f'value="{URL}"' in page  # the sign-in form goes back to the answer
    sign_in(client, person.email)
    assert draft_text(person.id) == ("draft", TEXT)
    assert rows() == [] and client.get_cookie("held_answer", domain="lms.test") is None
    page = client.get(URL).get_data(as_text=True)
    assert "It is saved as a draft, not sent. Check it, then send it." in page
    assert TEXT in page


def test_expired_session_fails_csrf_and_the_text_is_still_held(client, login, scenario):
    """The CSRF path: the session cookie is gone (so the token cannot match); the text is held
    and goes into the owner's draft after sign-in; the same for the script's draft save."""
    client.application.config["WTF_CSRF_ENABLED"] = True
    person, token, owner = open_page(client, login)
    client.delete_cookie("session", domain="lms.test")
    response = client.post(
        URL, data={"answer": TEXT, "send": "1", "csrf_token": token, "held_for": owner}
    )
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    sign_in(client, person.email)
    assert draft_text(person.id) == ("draft", TEXT)

    client.delete_cookie("session", domain="lms.test")
    json = client.post(
        URL + "/draft",
        data={"answer": TEXT + " More.", "csrf_token": token, "held_for": owner},
        headers={"Accept": "application/json"},
    )
    assert json.status_code == 401
    assert (
        json.get_json()["error"] == "signed_out" and "/sign-in?next=" in json.get_json()["sign_in"]
    )
    sign_in(client, person.email)
    assert draft_text(person.id) == ("draft", TEXT + " More.")


def test_someone_else_signing_in_gets_nothing_and_the_text_is_dropped(
    client, login, people, scenario
):
    """Held text is only ever the owner's: another person signing in on that browser gets no
    draft and no message, and the held text is deleted."""
    person, token, owner = open_page(client, login)
    end_sign_in_elsewhere(person)
    client.post(URL, data={"answer": TEXT, "csrf_token": token, "held_for": owner})
    assert len(rows()) == 1
    other = make_person("olive@example.org", "Olive", [Role.TRAINEE], people["trainee"].scheme)
    db.session.commit()
    sign_in(client, other.email)
    assert rows() == [] and draft_text(other.id) is None and draft_text(person.id) is None
    assert "put back" not in client.get("/assessment/").get_data(as_text=True)


def test_nothing_is_held_without_the_pages_own_owner_field(client, login, people, scenario):
    """A post naming nobody, or with a forged or another scenario's owner field, holds nothing:
    nobody can plant text in someone's draft."""
    person, token, owner = open_page(client, login)
    end_sign_in_elsewhere(person)
    forged = held.owner_token("not-the-secret", person.id, "boundaries", "money")
    other_scenario = held.owner_token("test-secret", person.id, "boundaries", "other")
    for field in ("", forged, other_scenario, owner[:-2] + "xx"):
        response = client.post(URL, data={"answer": TEXT, "csrf_token": token, "held_for": field})
        assert "/sign-in" in response.headers["Location"]
    assert rows() == []


def test_nothing_is_held_from_another_sites_form(client, login, scenario):
    """Even with the page's own fields, a post the browser says came from another site (or
    from no page at all) holds nothing; one from this site's page is held."""
    person, token, owner = open_page(client, login)
    end_sign_in_elsewhere(person)
    data = {"answer": TEXT, "csrf_token": token, "held_for": owner}
    for where in ("cross-site", "same-site", "none"):
        response = client.post(URL, data=data, headers={"Sec-Fetch-Site": where})
        assert "/sign-in" in response.headers["Location"]
        assert "held_answer" not in response.headers.get("Set-Cookie", "")
    assert rows() == []
    client.post(URL, data=data, headers={"Sec-Fetch-Site": "same-origin"})
    assert len(rows()) == 1


def test_a_sent_answer_is_never_changed_by_held_text(client, login, people, scenario):
    """If the answer was sent meanwhile (on another device), the held text changes nothing."""
    person, token, owner = open_page(client, login)
    end_sign_in_elsewhere(person)
    client.post(URL, data={"answer": TEXT, "csrf_token": token, "held_for": owner})
    submit_answer(db.session.get(Person, person.id), scenario)
    sign_in(client, person.email)
    status, answer = draft_text(person.id)
    assert status == "submitted" and answer != TEXT
    assert "had already been sent" in client.get("/assessment/").get_data(as_text=True)


def test_held_text_expires_and_is_cleaned_up(client, login, scenario):
    """After HELD_ANSWER_HOURS the text is gone: signing in puts nothing back, and holding
    anything deletes every expired row."""
    person, token, owner = open_page(client, login)
    end_sign_in_elsewhere(person)
    client.post(URL, data={"answer": TEXT, "csrf_token": token, "held_for": owner})
    with time_machine.travel(utcnow() + timedelta(hours=25)):
        sign_in(client, person.email)
        assert draft_text(person.id) is None and rows() == []
    now = utcnow()
    for hours_ago in (30, 1):
        held.hold(
            db.session,
            person_id=person.id,
            module_slug="boundaries",
            key="money",
            text=TEXT,
            replacing=None,
            now=now - timedelta(hours=hours_ago),
            hours=24,
        )
    held.hold(
        db.session,
        person_id=person.id,
        module_slug="boundaries",
        key="money",
        text=TEXT,
        replacing=None,
        now=now,
        hours=24,
    )
    db.session.commit()
    assert len(rows()) == 2  # the 30-hour-old one was cleaned up


def test_size_and_number_of_held_answers_are_limited(app, people, scenario):
    """Nothing empty or over 20,000 letters is held, and a trainee has at most three."""
    person, now = people["trainee"], utcnow()

    def hold(text, at=now):
        return held.hold(
            db.session,
            person_id=person.id,
            module_slug="boundaries",
            key="money",
            text=text,
            replacing=None,
            now=at,
            hours=24,
        )

    assert hold("   ") is None and hold("a" * 20001) is None
    for minute in range(5):
        assert hold(f"Text {minute}", now + timedelta(minutes=minute))
    db.session.commit()
    assert sorted(r.answer for r in rows()) == ["Text 2", "Text 3", "Text 4"]

"""Safety of what issue 18 keeps: held answer text is deleted on the hour once expired, a
printed card's code ends with any new password, the card page is never cached, and two people
adding one email address at once get a plain message."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.accounts import cards
from lms.accounts import services as accounts
from lms.assessment import held
from lms.assessment.held_cleanup import purge_expired_held_answers
from lms.assessment.models import HeldAnswer
from lms.db import utcnow
from lms.extensions import db
from lms.jobs import huey
from tests.conftest import csrf_token, sign_in
from tests.factories import PASSWORD, make_carded_trainee

TEXT = "A long answer about boundaries that was sent after the sign-in had ended."


def _hold(person_id: int, at) -> None:
    held.hold(
        db.session,
        person_id=person_id,
        module_slug="boundaries",
        key="money",
        text=TEXT,
        replacing=None,
        now=at,
        hours=24,
    )


def test_expired_held_text_is_deleted_by_the_hourly_job_without_anyone_signing_in(people):
    trainee = people["trainee"]
    now = utcnow()
    _hold(trainee.id, now)  # fresh: kept
    _hold(trainee.id, now - timedelta(hours=30))  # expired six hours ago
    db.session.commit()
    assert len(db.session.scalars(select(HeldAnswer)).all()) == 2
    purge_expired_held_answers()
    left = db.session.scalars(select(HeldAnswer)).all()
    assert len(left) == 1 and left[0].expires_at > now
    assert "lms.assessment.held_cleanup.hourly_held_answer_purge" in huey._registry._registry


def test_a_password_set_by_a_reset_link_ends_the_cards_code(client, people):
    person, code = make_carded_trainee(people["trainer"])
    assert cards.has_current_card(person)
    accounts.set_password(db.session, person, PASSWORD)  # as a reset or invitation link does
    db.session.commit()
    assert not cards.has_current_card(person)
    assert person.sign_in_code_hash is None and person.sign_in_code_expires_at is None
    assert sign_in(client, "jo.card", code).status_code == 400  # the printed code works no more
    assert sign_in(client, "jo.card", PASSWORD).status_code == 302


def test_the_card_page_with_its_code_is_never_cached(client, people, login):
    login("trainer")
    token = csrf_token(client, "/invitations/trainee/new")
    made = client.post(
        "/invitations/trainee/new",
        data={
            "name": "Jo Bloggs",
            "username": "jo.bloggs",
            "scheme": people["trainer"].scheme_id,
            "csrf_token": token,
        },
    )
    card = client.get(made.headers["Location"])
    assert card.status_code == 200 and 'data-card="code"' in card.get_data(as_text=True)
    assert "no-store" in card.headers["Cache-Control"]
    again = client.get(made.headers["Location"])  # the code is not shown twice, nor kept
    assert 'data-card="code"' not in again.get_data(as_text=True)
    assert "no-store" in again.headers["Cache-Control"]


def test_an_email_taken_between_the_check_and_the_save_gets_a_plain_message(
    client, people, monkeypatch, outbox
):
    from tests.functional.test_email_confirmation import _confirm, _link_sent_to

    person, _ = make_carded_trainee(people["trainer"])
    accounts.set_password(db.session, person, PASSWORD)
    db.session.commit()
    assert sign_in(client, "jo.card", PASSWORD).status_code == 302
    token = csrf_token(client, "/account")
    client.post("/account/email", data={"email": "jo@example.org", "csrf_token": token})
    path = _link_sent_to(outbox, "jo@example.org")
    people["coordinator"].email = "jo@example.org"
    db.session.commit()
    # Someone else saved the address just after this request looked: the check finds nobody.
    monkeypatch.setattr("lms.auth.email_confirm.find_by_email", lambda session, address: None)
    assert _confirm(client, path).status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert "Someone already has an account with this email address" in page
    db.session.expire_all()
    assert db.session.get(type(person), person.id).email is None

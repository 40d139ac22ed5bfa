"""The invitation form does not tell a trainer who has an account in another scheme."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.accounts.models import Person, Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from tests.conftest import csrf_token
from tests.factories import make_person, make_scheme


def _invite(client, email, scheme_id):
    token = csrf_token(client, "/invitations/new")
    return client.post(
        "/invitations/new",
        data={
            "name": "Someone New",
            "email": email,
            "role": "trainee",
            "scheme": scheme_id,
            "csrf_token": token,
        },
    )


def _people():
    return db.session.scalar(select(func.count()).select_from(Person))


def test_an_email_in_another_scheme_gets_the_same_answer_as_a_new_one(
    client, login, people, outbox
):
    """Status, redirect and message are the same apart from the address; nothing is made."""
    other = make_scheme("other", "Other Scheme")
    elsewhere = make_person("taken@example.org", "Tay Ken", [Role.TRAINEE], other)
    db.session.commit()
    trainer = login("trainer")
    new = _invite(client, "fresh@example.org", trainer.scheme_id)
    new_page = client.get(new.headers["Location"]).get_data(as_text=True)
    count = _people()
    existing = _invite(client, "TAKEN@example.org", trainer.scheme_id)
    existing_page = client.get(existing.headers["Location"]).get_data(as_text=True)
    assert new.status_code == existing.status_code == 302
    assert new.headers["Location"] == existing.headers["Location"]
    assert new.get_data() == existing.get_data()
    assert "Invitation sent to fresh@example.org." in new_page
    assert "Invitation sent to taken@example.org." in existing_page
    assert "already" not in existing_page
    assert _people() == count  # no second account
    assert db.session.get(Person, elsewhere.id).scheme_id == other.id
    notice = outbox[-1]
    assert notice.to == ["taken@example.org"]
    assert "Demo Scheme" in notice.body and "tried to invite you" in notice.body
    assert "/invitation" not in notice.body  # no link that would accept anything
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "person.invitation_to_existing_account")
    ).one()
    assert event.subject_id == str(elsewhere.id) and event.actor_id == trainer.id


def test_an_email_in_the_inviters_own_scheme_may_say_so(client, login, people, outbox):
    """The inviter can see their own scheme's people, so they are told, and nothing is sent."""
    trainer = login("trainer")
    response = _invite(client, people["trainee"].email, trainer.scheme_id)
    assert response.status_code == 400
    assert "already has an account" in response.get_data(as_text=True)
    assert outbox == []


def _next_page(client, email, scheme_id) -> tuple[int, int, str]:
    """The invite answer and the page it leads to, without the echoed address or CSRF token."""
    import re

    answer = _invite(client, email, scheme_id)
    shown = client.get(answer.headers["Location"]) if answer.status_code == 302 else answer
    body = shown.get_data(as_text=True).replace(email.lower(), "ADDRESS")
    body = re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "CSRF", body)
    return answer.status_code, shown.status_code, body


def test_first_and_repeat_invitations_look_the_same_new_or_held_elsewhere(client, login, people):
    """Inviting a new address and one held in another scheme, once and again, leads to pages
    that differ only in the echoed address: no pending list, no "already has an account"."""
    other = make_scheme("other", "Other Scheme")
    make_person("taken@example.org", "Tay Ken", [Role.TRAINEE], other)
    db.session.commit()
    trainer = login("trainer")
    first_new = _next_page(client, "fresh@example.org", trainer.scheme_id)
    first_held = _next_page(client, "taken@example.org", trainer.scheme_id)
    again_new = _next_page(client, "fresh@example.org", trainer.scheme_id)
    again_held = _next_page(client, "taken@example.org", trainer.scheme_id)
    assert first_new == first_held == again_new == again_held
    status, shown, body = first_new
    assert (status, shown) == (302, 200)
    assert "Invitation sent to ADDRESS." in body and "already" not in body
    assert "Invitations not yet accepted" in body  # the pending list is still one link away
    pending = client.get("/invitations/").get_data(as_text=True)
    assert "fresh@example.org" in pending and "taken@example.org" not in pending


def test_a_repeat_invitation_of_a_pending_person_sends_it_again(client, login, people, outbox):
    """Inviting someone who has yet to accept sends a fresh invitation and audits a resend."""
    trainer = login("trainer")
    _invite(client, "fresh@example.org", trainer.scheme_id)
    count = _people()
    _invite(client, "FRESH@example.org", trainer.scheme_id)
    assert _people() == count
    assert [m.to for m in outbox] == [["fresh@example.org"], ["fresh@example.org"]]
    assert "/invitation" in outbox[-1].body
    resent = select(AuditEvent).where(AuditEvent.action == "person.invitation_resent")
    assert db.session.scalars(resent).one().actor_id == trainer.id

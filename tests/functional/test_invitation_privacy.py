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
    assert response.status_code == 200
    assert "already has an account" in response.get_data(as_text=True)
    assert outbox == []
